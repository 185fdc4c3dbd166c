package io.streamroom.store;

import io.streamroom.config.Setting;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An external PostgreSQL given by STREAMROOM_DB_URL (here a separate server the test starts), /health
 * following its state, and chat staying up, with clear errors, while the database is gone.
 */
class DatabaseHealthTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthFollowsTheDatabaseAndChatSurvivesItsLoss() throws Exception {
    EmbeddedPostgres external = EmbeddedPostgres.builder().setServerConfig("fsync", "on").start(); // fsync off is refused
    String url = "postgresql://postgres@localhost:" + external.getPort() + "/postgres";
    try (TestApp app = TestApp.start(Map.of(Setting.DB_URL, url))) {
      HttpResponse<String> up = health(app);
      assertEquals(200, up.statusCode());
      JsonObject body = new JsonObject(up.body());
      assertEquals("UP", body.getString("status"));
      assertEquals("UP", body.getJsonArray("checks").getJsonObject(0).getString("status"));
      assertEquals("database", body.getJsonArray("checks").getJsonObject(0).getString("id"));

      try (TelnetClient ada = app.user("ada"); TelnetClient bo = app.user("bo")) {
        external.close();
        HttpResponse<String> down = health(app);
        assertEquals(503, down.statusCode());
        assertEquals("DOWN", new JsonObject(down.body()).getString("status"));

        ada.send("lost?");
        ada.expect("! The chat database is unavailable right now; nothing was sent. Try again shortly.");
        bo.expectNo("lost?", java.time.Duration.ofMillis(200));
        ada.send("/who");
        ada.expect("* In #lobby (2): ada, bo"); // presence does not need the database
      }
    } finally {
      external.close();
    }
  }

  private HttpResponse<String> health(TestApp app) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health")).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
