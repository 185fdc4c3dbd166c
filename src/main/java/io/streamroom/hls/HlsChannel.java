package io.streamroom.hls;

import io.streamroom.chat.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One live channel's LL-HLS window on a hub's event loop: it takes the channel's init segments and fragments
 * from the bus, answers playlist and file requests, and holds blocking requests (a playlist with
 * {@code _HLS_msn}/{@code _HLS_part}, the hinted part) until what they ask for exists.
 */
final class HlsChannel {
  private static final Logger log = LoggerFactory.getLogger(HlsChannel.class);
  /** Viewers of one stream each hold a playlist request, and maybe a part: a few thousand viewers wait; more are told to retry. */
  static final int MAX_WAITING = 4000;
  /** The spec's limit on a blocking reload: a segment further ahead than this is refused at once. */
  private static final int MAX_MSN_AHEAD = 2;
  /** The spec's hold limit on a blocking reload, in target durations: then the answer is 503. */
  private static final int HOLD_TARGETS = 3;
  /** Complete files never change: a cache may keep them while they can still be in a window. */
  private static final String MEDIA_CACHE = "max-age=60";
  private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,17}");

  final String channel;
  private final Vertx vertx;
  private final HlsWindow window = new HlsWindow();
  private final MessageConsumer<Buffer> consumer;
  private final Set<Waiting> waiting = new LinkedHashSet<>();
  /** The current playlist, encoded once per change; null until asked for after a change. */
  private Buffer playlist;
  private boolean refusalLogged;
  private long requests;
  private long bytesOut;
  private final HlsAudience players = new HlsAudience();

  /** A request held until a part (or a playlist that lists it) exists; {@code part} is -1 for a whole segment. */
  private static final class Waiting {
    final RoutingContext ctx;
    final long msn;
    final int part;
    final boolean forPart;
    long timer;

    Waiting(RoutingContext ctx, long msn, int part, boolean forPart) {
      this.ctx = ctx;
      this.msn = msn;
      this.part = part;
      this.forPart = forPart;
    }
  }

  HlsChannel(Vertx vertx, String channel) {
    this.vertx = vertx;
    this.channel = channel;
    this.consumer = vertx.eventBus().consumer(Addresses.liveHls(channel), this::received);
  }

  private void received(Message<Buffer> message) {
    try {
      if (HlsMessages.isInit(message.headers())) window.init(message.body());
      else window.add(HlsMessages.fragment(message.headers(), message.body()), HlsMessages.capturedAt(message.headers()));
    } catch (IllegalArgumentException refused) {
      if (!refusalLogged) log.warn("Refused a live HLS message on {}: {} (further refusals not logged)", channel, refused.getMessage());
      refusalLogged = true;
      return;
    }
    playlist = null;
    for (Waiting request : List.copyOf(waiting)) {
      if (request.forPart) {
        HlsPart part = window.part(request.msn, request.part);
        if (part != null) answer(request, () -> media(request.ctx, part.bytes()));
        else if (request.msn < window.currentMsn()) answer(request, () -> notFound(request.ctx)); // it never came
      } else if (window.has(request.msn, request.part)) {
        answer(request, () -> send(request.ctx, playlist(), HlsHub.PLAYLIST_TYPE, "no-cache"));
      }
    }
  }

  /** GET index.m3u8, maybe blocking: {@code ?_HLS_msn=M[&_HLS_part=P]}. */
  void playlist(RoutingContext ctx) {
    requests++;
    players.asked(ctx.request());
    String msnParam = ctx.queryParams().get("_HLS_msn");
    String partParam = ctx.queryParams().get("_HLS_part");
    if (msnParam == null && partParam != null || msnParam != null && !NUMBER.matcher(msnParam).matches()
        || partParam != null && !NUMBER.matcher(partParam).matches() || partParam != null && partParam.length() > 9) {
      error(ctx, 400, "BAD_REQUEST", "_HLS_msn and _HLS_part are whole numbers, and _HLS_part comes with _HLS_msn.");
      return;
    }
    long msn = msnParam == null ? 0 : Long.parseLong(msnParam);
    int part = partParam == null ? (msnParam == null ? 0 : -1) : Integer.parseInt(partParam);
    if (msn > window.currentMsn() + MAX_MSN_AHEAD) {
      error(ctx, 400, "BAD_REQUEST", "That segment is too far ahead of the live edge.");
    } else if (msnParam == null && !window.isEmpty() || window.has(msn, part)) {
      send(ctx, playlist(), HlsHub.PLAYLIST_TYPE, "no-cache");
    } else {
      hold(ctx, msn, part, false); // a blocking reload, or the first request before the stream's first part
    }
  }

  /** GET init-N.mp4, seg-M.m4s or part-M-P.m4s; the hinted part that is not there yet is waited for. */
  void file(RoutingContext ctx, HlsFile file) {
    requests++;
    Buffer bytes = switch (file.kind()) {
      case INIT -> window.init((int) file.number());
      case SEGMENT -> {
        HlsSegment segment = window.segment(file.number());
        yield segment == null ? null : segment.whole();
      }
      case PART -> {
        HlsPart part = window.part(file.number(), file.part());
        yield part == null ? null : part.bytes();
      }
    };
    if (bytes != null) media(ctx, bytes);
    else if (file.kind() == HlsFile.Kind.PART && window.mayComeNext(file.number(), file.part())) hold(ctx, file.number(), file.part(), true);
    else notFound(ctx);
  }

  private void hold(RoutingContext ctx, long msn, int part, boolean forPart) {
    if (waiting.size() >= MAX_WAITING) {
      error(ctx, 503, "BUSY", "Too many requests are waiting for this stream: try again.");
      return;
    }
    Waiting request = new Waiting(ctx, msn, part, forPart);
    request.timer = vertx.setTimer(HOLD_TARGETS * 1000L * window.targetDuration(),
        id -> answer(request, () -> error(ctx, 503, "NOT_YET", "That part of the stream did not come in time: try again.")));
    waiting.add(request);
    ctx.addEndHandler(ended -> answer(request, () -> { })); // answered, or the viewer left
  }

  private void answer(Waiting request, Runnable reply) {
    if (!waiting.remove(request)) return;
    vertx.cancelTimer(request.timer);
    reply.run();
  }

  /** The stream ended: held playlist requests get the final playlist, held parts a 404. */
  void stop() {
    consumer.unregister();
    window.end();
    Buffer last = window.isEmpty() ? null : HlsBuffers.direct(Buffer.buffer(HlsPlaylist.render(window, true)));
    for (Waiting request : List.copyOf(waiting)) {
      if (request.forPart || last == null) answer(request, () -> HlsHub.notLive(request.ctx));
      else answer(request, () -> send(request.ctx, last, HlsHub.PLAYLIST_TYPE, "no-cache"));
    }
  }

  /** {"hls", "hlsViewers", "hlsRequests", "hlsBytesOut", "hlsSegments"}. */
  JsonObject describe() {
    return new JsonObject().put("hls", HlsHub.playlistPath(channel)).put("hlsViewers", players.count())
        .put("hlsRequests", requests).put("hlsBytesOut", bytesOut)
        .put("hlsSegments", window.segmentsMade());
  }

  private Buffer playlist() {
    if (playlist == null) playlist = HlsBuffers.direct(Buffer.buffer(HlsPlaylist.render(window, false)));
    return playlist;
  }

  private void media(RoutingContext ctx, Buffer bytes) {
    send(ctx, bytes, "video/mp4", MEDIA_CACHE);
  }

  private void send(RoutingContext ctx, Buffer bytes, String type, String cacheControl) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended()) return;
    bytesOut += bytes.length();
    response.putHeader("Content-Type", type).putHeader("Cache-Control", cacheControl).end(bytes);
  }

  static void notFound(RoutingContext ctx) {
    error(ctx, 404, "NOT_FOUND", "That file is not in the stream's window.");
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended()) return;
    response.setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
