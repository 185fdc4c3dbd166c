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
  private final LoginThrottle throttle;

  AuthApi(ChatClient chat, ChatStore store, TokenService tokens, LoginThrottle throttle) {
    this.chat = chat;
    this.store = store;
    this.tokens = tokens;
    this.throttle = throttle;
  }

  void register(RoutingContext ctx) {
    JsonObject body = ApiResponses.jsonBody(ctx);
    chat.request(CommandType.CREATE_ACCOUNT, new JsonObject()
            .put("name", body.getString("username")).put("password", body.getString("password")))
        .onSuccess(user -> ApiResponses.json(ctx, 201, signedIn(user.getString("name"), user.getString("role"))))
        .onFailure(e -> ApiResponses.failure(ctx, e));
  }

  void login(RoutingContext ctx) {
    JsonObject body = ApiResponses.jsonBody(ctx);
    String name = body.getString("username", "");
    String address = ctx.request().remoteAddress().hostAddress();
    long wait = throttle.waitMillis(name, address, System.currentTimeMillis());
    if (wait > 0) {
      long seconds = (wait + 999) / 1000;
      ctx.response().putHeader("Retry-After", String.valueOf(seconds));
      ApiResponses.error(ctx, 429, "TOO_MANY_ATTEMPTS", "Too many failed logins; try again in " + seconds + " s.");
      return;
    }
    chat.request(CommandType.CHECK_PASSWORD, new JsonObject().put("name", name).put("password", body.getString("password")))
        .onSuccess(user -> ApiResponses.json(ctx, 200, signedIn(user.getString("name"), user.getString("role"))))
        .onFailure(e -> {
          if (e instanceof ChatException refusal && refusal.code() == ErrorCode.LOGIN_FAILED) {
            throttle.recordFailure(name, address, System.currentTimeMillis());
          }
          ApiResponses.failure(ctx, e);
        });
  }

  /** A read-only identity: the name must be valid and not an account's. */
  void visitor(RoutingContext ctx) {
    String name = Names.nick(ApiResponses.jsonBody(ctx).getString("name"));
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

  private JsonObject signedIn(String name, String role) {
    return new JsonObject().put("token", tokens.issue(name, role))
        .put("user", new JsonObject().put("name", name).put("role", role));
  }
}
