package io.streamroom.irc;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;

import java.util.EnumSet;
import java.util.Set;

import static io.streamroom.irc.IrcNumeric.*;

/**
 * The one table from the chat service's refusals to IRC numerics. The same code can mean different
 * numerics by command: NOT_IN_CHANNEL is 404 for a PRIVMSG and 442 for a PART. The text is always the
 * chat service's own, which says why (and for how long, for rate limits and timeouts).
 */
final class IrcErrors {
  /** Registration, as a command name for the table (the refusal of a NICK, PASS or SASL-less connect). */
  static final String CONNECT = "CONNECT";
  /** Numerics whose parameters are the client and the text only. */
  private static final Set<IrcNumeric> NO_TARGET = EnumSet.of(ERR_NOTEXTTOSEND, ERR_PASSWDMISMATCH,
      ERR_YOUREBANNEDCREEP, ERR_NOPRIVILEGES, ERR_NOOPERHOST, ERR_SASLFAIL);

  private IrcErrors() {}

  /** @return the numeric for a refusal of {@code command}, or null when a NOTICE from the server says it better */
  static IrcNumeric numeric(ErrorCode code, String command, boolean toChannel) {
    boolean message = command.equals("PRIVMSG") || command.equals("NOTICE") || command.equals("TAGMSG");
    return switch (code) {
      case BAD_NICK -> command.equals("NICK") || command.equals(CONNECT) ? ERR_ERRONEUSNICKNAME
          : command.equals("OPER") ? ERR_PASSWDMISMATCH : ERR_NOSUCHNICK;
      case NICK_TAKEN, NICK_REGISTERED -> command.equals("AUTHENTICATE") ? ERR_SASLFAIL : ERR_NICKNAMEINUSE;
      case LOGIN_FAILED, TOO_MANY_ATTEMPTS -> command.equals("AUTHENTICATE") ? ERR_SASLFAIL : ERR_PASSWDMISMATCH;
      case BANNED -> command.equals("JOIN") ? ERR_BANNEDFROMCHAN : message ? ERR_CANNOTSENDTOCHAN
          : command.equals("AUTHENTICATE") ? ERR_SASLFAIL : ERR_YOUREBANNEDCREEP;
      case BAD_CHANNEL, NO_SUCH_CHANNEL -> ERR_NOSUCHCHANNEL;
      case BAD_CHANNEL_KEY -> ERR_BADCHANNELKEY;
      case CHANNEL_FULL -> ERR_CHANNELISFULL;
      case INVITE_ONLY -> ERR_INVITEONLYCHAN;
      case NOT_IN_CHANNEL -> message ? ERR_CANNOTSENDTOCHAN : ERR_NOTONCHANNEL;
      case NO_SUCH_USER -> ERR_NOSUCHNICK;
      case NOT_ADMIN -> toChannel ? ERR_CHANOPRIVSNEEDED : command.equals("OPER") ? ERR_NOOPERHOST : ERR_NOPRIVILEGES;
      case NOT_OWNER, NOT_MODERATOR, PROTECTED_USER -> ERR_CHANOPRIVSNEEDED;
      case TIMED_OUT, SLOW_MODE, READ_ONLY -> message && toChannel ? ERR_CANNOTSENDTOCHAN : null;
      case RATE_LIMITED -> message && toChannel ? ERR_CANNOTSENDTOCHAN : RPL_TRYAGAIN;
      case EMPTY_MESSAGE -> ERR_NOTEXTTOSEND;
      default -> null;
    };
  }

  /**
   * The line that tells {@code nick} why {@code command} on {@code user} in {@code channel} (a KICK, an INVITE,
   * a MODE +o) was refused: 401, 441 and 443 name the user; the rest are as {@link #reply}.
   */
  static String aboutMember(String server, ChatException refusal, String nick, String command, String channel, String user) {
    return switch (refusal.code()) {
      case NO_SUCH_USER, BAD_NICK -> IrcMessage.format(server, ERR_NOSUCHNICK.code, true, nick, user, refusal.getMessage());
      case USER_NOT_IN_CHANNEL -> IrcMessage.format(server, ERR_USERNOTINCHANNEL.code, true, nick, user, channel, refusal.getMessage());
      case USER_IN_CHANNEL -> IrcMessage.format(server, ERR_USERONCHANNEL.code, true, nick, user, channel, refusal.getMessage());
      default -> reply(server, refusal, nick, command, channel);
    };
  }

  /**
   * The line that tells {@code nick} why {@code command} on {@code target} (a channel, a nickname, or null)
   * was refused.
   */
  static String reply(String server, ChatException refusal, String nick, String command, String target) {
    boolean toChannel = target != null && target.startsWith("#");
    IrcNumeric numeric = numeric(refusal.code(), command, toChannel);
    String text = refusal.getMessage();
    if (numeric == null) return IrcMessage.format(server, "NOTICE", true, nick, text);
    if (NO_TARGET.contains(numeric)) return IrcMessage.format(server, numeric.code, true, nick, text);
    String about = numeric == RPL_TRYAGAIN || target == null ? command : target;
    return IrcMessage.format(server, numeric.code, true, nick, about, text);
  }
}
