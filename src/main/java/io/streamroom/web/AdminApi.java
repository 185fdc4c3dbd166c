package io.streamroom.web;

import io.streamroom.chat.CommandType;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;


/**
 * What the admin page reads, and its webhooks, over REST ({@code /api/admin/*}): each a chat command on behalf
 * of the token's account, so the chat service decides who is an admin (403 NOT_ADMIN for everyone else,
 * 403 READ_ONLY for visitors). The page's other actions are the chat's own commands and endpoints.
 */
final class AdminApi {
  /** GET /api/admin/users: everyone online, each session with its adapter and address. */
  void users(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.SESSIONS, new JsonObject(), reply -> reply.getJsonArray("sessions"));
  }

  /** GET /api/admin/accounts */
  void accounts(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.ACCOUNTS, new JsonObject(), reply -> reply.getJsonArray("accounts"));
  }

  /** GET /api/admin/connections?limit=100: the connection log's last records, oldest first. */
  void connections(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.CONNECTION_LOG, new JsonObject().put("limit", ChannelApi.intParam(ctx, "limit", 100)),
        reply -> reply.getJsonArray("records"));
  }

  /** GET /api/admin/webhooks */
  void webhooks(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.WEBHOOKS, new JsonObject(), reply -> reply);
  }

  /** POST /api/admin/webhooks {url, secret?, messages?}: 201 with the hook and its secret (shown this once). */
  void addWebhook(RoutingContext ctx) {
    JsonObject body = ApiResponses.jsonBody(ctx);
    ApiResponses.command(ctx, 201, CommandType.ADD_WEBHOOK, new JsonObject().put("url", body.getValue("url"))
        .put("secret", body.getValue("secret")).put("messages", body.getValue("messages")), reply -> reply);
  }

  /** DELETE /api/admin/webhooks/{id} */
  void removeWebhook(RoutingContext ctx) {
    ApiResponses.command(ctx, 200, CommandType.REMOVE_WEBHOOK, new JsonObject().put("id", ChannelApi.longParam(ctx.pathParam("id"))),
        reply -> reply);
  }
}
