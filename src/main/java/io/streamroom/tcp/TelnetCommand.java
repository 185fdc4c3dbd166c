package io.streamroom.tcp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The slash commands of the telnet chat, with the one-line help each shows in /help. */
enum TelnetCommand {
  HELP("/help", "this list"),
  JOIN("/join #channel", "move to a channel, creating it if missing"),
  PART("/part", "leave this channel and go back to #lobby"),
  CHANNELS("/channels", "every channel with how many users are in it"),
  WHO("/who", "who is in this channel"),
  LISTUSERS("/listusers", "everyone online"),
  STATUS("/status online|away|invisible", "how others see you; invisible users look offline but can still talk"),
  PRIVATE("/private <nick> <text>", "a private message to one user, wherever they are (also /msg)"),
  MSG("/msg <nick> <text>", null),
  LIVE("/live", "live streams now, with where to watch them"),
  VIDEOS("/videos", "the video library: titles and their resolutions"),
  PLAY("/play <title> [resolution]", "play a video into this channel for everyone watching (owner or admins)"),
  STOP("/stop", "stop the video or browser stream playing in this channel (owner or admins)"),
  HISTORY("/history [n]", "the last n messages of this channel (default 20, at most 100)"),
  REGISTER("/register <password>", "make your nickname an account (password: 8 characters or more)"),
  LOGIN("/login <nick> <password>", "log in to an account"),
  MODE("/mode open|registered", "let guests talk in this channel, or only registered users (owner or admins)"),
  LISTADMINS("/listadmins", "the admins (admins only)"),
  KICK("/kick <nick> [reason]", "disconnect a user and tell them why (admins only)"),
  ADDADMIN("/addadmin <nick>", "make a user an admin (admins only)"),
  QUIT("/quit", "leave the chat");

  final String usage;
  /** null for an alias that /help does not list separately */
  final String help;

  TelnetCommand(String usage, String help) {
    this.usage = usage;
    this.help = help;
  }

  static Optional<TelnetCommand> of(String word) {
    String name = word.toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
  }
}
