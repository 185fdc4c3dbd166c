package io.streamroom.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigTest {
  @TempDir
  Path dir;

  @Test
  void laterSourcesWinDefaultsFileEnvironmentProperties() throws Exception {
    Path file = dir.resolve("streamroom.json");
    Files.writeString(file, "{\"http.port\": 9001, \"tcp.port\": 9002, \"data.dir\": \"/srv/room\"}");
    Properties props = new Properties();
    props.setProperty("streamroom.tcp.port", "9004");
    Config config = Config.load(file, Map.of("STREAMROOM_TCP_PORT", "9003", "STREAMROOM_ADMINS", "ann, bob"), props);

    assertEquals(9001, config.port(Setting.HTTP_PORT));            // file over default
    assertEquals(9004, config.port(Setting.TCP_PORT));             // property over env over file
    assertEquals(Path.of("/srv/room"), config.path(Setting.DATA_DIR));
    assertEquals(java.util.List.of("ann", "bob"), config.list(Setting.ADMINS));
    assertEquals(20, config.integer(Setting.HISTORY_ON_JOIN));     // default
  }

  @Test
  void configFileCanComeFromTheEnvironment() throws Exception {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"history.on.join\": 5}");
    Config config = Config.load(null, Map.of("STREAMROOM_CONFIG", file.toString()), new Properties());
    assertEquals(5, config.integer(Setting.HISTORY_ON_JOIN));
  }

  @Test
  void badValuesNameTheSetting() {
    ConfigException port = assertThrows(ConfigException.class,
        () -> Config.load(null, Map.of("STREAMROOM_HTTP_PORT", "eighty"), new Properties()));
    assertEquals("STREAMROOM_HTTP_PORT (http.port): must be a whole number, got 'eighty'", port.getMessage());

    ConfigException range = assertThrows(ConfigException.class,
        () -> Config.load(null, Map.of("STREAMROOM_TCP_PORT", "70000"), new Properties()));
    assertEquals("STREAMROOM_TCP_PORT (tcp.port): must be a port number 0-65535, got 70000", range.getMessage());

    ConfigException url = assertThrows(ConfigException.class,
        () -> Config.load(null, Map.of("STREAMROOM_DB_URL", "mysql://x"), new Properties()));
    assertEquals("STREAMROOM_DB_URL (db.url): must look like postgresql://user:password@host:5432/db, got 'mysql://x'",
        url.getMessage());
  }

  @Test
  void unknownKeysAndBrokenFilesAreRefused() throws Exception {
    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, "{\"http.prot\": 1}");
    assertEquals("config file " + typo + ": unknown key \"http.prot\"",
        assertThrows(ConfigException.class, () -> Config.load(typo, Map.of(), new Properties())).getMessage());

    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{not json");
    assertThrows(ConfigException.class, () -> Config.load(broken, Map.of(), new Properties()));
    assertThrows(ConfigException.class, () -> Config.load(dir.resolve("missing.json"), Map.of(), new Properties()));
  }

  @Test
  void everySettingHasOneEnvironmentAndPropertyName() {
    assertEquals("STREAMROOM_TCP_MAX_PENDING_BYTES", Setting.MAX_PENDING_OUTPUT.envName());
    assertEquals("streamroom.rate.window.seconds", Setting.RATE_WINDOW_SECONDS.propertyName());
  }
}
