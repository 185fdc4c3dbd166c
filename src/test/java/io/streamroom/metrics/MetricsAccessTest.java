package io.streamroom.metrics;

import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.ApiClient.Response;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may read /metrics: everyone by default, admins, listed addresses, or nobody when metrics are off. */
class MetricsAccessTest {

  @Test
  void metricsTurnedOffAreNotFoundAndTheRestWorks() {
    try (TestApp app = TestApp.start(Map.of(Setting.METRICS, "false"))) {
      ApiClient api = new ApiClient(app.httpPort());
      assertEquals(404, api.get("/metrics", null).status());
      assertEquals(200, api.get("/health", null).status());
    }
  }

  @Test
  void restrictedToAdminsAndAnotherAddressTheRestAreRefused() {
    try (TestApp app = TestApp.start(Map.of(Setting.METRICS_ALLOW, "10.1.2.3, admins", Setting.ADMINS, "boss"))) {
      ApiClient api = new ApiClient(app.httpPort());
      Response anonymous = api.get("/metrics", null);
      assertEquals(403, anonymous.status());
      assertEquals("FORBIDDEN", anonymous.error());
      assertEquals(403, api.get("/metrics", api.register("pleb", "pleb-password")).status());
      assertEquals(403, api.get("/metrics", "not.a.token").status());
      Response admin = api.get("/metrics", api.register("boss", "boss-password"));
      assertEquals(200, admin.status());
      assertTrue(admin.body().contains("streamroom_users_connected{adapter=\"telnet\"}"), admin.body());
    }
  }

  @Test
  void aListedAddressReadsWithoutAToken() {
    try (TestApp app = TestApp.start(Map.of(Setting.METRICS_ALLOW, "::1,127.0.0.1"))) {
      assertEquals(200, new ApiClient(app.httpPort()).get("/metrics", null).status());
    }
  }

  @Test
  void aWrongAccessRuleStopsStartUpNamingTheSetting() {
    ConfigException e = assertThrows(ConfigException.class, () -> TestApp.start(Map.of(Setting.METRICS_ALLOW, "everyone")).close());
    assertEquals("STREAMROOM_METRICS_ALLOW (metrics.allow): 'everyone' is not all, admins or an IP address", e.getMessage());
  }
}
