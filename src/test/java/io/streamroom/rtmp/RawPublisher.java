package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A publisher written by hand over a plain socket: it can say what OBS and FFmpeg never would. */
public final class RawPublisher implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final Queue<RtmpMessage> received = new ArrayDeque<>();
  private final ChunkDecoder decoder = new ChunkDecoder(received::add);
  private long sent;

  public RawPublisher(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(5000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void send(Buffer bytes) {
    try {
      out.write(bytes.getBytes());
      out.flush();
      sent += bytes.length();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes sent since the handshake (which is C0, C1 and C2: 3073 bytes). */
  long sentAfterHandshake() {
    return sent - (1 + 2 * 1536);
  }

  /** C0 C1, then S0 S1 S2 (S2 echoes C1), then C2 (echoing S1). */
  void handshake() {
    byte[] c1 = new byte[1536];
    ThreadLocalRandom.current().nextBytes(c1);
    send(Buffer.buffer().appendByte((byte) 3).appendBytes(c1));
    byte[] reply = read(1 + 2 * 1536);
    assertEquals(3, reply[0], "S0: version 3");
    assertArrayEquals(new byte[4], Arrays.copyOfRange(reply, 5, 9), "S1: a zero version");
    assertArrayEquals(c1, Arrays.copyOfRange(reply, 1 + 1536, reply.length), "S2 echoes C1");
    send(Buffer.buffer(Arrays.copyOfRange(reply, 1, 1 + 1536)));
  }

  void send(int chunkStream, RtmpMessage message) {
    send(encoder.encode(chunkStream, message));
  }

  void command(int streamId, Object... values) {
    send(3, RtmpMessage.command(streamId, values));
  }

  /** The handshake, connect, createStream and publish, as FFmpeg does them. @return publish's onStatus info */
  public Map<?, ?> publish(String app, String key) {
    handshake();
    command(0, "connect", 1, Map.of("app", app, "type", "nonprivate"));
    assertEquals("NetConnection.Connect.Success", info(expectCommand("_result")).get("code"));
    command(0, "createStream", 2, null);
    assertEquals(1.0, expectCommand("_result").get(3), "the stream id");
    command(1, "publish", 3, null, key, "live");
    return info(expectCommand("onStatus"));
  }

  static Map<?, ?> info(List<Object> command) {
    return (Map<?, ?>) command.get(3);
  }

  /** The values of the next command of that name, skipping other messages. */
  List<Object> expectCommand(String name) {
    while (true) {
      List<Object> values = new Amf0(expect(RtmpMessage.COMMAND).payload(), 0).readAll();
      if (name.equals(values.get(0))) return values;
    }
  }

  /** The next message of that type, skipping others. */
  RtmpMessage expect(int type) {
    while (true) {
      RtmpMessage message = received.poll();
      if (message == null) decoder.feed(Buffer.buffer(readSome()));
      else if (message.type() == type) return message;
    }
  }

  /** @return whether the server closed the connection within that time (what it sent meanwhile is skipped) */
  boolean closedWithin(Duration time) {
    long deadline = System.nanoTime() + time.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (in.read(new byte[4096]) < 0) return true;
      }
      return false;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private byte[] readSome() {
    try {
      byte[] bytes = new byte[4096];
      int read = in.read(bytes);
      if (read < 0) throw new IllegalStateException("the server closed the connection");
      return Arrays.copyOf(bytes, read);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] read(int length) {
    try {
      byte[] bytes = in.readNBytes(length);
      if (bytes.length < length) throw new IllegalStateException("the server closed the connection");
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closed already
    }
  }
}
