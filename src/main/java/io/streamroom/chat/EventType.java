package io.streamroom.chat;

import java.util.Locale;

/** Every event the chat service emits; the event's {@code type} is the wire name. */
public enum EventType {
  // On chat.channel.<name>
  /** {id, channel, from, text, at} */
  MESSAGE,
  /** {channel, user} */
  JOIN,
  /** {channel, user, reason}: reason is "part" or "quit" */
  PART,
  /** {channel, user, by, reason} */
  KICK,
  /** {channel, from, to}: a session logged in under another name */
  RENAME,
  /** {channel, user, status}: online, away or offline (invisible users appear offline) */
  STATUS,
  /** {channel, registeredOnly, by} */
  MODE,
  /** {channel, live, source}: a live stream started (live true) or stopped */
  STREAM,
  // On chat.session.<id>
  /** {id, from, to, text, at} */
  PRIVATE,
  /** {by, reason}: the connection must be closed */
  KICKED,
  /** {by} */
  PROMOTED,
  /** {channel}: this session is now in the channel (adapters use it to know what the client may hear) */
  JOINED,
  /** {channel}: this session left the channel */
  PARTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventType of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
