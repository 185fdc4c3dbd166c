package io.streamroom.tcp;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.EventType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One per node, shared by every TCP adapter instance: subscribes once to each channel that has telnet
 * users on this node and renders each event once. The rendered buffer is handed to each adapter event
 * loop that has members (one hop per loop, not per user), and that loop writes it to its own sockets, so
 * every socket is written only from its own loop and its write-queue bound stays exact.
 */
final class ChannelFanout {
  private final Vertx vertx;
  /** Where telnet users are told to watch live streams. */
  private final String httpBase;
  /** Guarded by this; only joins and parts lock it. */
  private final Map<String, Room> rooms = new HashMap<>();

  private final class Room {
    /** Members grouped by the event loop that owns their socket. */
    final Map<Context, Set<TelnetSession>> members = new ConcurrentHashMap<>();
    MessageConsumer<JsonObject> consumer;

    void deliver(JsonObject event) {
      Buffer rendered = TelnetRenderer.channelEvent(event, httpBase);
      if (rendered == null) return;
      // Read once per event, not once per member: who joined (each member skips its own join).
      String joined = EventType.JOIN.wire().equals(event.getString("type")) ? event.getString("user") : null;
      Context current = Vertx.currentContext();
      members.forEach((loop, sessions) -> {
        if (loop == current) sessions.forEach(s -> s.deliver(joined, rendered));
        else loop.runOnContext(v -> sessions.forEach(s -> s.deliver(joined, rendered)));
      });
    }

    boolean isEmpty() {
      return members.isEmpty();
    }
  }

  ChannelFanout(Vertx vertx, String httpBase) {
    this.vertx = vertx;
    this.httpBase = httpBase;
  }

  /**
   * @return completes, on the session's own event loop, once events of the channel will reach it. (The
   * consumer may belong to another session's loop; its completion must not run this session's code there.)
   */
  synchronized Future<Void> subscribe(String channel, TelnetSession session) {
    Room room = rooms.computeIfAbsent(channel, c -> new Room());
    room.members.computeIfAbsent(session.context(), c -> ConcurrentHashMap.newKeySet()).add(session);
    if (room.consumer == null) {
      room.consumer = vertx.eventBus().consumer(Addresses.channel(channel), message -> room.deliver(message.body()));
    }
    Promise<Void> ready = Promise.promise();
    room.consumer.completion().onComplete(done -> session.context().runOnContext(v -> ready.handle(done)));
    return ready.future();
  }

  synchronized void unsubscribe(String channel, TelnetSession session) {
    Room room = rooms.get(channel);
    if (room == null) return;
    Set<TelnetSession> sessions = room.members.get(session.context());
    if (sessions == null || !sessions.remove(session)) return;
    if (sessions.isEmpty()) room.members.remove(session.context());
    if (room.isEmpty()) {
      rooms.remove(channel);
      room.consumer.unregister();
    }
  }
}
