package io.streamroom.tcp;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** A channel's mode changes (a MODE event) in words. */
final class TelnetModes {
  private TelnetModes() {}

  static String describe(JsonObject e) {
    List<String> changes = new ArrayList<>();
    flag(e, "registeredOnly", "registered-only", "open to guests", changes);
    flag(e, "inviteOnly", "invite-only", "open to all (no invitation needed)", changes);
    flag(e, "moderated", "moderated (only moderators and voiced members talk)", "not moderated", changes);
    flag(e, "noExternal", "closed to messages from outside", "open to messages from outside", changes);
    flag(e, "secret", "secret (not listed)", "listed", changes);
    flag(e, "topicLock", "topic set by moderators only", "topic set by any member", changes);
    if (e.containsKey("key")) changes.add(e.getString("key").isEmpty() ? "no key" : "key needed to join");
    if (e.containsKey("limit")) changes.add(e.getInteger("limit") == 0 ? "no member limit" : "at most " + e.getInteger("limit") + " members");
    return String.join(", ", changes);
  }

  private static void flag(JsonObject e, String field, String on, String off, List<String> out) {
    if (e.containsKey(field)) out.add(e.getBoolean(field) ? on : off);
  }
}
