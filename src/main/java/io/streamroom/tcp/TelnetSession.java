package io.streamroom.tcp;

import io.streamroom.chat.ChatException;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.connlog.ConnectionLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One telnet connection: reads lines and hands them to its {@link TelnetDispatcher} in order. A command
 * runs alone (reading pauses while it is handled, so its effect is in place before the next line is read);
 * lines that only say something may be up to {@link #MAX_SAYS_IN_FLIGHT} on their way at once, since the
 * chat service takes them in order;
 * gathers output for one write per flush, bounds what a slow reader may leave pending, holds channel
 * lines back while a join shows its history, and closes. Everything here runs on the socket's event loop.
 */
final class TelnetSession {
  private static final Logger log = LoggerFactory.getLogger(TelnetSession.class);
  /** Longest line accepted, in bytes: a generous paragraph; longer lines are refused, not truncated. */
  static final int MAX_LINE_BYTES = 2000;
  /** How long a goodbye may take to reach a client before the connection is cut anyway. */
  private static final long CLOSE_GRACE_MILLIS = 2000;
  /** Most channel lines held back while a join waits for its history; a join takes milliseconds. */
  private static final int MAX_HELD_LINES = 1000;
  /**
   * Said lines on their way to the database at once: a paste or a bot is not held to one commit per line,
   * and a flood still waits (reading pauses) once this many are unanswered.
   */
  static final int MAX_SAYS_IN_FLIGHT = 8;

  /** A line to handle; {@code line} is null for work that is not a line (a refusal to show). */
  private record Work(String line, Supplier<Future<?>> run) {}

  private final String id = UUID.randomUUID().toString();
  private final Vertx vertx;
  /** The event loop that owns the socket; everything here runs on it. */
  private final Context context;
  private final NetSocket socket;
  private final TcpSettings settings;
  private final TelnetLineDecoder decoder;
  private final TelnetDispatcher dispatcher;
  /** Work waiting for earlier lines to finish; reading is paused while it is not empty. */
  private final ArrayDeque<Work> pending = new ArrayDeque<>();
  /** Work started and not finished: one command, or up to MAX_SAYS_IN_FLIGHT said lines. */
  private int running;
  private boolean commandRunning;
  private boolean closed;
  /** Bytes waiting in {@link #outgoing} or handed to the socket and not yet taken by the kernel. */
  private long pendingBytes;
  /** Output gathered during the current turn of the event loop; null when nothing waits. */
  private Buffer outgoing;
  private final OutputBatch batch;
  private final ConnectionLog connectionLog;
  /** {@code <ip>:<port> telnet}, as the connection log shows it. */
  private final String source;
  /** Why the connection ends, when we close it; null means the client closed it. */
  private String closeReason;
  /** Channel lines that arrived while a join was waiting for its history; null when none is. */
  private List<Buffer> held;
  private Runnable onClose = () -> {};

  TelnetSession(Vertx vertx, NetSocket socket, ChannelFanout fanout, TcpSettings settings, OutputBatch batch,
      ConnectionLog connectionLog) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.batch = batch;
    this.connectionLog = connectionLog;
    this.source = ConnectionLog.source(socket.remoteAddress().hostAddress(), socket.remoteAddress().port(), "telnet");
    this.socket = socket;
    this.settings = settings;
    this.dispatcher = new TelnetDispatcher(id, vertx, this, fanout, settings);
    this.decoder = new TelnetLineDecoder(MAX_LINE_BYTES, new TelnetLineDecoder.Listener() {
      @Override
      public void onLine(String line) {
        enqueue(new Work(line, () -> dispatcher.handle(line)));
      }

      @Override
      public void onLineTooLong() {
        enqueue(new Work(null, () -> {
          error("Line too long: at most " + MAX_LINE_BYTES + " bytes. It was not sent.");
          return Future.succeededFuture();
        }));
      }
    });
  }

  /** Runs once the connection is closed, whoever closed it. */
  void onClose(Runnable action) {
    this.onClose = action;
  }

  Future<Void> start() {
    socket.handler(decoder::feed);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> {
      log.debug("Connection {} failed: {}", id, e.getMessage());
      if (closeReason == null) closeReason = "connection failed (" + e.getMessage() + ")";
    });
    connectionLog.record(ConnectionEvent.CONNECTION_ESTABLISHED, source, "nickname prompt");
    return dispatcher.start();
  }

  Context context() {
    return context;
  }

  /** The client's address, as seen on the socket. */
  String remoteHost() {
    return socket.remoteAddress().hostAddress();
  }

  int remotePort() {
    return socket.remoteAddress().port();
  }

  boolean isClosed() {
    return closed;
  }

  // ---- input

  private void enqueue(Work work) {
    pending.add(work);
    socket.pause();
    runNext();
  }

  /** Starts what may start: said lines while no command runs, a command once nothing runs. */
  private void runNext() {
    while (!closed && !commandRunning) {
      Work next = pending.peek();
      if (next == null) {
        socket.resume();
        return;
      }
      // Decided now, not when read: the commands before it have finished, so name and channel are settled.
      boolean say = next.line() != null && dispatcher.isPlainSay(next.line());
      if (say ? running >= MAX_SAYS_IN_FLIGHT : running > 0) return;
      pending.poll();
      start(next, say);
    }
  }

  private void start(Work work, boolean say) {
    running++;
    commandRunning = !say;
    Future<?> done;
    try {
      done = work.run().get();
    } catch (ChatException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(result -> {
      if (result.failed()) dispatcher.showFailure(result.cause());
      running--;
      if (!say) commandRunning = false;
      runNext();
    });
  }

  // ---- output

  /**
   * A channel event, already rendered once for every telnet user on this node; called on our loop.
   * {@code joinedUser} is who joined, for a join event, else null.
   */
  void deliver(String joinedUser, Buffer rendered) {
    // Our own join is announced by the join itself, after the history it comes with.
    if (joinedUser != null && joinedUser.equals(dispatcher.name())) return;
    if (held != null && held.size() < MAX_HELD_LINES) {
      held.add(rendered);
      return;
    }
    if (held != null) releaseChannelLines(); // order gives way before anything is dropped
    send(rendered);
  }

  /** Live lines wait while a join fetches history, so the history is shown before what came after it. */
  void holdChannelLines() {
    held = new ArrayList<>();
  }

  void releaseChannelLines() {
    List<Buffer> lines = held;
    held = null;
    if (lines != null) lines.forEach(this::send);
  }

  void info(String text) {
    sendLine("* " + text);
  }

  void error(String text) {
    sendLine("! " + text);
  }

  void sendLine(String text) {
    send(TelnetRenderer.line(text));
  }

  /**
   * Writes without ever letting a slow reader grow our memory: once more than the configured bound is
   * waiting to be sent, the client is disconnected.
   */
  void send(Buffer data) {
    if (closed) return;
    int size = data.length();
    pendingBytes += size;
    if (pendingBytes > settings.maxPendingOutputBytes()) {
      closed = true;
      closeReason = "stopped reading, over " + settings.maxPendingOutputBytes() + " bytes of output pending";
      String name = dispatcher.name();
      log.warn("Disconnecting {} at {}: stopped reading, over {} bytes of output pending",
          name == null ? "a new connection" : name, socket.remoteAddress(), settings.maxPendingOutputBytes());
      abort();
      return;
    }
    if (outgoing == null) {
      outgoing = Buffer.buffer(Math.max(256, size));
      batch.add(this);
    }
    outgoing.appendBuffer(data);
  }

  /**
   * One socket write for everything sent during this turn of the event loop: under load many channel
   * lines arrive back to back, and one write (one system call) for all of them keeps the server ahead.
   */
  void flush() {
    Buffer data = outgoing;
    outgoing = null;
    if (data == null || closed) return;
    int size = data.length();
    socket.write(data).onComplete(written -> pendingBytes -= size);
  }

  // ---- closing

  /**
   * Closes at once, dropping unsent output. NetSocket.close() would first wait for pending output to be
   * flushed, which a client that stopped reading never allows. Closing from Vert.x's own handler context
   * goes straight to Netty, which fails the pending writes and closes the channel.
   */
  private void abort() {
    ((NetSocketInternal) socket).channelHandlerContext().close();
  }

  /** Used when the server stops. */
  Future<Void> shutdown(String reason) {
    sendLine(reason);
    return closeAfterWrites("server stopping");
  }

  /** Like {@link #closeAfterWrites()}, saying why in the connection log. */
  Future<Void> closeAfterWrites(String reason) {
    if (!closed) closeReason = reason;
    return closeAfterWrites();
  }

  /** Flushes what is pending, then closes; a client that does not read it within the grace is cut off. */
  Future<Void> closeAfterWrites() {
    if (closed) return Future.succeededFuture();
    flush();
    closed = true;
    vertx.setTimer(CLOSE_GRACE_MILLIS, t -> abort());
    return socket.write(Buffer.buffer()).eventually(socket::close);
  }

  private void onClosed() {
    closed = true;
    String name = dispatcher.name();
    connectionLog.record(ConnectionEvent.CONNECTION_CLOSED, source, (name == null ? "no nickname" : name) + ", "
        + (closeReason == null ? "closed by the client" : closeReason));
    dispatcher.connectionClosed();
    onClose.run();
  }
}
