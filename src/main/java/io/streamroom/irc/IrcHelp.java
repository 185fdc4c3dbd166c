package io.streamroom.irc;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.streamroom.irc.IrcNumeric.*;

/** {@code HELP [subject]} (and {@code HELPOP}): what each command does here, as 704, 705s and 706; 524 for an unknown subject. */
final class IrcHelp {
  /** Subject to its lines; the commands' own words are in the README's IRC section. */
  private static final Map<String, String> TOPICS = new TreeMap<>(Map.ofEntries(
      Map.entry("AWAY", "AWAY :text marks you away (others see the text); AWAY alone, back."),
      Map.entry("INFO", "INFO tells what this server is."),
      Map.entry("JOIN", "JOIN #a,#b joins channels; a new channel is created. JOIN 0 leaves all."),
      Map.entry("KICK", "KICK #channel nick :why removes a user (see the README for who may)."),
      Map.entry("KILL", "KILL nick :why disconnects a user (IRC operators)."),
      Map.entry("LIST", "LIST [#a,#b] lists channels with their members and topics."),
      Map.entry("LUSERS", "LUSERS counts users, operators and channels."),
      Map.entry("MODE", "MODE #channel [changes] for a channel; MODE nick [+iwB-o] for your own modes."),
      Map.entry("NAMES", "NAMES #channel lists its members."),
      Map.entry("NICK", "NICK name takes another nickname (guests; accounts keep theirs)."),
      Map.entry("NOTICE", "NOTICE target :text, like PRIVMSG but never answered automatically."),
      Map.entry("OPER", "OPER account password: an admin account makes you an IRC operator."),
      Map.entry("PART", "PART #channel [:text] leaves a channel."),
      Map.entry("PRIVMSG", "PRIVMSG #channel :text or PRIVMSG nick :text says something."),
      Map.entry("QUIT", "QUIT [:text] leaves the server."),
      Map.entry("TOPIC", "TOPIC #channel [:text] shows or sets the topic."),
      Map.entry("WALLOPS", "WALLOPS :text reaches every user with mode +w (IRC operators)."),
      Map.entry("WHO", "WHO #channel, nick or mask [o] [%fields[,token]] lists users."),
      Map.entry("WHOIS", "WHOIS nick tells who a user is and where."),
      Map.entry("WHOWAS", "WHOWAS nick [count] tells who had a nickname before.")));

  private final IrcSession session;

  IrcHelp(IrcSession session) {
    this.session = session;
  }

  void help(String subject) {
    if (subject == null) {
      session.reply(RPL_HELPSTART, "*", "Streamroom's IRC commands; HELP <command> for one of them:");
      session.reply(RPL_HELPTXT, "*", String.join(" ", TOPICS.keySet()));
      session.reply(RPL_ENDOFHELP, "*", "End of /HELP");
      return;
    }
    String text = TOPICS.get(subject.toUpperCase(Locale.ROOT));
    if (text == null) {
      session.reply(ERR_HELPNOTFOUND, subject, "No help available on this topic");
      return;
    }
    session.reply(RPL_HELPSTART, subject, "** " + subject.toUpperCase(Locale.ROOT) + " **");
    session.reply(RPL_HELPTXT, subject, text);
    session.reply(RPL_ENDOFHELP, subject, "End of /HELP");
  }
}
