package io.streamroom.live;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** A browser going live without the browser: JPEG frames over a WebSocket to /live/{name}/ingest. */
public final class IngestClient implements AutoCloseable {
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private final TestPattern pattern;
  private final Yuv420Image image;
  private final JpegEncoder encoder;
  private long frame;
  private long lastSent;

  public IngestClient(int port, String channelName, String token) {
    this(port, channelName, token, null);
  }

  /** @param session the streaming page's chat session, which peer-to-peer viewers connect to (null: none) */
  public IngestClient(int port, String channelName, String token, String session) {
    socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/live/" + channelName + "/ingest?token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8) + (session == null ? "" : "&session=" + session)),
            new WebSocket.Listener() {
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
    pattern = new TestPattern(320, 180);
    image = new Yuv420Image(320, 180);
    encoder = new JpegEncoder(320, 180, 70);
  }

  /** Sends one webcam-like JPEG frame, at most 25 a second like a real webcam (the server drops faster ones). */
  public void sendFrame() {
    long wait = lastSent + 40 - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pattern.draw(image, frame++, System.currentTimeMillis());
    send(encoder.encode(image));
    lastSent = System.currentTimeMillis();
  }

  void send(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  /** @return "code reason" if the server has closed the socket, else null */
  public String closedReason() {
    return closed.getNow(null);
  }

  /** @return "code reason" once the server closed the socket */
  public String awaitClosed() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      fail("the ingest socket is still open");
      return null;
    }
  }

  @Override
  public void close() {
    encoder.close();
    socket.abort();
  }
}
