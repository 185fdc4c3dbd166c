package io.streamroom.web;

import io.micrometer.core.instrument.Counter;
import io.streamroom.chat.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Channel events to the browsers' bridge sockets: one event-bus subscription per channel that has listening
 * sockets on this node (not one consumer per socket), each event framed once as the bridge frames it
 * ({@code {"type":"rec","address":...,"body":...}}) and the same buffer written to every listening socket.
 * Runs on its own (worker) context, off the HTTP event loop: Vert.x queues writes that come from another
 * thread and the socket's loop drains them with one flush per turn, so a busy channel costs each socket
 * one system call per few messages instead of one per message, and the HTTP loop does only I/O.
 * The raw WebSocket transport ({@code /eventbus/websocket}, the page's) sends the shared buffer as one
 * binary frame; SockJS's own transports escape it per socket, as they always did.
 * Who may listen is decided once, when a socket asks ({@link ChatBridge}); a socket that leaves stops hearing.
 */
final class BridgeFanout extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(BridgeFanout.class);
  /**
   * Output a socket may have waiting beyond its write queue (Vert.x's 16 frames and the socket's 64 KiB) before
   * it is closed: several seconds of a busy channel, so a browser that stops reading holds a bounded amount of
   * the server's memory, while a short stall (a tab in the background, a slow network) costs nothing.
   */
  static final long MAX_BEHIND_BYTES = 256 * 1024;
  /**
   * Under load, events are written at most this often: each socket then gets several frames per write
   * system call (Vert.x flushes once per drain of its queue), for at most this much more latency.
   */
  static final long COALESCE_MILLIS = 10;
  /** Close code for a socket that fell too far behind; the page reconnects and reloads the history. */
  static final short CLOSE_TOO_SLOW = 4408;

  /** One socket's side of the fan-out; its fields are touched on the fan-out's context only. */
  static final class Member {
    private final SockJSSocket socket;
    /** The bridge's record of why the socket was closed, for the connection log. */
    private final AtomicReference<String> closeReason;
    /** Bytes written since its write queue was last seen not full. */
    private long behindBytes;
    private boolean closed;

    Member(SockJSSocket socket, AtomicReference<String> closeReason) {
      this.socket = socket;
      this.closeReason = closeReason;
    }
  }

  /** Sockets listening to one channel, and the one subscription that feeds them. */
  private final class Room {
    final Set<Member> members = new LinkedHashSet<>();
    MessageConsumer<JsonObject> consumer;
    /** Frames not yet written, see {@link #COALESCE_MILLIS}. */
    List<Buffer> waiting = new ArrayList<>();

    void add(String address, JsonObject event) {
      waiting.add(new JsonObject().put("type", "rec").put("address", address).put("body", event).toBuffer());
      if (waiting.size() == 1) due(this);
    }

    void flush() {
      List<Buffer> frames = waiting;
      waiting = new ArrayList<>();
      for (Member member : members) {
        for (Buffer frame : frames) write(member, frame);
      }
      deliveries.increment((double) members.size() * frames.size());
    }
  }

  /** Counted once per event with the number of sockets, not once per socket. */
  private final Counter deliveries;
  /** Touched on this verticle's context only. */
  private final Map<String, Room> rooms = new HashMap<>();
  private final Set<Room> due = new LinkedHashSet<>();
  private boolean scheduled;
  private long lastFlushNanos;

  BridgeFanout(Counter deliveries) {
    this.deliveries = deliveries;
  }

  /**
   * Lets {@code member} hear {@code channel}'s events.
   * @return completes on {@code caller} once the events reach it
   */
  Future<Void> listen(String channel, Member member, Context caller) {
    Promise<Void> ready = Promise.promise();
    context.runOnContext(v -> {
      Room room = rooms.computeIfAbsent(channel, c -> new Room());
      room.members.add(member);
      if (room.consumer == null) {
        String address = Addresses.channel(channel);
        room.consumer = vertx.eventBus().consumer(address, message -> room.add(address, message.body()));
      }
      room.consumer.completion().onComplete(done -> caller.runOnContext(x -> ready.handle(done)));
    });
    return ready.future();
  }

  void stopListening(String channel, Member member) {
    context.runOnContext(v -> {
      Room room = rooms.get(channel);
      if (room == null || !room.members.remove(member) || !room.members.isEmpty()) return;
      rooms.remove(channel);
      room.consumer.unregister();
    });
  }

  /** Like the TCP side's OutputBatch: a quiet channel's event goes out at once, a busy one's together with the next few. */
  private void due(Room room) {
    due.add(room);
    if (scheduled) return;
    scheduled = true;
    long sinceMillis = (System.nanoTime() - lastFlushNanos) / 1_000_000;
    if (sinceMillis >= COALESCE_MILLIS) context.runOnContext(v -> flushAll());
    else vertx.setTimer(COALESCE_MILLIS - sinceMillis, t -> flushAll());
  }

  private void flushAll() {
    lastFlushNanos = System.nanoTime();
    scheduled = false;
    List<Room> flushing = new ArrayList<>(due);
    due.clear();
    flushing.forEach(Room::flush);
  }

  /**
   * Writes the shared frame, unless the socket has fallen {@link #MAX_BEHIND_BYTES} behind: then it is closed
   * (its close takes it out of every room) instead of holding ever more of the server's memory.
   */
  private void write(Member member, Buffer frame) {
    if (member.closed) return;
    boolean full;
    try {
      full = member.socket.writeQueueFull();
    } catch (IllegalStateException gone) {
      return; // closed meanwhile; its close is on its way to the bridge
    }
    if (!full) {
      member.behindBytes = 0;
    } else if ((member.behindBytes += frame.length()) > MAX_BEHIND_BYTES) {
      member.closed = true;
      member.closeReason.compareAndSet(null, "too slow: fell " + MAX_BEHIND_BYTES / 1024 + " KiB behind");
      log.info("Closed the bridge socket of {}: it fell more than {} KiB behind", member.socket.remoteAddress(),
          MAX_BEHIND_BYTES / 1024);
      member.socket.close(CLOSE_TOO_SLOW, "too slow: fell behind the chat");
      return;
    }
    member.socket.write(frame);
  }
}
