package io.streamroom.chat;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * An adapter's handle on the chat service for one connection: every command carries the session id the
 * adapter assigned, so the service knows who is speaking without trusting anything the client wrote.
 */
public final class ChatClient {
  private final EventBus bus;
  private final DeliveryOptions options;

  public ChatClient(EventBus bus, String sessionId) {
    this.bus = bus;
    this.options = new DeliveryOptions().addHeader(Addresses.SESSION_HEADER, sessionId);
  }

  private ChatClient(EventBus bus, DeliveryOptions options) {
    this.bus = bus;
    this.options = options;
  }

  /** For commands on behalf of an account verified by the adapter, outside any connection (REST moderation). */
  public static ChatClient forAccount(EventBus bus, String name, String ip) {
    return new ChatClient(bus, new DeliveryOptions().addHeader(Addresses.ACTOR_HEADER, name)
        .addHeader(Addresses.ACTOR_IP_HEADER, ip == null ? "" : ip));
  }

  /** For commands that act for no connection (web sign-up, channel lists). */
  public static ChatClient withoutSession(EventBus bus) {
    return new ChatClient(bus, new DeliveryOptions());
  }

  /** @return the reply, or a failed future with the {@link ChatException} the service answered */
  public Future<JsonObject> request(CommandType type, JsonObject args) {
    return bus.<JsonObject>request(Addresses.COMMANDS, args.copy().put("type", type.wire()), options)
        .map(Message::body)
        .map(reply -> {
          ChatException refusal = ChatException.fromReply(reply);
          if (refusal != null) throw refusal;
          return reply;
        });
  }

  public Future<JsonObject> request(CommandType type) {
    return request(type, new JsonObject());
  }
}
