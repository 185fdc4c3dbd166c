package io.streamroom.live;

import io.streamroom.auth.TokenService;
import io.streamroom.auth.TokenService.Holder;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.CommandType;
import io.streamroom.record.StreamRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Browsers streaming into channels: the webcam's JPEG frames ({@code /live/<name>/ingest}, see
 * {@link BrowserIngest}) and, for viewers the server relays, the page's recording with sound
 * ({@code /live/<name>/ingest/media}, watched on {@code /live/<name>/media}, see {@link MediaRelay}), which
 * also becomes the stream's HLS and recording while they are wanted ({@link BrowserHls}). A browser takes
 * the channel's claim like any other source. Used on the owning HTTP verticle's event loop.
 */
public final class BrowserStreams {
  private final Vertx vertx;
  private final TokenService tokens;
  private final ChatClient chat;
  private final StreamRecorder recorder;
  /** The hub's claims: a browser takes its channel like any other source, cluster-wide. */
  private final LiveClaims claims;
  private final Map<String, BrowserIngest> ingests = new HashMap<>();
  /** The relay of each browser stream: it lives and ends with the channel's BrowserIngest. */
  private final Map<String, MediaRelay> relays = new HashMap<>();

  BrowserStreams(Vertx vertx, TokenService tokens, StreamRecorder recorder, LiveClaims claims) {
    this.vertx = vertx;
    this.recorder = recorder;
    this.tokens = tokens;
    this.claims = claims;
    this.chat = ChatClient.withoutSession(vertx.eventBus());
  }

  /**
   * GET /live/{name}/ingest?token=...&session=...: a registered user in the channel streams their webcam as
   * JPEG messages. {@code session} (the page's chat session, optional) makes that session the stream's
   * peer-to-peer source (see the chat's PeerTracker). Refusals close the socket with a code: 4401 bad
   * token, 4403 not allowed, 4409 already live.
   */
  public void ingest(RoutingContext ctx) {
    String channel = LiveHub.channel(ctx.pathParam("name"));
    if (channel == null) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    String session = ctx.queryParams().get("session");
    signedIn(ctx, "ingest", (socket, holder, gone) -> {
      if (holder.visitor()) {
        socket.close(BrowserIngest.NOT_ALLOWED, "visitors cannot stream");
        return;
      }
      chat.request(CommandType.CAN_STREAM, new JsonObject().put("name", holder.name()).put("channel", channel).put("session", session))
          .onSuccess(ok -> {
            if (!gone.getAsBoolean()) claim(channel, holder.name(), session, socket, gone);
          })
          .onFailure(refused -> socket.close(BrowserIngest.NOT_ALLOWED, refused.getMessage()));
    });
  }

  /**
   * GET /live/{name}/ingest/media?token=...&type=...: the streamer's recording with sound (WebM, one chunk per
   * binary message), relayed to {@code /live/<name>/media}. Only the user whose webcam the channel shows may
   * send it. Refusals close the socket: 4401 bad token, 4403 anyone else (or not live), 1003 a type the relay
   * does not know ({@code type} defaults to {@value MediaRelay#DEFAULT_TYPE}).
   */
  public void mediaIngest(RoutingContext ctx) {
    String mseType = MediaRelay.mseType(ctx.queryParams().get("type"));
    String channel = LiveHub.channel(ctx.pathParam("name"));
    signedIn(ctx, "media ingest", (socket, holder, gone) -> {
      BrowserIngest webcam = ingests.get(channel);
      if (holder.visitor() || webcam == null || !webcam.user.equalsIgnoreCase(holder.name())) {
        socket.close(BrowserIngest.NOT_ALLOWED, "only the streamer of a live webcam sends its recording");
      } else if (mseType == null) {
        socket.close(BrowserIngest.UNSUPPORTED, "type must be video/webm;codecs=vp8,opus (or vp9,opus or h264,opus)");
      } else if (!gone.getAsBoolean()) {
        relays.get(channel).ingest(socket, mseType);
        socket.resume();
      }
    });
  }

  /** GET /live/{name}/media: a relay viewer; the recording's header (text, then binary), then its blocks. */
  public void media(RoutingContext ctx) {
    String channel = LiveHub.channel(ctx.pathParam("name"));
    if (!relays.containsKey(channel)) {
      LiveHub.notLive(ctx);
      return;
    }
    ctx.request().toWebSocket().onSuccess(socket -> {
      MediaRelay relay = relays.get(channel);
      if (relay == null) { // it stopped during the handshake
        socket.close((short) 1000, "stream stopped");
        return;
      }
      socket.exceptionHandler(e -> LiveHub.failed(socket, "relay viewer", e));
      relay.watch(socket);
    });
  }

  /** @return whether a browser was streaming into the channel (it is stopped now) */
  boolean stop(String channel, String why) {
    BrowserIngest ingest = ingests.get(channel);
    if (ingest != null) ingest.stop(why);
    return ingest != null;
  }

  /** A user who left the chat or was kicked streams no more. */
  void userGone(String name) {
    List.copyOf(ingests.values()).stream().filter(i -> i.user.equalsIgnoreCase(name)).forEach(i -> i.stop(name + " left the channel"));
  }

  /** The stream's figures with its relay's added (zeros for a source that has none). */
  JsonObject describe(String channel, JsonObject stream) {
    return MediaRelay.describe(relays.get(channel), stream);
  }

  /** Takes the channel's claim (in a cluster, on every node); a browser gone meanwhile gives it back. */
  private void claim(String channel, String user, String session, ServerWebSocket socket, BooleanSupplier gone) {
    String id = UUID.randomUUID().toString();
    claims.take(channel, id).onComplete(granted -> {
      if (granted.failed() || !granted.result()) {
        socket.close(BrowserIngest.ALREADY_LIVE, channel + " is already live");
      } else if (gone.getAsBoolean()) {
        claims.release(channel, id);
      } else {
        accept(channel, user, session, id, socket);
      }
    });
  }

  private void accept(String channel, String user, String session, String id, ServerWebSocket socket) {
    BrowserIngest ingest = new BrowserIngest(vertx, channel, user, session, id, socket);
    BrowserHls hls = new BrowserHls(vertx, channel, user, recorder, ingest::askForMedia);
    MediaRelay relay = new MediaRelay(channel, hls);
    ingests.put(channel, ingest);
    relays.put(channel, relay);
    ingest.start(() -> {
      ingests.remove(channel, ingest);
      if (relays.remove(channel, relay)) relay.stop();
      hls.stop();
    });
    hls.start();
    socket.resume();
  }

  /** A signed-in browser's socket; {@code gone} says whether it closed during the checks. */
  private interface Accepted {
    void accept(ServerWebSocket socket, Holder holder, BooleanSupplier gone);
  }

  /**
   * Opens the WebSocket paused (nothing is read until it is accepted), checks its {@code ?token=} and hands
   * it on with its holder; a bad token closes it with 4401. A browser gone during the checks must not be
   * taken on (it would hold the channel's claim): the accepted side's own close handler comes later.
   */
  private void signedIn(RoutingContext ctx, String kind, Accepted then) {
    String token = ctx.queryParams().get("token");
    ctx.request().toWebSocket().onSuccess(socket -> {
      socket.pause();
      socket.exceptionHandler(e -> LiveHub.failed(socket, kind, e));
      boolean[] gone = {false};
      socket.closeHandler(v -> gone[0] = true);
      tokens.verify(token).onComplete(verified -> {
        if (verified.failed()) socket.close(TokenService.CLOSE_UNAUTHORIZED, "sign in first");
        else then.accept(socket, verified.result(), () -> gone[0]);
      });
    });
  }
}
