package io.streamroom.irc;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The IRCv3 capabilities this server offers and those one client has enabled. The ones that change how
 * channel events look ({@link Cap#variantBit}) pick which shared rendering of each event the client gets.
 */
final class IrcCaps {
  enum Cap {
    SERVER_TIME("server-time", 1),
    MESSAGE_TAGS("message-tags", 2),
    ACCOUNT_TAG("account-tag", 4),
    AWAY_NOTIFY("away-notify", 8),
    ECHO_MESSAGE("echo-message", 0),
    /** Every prefix of a member in NAMES and WHO: we give one at most, so this changes nothing. */
    MULTI_PREFIX("multi-prefix", 0),
    /** Names in NAMES as nick!user@host. */
    USERHOST_IN_NAMES("userhost-in-names", 0),
    /** SETNAME lines: who took another real name. Sent per client (the line is the same for all), so no variant. */
    SETNAME("setname", 0),
    SASL("sasl", 0);

    final String wire;
    /** This capability's bit in a rendering variant; 0 for capabilities that do not change channel events. */
    final int variantBit;

    Cap(String wire, int variantBit) {
      this.wire = wire;
      this.variantBit = variantBit;
    }

    static Optional<Cap> of(String wire) {
      for (Cap cap : values()) if (cap.wire.equalsIgnoreCase(wire)) return Optional.of(cap);
      return Optional.empty();
    }
  }

  /** How many renderings of a channel event IRC clients can need: one per combination of variant bits. */
  static final int VARIANTS = 16;

  private final Set<Cap> enabled = EnumSet.noneOf(Cap.class);
  private int variant;

  /** {@code CAP LS}: every capability, with values for 302 clients. */
  static String offered(boolean version302) {
    return EnumSet.allOf(Cap.class).stream()
        .map(c -> c == Cap.SASL && version302 ? "sasl=PLAIN" : c.wire)
        .collect(Collectors.joining(" "));
  }

  boolean has(Cap cap) {
    return enabled.contains(cap);
  }

  /**
   * {@code CAP REQ}: all or nothing, as the specification says.
   * @return false (and nothing changed) if any requested capability is unknown
   */
  boolean request(String list) {
    Set<Cap> add = EnumSet.noneOf(Cap.class);
    Set<Cap> remove = EnumSet.noneOf(Cap.class);
    for (String word : list.trim().split(" +")) {
      if (word.isEmpty()) continue;
      boolean off = word.startsWith("-");
      Optional<Cap> cap = Cap.of(off ? word.substring(1) : word);
      if (cap.isEmpty()) return false;
      (off ? remove : add).add(cap.get());
    }
    enabled.addAll(add);
    enabled.removeAll(remove);
    variant = enabled.stream().mapToInt(c -> c.variantBit).sum();
    return true;
  }

  /** Which rendering of channel events this client gets, 0 to {@link #VARIANTS} - 1. */
  int variant() {
    return variant;
  }

  String list() {
    return enabled.stream().map(c -> c.wire).collect(Collectors.joining(" "));
  }
}
