package io.streamroom.webhook;

import io.streamroom.chat.Addresses;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Every webhook event type, and the chat event each one is made of: the events the chat service publishes to
 * channels ({@code chat.channel.<c>}) and server-wide ({@link Addresses#SERVER_EVENTS}). The body a hook
 * receives is {@code {id, type, time}} plus the chat event's own fields.
 */
public enum WebhookEvent {
  STREAM_STARTED("stream.started"),
  STREAM_STOPPED("stream.stopped"),
  USER_JOINED("user.joined"),
  /** Only to hooks that asked for it: one POST per chat message. */
  MESSAGE_SENT("message.sent"),
  BAN("moderation.ban"),
  UNBAN("moderation.unban"),
  TIMEOUT("moderation.timeout"),
  UNTIMEOUT("moderation.untimeout"),
  KICK("moderation.kick"),
  DELETE("moderation.delete"),
  CLEAR("moderation.clear"),
  MOD("moderation.mod"),
  UNMOD("moderation.unmod"),
  CHANNEL_DELETED("moderation.channeldeleted");

  private static final String CHANNEL_PREFIX = Addresses.channel("");

  public final String wire;

  WebhookEvent(String wire) {
    this.wire = wire;
  }

  /**
   * @return the webhook event a chat event makes, or null for one hooks do not get (parts, statuses, a kick's
   *     notice in each channel: the server-wide kick event is sent once instead)
   */
  static WebhookEvent of(String address, JsonObject event) {
    Object type = event.getValue("type");
    if (!(type instanceof String name)) return null;
    if (Addresses.SERVER_EVENTS.equals(address)) {
      return switch (name) {
        case "kick" -> KICK;
        case "ban" -> BAN;
        case "unban" -> UNBAN;
        default -> null;
      };
    }
    if (!address.startsWith(CHANNEL_PREFIX)) return null;
    return switch (name) {
      case "message" -> MESSAGE_SENT;
      case "join" -> USER_JOINED;
      case "stream" -> Boolean.TRUE.equals(event.getValue("live")) ? STREAM_STARTED : STREAM_STOPPED;
      case "ban", "unban", "timeout", "untimeout", "delete", "clear" -> valueOf(name.toUpperCase(Locale.ROOT));
      case "moderator" -> Boolean.TRUE.equals(event.getValue("moderator")) ? MOD : UNMOD;
      case "channeldeleted" -> CHANNEL_DELETED;
      default -> null;
    };
  }

  /** Whether the bus address is one whose events may become webhooks: the cheap first test on every message sent. */
  static boolean watched(String address) {
    return address.startsWith(CHANNEL_PREFIX) || Addresses.SERVER_EVENTS.equals(address);
  }

  /** The body hooks receive: an id (the same on every retry, to tell repeats apart), the type, the time, the fields. */
  JsonObject payload(JsonObject event) {
    JsonObject fields = event.copy();
    fields.remove("type");
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("type", wire).put("time", Instant.now().toString())
        .mergeIn(fields);
  }
}
