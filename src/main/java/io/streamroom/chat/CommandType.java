package io.streamroom.chat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every command the chat service accepts on {@link Addresses#COMMANDS}; the body's {@code type} is the wire name. */
public enum CommandType {
  // Commands an end user's client may send (the web bridge lets exactly these through).
  /** {}: who am I; the reply carries the session id whose address carries private events. */
  HELLO(true),
  /** {channel, key?}: joins (creating it if missing); the reply carries members (and their roles) and recent history. */
  JOIN(true),
  /** {channel, message?}: message is an IRC part message, shown with the part. */
  PART(true),
  /**
   * {channel, text, key?, notice?, tags?}: key (1-64 of A-Z a-z 0-9 - _) makes a retry of the same message no copy;
   * notice marks an IRC NOTICE (in the event only); tags are IRC client-only tags ({"+name": "value"}, relayed live, not stored).
   */
  SAY(true),
  /** {channel or to, tags}: IRC's TAGMSG, client tags without text, relayed live: {id, to}. */
  TAGMSG(true),
  /**
   * {to, text, key?, notice?, tags?}: the reply says {id, to, repeat, away?, notice?, tags?, bot?}, away being
   * the recipient's away text.
   */
  PRIVATE(true),
  /** {name}: a guest takes another free nickname (IRC's NICK); accounts keep theirs. */
  NICK(true),
  /** {}: everyone online and visible. */
  USERS(true),
  /** {}: admins only. */
  ADMINS(true),
  /** {channel}: who is in a channel. */
  WHO(true),
  /**
   * {name}: one online, visible user: name, username, realName, modes, account (has one), admin, status,
   * awayMessage, connectedAt and the channels they are in, [{name, role}].
   */
  WHOIS(true),
  /** {}: every channel with its member count, topic, owner and mode; secret ones only to their members. */
  CHANNELS(true),
  /** {channel, limit?, before?}: oldest first. */
  HISTORY(true),
  /** {status, message?}: online, away or invisible; message is an away text (IRC AWAY). */
  STATUS(true),
  /**
   * {channel, registeredOnly?, key?, limit?, inviteOnly?, secret?, moderated?, noExternal?, topicLock?}:
   * registeredOnly by the channel's owner or an admin, the others by its moderators; key "" and limit 0 remove.
   */
  MODE(true),
  /** {channel}: topic (topicBy, topicAt), created, modes; the key only for members. */
  CHANNEL(true),
  /** {channel}: the names banned from it. */
  BANS(true),
  /** {channel, name, op}: an operator of an unowned channel, or else a moderator appointed (moderators). */
  OP(true),
  /** {channel, name, voice}: may talk while the channel is moderated (moderators). */
  VOICE(true),
  /** {channel, name, reason?}: out of the channel, still connected (moderators, on their rank or below). */
  CHANNEL_KICK(true),
  /** {channel, name}: lets an online user past invite-only and the member limit once (members; moderators when +i). */
  INVITE(true),
  /** {name, reason?}: disconnects the user from the server (admins only). */
  KICK(true),
  /** {name}: admins only. */
  ADD_ADMIN(true),
  /** {name}: admins only; an admin by configuration (STREAMROOM_ADMINS, STREAMROOM_ADMIN_IPS) stays one. */
  REMOVE_ADMIN(true),
  /** {}: admins only; every session online with its adapter (telnet, irc, web), address, channels and status. */
  SESSIONS(true),
  /** {}: admins only; every account with its role and whether it is banned from the server. */
  ACCOUNTS(true),
  /** {limit?}: admins only; the connection log's last records (default 100, at most 1000), oldest first. */
  CONNECTION_LOG(true),
  /** {}: admins only; the webhooks (from the setting and stored) with their delivery state, never their secrets. */
  WEBHOOKS(true),
  /** {url, secret?, messages?}: admins only; stores a webhook; the reply carries its secret (made if not given). */
  ADD_WEBHOOK(true),
  /** {id}: admins only; removes a stored webhook. */
  REMOVE_WEBHOOK(true),
  /** {channel}: ends a browser's live stream or a playing video in the channel (channel owner or admin). */
  STOP_STREAM(true),
  /** {channel, title, resolution?}: plays a library video into the channel's live stream (owner or admin). */
  PLAY(true),
  /** {channel}: a new key for streaming into the channel from OBS (channel owner or admin); replaces the old one. */
  STREAM_KEY(true),
  /** {title}: deletes a live stream's recording from the library (its streamer, the channel's owner or an admin). */
  DELETE_RECORDING(true),
  /** {channel, name}: makes an account a moderator of the channel (owner or admin). */
  MOD(true),
  /** {channel, name} */
  UNMOD(true),
  /** {channel, name, seconds?, reason?}: the user cannot send in the channel until it ends (moderators). */
  TIMEOUT(true),
  /** {channel, name} */
  UNTIMEOUT(true),
  /** {channel, name, reason?}, or {name, server: true, reason?} for a server-wide ban (admins). */
  BAN(true),
  /** {channel, name}, or {name, server: true} */
  UNBAN(true),
  /** {channel, id}: hides a message everywhere (its author or moderators). */
  DELETE(true),
  /** {channel}: hides the channel's messages so far, for everyone (moderators). */
  CLEAR(true),
  /** {channel, seconds}: one message per user per that many seconds, 0 turns it off (moderators). */
  SLOW(true),
  /** {channel, topic} (moderators) */
  TOPIC(true),
  /** {channel}: deletes the channel; its members are removed (owner or admin). */
  DELETE_CHANNEL(true),
  /** {device, publicKey}: publishes this device's public key (a JWK); its previous one is revoked. */
  PUBLISH_KEY(true),
  /** {id}: revokes one of your own keys. */
  REVOKE_KEY(true),
  /** {name}: a user's live device keys with their fingerprints. */
  KEYS(true),
  /** {id}: one key, revoked or not (older messages name the key they were made with). */
  KEY(true),
  /** {to, device, envelopes: [{device, iv, data}], key?}: an end-to-end encrypted direct message. */
  DM(true),
  /** {channel}: watch the channel's live stream; the reply says how: direct (peer to peer), relay or frames. */
  WATCH(true),
  /** {channel}: stop watching (closes a direct connection). */
  UNWATCH(true),
  /** {channel}: this viewer's direct connection failed: watch through the server instead. */
  RELAY(true),
  /** {channel, peer, data}: an offer, answer or ICE candidate for a peer of the channel's stream. */
  SIGNAL(true),
  /** {}: the people you have private messages with, most recent first. */
  CONVERSATIONS(true),
  /** {with, before?, limit?}: private messages with one person, newest first. */
  CONVERSATION(true),

  // Commands only adapters send, on behalf of a connection they authenticated themselves.
  /** {name, password?, transport, ip} or {name, role, authenticated: true, transport, ip}: opens a session. */
  CONNECT(false),
  /** {message?}: closes the session; the channels are told the user left (with the IRC quit message). */
  DISCONNECT(false),
  /** {name, password}: an admin account's name and password make the session an admin (IRC's OPER); it keeps its name. */
  OPER(false),
  /** {add?, remove?}: letters of IRC user modes to set and unset (i, w, B; o only unset): {modes, changed}. */
  USER_MODE(false),
  /** {realName}: the session's new real name (IRC's SETNAME): {realName}. */
  SETNAME(false),
  /** {text}: an admin's message to every session with user mode w. */
  WALLOPS(false),
  /** {}: how many users are online, hidden, admins; channels in use; the most users at once. */
  LUSERS(false),
  /** {name, count?}: who had the nickname before, newest first: {entries: [{name, username, realName, at}]}. */
  WHOWAS(false),
  /** {name, password}: switches the session to an account (telnet /login). */
  LOGIN(false),
  /** {password}: makes the session's nickname an account (telnet /register). */
  REGISTER(false),
  /** {channel}: is this session in the channel? (the bridge asks before letting a client listen). */
  MEMBER(false),
  /** {name, password, ip}: a new account without a session (web sign-up); sign-ups are limited per ip. */
  CREATE_ACCOUNT(false),
  /** {name, password}: checks a password without a session (web sign-in). */
  CHECK_PASSWORD(false),
  /** {name, topic, owner}: creates a channel owned by an account (web). */
  CREATE_CHANNEL(false),
  /** {name, channel}: may this user go live in this channel? (an account, online and in the channel) */
  CAN_STREAM(false),
  /** {key}: whose stream key is this? {channel, user}, or WRONG_STREAM_KEY (the RTMP ingest asks). */
  STREAM_WITH(false),
  /** {channel, name}: the tracker's answer for a member: who streams and who watches, by name. */
  PEERS(false),
  /** {}: per channel with a peer-to-peer stream, how many watch it directly and how many relayed. */
  PEER_COUNTS(false);

  /** True for commands an end user's client may send itself. */
  public final boolean forClients;

  CommandType(boolean forClients) {
    this.forClients = forClients;
  }

  private static final Map<String, CommandType> BY_WIRE =
      Arrays.stream(values()).collect(Collectors.toMap(CommandType::wire, Function.identity()));

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace("_", "");
  }

  /** @return null for an unknown type */
  public static CommandType fromWire(String wire) {
    return wire == null ? null : BY_WIRE.get(wire);
  }
}
