package io.streamroom.web;

import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BridgeClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * STREAMROOM_ADMIN_IPS is the telnet server's rule. Behind a reverse proxy every browser comes from the
 * proxy's address, so on the web it must not make anyone an admin.
 */
class AdminAddressTest {
  @Test
  void addressAdminsAreTelnetOnlySoVisitorsBehindAProxyAreNot() {
    try (TestApp app = TestApp.start(Map.of(Setting.ADMIN_IPS, "127.0.0.1"));
         BridgeClient visitor = BridgeClient.signedIn(app.httpPort(), new ApiClient(app.httpPort()).visitor("proxied"));
         TelnetClient local = app.user("localop")) {
      assertEquals("visitor", visitor.command(new JsonObject().put("type", "hello")).getString("role"));
      assertEquals("NOT_ADMIN", visitor.command(new JsonObject().put("type", "admins")).getString("error"));
      local.send("/listadmins");
      local.expect("* Admins");
      local.send("/addadmin proxied");
      local.expect("! Visitors cannot be admins.");
    }
  }
}
