package io.streamroom.web;

import io.streamroom.auth.TokenService.Holder;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Channels over REST: list, create, delete, page back through a channel's history and delete a message. */
final class ChannelApi {
  private final ChatClient chat;

  ChannelApi(EventBus bus) {
    this.chat = ChatClient.withoutSession(bus);
  }

  void list(RoutingContext ctx) {
    chat.request(CommandType.CHANNELS)
        .onSuccess(reply -> ApiResponses.json(ctx, 200, reply.getJsonArray("channels")))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  void create(RoutingContext ctx) {
    Holder holder = HttpVerticle.holder(ctx);
    if (holder.visitor()) throw new ChatException(ErrorCode.READ_ONLY, "Visitors cannot create channels.");
    JsonObject body = ApiResponses.jsonBody(ctx);
    chat.request(CommandType.CREATE_CHANNEL, new JsonObject().put("name", body.getString("name"))
            .put("topic", body.getString("topic", "")).put("owner", holder.name()))
        .onSuccess(channel -> ApiResponses.json(ctx, 201, channel))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** {@code ?before=<id>&limit=50}: newest first, so a client pages back by passing the last id it got. */
  void messages(RoutingContext ctx) {
    Holder holder = HttpVerticle.holder(ctx);
    JsonObject query = new JsonObject().put("channel", ctx.pathParam("name"))
        .put("limit", intParam(ctx, "limit", 50))
        .put("reader", holder.name()).put("account", !holder.visitor()).put("ip", ctx.request().remoteAddress().hostAddress());
    String before = ctx.queryParams().get("before");
    if (before != null) query.put("before", longParam(before));
    chat.request(CommandType.HISTORY, query)
        .onSuccess(reply -> {
          JsonArray oldestFirst = reply.getJsonArray("messages");
          JsonArray newestFirst = new JsonArray();
          for (int i = oldestFirst.size() - 1; i >= 0; i--) newestFirst.add(oldestFirst.getValue(i));
          ApiResponses.json(ctx, 200, new JsonObject().put("channel", reply.getString("channel")).put("messages", newestFirst));
        })
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** {@code DELETE /api/channels/{name}/messages/{id}}: its author, the channel's moderators and admins. */
  void deleteMessage(RoutingContext ctx) {
    long id = longParam(ctx.pathParam("id"));
    HttpVerticle.asAccount(ctx).request(CommandType.DELETE, new JsonObject().put("channel", ctx.pathParam("name")).put("id", id))
        .onSuccess(reply -> ApiResponses.json(ctx, 200, reply))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** {@code DELETE /api/channels/{name}}: its owner or an admin. */
  void delete(RoutingContext ctx) {
    HttpVerticle.asAccount(ctx).request(CommandType.DELETE_CHANNEL, new JsonObject().put("channel", ctx.pathParam("name")))
        .onSuccess(reply -> ApiResponses.json(ctx, 200, reply))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  static int intParam(RoutingContext ctx, String name, int fallback) {
    String raw = ctx.queryParams().get(name);
    return raw == null ? fallback : (int) Math.min(Integer.MAX_VALUE, longParam(raw));
  }

  static long longParam(String raw) {
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "Not a number: " + raw);
    }
  }
}
