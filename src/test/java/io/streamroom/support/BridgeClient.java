package io.streamroom.support;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A browser's event-bus connection without the browser: a real WebSocket to /eventbus/websocket speaking
 * the bridge's JSON frames. Frames are queued; {@link #expect} waits for one.
 */
public final class BridgeClient implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private final List<JsonObject> unmatched = new ArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;
  /** The session id from hello, once asked. */
  public String session;

  private BridgeClient(int port, String token) {
    String query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket" + query), new Listener())
        .join();
  }

  public static BridgeClient connect(int port, String token) {
    return new BridgeClient(port, token);
  }

  /** Connects, says hello, and registers the session's own address. */
  public static BridgeClient signedIn(int port, String token) {
    BridgeClient client = connect(port, token);
    client.session = client.command(new JsonObject().put("type", "hello")).getString("session");
    client.register("chat.session." + client.session);
    return client;
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      return append(ws, data, last);
    }

    /** The bridge's raw WebSocket transport sends frames as binary UTF-8 JSON. */
    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      return append(ws, StandardCharsets.UTF_8.decode(data), last);
    }

    private CompletionStage<?> append(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        frames.add(new JsonObject(text.toString()));
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(status);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(-1);
    }
  }

  public void sendFrame(JsonObject frame) {
    socket.sendText(frame.encode(), true).join();
  }

  /** Sends a command and waits for its reply body (which may be an error object). */
  public JsonObject command(JsonObject body) {
    return command(body, null);
  }

  public JsonObject command(JsonObject body, JsonObject headers) {
    String replyAddress = UUID.randomUUID().toString();
    JsonObject frame = new JsonObject().put("type", "send").put("address", "chat.commands").put("body", body)
        .put("replyAddress", replyAddress);
    if (headers != null) frame.put("headers", headers);
    sendFrame(frame);
    return expect(f -> replyAddress.equals(f.getString("address")), "reply to " + body).getJsonObject("body");
  }

  /** Sends a command; null when the socket is closed before the reply comes. */
  public JsonObject tryCommand(JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    try {
      sendFrame(new JsonObject().put("type", "send").put("address", "chat.commands").put("body", body)
          .put("replyAddress", replyAddress));
    } catch (RuntimeException closed) {
      return null;
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!this.closed.isDone() || !frames.isEmpty()) {
      JsonObject frame = poll(Math.min(100_000_000L, deadline - System.nanoTime()));
      if (frame != null && replyAddress.equals(frame.getString("address"))) return frame.getJsonObject("body");
      if (frame != null) unmatched.add(frame);
      if (System.nanoTime() > deadline) fail("no reply and no close");
    }
    return null;
  }

  /** Registers and waits until the server confirms (or refuses). @return true when registered */
  public boolean register(String address) {
    sendFrame(new JsonObject().put("type", "register").put("address", address));
    JsonObject answer = expect(f -> ("registered".equals(f.getString("type")) && address.equals(f.getString("address")))
        || "err".equals(f.getString("type")), "registration of " + address);
    return "registered".equals(answer.getString("type"));
  }

  /** Joins a channel and listens to it. @return the join reply */
  public JsonObject join(String channel) {
    JsonObject reply = command(new JsonObject().put("type", "join").put("channel", channel));
    if (reply.containsKey("error")) fail("join " + channel + ": " + reply);
    if (!register("chat.channel." + channel)) fail("could not listen to " + channel);
    return reply;
  }

  public JsonObject say(String channel, String text) {
    return command(new JsonObject().put("type", "say").put("channel", channel).put("text", text));
  }

  /** Waits for an event body on {@code address} matching the test. */
  public JsonObject expectEvent(String address, Predicate<JsonObject> test, String description) {
    return expect(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address"))
        && f.getValue("body") instanceof JsonObject body && test.test(body), description).getJsonObject("body");
  }

  /**
   * Waits for a frame matching the test. Frames that do not match stay available to later calls: a reply
   * and an event can arrive in either order, and waiting for one must not lose the other.
   */
  public JsonObject expect(Predicate<JsonObject> test, String description) {
    for (java.util.Iterator<JsonObject> it = unmatched.iterator(); it.hasNext(); ) {
      JsonObject frame = it.next();
      if (test.test(frame)) {
        it.remove();
        return frame;
      }
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonObject frame = poll(deadline - System.nanoTime());
      if (frame == null) fail("Timed out waiting for " + description + "; frames: " + tail());
      seen.add(frame);
      if (test.test(frame)) return frame;
      unmatched.add(frame);
    }
  }

  /** Asserts no frame matching {@code test} arrives within {@code within}. */
  public void expectNone(Predicate<JsonObject> test, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    for (JsonObject frame : unmatched) {
      if (test.test(frame)) fail("Did not expect " + frame);
    }
    JsonObject frame;
    while ((frame = poll(deadline - System.nanoTime())) != null) {
      seen.add(frame);
      if (test.test(frame)) fail("Did not expect " + frame);
      unmatched.add(frame);
    }
  }

  /** @return the close status code */
  public int awaitClosed() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      fail("Socket still open; frames: " + tail());
      return 0;
    }
  }

  private String tail() {
    return seen.subList(Math.max(0, seen.size() - 10), seen.size()).toString();
  }

  private JsonObject poll(long nanos) {
    try {
      return frames.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (!closed.isDone()) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
  }
}
