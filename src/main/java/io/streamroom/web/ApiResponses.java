package io.streamroom.web;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("error", code).put("message", message));
  }

  /**
   * An error after which the connection ends: the rest of a body too big or too slow is not worth
   * reading, and a chunked upload must not keep streaming into us. Closed once the answer is written.
   */
  static void errorAndClose(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("Connection", "close")
        .end(new JsonObject().put("error", code).put("message", message).encode())
        .onComplete(written -> ctx.request().connection().close());
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
      case READ_ONLY, NOT_ADMIN, NOT_OWNER -> 403;
      case NO_SUCH_CHANNEL, NO_SUCH_USER -> 404;
      case NICK_TAKEN, NICK_REGISTERED, CHANNEL_EXISTS, ALREADY_REGISTERED -> 409;
      case RATE_LIMITED, TOO_MANY_ATTEMPTS, TOO_MANY_SIGNUPS -> 429;
      case BUSY, DATABASE_DOWN -> 503;
      case UNCONFIRMED -> 504;
      case INTERNAL -> 500;
      default -> 400;
    };
  }
}
