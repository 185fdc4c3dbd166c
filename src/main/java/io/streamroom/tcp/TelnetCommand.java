package io.streamroom.tcp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The slash commands of the telnet chat, with the one-line help each shows in /help. */
enum TelnetCommand {
  HELP("/help", "this list"),
  JOIN("/join #channel [key]", "move to a channel, creating it if missing (with its key if it has one)"),
  INVITE("/invite <nick>", "invite a user to this channel (lets them in when it is invite-only or full)"),
  PART("/part", "leave this channel and go back to #lobby"),
  CHANNELS("/channels", "every channel with how many users are in it"),
  WHO("/who", "who is in this channel"),
  LISTUSERS("/listusers", "everyone online"),
  STATUS("/status online|away|invisible", "how others see you; invisible users look offline but can still talk"),
  PRIVATE("/private <nick> <text>", "a private message to one user, wherever they are (also /msg)"),
  MSG("/msg <nick> <text>", null),
  KEYS("/keys <nick>", "a user's device keys with their fingerprints, to compare with what their web page shows"),
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
  REMOVEADMIN("/removeadmin <nick>", "take a user's admin role away (admins only)"),
  TOPIC("/topic <text>", "set this channel's topic (moderators)"),
  MOD("/mod <nick>", "make an account a moderator of this channel (owner or admins)"),
  UNMOD("/unmod <nick>", "remove a moderator of this channel (owner or admins)"),
  TIMEOUT("/timeout <nick> [seconds] [reason]", "keep a user from talking here (default 600 s; moderators)"),
  UNTIMEOUT("/untimeout <nick>", "end a timeout early (moderators)"),
  BAN("/ban <nick> [reason]", "ban a user from this channel, a guest also by address (moderators)"),
  UNBAN("/unban <nick>", "lift a ban from this channel (moderators)"),
  DELETE("/delete <id>", "delete a message: your own, or any here if you moderate (ids are in /history)"),
  CLEAR("/clear", "clear this channel's chat for everyone (moderators)"),
  SLOW("/slow <seconds>|off", "slow mode: one message per user per that many seconds (moderators are exempt)"),
  DELETECHANNEL("/deletechannel #channel", "delete a channel you own; its members go back to #lobby (owner or admins)"),
  SERVERBAN("/serverban <nick> [reason]", "ban a user from the whole server (admins only)"),
  SERVERUNBAN("/serverunban <nick>", "lift a server-wide ban (admins only)"),
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
