package io.streamroom.web;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.Poll;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the admin page reads over REST, and who may read it, against the whole application. */
class AdminApiTest {
  private static TestApp app;
  private static ApiClient api;
  private static String root;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(Setting.ADMINS, "root"));
    api = new ApiClient(app.httpPort());
    root = api.register("root", "root-password");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static JsonObject find(JsonArray items, String name) {
    return items.stream().map(JsonObject.class::cast).filter(i -> name.equals(i.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in " + items.encode()));
  }

  @Test
  void anAdminSeesEachSessionWithItsAdapterAndAddress() {
    try (TelnetClient tess = app.user("tess")) {
      tess.send("/join #corner");
      tess.expect("You joined #corner");
      JsonObject session = find(api.get("/api/admin/users", root).array(), "tess");
      assertEquals("telnet", session.getString("adapter"));
      assertTrue(session.getString("address").matches("127\\.0\\.0\\.1:\\d+"), session.encode());
      assertEquals(new JsonArray().add("#corner"), session.getJsonArray("channels"));
      assertEquals("guest", session.getString("role"));
      tess.send("/status invisible");
      tess.expect("invisible");
      assertEquals("invisible", find(api.get("/api/admin/users", root).array(), "tess").getString("status"),
          "admins see invisible users, as they are");
    }
  }

  @Test
  void accountsShowTheirRoleAndServerBans() {
    api.register("quinn", "quinn-password");
    try (TelnetClient admin = app.user("rootterm")) {
      admin.send("/login root root-password");
      admin.expect("Logged in as root (admin)");
      admin.send("/serverban quinn");
      admin.expect("quinn is banned from the server.");
      JsonObject quinn = find(api.get("/api/admin/accounts", root).array(), "quinn");
      assertEquals(true, quinn.getBoolean("banned"));
      assertEquals(false, quinn.getBoolean("admin"));
      assertEquals(true, find(api.get("/api/admin/accounts", root).array(), "root").getBoolean("admin"));

      admin.send("/removeadmin root");
      admin.expect("! You cannot demote yourself.");
      api.register("rhea", "rhea-password");
      admin.send("/addadmin rhea");
      admin.expect("rhea is now an admin.");
      assertEquals(true, find(api.get("/api/admin/accounts", root).array(), "rhea").getBoolean("admin"));
      admin.send("/removeadmin rhea");
      admin.expect("rhea is no longer an admin.");
      assertEquals(false, find(api.get("/api/admin/accounts", root).array(), "rhea").getBoolean("admin"));
      try (TelnetClient temp = app.user("tempguest")) { // a guest is an admin until it disconnects, or is demoted
        admin.send("/addadmin tempguest");
        temp.expect("* root made you an admin.");
        admin.send("/removeadmin tempguest");
        temp.expect("* root removed your admin role.");
        temp.send("/kick root");
        temp.expect("! Only admins can do that.");
      }
      admin.send("/removeadmin nobody-here");
      admin.expect("! nobody-here is neither an account nor an admin online.");
    }
  }

  @Test
  void theConnectionLogsLastRecordsComeNewestLast() {
    try (TelnetClient last = app.user("lastone")) {
      JsonArray records = Poll.until("lastone's connection in the log", Duration.ofSeconds(5), () -> {
        JsonArray all = api.get("/api/admin/connections?limit=3", root).array();
        return all.getString(all.size() - 1).contains("CONNECTION_ESTABLISHED") ? all : null;
      });
      assertEquals(3, records.size());
      assertTrue(records.getString(2).matches("\\[\\d{4}-\\d\\d-\\d\\d [\\d:.]+] CONNECTION_ESTABLISHED \\| Source: 127\\.0\\.0\\.1:\\d+ telnet.*"),
          records.encode());
    }
    Response none = api.get("/api/admin/connections?limit=0", root);
    assertEquals(400, none.status());
    assertEquals("limit is 1-1000 records.", none.json().getString("message"));
    assertEquals(400, api.get("/api/admin/connections?limit=5000", root).status());
    assertEquals("BAD_REQUEST", api.get("/api/admin/connections?limit=lots", root).error());
  }

  @Test
  void everyoneButAnAdminIsRefused() {
    String user = api.register("nosy", "nosy-password");
    for (String path : new String[] {"/api/admin/users", "/api/admin/accounts", "/api/admin/connections", "/api/admin/webhooks"}) {
      Response refused = api.get(path, user);
      assertEquals(403, refused.status(), path);
      assertEquals("NOT_ADMIN", refused.error(), path);
      assertEquals("READ_ONLY", api.get(path, api.visitor("peek" + path.length())).error(), path);
      assertEquals(401, api.get(path, null).status(), path);
    }
    assertEquals(404, api.get("/api/admin/nothing", root).status());
  }
}
