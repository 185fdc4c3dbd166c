package io.streamroom.web;

import io.streamroom.chat.CommandType;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;


/** The public-key directory and conversations over REST, each call on behalf of the token's account. */
final class DirectApi {
  /** {@code PUT /api/keys {"device","publicKey"}}: 201 with the stored key and its fingerprint. */
  void publishKey(RoutingContext ctx) {
    JsonObject body = ApiResponses.jsonBody(ctx);
    ApiResponses.command(ctx, 201, CommandType.PUBLISH_KEY, new JsonObject().put("device", body.getValue("device"))
        .put("publicKey", body.getValue("publicKey")), reply -> reply);
  }

  void key(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.KEY, new JsonObject().put("id", ChannelApi.longParam(ctx.pathParam("id"))), reply -> reply);
  }

  void revokeKey(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.REVOKE_KEY, new JsonObject().put("id", ChannelApi.longParam(ctx.pathParam("id"))), reply -> reply);
  }

  /** {@code GET /api/users/{name}/keys}: the user's live keys, a list. */
  void keys(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.KEYS, new JsonObject().put("name", ctx.pathParam("name")), reply -> reply.getJsonArray("keys"));
  }

  void conversations(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.CONVERSATIONS, new JsonObject(), reply -> reply.getJsonArray("conversations"));
  }

  /** {@code ?before=<id>&limit=50}, newest first like channel history. */
  void conversation(RoutingContext ctx) {
    JsonObject query = new JsonObject().put("with", ctx.pathParam("name")).put("limit", ChannelApi.intParam(ctx, "limit", 50));
    String before = ctx.queryParams().get("before");
    if (before != null) query.put("before", ChannelApi.longParam(before));
    ApiResponses.command(ctx, 200, CommandType.CONVERSATION, query, reply -> reply);
  }
}
