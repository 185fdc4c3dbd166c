package io.streamroom.tcp;

import io.netty.buffer.ByteBuf;
import io.streamroom.chat.ChatException;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.connlog.ConnectionLog;
import io.streamroom.metrics.Meters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One line-based TCP chat connection, whatever its protocol (telnet or IRC): decodes lines up to the
 * protocol's byte limit and hands them to its {@link Protocol} in order. A command runs alone (reading
 * pauses while it is handled, so its effect is in place before the next line is read); lines the protocol
 * says only speak may be up to {@link #MAX_SAYS_IN_FLIGHT} on their way at once, since the chat service
 * takes them in order. Gathers output for one write per flush ({@link ConnectionOutput}, {@link OutputBatch}), cuts a client that
 * stops reading, closes with a goodbye and records the connection in the connection log. Everything here
 * runs on the socket's event loop.
 */
public final class LineConnection {
  private static final Logger log = LoggerFactory.getLogger(LineConnection.class);
  /** How long a goodbye may take to reach a client before the connection is cut anyway. */
  private static final long CLOSE_GRACE_MILLIS = 2000;
  /**
   * Said lines on their way to the database at once: a paste or a bot is not held to one commit per line,
   * and a flood still waits (reading pauses) once this many are unanswered.
   */
  static final int MAX_SAYS_IN_FLIGHT = 64;

  /** What a protocol does with the lines of its connection. Called on the connection's event loop. */
  public interface Protocol {
    /** Handles one line; the next command waits until the future completes. */
    Future<?> handle(String line);

    /** Whether this line only says something and may be on its way while earlier said lines are. */
    boolean onlySays(String line);

    /** A line was longer than {@link #setProtocol the protocol's limit}; it was dropped. */
    void lineTooLong();

    /** A handled line failed with this; tell the user in the protocol's way. */
    void showFailure(Throwable failure);

    /** The connection's nickname for logs, or null before it has one. */
    String name();

    /** The server is stopping: say goodbye and close. */
    Future<Void> shutdown(String goodbye);

    /** The connection is gone (whoever closed it): release what the protocol holds. */
    void connectionClosed();
  }

  /** A line to handle; {@code line} is null for work that is not a line (a refusal to show). */
  private record Work(String line, Supplier<Future<?>> run) {}

  /** The chat session id this connection's commands carry. */
  public final String id = UUID.randomUUID().toString();
  private final Vertx vertx;
  /** The event loop that owns the socket; everything here runs on it. */
  private final Context context;
  private final NetSocket socket;
  private final int maxPendingBytes;
  private final TelnetLineDecoder decoder;
  private final ConnectionOutput output;
  private final ConnectionLog connectionLog;
  private final Meters meters;
  /** This connection's adapter's count of open connections, once its protocol is known. */
  private AtomicInteger connected;
  private Protocol protocol;
  /** {@code <ip>:<port> <transport>}, as the connection log shows it; set once the protocol is known. */
  private String source;
  /** Work waiting for earlier lines to finish; reading is paused while it is not empty. */
  private final ArrayDeque<Work> pending = new ArrayDeque<>();
  /** Work started and not finished: one command, or up to MAX_SAYS_IN_FLIGHT said lines. */
  private int running;
  private boolean commandRunning;
  private boolean closed;
  /** Why the connection ends, when we close it; null means the client closed it. */
  private String closeReason;
  private Runnable onClose = () -> {};

  LineConnection(Vertx vertx, NetSocket socket, int maxPendingBytes, OutputBatch batch, ConnectionLog connectionLog, Meters meters) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.socket = socket;
    this.maxPendingBytes = maxPendingBytes;
    this.output = new ConnectionOutput(((NetSocketInternal) socket).channelHandlerContext().channel(), batch);
    this.connectionLog = connectionLog;
    this.meters = meters;
    this.decoder = new TelnetLineDecoder(new TelnetLineDecoder.Listener() {
      @Override
      public void onLine(String line) {
        enqueue(new Work(line, () -> protocol.handle(line)));
      }

      @Override
      public void onLineTooLong() {
        enqueue(new Work(null, () -> {
          protocol.lineTooLong();
          return Future.succeededFuture();
        }));
      }
    });
  }

  /** Hands every line from now on to {@code protocol}, cutting lines at {@code maxLineBytes}. */
  public void setProtocol(Protocol protocol, int maxLineBytes) {
    this.protocol = protocol;
    decoder.limit(maxLineBytes);
  }

  /** Records the connection as opened for an adapter (telnet, IRC), once its protocol is known, and counts it. */
  public void established(Meters.Adapter adapter, String details) {
    source = ConnectionLog.source(remoteHost(), remotePort(), adapter.tag());
    connected = meters.connected(adapter);
    connected.incrementAndGet();
    connectionLog.record(ConnectionEvent.CONNECTION_ESTABLISHED, source, details);
  }

  /** Runs once the connection is closed, whoever closed it. */
  void onClose(Runnable action) {
    this.onClose = action;
  }

  void start() {
    socket.handler(decoder::feed);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> {
      log.debug("Connection {} failed: {}", id, e.getMessage());
      if (closeReason == null) closeReason = "connection failed (" + e.getMessage() + ")";
    });
  }

  public Vertx vertx() {
    return vertx;
  }

  public Context context() {
    return context;
  }

  /** The client's address, as seen on the socket. */
  public String remoteHost() {
    return socket.remoteAddress().hostAddress();
  }

  public int remotePort() {
    return socket.remoteAddress().port();
  }

  public boolean isClosed() {
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
      // Decided now, not when read: the commands before it have finished, so name and channels are settled.
      boolean say = next.line() != null && protocol.onlySays(next.line());
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
      if (result.failed()) protocol.showFailure(result.cause());
      running--;
      if (!say) commandRunning = false;
      runNext();
    });
  }

  // ---- output

  /**
   * Writes without ever letting a slow reader grow our memory: once more than the configured bound is
   * waiting to be sent, the client is disconnected. Sent with what follows at the next flush ({@link ConnectionOutput}).
   */
  public void send(Buffer data) {
    send(((BufferInternal) data).getByteBuf());
  }

  /** Sends {@code data}'s readable bytes, leaving its indexes alone: a channel's line is shared by every loop. */
  public void send(ByteBuf data) {
    if (closed) return;
    if (output.unreadBytes() > maxPendingBytes) {
      closed = true;
      closeReason = "stopped reading, over " + maxPendingBytes + " bytes of output pending";
      String name = protocol.name();
      log.warn("Disconnecting {} at {}: stopped reading, over {} bytes of output pending",
          name == null ? "a new connection" : name, socket.remoteAddress(), maxPendingBytes);
      output.discard();
      abort();
      return;
    }
    output.gather(data);
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
  Future<Void> shutdown(String goodbye) {
    return protocol.shutdown(goodbye);
  }

  /** Flushes what is pending, then closes, saying why in the connection log; a client that does not read it within the grace is cut off. */
  public Future<Void> closeAfterWrites(String reason) {
    if (closed) return Future.succeededFuture();
    closeReason = reason;
    output.flush();
    closed = true;
    vertx.setTimer(CLOSE_GRACE_MILLIS, t -> abort());
    return socket.write(Buffer.buffer()).eventually(socket::close);
  }

  private void onClosed() {
    closed = true;
    output.discard();
    if (connected != null) connected.decrementAndGet();
    if (source != null) {
      String name = protocol.name();
      connectionLog.record(ConnectionEvent.CONNECTION_CLOSED, source, (name == null ? "no nickname" : name) + ", "
          + (closeReason == null ? "closed by the client" : closeReason));
    }
    protocol.connectionClosed();
    onClose.run();
  }
}
