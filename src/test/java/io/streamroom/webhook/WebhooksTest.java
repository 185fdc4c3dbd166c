package io.streamroom.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks received by real HTTP listeners, from a whole application driven over telnet and the API: signed
 * events in order, a retry after a failure (logged once), a hanging endpoint that the chat never waits for, and
 * a hook added from the admin API.
 */
class WebhooksTest {
  private static final String OK_SECRET = "ops-secret-0123456789";
  private static final String FLAKY_SECRET = "flaky-secret-0123456789";
  private static final String HANGING_SECRET = "hanging-secret-0123456789";
  private static final AtomicInteger flakyFailures = new AtomicInteger();
  private static final ListAppender<ILoggingEvent> deliveryLog = new ListAppender<>();
  private static HookListener ok;
  private static HookListener flaky;
  private static HookListener hanging;
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    ok = HookListener.answering200();
    // Fails the first two POSTs about "flaky" (an event's first try and its first retry), then accepts.
    flaky = new HookListener(post -> new String(post.body()).contains("flaky") && flakyFailures.incrementAndGet() <= 2 ? 500 : 200);
    hanging = new HookListener(post -> HookListener.HANG);
    deliveryLog.start();
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(HookDelivery.class)).addAppender(deliveryLog);
    app = TestApp.start(Map.of(Setting.ADMINS, "boss", Setting.RATE_MESSAGES, "1000", Setting.WEBHOOKS, OK_SECRET + "@" + ok.url() + ", "
        + FLAKY_SECRET + "@" + flaky.url() + ",  " + HANGING_SECRET + "@" + hanging.url() + " messages"));
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    if (app != null) app.close();
    for (HookListener listener : new HookListener[] {ok, flaky, hanging}) if (listener != null) listener.close();
  }

  private static boolean about(HookListener.Received post, String user) {
    return user.equals(post.json().getString("user"));
  }

  @Test
  void aConfiguredHookGetsSignedEventsInOrderButNoMessagesItDidNotAskFor() {
    adminToken();
    try (TelnetClient boss = app.user("bossterm"); TelnetClient carl = app.user("carl")) {
      boss.send("/login boss boss-password");
      boss.expect("boss");
      carl.send("nobody hooks this line");
      carl.expect("carl: nobody hooks this line");
      carl.send("/join #den");
      carl.expect("You joined #den");
      boss.send("/join #den");
      boss.expect("You joined #den");
      boss.send("/ban carl spamming");
      boss.expect("carl is banned from #den");
      carl.expect("You joined #lobby"); // before the kick: the way back is carl's own join
      boss.send("/kick carl enough");
      carl.expect("You were kicked by boss: enough");

      List<HookListener.Received> carls = new ArrayList<>();
      while (carls.size() < 5) {
        carls.add(ok.next(post -> about(post, "carl") || "carl".equals(post.json().getString("from")), "carl's events"));
      }
      // A telnet user banned from a channel is taken back to #lobby: a join like any other.
      assertEquals(List.of("user.joined", "user.joined", "moderation.ban", "user.joined", "moderation.kick"),
          carls.stream().map(HookListener.Received::type).toList(), "no message.sent: this hook did not ask for messages");
      for (HookListener.Received post : carls) {
        post.assertSignedWith(OK_SECRET);
        assertEquals(post.type(), post.headers().get("X-Streamroom-Event"));
        assertEquals("application/json", post.headers().get("Content-Type"));
        assertTrue(post.json().getString("time").endsWith("Z"), post.json().encode());
        assertFalse(post.json().getString("id").isEmpty());
      }
      assertEquals("#lobby", carls.get(0).json().getString("channel"));
      assertEquals("#den", carls.get(1).json().getString("channel"));
      JsonObject ban = carls.get(2).json();
      assertEquals("#den", ban.getString("channel"));
      assertEquals("boss", ban.getString("by"));
      assertEquals("spamming", ban.getString("reason"));
      JsonObject kick = carls.get(4).json();
      assertEquals(true, kick.getBoolean("server"));
      assertEquals("enough", kick.getString("reason"));
    }
  }

  @Test
  void aFailedPostIsRetriedWithBackoffAndTheOutageIsLoggedOnce() {
    try (TelnetClient user = app.user("flaky")) {
      HookListener.Received first = flaky.next(post -> about(post, "flaky"), "flaky's join");
      HookListener.Received second = flaky.next(post -> about(post, "flaky"), "the first retry");
      HookListener.Received third = flaky.next(post -> about(post, "flaky"), "the second retry");
      String id = first.json().getString("id");
      assertEquals(id, second.json().getString("id"), "a retry is the same event");
      assertEquals(id, third.json().getString("id"));
      third.assertSignedWith(FLAKY_SECRET);
      assertTrue(Duration.ofNanos(second.atNanos() - first.atNanos()).toMillis() >= 900, "about 1 s before the first retry");
      assertTrue(Duration.ofNanos(third.atNanos() - second.atNanos()).toMillis() >= 1900, "about 2 s before the second");

      user.send("/join #after");
      flaky.next(post -> about(post, "flaky") && "#after".equals(post.json().getString("channel")), "the next event, delivered");
      List<String> lines = deliveryLog.list.stream().filter(e -> e.getFormattedMessage().contains(flaky.url()))
          .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
      assertEquals(2, lines.size(), "one line when it fails, one when it works again: " + lines);
      assertTrue(lines.get(0).startsWith(Level.WARN + " Webhook " + flaky.url() + " is failing (HTTP 500)"), lines.get(0));
      assertTrue(lines.get(1).startsWith(Level.INFO + " Webhook " + flaky.url() + " works again"), lines.get(1));
    }
  }

  @Test
  void aHangingEndpointNeverSlowsTheChat() {
    try (TelnetClient talker = app.user("talker")) {
      hanging.next(); // its first POST is in flight and will never be answered; everything else queues behind it
      long slowest = 0;
      for (int i = 0; i < 30; i++) {
        long start = System.nanoTime();
        talker.send("line " + i + " while a hook hangs");
        talker.expect("talker: line " + i + " while a hook hangs");
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      assertTrue(Duration.ofNanos(slowest).toMillis() < 1000, "slowest round trip " + Duration.ofNanos(slowest).toMillis() + " ms");
      assertEquals(0, hanging.count(post -> post.json().getString("text", "").endsWith("while a hook hangs")),
          "one POST at a time per hook: the messages wait behind the one that hangs");
      Response hooks = api.get("/api/admin/webhooks", adminToken());
      JsonObject state = hooks.json().getJsonArray("hooks").stream().map(JsonObject.class::cast)
          .filter(h -> h.getString("url").equals(hanging.url())).findFirst().orElseThrow();
      assertTrue(state.getInteger("waiting") >= 30, "the messages wait for the hook: " + state.encode());
      assertEquals(true, state.getBoolean("messages"));
    }
  }

  @Test
  void anAdminAddsAHookForMessagesAndRemovesIt() {
    try (HookListener added = HookListener.answering200(); TelnetClient writer = app.user("writer")) {
      String admin = adminToken();
      Response created = api.post("/api/admin/webhooks", new JsonObject().put("url", added.url()).put("messages", true), admin);
      assertEquals(201, created.status(), created.body());
      String secret = created.json().getString("secret");
      assertEquals(64, secret.length(), "a secret is made when none is given");

      writer.send("hello hooks");
      HookListener.Received message = added.next("message.sent");
      message.assertSignedWith(secret);
      assertEquals("hello hooks", message.json().getString("text"));
      assertEquals("writer", message.json().getString("from"));
      assertEquals("#lobby", message.json().getString("channel"));

      JsonObject listed = api.get("/api/admin/webhooks", admin).json().getJsonArray("hooks").stream().map(JsonObject.class::cast)
          .filter(h -> h.getString("url").equals(added.url())).findFirst().orElseThrow();
      assertEquals("admin", listed.getString("origin"));
      assertNull(listed.getValue("secret"), "secrets are shown once, when made");
      assertFalse(api.get("/api/admin/webhooks", admin).body().contains(OK_SECRET), "nor those of the setting");

      Response removed = api.delete("/api/admin/webhooks/" + created.json().getLong("id"), admin);
      assertEquals(200, removed.status(), removed.body());
      writer.send("after the hook went");
      writer.expect("writer: after the hook went");
      added.expectNothing(Duration.ofMillis(1500));
    }
  }

  @Test
  void webhookRequestsAreRefusedClearly() {
    String user = api.register("nosy", "nosy-password");
    Response notAdmin = api.post("/api/admin/webhooks", new JsonObject().put("url", "http://127.0.0.1:9/x"), user);
    assertEquals(403, notAdmin.status());
    assertEquals("NOT_ADMIN", notAdmin.error());
    assertEquals(403, api.get("/api/admin/webhooks", api.visitor("peeker")).status());
    assertEquals(401, api.get("/api/admin/webhooks", null).status());

    String admin = adminToken();
    Response ftp = api.post("/api/admin/webhooks", new JsonObject().put("url", "ftp://example.org/x"), admin);
    assertEquals(400, ftp.status());
    assertEquals("The URL must start with http:// or https://.", ftp.json().getString("message"));
    Response shortSecret = api.post("/api/admin/webhooks", new JsonObject().put("url", "http://127.0.0.1:9/x").put("secret", "short"), admin);
    assertEquals(400, shortSecret.status());
    assertTrue(shortSecret.json().getString("message").contains("at least 16 characters"), shortSecret.body());
    assertEquals("BAD_REQUEST", api.post("/api/admin/webhooks", new JsonObject().put("url", 42), admin).error());
    assertEquals("BAD_REQUEST", api.post("/api/admin/webhooks", "not json", admin).error());
    Response unknown = api.delete("/api/admin/webhooks/999999", admin);
    assertEquals(404, unknown.status());
    assertEquals("NO_SUCH_WEBHOOK", unknown.error());
    assertEquals(400, api.delete("/api/admin/webhooks/abc", admin).status());
  }

  @Test
  void aBadSettingStopsStartUpNamingTheHookButNotItsSecret() {
    ConfigException problem = assertThrows(ConfigException.class,
        () -> TestApp.start(Map.of(Setting.WEBHOOKS, "tiny-secret@http://127.0.0.1:9/hook")));
    assertEquals("STREAMROOM_WEBHOOKS (webhooks): hook 1: a secret has at least 16 characters", problem.getMessage());
  }

  /** The admin account (STREAMROOM_ADMINS), made once; any test may come first. */
  private static synchronized String adminToken() {
    Response login = api.post("/api/login", new JsonObject().put("username", "boss").put("password", "boss-password"), null);
    if (login.status() == 200) return login.json().getString("token");
    return api.register("boss", "boss-password");
  }
}
