package io.streamroom.tcp;

import io.micrometer.core.instrument.Counter;
import io.streamroom.chat.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One per node, shared by every TCP adapter instance: subscribes once to each channel that has telnet or
 * IRC users on this node. Each event is handed to each adapter event loop that has members (one hop per
 * loop, not per user) as one {@link FanoutEvent}, which renders it once per protocol and variant for all
 * of them; that loop writes the shared buffer to its own sockets, so every socket is written only from its
 * own loop and its write-queue bound stays exact.
 */
public final class ChannelFanout {
  /** A connection that receives a channel's events. */
  public interface Member {
    /** The event loop that owns the connection; events are delivered there. */
    Context context();

    /** Called on {@link #context()}. */
    void deliver(FanoutEvent event);
  }

  private final Vertx vertx;
  /** Counted once per event loop and event, not per connection: the delivery loop stays as it was. */
  private final Counter deliveries;
  /** Guarded by this; only joins and parts lock it. */
  private final Map<String, Room> rooms = new HashMap<>();

  private final class Room {
    /**
     * Members grouped by the event loop that owns their socket, as arrays replaced on every join and part
     * (under the fan-out's lock): a delivery walks a plain array, and joins are rare next to deliveries.
     */
    final Map<Context, Member[]> members = new ConcurrentHashMap<>();
    MessageConsumer<JsonObject> consumer;

    void deliver(JsonObject json) {
      FanoutEvent event = new FanoutEvent(json);
      Context current = Vertx.currentContext();
      for (Context loop : members.keySet()) {
        if (loop == current) deliverOn(loop, event);
        else loop.runOnContext(v -> deliverOn(loop, event));
      }
    }

    /** To the loop's members as they are when it runs: one who left meanwhile no longer gets the channel's lines. */
    private void deliverOn(Context loop, FanoutEvent event) {
      Member[] sessions = members.get(loop);
      if (sessions == null) return;
      for (Member session : sessions) session.deliver(event);
      deliveries.increment(sessions.length);
    }

    void add(Member session) {
      Member[] now = members.getOrDefault(session.context(), new Member[0]);
      if (Arrays.asList(now).contains(session)) return;
      Member[] next = Arrays.copyOf(now, now.length + 1);
      next[now.length] = session;
      members.put(session.context(), next);
    }

    /** @return whether it was a member */
    boolean remove(Member session) {
      Member[] now = members.get(session.context());
      int at = now == null ? -1 : Arrays.asList(now).indexOf(session);
      if (at < 0) return false;
      if (now.length == 1) {
        members.remove(session.context());
        return true;
      }
      Member[] next = new Member[now.length - 1];
      System.arraycopy(now, 0, next, 0, at);
      System.arraycopy(now, at + 1, next, at, now.length - at - 1);
      members.put(session.context(), next);
      return true;
    }

    boolean isEmpty() {
      return members.isEmpty();
    }
  }

  ChannelFanout(Vertx vertx, Counter deliveries) {
    this.vertx = vertx;
    this.deliveries = deliveries;
  }

  /**
   * @return completes, on the session's own event loop, once events of the channel will reach it. (The
   * consumer may belong to another session's loop; its completion must not run this session's code there.)
   */
  public synchronized Future<Void> subscribe(String channel, Member session) {
    Room room = rooms.computeIfAbsent(channel, c -> new Room());
    room.add(session);
    if (room.consumer == null) {
      room.consumer = vertx.eventBus().consumer(Addresses.channel(channel), message -> room.deliver(message.body()));
    }
    Promise<Void> ready = Promise.promise();
    room.consumer.completion().onComplete(done -> session.context().runOnContext(v -> ready.handle(done)));
    return ready.future();
  }

  public synchronized void unsubscribe(String channel, Member session) {
    Room room = rooms.get(channel);
    if (room == null || !room.remove(session)) return;
    if (room.isEmpty()) {
      rooms.remove(channel);
      room.consumer.unregister();
    }
  }
}
