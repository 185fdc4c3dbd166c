package io.streamroom.web;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/** JSON answers of the REST API, and the one place chat error codes become HTTP statuses. */
final class ApiResponses {
  private static final Logger log = LoggerFactory.getLogger(ApiResponses.class);

  private ApiResponses() {}

  /** The request's JSON object, or a BAD_REQUEST refusal for anything else. */
  static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) return body;
    } catch (RuntimeException e) {
      // falls through to the refusal: not JSON, or not an object
    }
    throw new ChatException(ErrorCode.BAD_REQUEST, "The body must be a JSON object.");
  }

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(body));
  }

  /** How much of an unwanted body is read and dropped before closing anyway: an endless upload is cut. */
  private static final long LINGER_BYTES = 1024 * 1024;
  /** Marks a request whose connection {@link #errorAndClose} closes itself, after lingering. */
  static final String LINGERING = "lingeringClose";
  /** How long a client gets to finish sending (and to read the answer) before the connection is closed. */
  private static final long LINGER_MILLIS = 1000;

  static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("error", code).put("message", message));
  }

  /**
   * An error after which the connection ends: the rest of a body too big or too slow is not worth
   * reading, and a chunked upload must not keep streaming into us. After the answer, what the client is
   * still sending is dropped for a moment before closing ("lingering close"): closing a socket with unread
   * bytes makes the kernel send a reset, which can destroy the answer before the client reads it.
   */
  static void errorAndClose(RoutingContext ctx, int status, String code, String message) {
    ctx.put(LINGERING, true);
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    if (!request.isEnded()) {
      long[] dropped = {0};
      request.handler(data -> {
        dropped[0] += data.length();
        if (dropped[0] > LINGER_BYTES) connection.close();
      });
      request.endHandler(v -> {
        if (ctx.response().ended()) connection.close();
      });
      request.resume();
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("Connection", "close")
        .end(new JsonObject().put("error", code).put("message", message).encode())
        .onComplete(written -> {
          if (request.isEnded()) connection.close();
          else ctx.vertx().setTimer(LINGER_MILLIS, t -> connection.close());
        });
  }

  /**
   * A refusal given before the request's body was read, then the connection ends as in
   * {@link #errorAndClose}; anything but a chat refusal is rendered by {@link #failure}.
   */
  static void refuseAndClose(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ChatException e) {
      if (e.retryAfterSeconds() > 0) ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
      errorAndClose(ctx, status(e.code()), e.code().name(), e.getMessage());
    } else {
      failure(ctx, failure);
    }
  }

  /** A chat command for the request's account (see {@link HttpVerticle#asAccount}): its reply as {@code body} makes it, or its refusal. */
  static void command(RoutingContext ctx, int status, CommandType type, JsonObject args, Function<JsonObject, Object> body) {
    HttpVerticle.asAccount(ctx).request(type, args)
        .onSuccess(reply -> json(ctx, status, body.apply(reply)))
        .onFailure(e -> failure(ctx, e));
  }

  /** Renders any failure: a chat refusal with its status, anything else as a 500 with one log line. */
  static void failure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ChatException e) {
      if (e.retryAfterSeconds() > 0) ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
      error(ctx, status(e.code()), e.code().name(), e.getMessage());
    } else {
      log.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      error(ctx, 500, ErrorCode.INTERNAL.name(), ErrorCode.INTERNAL.defaultMessage());
    }
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case LOGIN_FAILED, NOT_CONNECTED -> 401;
      case READ_ONLY, NOT_ADMIN, NOT_OWNER, NOT_MODERATOR, PROTECTED_USER, BANNED, NOT_IN_CHANNEL, NOT_PEER, NOT_STREAMER -> 403;
      case NO_SUCH_CHANNEL, NO_SUCH_USER, NO_SUCH_MESSAGE, NO_SUCH_KEY, NO_KEYS, NO_SUCH_MEDIA, NO_SUCH_RECORDING,
          NO_SUCH_WEBHOOK -> 404;
      case NICK_TAKEN, NICK_REGISTERED, CHANNEL_EXISTS, ALREADY_REGISTERED, TOO_MANY_DEVICES, DEVICES_CHANGED -> 409;
      case TOO_LARGE, QUOTA_EXCEEDED -> 413;
      case UNSUPPORTED_MEDIA -> 415;
      case RATE_LIMITED, TOO_MANY_ATTEMPTS, TOO_MANY_SIGNUPS, TIMED_OUT, SLOW_MODE -> 429;
      case BUSY, DATABASE_DOWN -> 503;
      case UNCONFIRMED -> 504;
      case INTERNAL -> 500;
      default -> 400;
    };
  }
}
