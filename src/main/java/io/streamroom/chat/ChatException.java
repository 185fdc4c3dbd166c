package io.streamroom.chat;

import io.vertx.core.json.JsonObject;

/** A refusal by the chat service, carried as {"error": code, "message": text} in the reply. */
public final class ChatException extends RuntimeException {
  private final ErrorCode code;
  /** Seconds until trying again makes sense, for refusals that say so; else 0. */
  private final long retryAfterSeconds;

  public ChatException(ErrorCode code) {
    this(code, code.defaultMessage());
  }

  public ChatException(ErrorCode code, String message) {
    this(code, message, 0);
  }

  public ChatException(ErrorCode code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public JsonObject toReply() {
    JsonObject reply = new JsonObject().put("error", code.name()).put("message", getMessage());
    return retryAfterSeconds > 0 ? reply.put("retryAfter", retryAfterSeconds) : reply;
  }

  /** @return the exception a reply stands for, or null when the reply is a success */
  public static ChatException fromReply(JsonObject reply) {
    String code = reply.getString("error");
    return code == null ? null
        : new ChatException(ErrorCode.valueOf(code), reply.getString("message", ""), reply.getLong("retryAfter", 0L));
  }
}
