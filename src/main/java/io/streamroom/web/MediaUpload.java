package io.streamroom.web;

import io.streamroom.media.MediaClaim;
import io.streamroom.media.MediaUploads;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;

/**
 * One recording's body, streamed to an incoming file as it arrives (never held in memory) with the
 * request paused whenever the disk falls behind. A body that grows past the cap is cut off with 413, one
 * that is too slow with 408; a complete one goes to {@link MediaUploads#accept}, and the answer is 201
 * once the recording is stored. Used on the HTTP verticle's event loop.
 */
final class MediaUpload {
  private final RoutingContext ctx;
  private final Vertx vertx;
  private final MediaUploads uploads;
  private final MediaClaim claim;
  private final String owner;
  private final Path path;
  private final long timeoutMillis;
  private AsyncFile file;
  private long received;
  private boolean finished;
  private long timer = -1;

  /** @param timeoutMillis how long the whole body may take (media.upload.timeout.seconds) */
  MediaUpload(RoutingContext ctx, MediaUploads uploads, MediaClaim claim, String owner, Path path, long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
    this.ctx = ctx;
    this.vertx = ctx.vertx();
    this.uploads = uploads;
    this.claim = claim;
    this.owner = owner;
    this.path = path;
  }

  /** Opens the incoming file, then lets the body flow. */
  void start() {
    vertx.fileSystem().open(path.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onSuccess(this::receive)
        .onFailure(e -> ApiResponses.refuseAndClose(ctx, e));
  }

  private void receive(AsyncFile opened) {
    file = opened;
    file.exceptionHandler(e -> abort(() -> ApiResponses.refuseAndClose(ctx, e)));
    HttpServerRequest request = ctx.request();
    timer = vertx.setTimer(timeoutMillis, t -> abort(() -> ApiResponses.errorAndClose(ctx, 408, "REQUEST_TIMEOUT",
        "The recording did not arrive within " + timeoutMillis / 1000 + " s.")));
    request.handler(this::chunk);
    request.endHandler(v -> ended());
    request.exceptionHandler(e -> abort(null)); // the connection broke: nobody to answer
    ctx.addEndHandler(done -> {
      if (done.failed()) abort(null);
    });
    // Everything that could refuse it without the body has said yes: now the client may send it.
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) ctx.response().writeContinue();
    request.resume();
  }

  private void chunk(Buffer data) {
    if (finished) return;
    received += data.length();
    if (received > uploads.maxBytes()) {
      abort(() -> ApiResponses.refuseAndClose(ctx, uploads.tooLarge()));
      return;
    }
    file.write(data);
    if (file.writeQueueFull()) {
      ctx.request().pause();
      file.drainHandler(v -> {
        if (!finished) ctx.request().resume();
      });
    }
  }

  private void ended() {
    if (finished) return;
    finished = true;
    vertx.cancelTimer(timer);
    file.close()
        .compose(closed -> uploads.accept(path, claim, owner, received))
        .onSuccess(media -> {
          ctx.response().putHeader(HttpHeaders.LOCATION, media.url());
          ApiResponses.json(ctx, 201, media.toJson());
        })
        .onFailure(e -> {
          vertx.fileSystem().delete(path.toString()); // after a failed close; accept removes it itself
          if (!ctx.response().ended()) ApiResponses.failure(ctx, e);
        });
  }

  /** Stops receiving, answers if there is someone to answer, and removes what was written. */
  private void abort(Runnable answer) {
    if (finished) return;
    finished = true;
    vertx.cancelTimer(timer);
    if (answer != null && !ctx.response().headWritten()) answer.run();
    file.close().eventually(() -> vertx.fileSystem().delete(path.toString()));
  }
}
