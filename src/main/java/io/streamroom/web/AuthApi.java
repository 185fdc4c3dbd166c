package io.streamroom.web;

import io.streamroom.auth.TokenService;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.Names;
import io.streamroom.store.ChatStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Sign-up, sign-in and visitor tokens. Accounts are the same ones telnet's /register and /login use. */
final class AuthApi {
  private final ChatClient chat;
  private final ChatStore store;
  private final TokenService tokens;

  AuthApi(ChatClient chat, ChatStore store, TokenService tokens) {
    this.chat = chat;
    this.store = store;
    this.tokens = tokens;
  }

  void register(RoutingContext ctx) {
    JsonObject body = ApiResponses.jsonBody(ctx);
    chat.request(CommandType.CREATE_ACCOUNT, new JsonObject()
            .put("name", body.getValue("username")).put("password", body.getValue("password")).mergeIn(from(ctx)))
        .onSuccess(user -> ApiResponses.json(ctx, 201, signedIn(user.getString("name"), user.getString("role"))))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** Attempts are throttled per account and per address by the chat service (shared with telnet /login). */
  void login(RoutingContext ctx) {
    JsonObject body = ApiResponses.jsonBody(ctx);
    chat.request(CommandType.CHECK_PASSWORD, new JsonObject().put("name", body.getValue("username"))
            .put("password", body.getValue("password")).mergeIn(from(ctx)))
        .onSuccess(user -> ApiResponses.json(ctx, 200, signedIn(user.getString("name"), user.getString("role"))))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** A read-only identity: the name must be valid and not an account's. */
  void visitor(RoutingContext ctx) {
    Object raw = ApiResponses.jsonBody(ctx).getValue("name");
    String name = Names.nick(raw instanceof String s ? s : null);
    store.findAccount(name)
        .onSuccess(account -> {
          if (account.isPresent()) {
            ApiResponses.failure(ctx, new ChatException(ErrorCode.NICK_REGISTERED, name + " belongs to an account."));
          } else {
            ApiResponses.json(ctx, 200, signedIn(name, "visitor"));
          }
        })
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  /** The client's address for throttles and the connection log. */
  private static JsonObject from(RoutingContext ctx) {
    return new JsonObject().put("transport", "web").put("ip", ctx.request().remoteAddress().hostAddress())
        .put("port", ctx.request().remoteAddress().port());
  }

  private JsonObject signedIn(String name, String role) {
    return new JsonObject().put("token", tokens.issue(name, role))
        .put("user", new JsonObject().put("name", name).put("role", role));
  }
}
