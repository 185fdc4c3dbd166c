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
 * in a channel ({@code GET /api/channels/{name}/peers}, for its members).
 */
final class LiveApi {
  private final LiveHub hub;
  private final ChatClient chat;

  LiveApi(LiveHub hub, EventBus bus) {
    this.hub = hub;
    this.chat = ChatClient.withoutSession(bus);
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
