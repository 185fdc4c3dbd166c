package io.streamroom.tcp;

import io.streamroom.chat.ChatClient;
import io.streamroom.chat.CommandType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/**
 * The telnet moderation commands: each is parsed into a chat command for the current channel, and its
 * answer confirmed in one line. The rules (who may, and on whom) are the chat service's.
 */
final class TelnetModeration {
  private final TelnetSession session;
  private final ChatClient chat;
  private final Supplier<String> channel;

  TelnetModeration(TelnetSession session, ChatClient chat, Supplier<String> channel) {
    this.session = session;
    this.chat = chat;
    this.channel = channel;
  }

  /** @return null when the arguments do not fit the command (the caller shows its usage) */
  Future<?> handle(TelnetCommand command, String arg1, String rest) {
    String text = arg1 == null ? null : rest == null ? arg1 : arg1 + " " + rest;
    return switch (command) {
      case MOD -> arg1 == null || rest != null ? null : inChannel(CommandType.MOD, arg1, null)
          .onSuccess(r -> session.info(r.getString("name") + " is now a moderator of " + r.getString("channel") + "."));
      case UNMOD -> arg1 == null || rest != null ? null : inChannel(CommandType.UNMOD, arg1, null)
          .onSuccess(r -> session.info(r.getString("name") + " is no longer a moderator of " + r.getString("channel") + "."));
      case TIMEOUT -> arg1 == null ? null : timeout(arg1, rest);
      case UNTIMEOUT -> arg1 == null || rest != null ? null : inChannel(CommandType.UNTIMEOUT, arg1, null)
          .onSuccess(r -> session.info(r.getString("name") + " may talk in " + r.getString("channel") + " again."));
      case BAN -> arg1 == null ? null : inChannel(CommandType.BAN, arg1, new JsonObject().put("reason", rest))
          .onSuccess(r -> session.info(r.getString("name") + " is banned from " + r.getString("channel") + "."));
      case UNBAN -> arg1 == null || rest != null ? null : inChannel(CommandType.UNBAN, arg1, null)
          .onSuccess(r -> session.info(r.getString("name") + " is no longer banned from " + r.getString("channel") + "."));
      case SERVERBAN -> arg1 == null ? null : chat.request(CommandType.BAN, new JsonObject().put("name", arg1)
              .put("server", true).put("reason", rest))
          .onSuccess(r -> session.info(r.getString("name") + " is banned from the server."));
      case SERVERUNBAN -> arg1 == null || rest != null ? null : chat.request(CommandType.UNBAN, new JsonObject()
              .put("name", arg1).put("server", true))
          .onSuccess(r -> session.info(r.getString("name") + " is no longer banned from the server."));
      case DELETE -> arg1 == null || rest != null || !arg1.matches("\\d{1,18}") ? null
          : chat.request(CommandType.DELETE, here().put("id", Long.parseLong(arg1)))
              .onSuccess(r -> session.info("Deleted message " + r.getLong("id") + "."));
      case CLEAR -> arg1 != null ? null : chat.request(CommandType.CLEAR, here());
      case SLOW -> slow(arg1, rest);
      case TOPIC -> chat.request(CommandType.TOPIC, here().put("topic", text == null ? "" : text));
      case DELETECHANNEL -> arg1 == null || rest != null ? null
          : chat.request(CommandType.DELETE_CHANNEL, new JsonObject().put("channel", arg1))
              .onSuccess(r -> session.info("Deleted " + r.getString("channel") + "."));
      default -> throw new IllegalArgumentException("not a moderation command: " + command);
    };
  }

  /** {@code /timeout <nick> [seconds] [reason]}: a first word of digits is the length. */
  private Future<?> timeout(String nick, String rest) {
    JsonObject args = new JsonObject();
    if (rest != null) {
      String[] words = rest.split("\\s+", 2);
      boolean seconds = words[0].matches("\\d{1,9}");
      if (seconds) args.put("seconds", Long.parseLong(words[0]));
      args.put("reason", seconds ? (words.length > 1 ? words[1] : null) : rest);
    }
    return inChannel(CommandType.TIMEOUT, nick, args)
        .onSuccess(r -> session.info(r.getString("name") + " cannot talk in " + r.getString("channel") + " for "
            + r.getLong("seconds") + " s."));
  }

  private Future<?> slow(String arg, String rest) {
    if (arg == null || rest != null || !(arg.equals("off") || arg.matches("\\d{1,9}"))) return null;
    return chat.request(CommandType.SLOW, here().put("seconds", arg.equals("off") ? 0 : Long.parseLong(arg)));
  }

  private Future<JsonObject> inChannel(CommandType type, String nick, JsonObject args) {
    return chat.request(type, here().put("name", nick).mergeIn(args == null ? new JsonObject() : args));
  }

  private JsonObject here() {
    return new JsonObject().put("channel", channel.get());
  }
}
