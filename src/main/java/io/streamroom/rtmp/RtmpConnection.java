package io.streamroom.rtmp;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * One publisher's connection: the handshake, then commands (connect, createStream, publish, ...) answered as
 * OBS and FFmpeg expect, then its media handed to the {@link RtmpSink} the {@link RtmpPublishers} gave. A
 * peer that breaks the protocol is closed with one WARN line. Lives on the connection's event loop.
 */
final class RtmpConnection {
  private static final Logger log = LoggerFactory.getLogger(RtmpConnection.class);
  /** Our Window Ack Size and Set Peer Bandwidth, as FMS and nginx-rtmp send: about 2 s of a 10 Mbit/s stream. */
  static final int WINDOW = 2_500_000;
  /** Our chunk size: every command we send fits in one chunk. */
  static final int CHUNK_SIZE = 4096;
  /** The one message stream createStream gives: a connection publishes once. */
  private static final int STREAM_ID = 1;
  private static final int CONTROL_CHUNK_STREAM = 2;
  private static final int COMMAND_CHUNK_STREAM = 3;
  private static final short STREAM_BEGIN = 0;
  private static final byte DYNAMIC_LIMIT = 2;

  private final Vertx vertx;
  private final Context context;
  private final NetSocket socket;
  private final RtmpPublishers publishers;
  private final long idleNanos;
  private final Handshake handshake = new Handshake();
  private final ChunkDecoder decoder = new ChunkDecoder(this::onMessage);
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final long handshakeTimer;
  private long idleTimer;
  private long lastRead = System.nanoTime();
  private boolean handshaken;
  /** Set by connect; commands before it are refused. */
  private String app;
  private boolean publishAsked;
  private RtmpSink sink;
  private boolean ended;
  /** Closing (or closed) by our choice: what still comes in is dropped. */
  private boolean closing;
  /** The sink is full: the socket is paused. */
  private boolean paused;
  /** The peer closed; while paused, what was read before it still comes once the sink drains. */
  private boolean socketClosed;
  private long received;
  private long acknowledged;
  private long ackWindow = WINDOW;

  RtmpConnection(Vertx vertx, NetSocket socket, RtmpPublishers publishers, long handshakeMillis, long idleMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.socket = socket;
    this.publishers = publishers;
    this.idleNanos = idleMillis * 1_000_000;
    socket.handler(this::onData);
    socket.closeHandler(v -> closed());
    socket.endHandler(v -> { // after the last bytes read, even those held while the sink was full
      closing = true;
      vertx.cancelTimer(idleTimer);
      end("the connection closed");
    });
    socket.exceptionHandler(e -> shut("the connection failed: " + e.getMessage()));
    handshakeTimer = vertx.setTimer(handshakeMillis, id -> {
      if (!handshaken) fail("no handshake within " + handshakeMillis + " ms");
    });
    idleTimer = vertx.setTimer(idleMillis, id -> checkIdle());
  }

  private void onData(Buffer bytes) {
    if (closing) return;
    lastRead = System.nanoTime();
    try {
      if (handshaken) {
        chunks(bytes);
        return;
      }
      Buffer reply = handshake.feed(bytes);
      if (reply != null) socket.write(reply);
      if (handshake.done()) {
        handshaken = true;
        vertx.cancelTimer(handshakeTimer);
        chunks(handshake.rest());
      }
    } catch (RtmpException e) {
      fail(e.getMessage());
    }
  }

  private void chunks(Buffer bytes) {
    received += bytes.length();
    if (received - acknowledged >= ackWindow) {
      acknowledged = received;
      send(CONTROL_CHUNK_STREAM, RtmpMessage.control(RtmpMessage.ACKNOWLEDGEMENT, Buffer.buffer(4).appendUnsignedInt(received & 0xFFFFFFFFL)));
    }
    decoder.feed(bytes);
  }

  private void onMessage(RtmpMessage message) {
    if (closing) return;
    Buffer payload = message.payload();
    switch (message.type()) {
      case RtmpMessage.ACKNOWLEDGEMENT, RtmpMessage.USER_CONTROL, RtmpMessage.SET_PEER_BANDWIDTH -> { } // nothing to answer
      case RtmpMessage.WINDOW_ACK_SIZE -> ackWindow = Math.max(1, ChunkDecoder.int32(payload, "Window Acknowledgement Size"));
      case RtmpMessage.AUDIO, RtmpMessage.VIDEO, RtmpMessage.DATA -> media(message);
      case RtmpMessage.COMMAND -> command(new Amf0(payload, 0).readAll(), message.streamId());
      case RtmpMessage.AMF3_COMMAND -> command(new Amf0(payload, Math.min(1, payload.length())).readAll(), message.streamId());
      default -> throw new RtmpException("unsupported message type " + message.type());
    }
  }

  private void command(List<Object> values, int streamId) {
    if (values.isEmpty() || !(values.get(0) instanceof String name)) throw new RtmpException("a command without a name");
    Object transaction = values.size() > 1 ? values.get(1) : 0;
    if (app == null && !name.equals("connect")) throw new RtmpException(name + " before connect");
    switch (name) {
      case "connect" -> connect(transaction, values.size() > 2 ? values.get(2) : null);
      case "releaseStream", "FCPublish" -> send(COMMAND_CHUNK_STREAM, RtmpMessage.command(0, "_result", transaction, null));
      case "createStream" -> send(COMMAND_CHUNK_STREAM, RtmpMessage.command(0, "_result", transaction, null, STREAM_ID));
      case "publish" -> publish(values.size() > 3 ? values.get(3) : null, streamId);
      case "FCUnpublish", "deleteStream", "closeStream" -> end("the publisher stopped (" + name + ")");
      default -> log.debug("Ignored the RTMP command {} from {}", name, socket.remoteAddress());
    }
  }

  private void connect(Object transaction, Object properties) {
    if (app != null) throw new RtmpException("connect twice");
    if (!(properties instanceof Map<?, ?> map) || !(map.get("app") instanceof String given)) {
      throw new RtmpException("connect without an app");
    }
    app = withoutQuery(given);
    send(CONTROL_CHUNK_STREAM, RtmpMessage.control(RtmpMessage.WINDOW_ACK_SIZE, Buffer.buffer(4).appendInt(WINDOW)));
    send(CONTROL_CHUNK_STREAM, RtmpMessage.control(RtmpMessage.SET_PEER_BANDWIDTH, Buffer.buffer(5).appendInt(WINDOW).appendByte(DYNAMIC_LIMIT)));
    send(CONTROL_CHUNK_STREAM, RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, Buffer.buffer(4).appendInt(CHUNK_SIZE)));
    encoder.chunkSize(CHUNK_SIZE);
    send(COMMAND_CHUNK_STREAM, RtmpMessage.command(0, "_result", transaction, Map.of("fmsVer", "FMS/3,0,1,123", "capabilities", 31),
        Map.of("level", "status", "code", "NetConnection.Connect.Success", "description", "Connection succeeded.", "objectEncoding", 0)));
  }

  private void publish(Object name, int streamId) {
    if (publishAsked) throw new RtmpException("a second publish on one connection");
    if (!(name instanceof String given)) throw new RtmpException("publish without a name");
    publishAsked = true;
    String key = withoutQuery(given);
    publishers.publish(app, key, socket.remoteAddress(), () -> onLoop(socket::close)).onComplete(result -> onLoop(() -> published(result, key, streamId)));
  }

  private void published(AsyncResult<RtmpSink> result, String key, int streamId) {
    if (result.failed()) {
      String reason = String.valueOf(result.cause().getMessage());
      log.warn("Refused an RTMP publish to {} from {}, key {}: {}", app, socket.remoteAddress(), masked(key), reason);
      if (closing) return;
      closing = true;
      send(COMMAND_CHUNK_STREAM, status(streamId, "error", "NetStream.Publish.BadName", reason)).onComplete(written -> socket.close());
      return;
    }
    sink = result.result();
    if (closing) {
      end("the connection closed before publishing started");
      return;
    }
    log.info("RTMP publish to {} from {}, key {}", app, socket.remoteAddress(), masked(key));
    sink.onDrain(() -> onLoop(this::drained));
    send(CONTROL_CHUNK_STREAM, RtmpMessage.control(RtmpMessage.USER_CONTROL, Buffer.buffer(6).appendShort(STREAM_BEGIN).appendInt(streamId)));
    send(COMMAND_CHUNK_STREAM, status(streamId, "status", "NetStream.Publish.Start", "Publishing started."));
  }

  private static RtmpMessage status(int streamId, String level, String code, String description) {
    return RtmpMessage.command(streamId, "onStatus", 0, null, Map.of("level", level, "code", code, "description", description));
  }

  /** Media before a publish is accepted, or after it stopped, is dropped. */
  private void media(RtmpMessage message) {
    if (sink == null || ended) return;
    Buffer payload = message.type() == RtmpMessage.DATA ? withoutSetDataFrame(message.payload()) : message.payload();
    if (!sink.tag(message.type(), message.timestamp(), payload) && !paused) {
      paused = true;
      socket.pause();
    }
  }

  private void drained() {
    if (!paused || closing) return;
    paused = false;
    lastRead = System.nanoTime();
    socket.resume();
  }

  /** Script data as an FLV file holds it: "@setDataFrame" is RTMP's wrapper around onMetaData. */
  private static Buffer withoutSetDataFrame(Buffer payload) {
    Amf0 values = new Amf0(payload, 0);
    return "@setDataFrame".equals(values.read()) ? payload.slice(values.position(), payload.length()) : payload;
  }

  private void checkIdle() {
    if (closing) return;
    // While the sink is full we do not read: the publisher is not idle, unless it has gone meanwhile.
    long quiet = paused && !socketClosed ? 0 : System.nanoTime() - lastRead;
    if (quiet < idleNanos) {
      idleTimer = vertx.setTimer(Math.max(1, (idleNanos - quiet) / 1_000_000), id -> checkIdle());
      return;
    }
    String why = socketClosed ? "the connection closed while the sink was full" : "nothing received for " + idleNanos / 1_000_000 + " ms";
    log.info("Closed the RTMP connection from {}: {}", socket.remoteAddress(), why);
    shut(why);
  }

  private void fail(String why) {
    log.warn("Closed the RTMP connection from {}: {}", socket.remoteAddress(), why);
    shut(why);
  }

  private void shut(String why) {
    end(why);
    closing = true;
    socket.close();
  }

  private void closed() {
    socketClosed = true;
    vertx.cancelTimer(handshakeTimer);
    if (paused) return; // the end handler ends it, after what is held
    closing = true;
    vertx.cancelTimer(idleTimer);
    end("the connection closed");
  }

  /** Ends the publish, once. */
  private void end(String reason) {
    if (sink == null || ended) return;
    ended = true;
    sink.end(reason);
  }

  private Future<Void> send(int chunkStream, RtmpMessage message) {
    return socket.write(encoder.encode(chunkStream, message));
  }

  /** Runs on this connection's event loop, at once when already there. */
  private void onLoop(Runnable action) {
    if (Vertx.currentContext() == context) action.run();
    else context.runOnContext(v -> action.run());
  }

  private static String withoutQuery(String name) {
    int query = name.indexOf('?');
    return query < 0 ? name : name.substring(0, query);
  }

  /** Enough of a stream key to tell two apart in the logs: at most 4 characters, and at most half of the key. */
  static String masked(String key) {
    return key.substring(0, Math.min(4, key.length() / 2)) + "…";
  }
}
