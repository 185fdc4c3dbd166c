package io.streamroom.chat;

import java.util.Locale;

/** What a user shows others: Discord's online / idle (here "away") / invisible. */
public enum Status {
  ONLINE, AWAY, INVISIBLE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What others see: invisible users look offline. */
  public String shown() {
    return this == INVISIBLE ? "offline" : wire();
  }

  public static Status of(String wire) {
    try {
      return valueOf(wire.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "A status is online, away or invisible.");
    }
  }
}
