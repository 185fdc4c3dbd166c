package io.streamroom.web;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.RawHttp;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API over real HTTP against the whole application. */
class WebApiTest {
  private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.JWT_SECRET, SECRET, Setting.LOGIN_MAX_FAILURES, "3"));
    api = new ApiClient(app.httpPort());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static JsonObject credentials(String name, String password) {
    return new JsonObject().put("username", name).put("password", password);
  }

  @Test
  void registerGivesATokenAndTheNameCannotBeTakenAgain() {
    Response created = api.post("/api/register", credentials("webby", "long-enough"), null);
    assertEquals(201, created.status());
    assertNotNull(created.json().getString("token"));
    assertEquals(new JsonObject().put("name", "webby").put("role", "user"), created.json().getJsonObject("user"));

    Response again = api.post("/api/register", credentials("WEBBY", "long-enough"), null);
    assertEquals(409, again.status());
    assertEquals("NICK_REGISTERED", again.error());
    assertEquals("BAD_PASSWORD", api.post("/api/register", credentials("shorty", "short"), null).error());
    assertEquals("BAD_NICK", api.post("/api/register", credentials("no way", "long-enough"), null).error());
  }

  @Test
  void loginWorksForWebAndTelnetAccountsAlike() {
    api.register("crossover", "web-password");
    Response ok = api.post("/api/login", credentials("crossover", "web-password"), null);
    assertEquals(200, ok.status());
    assertEquals("crossover", ok.json().getJsonObject("user").getString("name"));
    Response wrong = api.post("/api/login", credentials("crossover", "not-it"), null);
    assertEquals(401, wrong.status());
    assertEquals("LOGIN_FAILED", wrong.error());

    try (TelnetClient telnet = app.connect()) {
      telnet.expect("Choose a nickname");
      telnet.send("/login crossover web-password");
      telnet.expect("Hello crossover.");
      telnet.send("/quit");
    }
    try (TelnetClient telnet = app.user("telnetborn")) {
      telnet.send("/register telnet-password");
      telnet.expect("is now your account");
    }
    assertEquals(200, api.post("/api/login", credentials("telnetborn", "telnet-password"), null).status());
  }

  @Test
  void repeatedFailuresAreThrottledEvenForTheRightPassword() {
    api.register("target", "the-password");
    for (int i = 0; i < 3; i++) assertEquals(401, api.post("/api/login", credentials("target", "guess" + i), null).status());
    Response blocked = api.post("/api/login", credentials("target", "the-password"), null);
    assertEquals(429, blocked.status());
    assertEquals("TOO_MANY_ATTEMPTS", blocked.error());
    assertTrue(Integer.parseInt(blocked.raw().headers().firstValue("Retry-After").orElseThrow()) > 0);
  }

  @Test
  void telnetLoginsShareTheThrottleWhateverTheSpelling() {
    api.register("guarded", "guarded-pass");
    try (TelnetClient guesser = app.connect()) {
      guesser.expect("Choose a nickname");
      for (int i = 0; i < 3; i++) {
        guesser.send("/login guarded guess" + i);
        guesser.expect("! Wrong name or password.");
      }
      guesser.send("/login GUARDED guarded-pass");
      guesser.expect("! Too many login attempts; try again in ");
    }
    Response web = api.post("/api/login", credentials("  Guarded ", "guarded-pass"), null);
    assertEquals(429, web.status());
    assertEquals("TOO_MANY_ATTEMPTS", web.error());
  }

  @Test
  void topicsAreCleanedLikeMessagesAndTooLongOnesRefused() {
    String token = api.register("topical", "topical-pass");
    Response created = api.post("/api/channels", new JsonObject().put("name", "cleaned")
        .put("topic", "nul\u0000 bell\u0007 \u001b[31mred end"), token);
    assertEquals(201, created.status(), created.body());
    assertEquals("nul bell [31mred end", created.json().getString("topic"));
    Response tooLong = api.post("/api/channels", new JsonObject().put("name", "verbose").put("topic", "x".repeat(201)), token);
    assertEquals(400, tooLong.status());
    assertEquals("TOO_LONG", tooLong.error());
  }

  @Test
  void nullsAndWrongTypesInBodiesGetClearErrorsNotHangs() {
    Response noPassword = api.post("/api/register", new JsonObject().put("username", "nopass"), null);
    assertEquals(400, noPassword.status());
    assertEquals("BAD_PASSWORD", noPassword.error());
    assertEquals("BAD_REQUEST", api.post("/api/register", new JsonObject().put("username", 42).put("password", "long-enough"), null).error());
    assertEquals("BAD_NICK", api.post("/api/visitor", new JsonObject().putNull("name"), null).error());
    assertEquals("LOGIN_FAILED", api.post("/api/login", new JsonObject().put("username", "nopass").putNull("password"), null).error());
    String token = api.register("nuller", "nuller-pass");
    Response created = api.post("/api/channels", new JsonObject().put("name", "nulltopic").putNull("topic"), token);
    assertEquals(201, created.status());
    assertEquals("", created.json().getString("topic"));
  }

  @Test
  void visitorsGetAReadOnlyTokenButNotAnAccountsName() {
    Response visitor = api.post("/api/visitor", new JsonObject().put("name", "lurker"), null);
    assertEquals(200, visitor.status());
    assertEquals("visitor", visitor.json().getJsonObject("user").getString("role"));
    api.register("owned", "owned-password");
    assertEquals(409, api.post("/api/visitor", new JsonObject().put("name", "owned"), null).status());
    String token = visitor.json().getString("token");
    Response create = api.post("/api/channels", new JsonObject().put("name", "lurkers"), token);
    assertEquals(403, create.status());
    assertEquals("READ_ONLY", create.error());
  }

  @Test
  void missingForgedAndExpiredTokensGet401() {
    assertEquals(401, api.get("/api/channels", null).status());
    assertEquals("UNAUTHORIZED", api.get("/api/channels", "not.a.token").error());

    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth otherKey = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("some-other-secret-entirely-xxxxxxx")));
      String forged = otherKey.generateToken(new JsonObject().put("sub", "admin").put("role", "admin"), new JWTOptions());
      assertEquals(401, api.get("/api/channels", forged).status());

      JWTAuth rightKey = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
      long past = System.currentTimeMillis() / 1000 - 60;
      String expired = rightKey.generateToken(new JsonObject().put("sub", "webby").put("role", "user").put("exp", past),
          new JWTOptions().setNoTimestamp(true));
      assertEquals(401, api.get("/api/channels", expired).status());
      String fresh = rightKey.generateToken(new JsonObject().put("sub", "webby").put("role", "user"), new JWTOptions());
      assertEquals(200, api.get("/api/channels", fresh).status());
    } finally {
      vertx.close();
    }
  }

  @Test
  void usersCreateRegisteredOnlyChannelsTheyOwn() {
    String token = api.register("founder", "founder-pass");
    Response created = api.post("/api/channels", new JsonObject().put("name", "Builders").put("topic", "we build"), token);
    assertEquals(201, created.status());
    assertEquals(new JsonObject().put("name", "#builders").put("topic", "we build").put("members", 0)
        .put("owner", "founder").put("registeredOnly", true).put("secret", false), created.json());
    assertEquals("CHANNEL_EXISTS", api.post("/api/channels", new JsonObject().put("name", "#builders"), token).error());
    assertEquals("BAD_CHANNEL", api.post("/api/channels", new JsonObject().put("name", "no spaces here"), token).error());

    JsonArray channels = api.get("/api/channels", token).array();
    JsonObject lobby = find(channels, "#lobby");
    assertEquals(false, lobby.getBoolean("registeredOnly"));
    assertNull(lobby.getString("owner"));
    assertEquals("founder", find(channels, "#builders").getString("owner"));
  }

  @Test
  void historyPagesBackNewestFirst() {
    String token = api.register("pager", "pager-pass");
    try (TelnetClient writer = app.user("scribe")) {
      writer.send("/join #pages");
      writer.expect("You joined #pages");
      for (int i = 1; i <= 7; i++) {
        writer.send("line " + i);
        writer.expect("scribe: line " + i);
      }
    }
    JsonArray first = api.get("/api/channels/pages/messages?limit=3", token).json().getJsonArray("messages");
    assertEquals(3, first.size());
    assertEquals("line 7", first.getJsonObject(0).getString("text"));
    assertEquals("line 5", first.getJsonObject(2).getString("text"));
    long oldest = first.getJsonObject(2).getLong("id");
    JsonArray second = api.get("/api/channels/pages/messages?limit=3&before=" + oldest, token).json().getJsonArray("messages");
    assertEquals("line 4", second.getJsonObject(0).getString("text"));
    assertEquals("line 2", second.getJsonObject(2).getString("text"));
    assertEquals("scribe", second.getJsonObject(0).getString("from"));

    assertEquals(400, api.get("/api/channels/pages/messages?limit=101", token).status());
    assertEquals("BAD_REQUEST", api.get("/api/channels/pages/messages?before=yesterday", token).error());
    assertEquals(404, api.get("/api/channels/nowhere/messages", token).status());
  }

  @Test
  void malformedAndOversizedBodiesGetClearErrors() {
    Response broken = api.post("/api/login", "{not json", null);
    assertEquals(400, broken.status());
    assertEquals("BAD_REQUEST", broken.error());
    assertEquals("BAD_REQUEST", api.post("/api/login", "[1,2]", null).error());
    Response huge = api.post("/api/register", credentials("big", "x".repeat(100_000)), null);
    assertEquals(413, huge.status());
    assertEquals("TOO_LARGE", huge.error());
    assertEquals(404, api.get("/api/nothing-here", null).status());
    assertEquals(201, api.post("/api/register", credentials("afterwards", "still-works"), null).status());
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedAndTheConnectionEndsInsteadOfReadingOn() throws Exception {
    long cap = 64L * 1024 * 1024; // what an endless upload would send if we kept reading
    try (RawHttp client = new RawHttp(app.httpPort())) {
      client.write("POST /api/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      long[] accepted = {0};
      Thread uploader = new Thread(() -> {
        byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        while (accepted[0] < cap && client.write(chunk)) accepted[0] += 0x10000;
      });
      uploader.start();
      String response = client.readResponse(java.time.Duration.ofSeconds(10));
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("TOO_LARGE"), response);
      uploader.join(10_000);
      assertTrue(accepted[0] < 16L * 1024 * 1024, "the upload was cut off, not read on: " + accepted[0] + " bytes went in");
    }
    assertEquals(201, api.post("/api/register", credentials("afterupload", "still-works"), null).status());
  }

  @Test
  void aContentLengthOverTheLimitIsRefusedWithoutReadingTheBody() {
    try (RawHttp client = new RawHttp(app.httpPort())) {
      client.write("POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100000000\r\n\r\n{\"username\":");
      String response = client.readResponse(java.time.Duration.ofSeconds(5));
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(client.closedByServer(java.time.Duration.ofSeconds(5)), "closed: the 100 MB are never read");
    }
  }

  @Test
  void thePageAndTheApiCarrySecurityHeaders() {
    for (Response response : java.util.List.of(api.get("/", null), api.get("/api/channels", null), api.get("/js/main.js", null))) {
      java.net.http.HttpHeaders headers = response.raw().headers();
      String csp = headers.firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
          && csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"), csp);
      assertEquals("DENY", headers.firstValue("X-Frame-Options").orElse(null));
      assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElse(null));
      assertEquals("no-referrer", headers.firstValue("Referrer-Policy").orElse(null));
    }
  }

  private static JsonObject find(JsonArray channels, String name) {
    for (int i = 0; i < channels.size(); i++) {
      if (name.equals(channels.getJsonObject(i).getString("name"))) return channels.getJsonObject(i);
    }
    throw new AssertionError(name + " not in " + channels);
  }
}
