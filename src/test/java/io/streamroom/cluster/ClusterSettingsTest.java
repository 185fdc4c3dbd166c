package io.streamroom.cluster;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a node needs before it may start clustered, read from the environment as an operator writes it. */
class ClusterSettingsTest {
  private static final Map<String, String> SHARED = Map.of("STREAMROOM_CLUSTER", "true",
      "STREAMROOM_DB_URL", "postgresql://streamroom:secret@10.0.0.9:5432/streamroom", "STREAMROOM_JWT_SECRET", "s3cret-s3cret-s3cret");

  private static ClusterSettings from(Map<String, String> env) {
    return ClusterSettings.from(Config.load(null, env, new Properties()));
  }

  private static Map<String, String> shared(String key, String value) {
    Map<String, String> env = new HashMap<>(SHARED);
    env.put(key, value);
    return env;
  }

  @Test
  void withoutTheSettingANodeRunsAloneAsBefore() {
    assertNull(from(Map.of()));
  }

  @Test
  void aClusterReadsItsHostPortsAndMembers() {
    Map<String, String> env = shared("STREAMROOM_CLUSTER_MEMBERS", "10.0.0.1:5701, node3.lan:5702");
    env.put("STREAMROOM_CLUSTER_HOST", "10.0.0.2");
    env.put("STREAMROOM_CLUSTER_BUS_PORT", "5801");
    assertEquals(new ClusterSettings("10.0.0.2", 5701, 5801, List.of("10.0.0.1:5701", "node3.lan:5702")), from(env));
  }

  @Test
  void theEmbeddedDatabaseIsRefusedWithAClearMessage() {
    ConfigException refused = assertThrows(ConfigException.class, () -> from(shared("STREAMROOM_DB_URL", "")));
    assertEquals("STREAMROOM_DB_URL (db.url): a cluster needs one external PostgreSQL that every node uses;"
        + " the embedded database would die with the node that runs it", refused.getMessage());
  }

  @Test
  void aNodeWithoutTheSharedTokenSecretIsRefused() {
    ConfigException refused = assertThrows(ConfigException.class, () -> from(shared("STREAMROOM_JWT_SECRET", "")));
    assertEquals("STREAMROOM_JWT_SECRET (jwt.secret): a cluster needs the same secret on every node,"
        + " so a token from one node is good on the others", refused.getMessage());
  }

  @Test
  void aMemberWithoutAPortIsRefused() {
    ConfigException refused = assertThrows(ConfigException.class, () -> from(shared("STREAMROOM_CLUSTER_MEMBERS", "10.0.0.1")));
    assertEquals("STREAMROOM_CLUSTER_MEMBERS (cluster.members): must be comma-separated host:port, got '10.0.0.1'",
        refused.getMessage());
  }
}
