package io.streamroom.vod;

import io.streamroom.support.TestApp;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Library files made from recordings: a smaller rendition, and a plain mp4 from a live (fragmented) one. */
class RenditionsTest {
  @Test
  void transcodingTo240pKeepsTheShapeInH264AndAacWithTheIndexFirst() throws Exception {
    Path folder = TestApp.tempDir();
    Path source = Clips.h264(folder.resolve("talk_360p.mp4"), 640, 360, 4);
    Path target = Renditions.transcode(source, folder.resolve("talk_240p.mp4"), 240);

    assertEquals(List.of("h264,426,240", "aac"), Clips.streams(target.toString()));
    assertEquals(Clips.duration(source.toString()), Clips.duration(target.toString()), 0.1);
    List<String> boxes = Clips.boxes(target);
    assertTrue(boxes.indexOf("moov") >= 0 && boxes.indexOf("moov") < boxes.indexOf("mdat"), "faststart: " + boxes);
    assertEquals(List.of("talk_240p.mp4", "talk_360p.mp4"), names(folder), "no temp file is left");
  }

  @Test
  void remuxingALiveRecordingGivesAPlainMp4OfTheSameStreamsAndLength() throws Exception {
    Path folder = TestApp.tempDir();
    Path live = Clips.fragmented(folder.resolve("live.mp4"), 640, 360, 5);
    assertTrue(Clips.boxes(live).contains("moof"), "the source is fragmented");

    Path plain = Renditions.remux(live, folder.resolve("show_360p.mp4"));

    List<String> boxes = Clips.boxes(plain);
    assertFalse(boxes.contains("moof"), boxes.toString());
    assertTrue(boxes.indexOf("moov") < boxes.indexOf("mdat"), "faststart: " + boxes);
    assertEquals(List.of("h264,640,360", "aac"), Clips.streams(plain.toString()));
    assertEquals(Clips.probe(live.toString(), "packet=stream_index").size(),
        Clips.probe(plain.toString(), "packet=stream_index").size(), "every packet copied");
    assertEquals(Clips.duration(live.toString()), Clips.duration(plain.toString()), 0.05);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(plain.toFile())) {
      grabber.start();
      assertEquals(5.0, grabber.getLengthInTime() / 1e6, 0.1);
      int frames = 0;
      while (grabber.grabImage() != null) frames++;
      assertEquals(150, frames, "5 s at 30 fps");
    }
  }

  @Test
  void aFailedTranscodeLeavesNoFileBehind() throws Exception {
    Path folder = TestApp.tempDir();
    Path notVideo = Files.writeString(folder.resolve("notes.txt"), "not a video");
    assertThrows(Exception.class, () -> Renditions.transcode(notVideo, folder.resolve("notes_240p.mp4"), 240));
    assertThrows(Exception.class, () -> Renditions.remux(notVideo, folder.resolve("notes_480p.mp4")));
    assertEquals(List.of("notes.txt"), names(folder));
    assertThrows(IllegalArgumentException.class, () -> Renditions.transcode(notVideo, folder.resolve("odd_241p.mp4"), 241));
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
