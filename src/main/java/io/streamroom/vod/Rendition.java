package io.streamroom.vod;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/** One file of a title: {@code wildlife_480p.mp4} is the 480p rendition of "wildlife". */
record Rendition(String title, String resolution, Path file, int width, int height, double durationSeconds,
                 double fps, long size, long modified) {

  String fileName() {
    return file.getFileName().toString();
  }

  /** 480 for "480p": renditions sort by it. */
  int lines() {
    return Integer.parseInt(resolution.substring(0, resolution.length() - 1));
  }

  JsonObject toJson() {
    return new JsonObject().put("resolution", resolution).put("file", fileName()).put("width", width).put("height", height)
        .put("duration", Math.round(durationSeconds * 100) / 100.0).put("fps", Math.round(fps * 100) / 100.0)
        .put("size", size).put("url", "/videos/" + fileName());
  }
}
