package io.streamroom.web;

import io.streamroom.chat.Addresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video library for adaptive players (HLS): {@code GET /hls/vod/{title}/master.m3u8} lists a title's
 * renditions, {@code GET /hls/vod/{title}/{resolution}/{file}} serves a rendition's media playlist
 * ({@code index.m3u8}), init segment and segments, which the video verticle prepares on the first request.
 * Only names the library and the prepared playlist use are served; anything else under /hls/vod (".." and
 * encoded slashes included) is a 404, and never reaches the live streams' /hls routes.
 */
final class VodHlsApi {
  private static final Logger log = LoggerFactory.getLogger(VodHlsApi.class);
  private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  private static final String SEGMENT_TYPE = "video/mp4";
  /**
   * A first request waits while its rendition is cut (seconds) or transcoded (minutes for a long file that
   * is not H.264); past this it is told to come back, and the preparation goes on.
   */
  private static final long PREPARE_WAIT_MILLIS = 60_000;
  private static final long RETRY_AFTER_SECONDS = 10;
  private static final int NOT_FOUND = 404;

  private final EventBus bus;

  VodHlsApi(EventBus bus) {
    this.bus = bus;
  }

  /** GET /hls/vod/{title}/master.m3u8 */
  void master(RoutingContext ctx) {
    bus.<JsonObject>request(Addresses.VIDEO_HLS_MASTER, new JsonObject().put("title", ctx.pathParam("title")))
        .onSuccess(reply -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PLAYLIST_TYPE)
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache") // it changes with the library
            .end(reply.body().getString("playlist")))
        .onFailure(e -> failed(ctx, e));
  }

  /** GET /hls/vod/{title}/{resolution}/{file}: index.m3u8, the init segment or a segment. */
  void file(RoutingContext ctx) {
    JsonObject args = new JsonObject().put("title", ctx.pathParam("title")).put("resolution", ctx.pathParam("resolution"))
        .put("file", ctx.pathParam("file"));
    bus.<JsonObject>request(Addresses.VIDEO_HLS_FILE, args, new DeliveryOptions().setSendTimeout(PREPARE_WAIT_MILLIS))
        .onSuccess(reply -> {
          boolean playlist = args.getString("file").endsWith(".m3u8");
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, playlist ? PLAYLIST_TYPE : SEGMENT_TYPE);
          if (playlist) ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
          ctx.response().sendFile(reply.body().getString("path")).onFailure(e -> {
            if (ctx.response().headWritten()) ctx.request().connection().close(); // cut short: the length was promised
            else notFound(ctx); // the cache was removed in between: its file changed or went
          });
        })
        .onFailure(e -> failed(ctx, e));
  }

  /** Everything else under /hls/vod. */
  void notFound(RoutingContext ctx) {
    ApiResponses.error(ctx, 404, "NO_SUCH_VIDEO", "No such video file.");
  }

  private void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() == NOT_FOUND) {
      notFound(ctx);
    } else if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      ctx.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
      ApiResponses.error(ctx, 503, "BUSY", "The video is still being prepared for streaming; try again shortly.");
    } else {
      log.warn("{} failed: {}", ctx.request().path(), e.getMessage());
      ApiResponses.error(ctx, 500, "INTERNAL", "The video cannot be streamed.");
    }
  }
}
