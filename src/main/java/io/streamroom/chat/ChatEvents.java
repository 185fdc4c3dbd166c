package io.streamroom.chat;

import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.connlog.ConnectionLog;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Where the chat service's events go: a channel's members ({@code chat.channel.<c>}), one session
 * ({@code chat.session.<id>}), the live side when a user has left, and the {@link ConnectionLog}. The
 * only place the chat parts publish and record from.
 */
final class ChatEvents {
  private final EventBus bus;
  private final ConnectionLog connectionLog;
  /** Starts at a random point, so a chat service that took over does not repeat its predecessor's ids. */
  private long lastAction = ThreadLocalRandom.current().nextLong();

  ChatEvents(EventBus bus, ConnectionLog connectionLog) {
    this.bus = bus;
    this.connectionLog = connectionLog;
  }

  /**
   * One line in the connection log, e.g. {@code record(ConnectionEvent.BAN, session.source, "mod banned bob
   * from #lobby: spam")}. Never blocks; never give it a message's text.
   */
  void record(ConnectionEvent type, String source, String details) {
    connectionLog.record(type, source, details);
  }

  static JsonObject event(EventType type, String channel) {
    return new JsonObject().put("type", type.wire()).put("channel", channel);
  }

  void publish(String channel, JsonObject event) {
    bus.publish(Addresses.channel(channel), event);
  }

  /**
   * One user's action told to each of their channels (a quit, a rename, a status, a real name). Every copy
   * carries the same {@code action} id, so a client in several of those channels can show it once, as IRC does.
   */
  void publishToEach(Collection<String> channels, Function<String, JsonObject> eventIn) {
    long action = ++lastAction;
    for (String channel : channels) publish(channel, eventIn.apply(channel).put("action", action));
  }

  /** Server-wide moderation, once (see {@link Addresses#SERVER_EVENTS}). */
  void server(EventType type, String user, String by, String reason) {
    JsonObject event = new JsonObject().put("type", type.wire()).put("user", user).put("by", by).put("server", true);
    bus.publish(Addresses.SERVER_EVENTS, reason == null ? event : event.put("reason", reason));
  }

  void toSession(Session session, JsonObject event) {
    bus.publish(Addresses.session(session.id), event);
  }

  /** The user has no session left: a webcam stream they were sending from a browser ends. */
  void userGone(String name) {
    bus.publish(Addresses.LIVE_USER_GONE, new JsonObject().put("name", name));
  }
}
