package io.streamroom.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** Either end of the relay without a browser: a recorder sending WebM chunks, or a viewer keeping every message. */
final class RelaySocket implements AutoCloseable {
  private final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final WebSocket socket;

  private RelaySocket(int port, String path) {
    socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();
          private byte[] binary = new byte[0];

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              bytesReceived.addAndGet(text.toString().getBytes(StandardCharsets.UTF_8).length);
              messages.add(text.toString());
              text.setLength(0);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            int had = binary.length;
            binary = Arrays.copyOf(binary, had + data.remaining());
            data.get(binary, had, binary.length - had);
            if (last) {
              bytesReceived.addAndGet(binary.length);
              messages.add(binary);
              binary = new byte[0];
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status + " " + reason);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            closed.complete("error " + error);
          }
        }).join();
  }

  static RelaySocket open(int port, String path) {
    return new RelaySocket(port, path);
  }

  void sendText(String text) {
    socket.sendText(text, true).join();
  }

  /** Bytes {@code from} to {@code to} of a stream, as one binary message. */
  void sendBinary(byte[] stream, int from, int to) {
    socket.sendBinary(ByteBuffer.wrap(stream, from, to - from), true).join();
  }

  String nextText() {
    return assertInstanceOf(String.class, next(), "a text message");
  }

  byte[] nextBinary() {
    return assertInstanceOf(byte[].class, next(), "a binary message");
  }

  private Object next() {
    try {
      Object message = messages.poll(10, TimeUnit.SECONDS);
      if (message == null) fail("no message within 10 s (" + (closed.isDone() ? "closed: " + closed.join() : "open") + ")");
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Text and binary payload bytes received so far. */
  long bytesReceived() {
    return bytesReceived.get();
  }

  /** @return "code reason" once the server closed the socket */
  String awaitClosed() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      fail("the socket is still open");
      return null;
    }
  }

  @Override
  public void close() {
    socket.abort();
  }
}
