package io.streamroom.chat;

import io.vertx.core.json.JsonObject;

/**
 * Reads command fields strictly: a field that is absent or JSON null takes the default, a field of the
 * wrong JSON type is a BAD_REQUEST. (JsonObject's own getters return null for an explicit null.)
 */
final class Args {
  private Args() {}

  static String string(JsonObject args, String key, String fallback) {
    Object value = args.getValue(key);
    if (value == null) return fallback;
    if (value instanceof String s) return s;
    throw wrongType(key, "a string");
  }

  static long number(JsonObject args, String key, long fallback) {
    Object value = args.getValue(key);
    if (value == null) return fallback;
    if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
    throw wrongType(key, "a whole number");
  }

  static Boolean bool(JsonObject args, String key) {
    Object value = args.getValue(key);
    if (value == null || value instanceof Boolean) return (Boolean) value;
    throw wrongType(key, "true or false");
  }

  private static ChatException wrongType(String key, String expected) {
    return new ChatException(ErrorCode.BAD_REQUEST, "\"" + key + "\" must be " + expected + ".");
  }
}
