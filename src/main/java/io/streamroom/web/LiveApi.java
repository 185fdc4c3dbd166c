package io.streamroom.web;

import io.streamroom.chat.ChatClient;
import io.streamroom.chat.CommandType;
import io.streamroom.live.LiveHub;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Live streams over REST: what is live ({@code GET /api/live}, from the live hub, with the tracker's count
 * of viewers watching each browser stream directly and through the server) and who streams and watches
 * in a channel ({@code GET /api/channels/{name}/peers}, for its members), and stream keys for OBS.
 */
final class LiveApi {
  private final LiveHub hub;
  private final ChatClient chat;
  /** 0: RTMP ingest is off, and there are no stream keys to hand out. */
  private final int rtmpPort;

  LiveApi(LiveHub hub, EventBus bus, int rtmpPort) {
    this.hub = hub;
    this.chat = ChatClient.withoutSession(bus);
    this.rtmpPort = rtmpPort;
  }

  /**
   * POST /api/channels/{name}/streamkey: a new stream key for OBS (the channel's owner or an admin; the old key
   * stops working). {key, url: OBS's "Server", publishUrl: url/key for ffmpeg}, with the host the browser used.
   */
  void streamKey(RoutingContext ctx) {
    if (rtmpPort == 0) {
      ApiResponses.error(ctx, 409, "RTMP_OFF", "Streaming from OBS is switched off on this server (rtmp.port is 0).");
      return;
    }
    HttpVerticle.asAccount(ctx).request(CommandType.STREAM_KEY, new JsonObject().put("channel", ctx.pathParam("name")))
        .onSuccess(reply -> {
          String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().host();
          String url = "rtmp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + rtmpPort + "/live";
          String key = reply.getString("key");
          ApiResponses.json(ctx, 200, new JsonObject().put("channel", reply.getString("channel")).put("key", key)
              .put("url", url).put("publishUrl", url + "/" + key));
        })
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** [{channel, source, viewers, ..., direct, relayed}]; the counts are 0 for sources that have no peers. */
  void list(RoutingContext ctx) {
    chat.request(CommandType.PEER_COUNTS).otherwise(new JsonObject()).onSuccess(counts -> {
      JsonArray streams = hub.list().getJsonArray("streams");
      for (Object item : streams) {
        JsonObject stream = (JsonObject) item;
        JsonObject peers = counts.getJsonObject(stream.getString("channel"), new JsonObject());
        stream.put("direct", peers.getInteger("direct", 0)).put("relayed", peers.getInteger("relayed", 0));
      }
      ApiResponses.json(ctx, 200, streams);
    });
  }

  /** {channel, streamer, direct: [names], relayed: [names]}; 403 NOT_IN_CHANNEL for anyone outside it. */
  void peers(RoutingContext ctx) {
    chat.request(CommandType.PEERS, new JsonObject().put("channel", ctx.pathParam("name")).put("name", HttpVerticle.holder(ctx).name()))
        .onSuccess(reply -> ApiResponses.json(ctx, 200, reply))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }
}
