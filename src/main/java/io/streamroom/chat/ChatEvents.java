package io.streamroom.chat;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Where the chat service's events go: a channel's members ({@code chat.channel.<c>}), one session
 * ({@code chat.session.<id>}), or the live side when a user has left. The only place the chat parts
 * publish from.
 */
final class ChatEvents {
  private final EventBus bus;

  ChatEvents(EventBus bus) {
    this.bus = bus;
  }

  static JsonObject event(EventType type, String channel) {
    return new JsonObject().put("type", type.wire()).put("channel", channel);
  }

  void publish(String channel, JsonObject event) {
    bus.publish(Addresses.channel(channel), event);
  }

  void toSession(Session session, JsonObject event) {
    bus.publish(Addresses.session(session.id), event);
  }

  /** The user has no session left: a webcam stream they were sending from a browser ends. */
  void userGone(String name) {
    bus.publish(Addresses.LIVE_USER_GONE, new JsonObject().put("name", name));
  }
}
