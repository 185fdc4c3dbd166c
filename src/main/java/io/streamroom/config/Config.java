package io.streamroom.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The effective configuration: defaults &lt; config file &lt; environment &lt; system properties.
 * Values are validated when read, so a bad value fails start-up with a line that names the setting.
 */
public final class Config {
  private final Map<Setting, String> values;

  private Config(Map<Setting, String> values) {
    this.values = values;
  }

  /** Reads every source. {@code configFile} may be null; otherwise {@code STREAMROOM_CONFIG} is tried. */
  public static Config load(Path configFile, Map<String, String> env, Properties properties) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      values.put(s, s.defaultValue());
    }
    Path file = configFile != null ? configFile
        : env.containsKey("STREAMROOM_CONFIG") ? Path.of(env.get("STREAMROOM_CONFIG")) : null;
    if (file != null) {
      readFile(file).forEach((key, value) -> values.put(settingForKey(key, file), String.valueOf(value)));
    }
    for (Setting s : Setting.values()) {
      if (env.containsKey(s.envName())) values.put(s, env.get(s.envName()));
      if (properties.containsKey(s.propertyName())) values.put(s, properties.getProperty(s.propertyName()));
    }
    Config config = new Config(values);
    config.validate();
    return config;
  }

  /** Defaults with some values replaced; for tests and embedding. */
  public static Config of(Map<Setting, String> overrides) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) values.put(s, overrides.getOrDefault(s, s.defaultValue()));
    Config config = new Config(values);
    config.validate();
    return config;
  }

  private static Map<String, Object> readFile(Path file) {
    try {
      return new JsonObject(Files.readString(file)).getMap();
    } catch (IOException e) {
      throw new ConfigException("config file " + file + ": cannot read it (" + e.getMessage() + ")");
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + ": not valid JSON (" + e.getMessage() + ")");
    }
  }

  private static Setting settingForKey(String key, Path file) {
    return Arrays.stream(Setting.values()).filter(s -> s.key().equals(key)).findFirst()
        .orElseThrow(() -> new ConfigException("config file " + file + ": unknown key \"" + key + "\""));
  }

  private void validate() {
    port(Setting.HTTP_PORT);
    port(Setting.TCP_PORT);
    port(Setting.RTMP_PORT);
    port(Setting.TLS_CHAT_PORT);
    bool(Setting.METRICS);
    for (Setting s : List.of(Setting.TCP_INSTANCES, Setting.HISTORY_ON_JOIN, Setting.CONNECTION_LOG_FILES, Setting.TCP_FLUSH_MILLIS)) intAtLeast(s, 0);
    for (Setting s : List.of(Setting.RATE_MESSAGES, Setting.RATE_WINDOW_SECONDS, Setting.NICK_TIMEOUT_SECONDS,
        Setting.TOKEN_HOURS, Setting.LOGIN_MAX_FAILURES, Setting.LOGIN_WINDOW_MINUTES,
        Setting.CAMERA_FPS, Setting.CAMERA_QUALITY, Setting.VIDEOS_SCAN_SECONDS, Setting.TCP_KEEPALIVE_SECONDS,
        Setting.HTTP_REQUEST_TIMEOUT_SECONDS, Setting.HTTP_IDLE_TIMEOUT_SECONDS, Setting.MEDIA_UPLOAD_TIMEOUT_SECONDS,
        Setting.CONNECTION_LOG_MAX_RECORDS)) {
      intAtLeast(s, 1);
    }
    intAtLeast(Setting.MAX_PENDING_OUTPUT, 1024);
    bytesAtLeast(Setting.MEDIA_MAX_BYTES, 1024);
    bytesAtLeast(Setting.MEDIA_QUOTA_BYTES, 0);
    bool(Setting.VIDEOS_DEMO);
    bool(Setting.RECORD);
    bytesAtLeast(Setting.RECORD_QUOTA_BYTES, 0);
    for (Setting s : List.of(Setting.CAMERA_WIDTH, Setting.CAMERA_HEIGHT)) {
      if (intAtLeast(s, 16) % 2 != 0) throw ConfigException.of(s, "must be even, got " + integer(s));
    }
    if (integer(Setting.CAMERA_QUALITY) > 100) throw ConfigException.of(Setting.CAMERA_QUALITY, "must be 1-100");
    String url = string(Setting.DB_URL);
    if (!url.isEmpty() && !url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw ConfigException.of(Setting.DB_URL, "must look like postgresql://user:password@host:5432/db, got '" + url + "'");
    }
  }

  public String string(Setting setting) {
    return values.get(setting).trim();
  }

  public int integer(Setting setting) {
    String raw = string(setting);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw ConfigException.of(setting, "must be a whole number, got '" + raw + "'");
    }
  }

  /** A size in bytes, which may pass 2 GiB. */
  public long bytes(Setting setting) {
    String raw = string(setting);
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw ConfigException.of(setting, "must be a whole number of bytes, got '" + raw + "'");
    }
  }

  private void bytesAtLeast(Setting setting, long min) {
    long value = bytes(setting);
    if (value < min) throw ConfigException.of(setting, "must be at least " + min + " bytes, got " + value);
  }

  /** Comma-separated values, blanks dropped. */
  public List<String> list(Setting setting) {
    return Arrays.stream(string(setting).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  public int port(Setting setting) {
    int port = integer(setting);
    if (port < 0 || port > 65535) throw ConfigException.of(setting, "must be a port number 0-65535, got " + port);
    return port;
  }

  private int intAtLeast(Setting setting, int min) {
    int value = integer(setting);
    if (value < min) throw ConfigException.of(setting, "must be at least " + min + ", got " + value);
    return value;
  }

  public boolean bool(Setting setting) {
    String raw = string(setting);
    if (raw.equalsIgnoreCase("true")) return true;
    if (raw.equalsIgnoreCase("false")) return false;
    throw ConfigException.of(setting, "must be true or false, got '" + raw + "'");
  }

  public Path path(Setting setting) {
    return Path.of(string(setting));
  }
}
