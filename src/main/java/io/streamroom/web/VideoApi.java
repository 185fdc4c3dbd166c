package io.streamroom.web;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.CommandType;
import io.streamroom.vod.VideoLibrary;
import io.vertx.core.Handler;
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
  private static final String LIBRARY_FILE = "libraryFile";
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

  /** DELETE /api/videos/{title}: a live stream's recording, by its streamer, the channel's owner or an admin. */
  void delete(RoutingContext ctx) {
    HttpVerticle.asAccount(ctx).request(CommandType.DELETE_RECORDING, new JsonObject().put("title", ctx.pathParam("title")))
        .onSuccess(reply -> ApiResponses.json(ctx, 200, reply))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** GET /videos/{file}: marks the request as one for a library file, so {@link #files()} serves it. */
  void checkFile(RoutingContext ctx) {
    String name = ctx.pathParam("file");
    if (!VideoLibrary.NAME.matcher(name).matches()) {
      notFound(ctx);
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.VIDEO_LIST, new JsonObject()).onSuccess(reply -> {
      if (!listed(reply.body().getJsonArray("titles"), name)) {
        notFound(ctx);
        return;
      }
      ctx.put(LIBRARY_FILE, name);
      ctx.next();
    }).onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /**
   * GET /videos/*: range requests and content types from Vert.x's static handler, but only for a request
   * {@link #checkFile} let through; anything else under /videos (a subfolder, the folder itself) is a 404.
   */
  Handler<RoutingContext> files() {
    StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, folder.toString())
        .setDirectoryListing(false).setIncludeHidden(false).setCachingEnabled(false).setSendVaryHeader(false);
    return ctx -> {
      if (ctx.get(LIBRARY_FILE) == null) notFound(ctx);
      else files.handle(ctx);
    };
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
