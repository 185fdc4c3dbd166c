package io.streamroom.chat;

import io.vertx.core.json.JsonObject;

/** A refusal by the chat service, carried as {"error": code, "message": text} in the reply. */
public final class ChatException extends RuntimeException {
  private final ErrorCode code;

  public ChatException(ErrorCode code) {
    this(code, code.defaultMessage());
  }

  public ChatException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public JsonObject toReply() {
    return new JsonObject().put("error", code.name()).put("message", getMessage());
  }

  /** @return the exception a reply stands for, or null when the reply is a success */
  public static ChatException fromReply(JsonObject reply) {
    String code = reply.getString("error");
    return code == null ? null : new ChatException(ErrorCode.valueOf(code), reply.getString("message", ""));
  }
}
