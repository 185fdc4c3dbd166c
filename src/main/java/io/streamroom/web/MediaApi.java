package io.streamroom.web;

import io.streamroom.auth.TokenService;
import io.streamroom.auth.TokenService.Holder;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;
import io.streamroom.media.Media;
import io.streamroom.media.MediaAccess;
import io.streamroom.media.MediaClaim;
import io.streamroom.media.MediaFiles;
import io.streamroom.media.MediaUploads;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Voice and video messages over HTTP: {@code POST /api/media} takes a recording (its body streamed to
 * disk by {@link MediaUpload}), {@code GET /media/{id}} serves one with range requests, so players can
 * seek. The rules are the media package's; this class speaks HTTP.
 */
final class MediaApi {
  static final String KIND_HEADER = "X-Media-Kind";
  static final String DURATION_HEADER = "X-Media-Duration-Ms";

  private final MediaUploads uploads;
  private final MediaAccess access;
  private final MediaFiles files;
  private final TokenService tokens;
  private final long uploadTimeoutMillis;

  MediaApi(MediaUploads uploads, MediaAccess access, MediaFiles files, TokenService tokens, long uploadTimeoutMillis) {
    this.uploadTimeoutMillis = uploadTimeoutMillis;
    this.uploads = uploads;
    this.access = access;
    this.files = files;
    this.tokens = tokens;
  }

  /** First handler of an upload: not a byte of the body is read (or dropped) while it is being judged. */
  static void pause(RoutingContext ctx) {
    ctx.request().pause();
    ctx.next();
  }

  /** {@code POST /api/media}, after the token check: judged on its headers first, then received. */
  void upload(RoutingContext ctx) {
    Holder holder = HttpVerticle.holder(ctx);
    HttpServerRequest request = ctx.request();
    MediaClaim claim;
    long declared;
    try {
      if (holder.visitor()) throw new ChatException(ErrorCode.READ_ONLY, "Visitors cannot send voice or video messages.");
      claim = MediaClaim.parse(request.getHeader(HttpHeaders.CONTENT_TYPE), request.getHeader(KIND_HEADER),
          request.getHeader(DURATION_HEADER));
      declared = declaredLength(request);
    } catch (ChatException e) {
      ApiResponses.refuseAndClose(ctx, e);
      return;
    }
    uploads.admit(holder.name(), declared)
        .onSuccess(v -> new MediaUpload(ctx, uploads, claim, holder.name(), files.newIncoming(), uploadTimeoutMillis).start())
        .onFailure(e -> ApiResponses.refuseAndClose(ctx, e));
  }

  /** The Content-Length, or -1 for a chunked body, whose size is found out while reading it. */
  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) ? -1 : 0;
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "Content-Length is not a number.");
    }
  }

  /**
   * {@code GET} and {@code HEAD /media/{id}}: for whoever {@link MediaAccess} allows, with the token in
   * {@code Authorization: Bearer} or in {@code ?token=} (an audio or video element cannot send headers).
   * A malformed id, an unknown or deleted recording and one the viewer may not fetch are the same 404.
   */
  void serve(RoutingContext ctx) {
    UUID id = uuid(ctx.pathParam("id"));
    if (id == null) {
      notFound(ctx);
      return;
    }
    viewer(ctx).compose(viewer -> access.readable(id, viewer))
        .onSuccess(found -> found.ifPresentOrElse(media -> send(ctx, media), () -> notFound(ctx)))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** The token holder's name; null for nobody, and for a token that is invalid or expired. */
  private Future<String> viewer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : ctx.queryParams().get("token");
    if (token == null || token.isBlank()) return Future.succeededFuture(null);
    return tokens.verify(token).map(Holder::name).otherwise((String) null);
  }

  private void send(RoutingContext ctx, Media media) {
    HttpServerResponse response = ctx.response();
    String etag = "\"" + media.id() + "\""; // a recording never changes
    response.putHeader(HttpHeaders.CONTENT_TYPE, media.contentType())
        .putHeader(HttpHeaders.CACHE_CONTROL, "private")
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
        .putHeader(HttpHeaders.ETAG, etag);
    String ifRange = ctx.request().getHeader("If-Range");
    String rangeHeader = ifRange == null || ifRange.equals(etag) ? ctx.request().getHeader("Range") : null;
    ByteRange range = ByteRange.of(rangeHeader, media.size());
    if (range == null) {
      response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + media.size()).end();
      return;
    }
    if (range.partial()) {
      response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE,
          "bytes " + range.start() + "-" + range.end() + "/" + media.size());
    }
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(range.length())).end();
      return;
    }
    response.sendFile(files.file(media.id()).toString(), range.start(), range.length()).onFailure(e -> {
      if (response.headWritten()) {
        ctx.request().connection().close(); // cut short: the length sent was a promise we cannot keep
        return;
      }
      for (CharSequence header : new CharSequence[] {HttpHeaders.CONTENT_RANGE, HttpHeaders.ETAG, HttpHeaders.ACCEPT_RANGES}) {
        response.headers().remove(header);
      }
      notFound(ctx); // its row is there but not its file: nothing to serve
    });
  }

  private static UUID uuid(String text) {
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equals(text.toLowerCase(java.util.Locale.ROOT)) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void notFound(RoutingContext ctx) {
    ApiResponses.error(ctx, 404, "NO_SUCH_MEDIA", "No such voice or video message.");
  }
}
