package io.streamroom.auth;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Password guessing is slowed without handing strangers a way to lock owners out, and sign-ups are
 * limited per address. Other loopback addresses (127.0.0.2) stand in for other machines.
 */
class ThrottleTest {
  private static TestApp app;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.LOGIN_MAX_FAILURES, "3", Setting.SIGNUPS_PER_HOUR, "4"));
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
  void successfulLoginsDoNotCountAsFailures() {
    try (TelnetClient signup = TelnetClient.connectFrom("127.0.0.3", app.tcpPort())) {
      signup.expect("Choose a nickname");
      signup.send("regular");
      signup.expect("You joined #lobby");
      signup.send("/register regular-pass");
      signup.expect("is now your account");
    }
    for (int i = 0; i < 12; i++) {
      assertEquals(200, api.post("/api/login", credentials("regular", "regular-pass"), null).status(), "login " + i);
    }
    // Typos followed by the right password are forgiven too.
    for (int i = 0; i < 2; i++) assertEquals(401, api.post("/api/login", credentials("regular", "typo" + i), null).status());
    assertEquals(200, api.post("/api/login", credentials("regular", "regular-pass"), null).status());
    for (int i = 0; i < 2; i++) assertEquals(401, api.post("/api/login", credentials("regular", "typo" + i), null).status());
    assertEquals(200, api.post("/api/login", credentials("regular", "regular-pass"), null).status());
  }

  @Test
  void aStrangersWrongGuessesDoNotLockTheOwnerOut() {
    try (TelnetClient owner = TelnetClient.connectFrom("127.0.0.4", app.tcpPort())) {
      owner.expect("Choose a nickname");
      owner.send("owned");
      owner.expect("You joined #lobby");
      owner.send("/register owned-pass");
      owner.expect("is now your account");
    }
    try (TelnetClient stranger = TelnetClient.connectFrom("127.0.0.2", app.tcpPort())) {
      stranger.expect("Choose a nickname");
      for (int i = 0; i < 3; i++) {
        stranger.send("/login owned guess" + i);
        stranger.expect("! Wrong name or password.");
      }
      stranger.send("/login owned owned-pass");
      stranger.expect("! Too many login attempts; try again in ");
    }
    // The owner, from their own address, is not affected.
    assertEquals(200, api.post("/api/login", credentials("owned", "owned-pass"), null).status());
  }

  @Test
  void signupsAreLimitedPerAddressOnTheWebAndOnTelnet() {
    try (TelnetClient other = TelnetClient.connectFrom("127.0.0.5", app.tcpPort())) {
      other.expect("Choose a nickname");
      other.send("telnetsign0");
      other.expect("You joined #lobby");
      for (int i = 0; i < 4; i++) {
        Response created = api.post("/api/register", credentials("websign" + i, "websign-pass"), null);
        assertEquals(201, created.status(), created.body());
      }
      Response refused = api.post("/api/register", credentials("websign4", "websign-pass"), null);
      assertEquals(429, refused.status());
      assertEquals("TOO_MANY_SIGNUPS", refused.error());
      assertEquals("LOGIN_FAILED", api.post("/api/login", credentials("websign4", "websign-pass"), null).error());

      // Another address still signs up, over telnet.
      other.send("/register telnet-pass");
      other.expect("is now your account");
    }
  }
}
