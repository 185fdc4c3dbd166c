package io.streamroom.live;

import io.streamroom.support.ApiClient;
import io.vertx.core.json.JsonArray;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** A page's live viewer without the page: a WebSocket to /live/{name}/ws reading frames as they come. */
final class LiveViewer implements AutoCloseable {
  record Received(long seq, long capturedAt, long receivedAt, byte[] jpeg) {
    boolean isJpeg() {
      return jpeg.length > 2 && (jpeg[0] & 0xFF) == 0xFF && (jpeg[1] & 0xFF) == 0xD8;
    }

    long latencyMillis() {
      return receivedAt - capturedAt;
    }
  }

  private final LinkedBlockingQueue<Received> frames = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private LiveViewer(int port, String name) {
    socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/live/" + name + "/ws"), new WebSocket.Listener() {
          private ByteBuffer message = ByteBuffer.allocate(0);

          @Override
          public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(message.remaining() + data.remaining());
            message = joined.put(message).put(data).flip();
            if (last) {
              long seq = message.getLong();
              long at = message.getLong();
              byte[] jpeg = new byte[message.remaining()];
              message.get(jpeg);
              frames.add(new Received(seq, at, System.currentTimeMillis(), jpeg));
              message = ByteBuffer.allocate(0);
            }
            ws.request(1);
            return null;
          }
        }).join();
  }

  static LiveViewer watch(int port, String name) {
    return new LiveViewer(port, name);
  }

  Received next() {
    try {
      Received frame = frames.poll(5, TimeUnit.SECONDS);
      if (frame == null) fail("no frame within 5 s");
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until GET /api/live lists the channel (the capture thread starts asynchronously). */
  static void awaitLive(ApiClient api, String channel) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      JsonArray live = api.get("/api/live", null).array();
      for (int i = 0; i < live.size(); i++) {
        if (channel.equals(live.getJsonObject(i).getString("channel"))) return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    fail(channel + " did not go live");
  }

  @Override
  public void close() {
    socket.abort();
  }
}
