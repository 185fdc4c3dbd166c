package io.streamroom.chat;

import java.util.Locale;

/** Every event the chat service emits; the event's {@code type} is the wire name. */
public enum EventType {
  // On chat.channel.<name>
  /**
   * {id, channel, from, text, at, account?, notice?, tags?, bot?}: account is true when the sender has one;
   * notice for an IRC NOTICE; tags are the sender's client tags; bot for a sender with user mode B
   */
  MESSAGE,
  /** {channel, id, from, tags, at, bot?} in a channel, {id, from, to, tags, at, bot?} to a session: IRC's TAGMSG */
  TAGMSG,
  /** {channel, user, away?}: away is the user's away text when they join while away */
  JOIN,
  /** {channel, user, reason, message?}: reason is "part" or "quit"; message is what the user said leaving (IRC) */
  PART,
  /** {channel, user, by, reason}: out of the channel (a channel kick), or off the server (an admin's kick); on chat.server {user, by, reason, server: true} (an admin's kick, once) */
  KICK,
  /** {channel, from, to}: a session logged in under another name */
  RENAME,
  /** {channel, user, status, message?}: online, away or offline (invisible users appear offline); message is an away text */
  STATUS,
  /** {channel, user, realName}: the user took another real name (IRC's SETNAME) */
  SETNAME,
  /**
   * {channel, by, registeredOnly?, key?, limit?, inviteOnly?, secret?, moderated?, noExternal?, topicLock?}: the
   * modes that changed, with their new values (key "" and limit 0: removed)
   */
  MODE,
  /** {channel, live, source}: a live stream started (live true) or stopped */
  STREAM,
  /** {channel, user, moderator, by}: appointed (moderator true) or removed */
  MODERATOR,
  /** {channel, user, voiced, by}: the user may talk (voiced true) while the channel is moderated, or no longer */
  VOICE,
  /** {channel, user, seconds, reason, by} */
  TIMEOUT,
  /** {channel, user, by} */
  UNTIMEOUT,
  /** {channel, user, reason, by, present}: the user is removed from the channel (present: they were in it); on chat.server {user, reason, by, server: true} */
  BAN,
  /** {channel, user, by}; on chat.server {user, by, server: true} */
  UNBAN,
  /** {channel, id, by}: message id is no longer shown */
  DELETE,
  /** {channel, by}: every message so far is no longer shown */
  CLEAR,
  /** {channel, seconds, by}: 0 is off */
  SLOW,
  /** {channel, topic, by} */
  TOPIC,
  /** {channel, by}: the channel is gone and its members are removed */
  CHANNELDELETED,
  // On chat.session.<id>
  /** {id, from, to, text, at, notice?, tags?, bot?} */
  PRIVATE,
  /** {by, reason}: the connection must be closed */
  KICKED,
  /** {by} */
  PROMOTED,
  /** {by}: the user is no longer an admin */
  DEMOTED,
  /** {from, text}: an admin's WALLOPS, to the sessions that set user mode +w */
  WALLOPS,
  /** {channel, by, reason}: this session was banned from the channel (a PARTED follows) */
  BANNED,
  /** {id, from, to, device, envelopes, at}: an end-to-end encrypted direct message (to both sides' sessions) */
  DM,
  /** {user, id, device, fingerprint}: someone you have a conversation with (or you) published a new key */
  NEWKEY,
  /**
   * {channel, peer, name, action, iceServers?}: to a streamer: "connect" to this viewer (send an offer), or
   * "close" (they left or watch through the server now); to a viewer: "close" when the streamer left
   */
  PEER,
  /** {channel, peer, from, data}: an offer, answer or ICE candidate from the peer session {@code peer} */
  SIGNAL,
  /** {channel, wanted}: to a streamer: send (or stop sending) the stream to the server for relayed viewers */
  RELAY,
  /** {channel}: this session is now in the channel (adapters use it to know what the client may hear) */
  JOINED,
  /** {channel, by}: this session's user is invited to the channel */
  INVITED,
  /**
   * {channel, reason?, by?, message?}: this session left the channel; reason "deleted" when the channel was
   * deleted, "kicked" (with the kick's message) when a moderator kicked the user out of it
   */
  PARTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventType of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
