package io.streamroom.web;

import io.streamroom.chat.Addresses;
import io.streamroom.vod.VideoLibrary;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;

import java.nio.file.Path;

/**
 * The video library over HTTP: the list of titles, and the files themselves with range requests (so the
 * page's video element can seek). Only files the library lists are served: any other name, ".." or a
 * slash included, is a 404, never a file outside the folder.
 */
final class VideoApi {
  private final Vertx vertx;
  private final Path folder;

  VideoApi(Vertx vertx, Path folder) {
    this.vertx = vertx;
    this.folder = folder;
  }

  /** GET /api/videos */
  void list(RoutingContext ctx) {
    vertx.eventBus().<JsonObject>request(Addresses.VIDEO_LIST, new JsonObject())
        .onSuccess(reply -> ApiResponses.json(ctx, 200, reply.body().getJsonArray("titles")))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** GET /videos/{file}: lets the request on to {@link #files()} only for a file in the library. */
  void checkFile(RoutingContext ctx) {
    String name = ctx.pathParam("file");
    if (!VideoLibrary.NAME.matcher(name).matches()) {
      notFound(ctx);
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.VIDEO_LIST, new JsonObject()).onSuccess(reply -> {
      if (listed(reply.body().getJsonArray("titles"), name)) ctx.next();
      else notFound(ctx);
    }).onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** Range requests, content type, and nothing but the library folder; shown inline, never as a download. */
  StaticHandler files() {
    return StaticHandler.create(FileSystemAccess.ROOT, folder.toString())
        .setDirectoryListing(false).setCachingEnabled(false).setSendVaryHeader(false);
  }

  private static boolean listed(JsonArray titles, String file) {
    for (int i = 0; i < titles.size(); i++) {
      JsonArray renditions = titles.getJsonObject(i).getJsonArray("renditions");
      for (int j = 0; j < renditions.size(); j++) {
        if (file.equals(renditions.getJsonObject(j).getString("file"))) return true;
      }
    }
    return false;
  }

  private static void notFound(RoutingContext ctx) {
    ApiResponses.error(ctx, 404, "NO_SUCH_VIDEO", "No such video file.");
  }
}
