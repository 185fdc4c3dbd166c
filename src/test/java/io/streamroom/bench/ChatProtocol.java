package io.streamroom.bench;

import java.nio.charset.StandardCharsets;

/** What {@link ChatLoad}'s clients say to each kind of server, and how they know they are in their channel. */
enum ChatProtocol {
  /** RFC 1459 as ngIRCd (or Streamroom's IRC port) speaks it. */
  IRC {
    @Override
    String registration(String nick, String channel) {
      return "NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\nJOIN " + channel + "\r\n";
    }

    @Override
    boolean joined(String line, String channel) {
      return line.contains(" 366 ") && line.contains(" " + channel + " "); // end of the channel's NAMES
    }

    @Override
    String say(String channel, String text) {
      return "PRIVMSG " + channel + " :" + text + "\r\n";
    }

    @Override
    byte[] answer(String line) {
      return line.startsWith("PING ") ? ascii("PONG " + line.substring(5).trim() + "\r\n") : null;
    }
  },
  /** Streamroom's line protocol: a nickname first, then everyone starts in #lobby. */
  TELNET {
    @Override
    String registration(String nick, String channel) {
      return nick + "\r\n" + (channel.equals("#lobby") ? "" : "/join " + channel + "\r\n");
    }

    @Override
    boolean joined(String line, String channel) {
      return line.startsWith("* You joined " + channel + ".");
    }

    @Override
    String say(String channel, String text) {
      return text + "\r\n";
    }

    @Override
    byte[] answer(String line) {
      return null;
    }
  };

  abstract String registration(String nick, String channel);

  /** Whether this line from the server says the client is now in {@code channel}. */
  abstract boolean joined(String line, String channel);

  abstract String say(String channel, String text);

  /** What the client must answer to a line to stay connected (a PING), or null. */
  abstract byte[] answer(String line);

  byte[] register(String nick, String channel) {
    return ascii(registration(nick, channel));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
