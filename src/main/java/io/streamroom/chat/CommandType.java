package io.streamroom.chat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every command the chat service accepts on {@link Addresses#COMMANDS}; the body's {@code type} is the wire name. */
public enum CommandType {
  /** {name, password?, transport, ip}: opens a session as a guest or, with a password, as an account. */
  CONNECT,
  /** {}: closes the session; the channels are told the user left. */
  DISCONNECT,
  /** {name, password}: switches the session to an account. */
  LOGIN,
  /** {password}: makes the session's nickname an account. */
  REGISTER,
  /** {channel}: joins (creating it if missing); the reply carries members and recent history. */
  JOIN,
  /** {channel} */
  PART,
  /** {channel, text} */
  SAY,
  /** {to, text} */
  PRIVATE,
  /** {}: everyone online. */
  USERS,
  /** {}: admins only. */
  ADMINS,
  /** {channel}: who is in a channel. */
  WHO,
  /** {}: every channel with its member count. */
  CHANNELS,
  /** {channel, limit?, before?}: newest first. */
  HISTORY,
  /** {name, reason?}: admins only. */
  KICK,
  /** {name}: admins only. */
  ADD_ADMIN;

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
