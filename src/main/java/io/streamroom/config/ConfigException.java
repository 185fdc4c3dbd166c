package io.streamroom.config;

/** A configuration or start-up problem, worded for the person who started the server. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The problem with a setting named the way the user most likely set it. */
  public static ConfigException of(Setting setting, String problem) {
    return new ConfigException(setting.envName() + " (" + setting.key() + "): " + problem);
  }
}
