package io.streamroom.web;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.RawHttp;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slow and idle HTTP clients are bounded in time; streams and sockets that are in use are not. */
class HttpTimeoutsTest {
  private static final int REQUEST_SECONDS = 2;
  private static final int IDLE_SECONDS = 3;
  /** Timers, scheduling and a loaded machine: how late a close may come. */
  private static final Duration SLACK = Duration.ofMillis(1500);
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.HTTP_REQUEST_TIMEOUT_SECONDS, String.valueOf(REQUEST_SECONDS),
        Setting.HTTP_IDLE_TIMEOUT_SECONDS, String.valueOf(IDLE_SECONDS)));
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void headersTrickledAByteAtATimeAreCutOffWithinTheRequestTimeout() throws Exception {
    List<RawHttp> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        RawHttp client = new RawHttp(app.httpPort());
        client.write("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
        slow.add(client);
      }
      long started = System.nanoTime();
      long bound = Duration.ofSeconds(REQUEST_SECONDS).plus(SLACK).toNanos();
      List<RawHttp> open = new ArrayList<>(slow);
      while (!open.isEmpty() && System.nanoTime() - started < bound) {
        for (RawHttp client : List.copyOf(open)) {
          if (!client.write("x") || client.closedByServer(Duration.ofMillis(1))) open.remove(client);
        }
        Thread.sleep(250); // four bytes a second: still a trickle
      }
      assertEquals(0, open.size(), open.size() + " of 50 trickling connections still open after "
          + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    } finally {
      slow.forEach(RawHttp::close);
    }
    assertEquals(200, api.get("/", null).status(), "the server keeps serving");
  }

  @Test
  void aLoginBodyThatTricklesGets408AndTheConnectionEnds() throws Exception {
    try (RawHttp client = new RawHttp(app.httpPort())) {
      client.write("POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 200\r\n\r\n{\"username\":");
      long started = System.nanoTime();
      Thread writer = new Thread(() -> {
        for (int i = 0; i < 40 && client.write(" "); i++) {
          try {
            Thread.sleep(250);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      writer.start();
      String response = client.readResponse(Duration.ofSeconds(REQUEST_SECONDS).plus(SLACK));
      assertTrue(response.startsWith("HTTP/1.1 408"), response);
      assertTrue(response.contains("REQUEST_TIMEOUT"), response);
      assertTrue(client.closedByServer(SLACK), "closed after the 408");
      assertTrue(System.nanoTime() - started < Duration.ofSeconds(REQUEST_SECONDS).plus(SLACK).toNanos());
      writer.interrupt();
    }
    assertEquals(401, api.post("/api/login", new JsonObject().put("username", "nosuchuser").put("password", "whatever-pass"), null).status());
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() {
    try (RawHttp client = new RawHttp(app.httpPort())) {
      client.write("GET /api/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertTrue(client.readResponse(Duration.ofSeconds(5)).startsWith("HTTP/1.1 200"));
      assertFalse(client.closedByServer(Duration.ofMillis(IDLE_SECONDS * 1000L - 1000)), "kept alive for a while");
      assertTrue(client.closedByServer(Duration.ofMillis(1000).plus(SLACK)), "closed once idle too long");
    }
  }

  @Test
  void aConnectionInUseBetweenRequestsIsKeptAlive() {
    try (RawHttp client = new RawHttp(app.httpPort())) {
      for (int i = 0; i < 3; i++) {
        client.write("GET /api/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(client.readResponse(Duration.ofSeconds(5)).startsWith("HTTP/1.1 200"));
        assertFalse(client.closedByServer(Duration.ofMillis(IDLE_SECONDS * 1000L - 1000)));
      }
    }
  }

  @Test
  void aBridgeSocketOutlivesTheIdleTimeout() {
    try (BridgeClient web = BridgeClient.signedIn(app.httpPort(), api.register("patient", "patient-pass"))) {
      web.join("#lobby");
      web.expectNone(frame -> "close".equals(frame.getString("type")), Duration.ofSeconds(IDLE_SECONDS + 2));
      assertTrue(web.say("#lobby", "still here").containsKey("id"));
    }
  }
}
