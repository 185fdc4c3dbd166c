package io.streamroom.connlog;

/** Every kind of record in the connection log; the file shows the constant's name. */
public enum ConnectionEvent {
  /** A telnet socket accepted, or a browser's bridge socket opened with a valid token. */
  CONNECTION_ESTABLISHED,
  /** Such a connection ended; details say who it was and why, when that is known. */
  CONNECTION_CLOSED,
  /** A session opened as an account or logged in (password, /register, a token), or a web sign-in. */
  LOGIN,
  /** A channel or private message committed: who, where and its id, never its text. */
  MESSAGE_SENT,
  /** A live stream started in a channel. */
  STREAM_START,
  /** A live stream in a channel ended. */
  STREAM_STOP,
  /** A notice the server broadcast (a channel went live or stopped, the server is going down). */
  NOTIFICATION_SENT,
  /** An admin disconnected a user. */
  KICK,
  /** A moderator stopped a user sending in a channel for a while. */
  TIMEOUT,
  /** A user banned from a channel or the server. */
  BAN
}
