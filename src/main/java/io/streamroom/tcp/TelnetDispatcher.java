package io.streamroom.tcp;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A telnet user's side of the chat: asks for a nickname, parses each line into a chat command, shows the
 * answer (through {@link TelnetRenderer}) and the events sent to this session, and closes the chat
 * session when the connection ends. Holds no rules; what is allowed is the chat service's answer. Runs on
 * its connection's event loop; the connection ({@link TelnetSession}) feeds it one line at a time.
 */
final class TelnetDispatcher {
  private static final Logger log = LoggerFactory.getLogger(TelnetDispatcher.class);

  private final String id;
  private final Vertx vertx;
  private final TelnetSession session;
  private final ChannelFanout fanout;
  private final TcpSettings settings;
  private final ChatClient chat;
  private final TelnetChannel channel;
  private final TelnetModeration moderation;
  private final TelnetQueries queries;
  private final TelnetSessionEvents events;
  private MessageConsumer<JsonObject> sessionEvents;
  private long nickTimer;
  /** Null until the chat service accepted a nickname. */
  private String name;
  private Unconfirmed unconfirmed;
  /** The chat session was closed (by /quit, before its goodbye). */
  private boolean chatClosed;
  /** Numbers this connection's lines: with its random id, a key no other line of this user has. */
  private long linesSaid;

  TelnetDispatcher(String id, Vertx vertx, TelnetSession session, ChannelFanout fanout, TcpSettings settings) {
    this.id = id;
    this.vertx = vertx;
    this.session = session;
    this.fanout = fanout;
    this.settings = settings;
    this.chat = new ChatClient(vertx.eventBus(), id);
    this.channel = new TelnetChannel(session, fanout, chat, settings.httpBase());
    this.moderation = new TelnetModeration(session, chat, channel::current);
    this.events = new TelnetSessionEvents(session, channel);
    this.queries = new TelnetQueries(vertx, session, chat, channel::current, settings.httpBase());
  }

  /** The nickname the chat service accepted; null before. */
  String name() {
    return name;
  }

  Future<Void> start() {
    sessionEvents = vertx.eventBus().consumer(Addresses.session(id), message -> events.on(message.body()));
    nickTimer = vertx.setTimer(settings.nickTimeoutMillis(), t -> {
      if (name == null) {
        session.sendLine("No nickname after " + settings.nickTimeoutMillis() / 1000 + " s. Bye.");
        session.closeAfterWrites("no nickname in time");
      }
    });
    session.sendLine("Welcome to Streamroom!");
    promptForNick();
    return sessionEvents.completion();
  }

  /**
   * A line that only says something in the current channel: it may be on its way while the lines before
   * it are, since the chat service takes them in order and changes nothing a later line depends on.
   */
  boolean isPlainSay(String line) {
    return name != null && !line.isBlank() && !line.startsWith("/") && channel.current() != null;
  }

  Future<?> handle(String line) {
    if (line.isBlank()) return Future.succeededFuture();
    if (name == null) return chooseNick(line.trim());
    if (line.startsWith("/")) return command(line.trim());
    if (channel.current() == null) {
      session.error("You are in no channel: /join " + Names.LOBBY + " or another channel to talk.");
      return Future.succeededFuture();
    }
    return say(line);
  }

  /**
   * Says a line. A line whose fate was left unknown and is typed again keeps its key, so the service
   * recognises the retry and does not post it twice.
   */
  private Future<?> say(String line) {
    String key = unconfirmed != null && unconfirmed.matches(channel.current(), line) ? unconfirmed.key() : id + "-" + ++linesSaid;
    unconfirmed = null;
    return chat.request(CommandType.SAY, new JsonObject().put("channel", channel.current()).put("text", line).put("key", key))
        .onSuccess(reply -> {
          if (reply.getBoolean("repeat", false)) session.info("That line was stored already; it was not posted twice.");
        })
        .onFailure(e -> {
          if (e instanceof ChatException c && c.code() == ErrorCode.UNCONFIRMED) unconfirmed = new Unconfirmed(channel.current(), line, key);
        });
  }

  /** The last line whose fate the server could not confirm, with the key it was sent with. */
  private record Unconfirmed(String channel, String line, String key) {
    boolean matches(String channel, String line) {
      return this.channel.equals(channel) && this.line.equals(line);
    }
  }

  private void promptForNick() {
    session.sendLine("Choose a nickname (2-20 letters, digits, _ or -), or /login <nick> <password>:");
  }

  private Future<?> chooseNick(String line) {
    JsonObject connect = new JsonObject().put("transport", "telnet").put("ip", session.remoteHost()).put("port", session.remotePort());
    if (line.startsWith("/")) {
      String[] words = line.split("\\s+");
      if (words[0].equalsIgnoreCase("/quit")) return quit();
      if (!words[0].equalsIgnoreCase("/login") || words.length != 3) {
        session.error("Choose a nickname first, or /login <nick> <password>.");
        return Future.succeededFuture();
      }
      connect.put("name", words[1]).put("password", words[2]);
    } else {
      connect.put("name", line);
    }
    return chat.request(CommandType.CONNECT, connect)
        .recover(e -> {
          showFailure(e);
          promptForNick();
          return Future.failedFuture(new Shown());
        })
        .compose(reply -> {
          if (session.isClosed()) {
            // The connection went away while the server was opening the session: close it there too.
            chat.request(CommandType.DISCONNECT);
            return Future.succeededFuture();
          }
          vertx.cancelTimer(nickTimer);
          name = reply.getString("name");
          session.sendLine("Hello " + name + (reply.getBoolean("admin") ? " (admin)" : "") + ". Type /help for commands.");
          return channel.join(Names.LOBBY, null);
        });
  }

  // ---- commands: the table of what each slash command asks the chat service and shows

  private Future<?> command(String line) {
    String[] words = line.substring(1).split("\\s+", 3);
    TelnetCommand command = TelnetCommand.of(words[0]).orElse(null);
    if (command == null) {
      session.error("Unknown command /" + words[0] + ". Type /help for the list.");
      return Future.succeededFuture();
    }
    String arg1 = words.length > 1 ? words[1] : null;
    String rest = words.length > 2 ? words[2] : null;
    return switch (command) {
      case HELP -> shown(() -> session.send(TelnetRenderer.help()));
      case JOIN -> arg1 == null || (rest != null && rest.contains(" ")) ? usage(command) : channel.join(Names.channel(arg1), rest);
      case INVITE -> arg1 == null || rest != null ? usage(command) : chat.request(CommandType.INVITE,
              new JsonObject().put("channel", channel.current()).put("name", arg1))
          .onSuccess(r -> session.info("Invited " + r.getString("name") + " to " + r.getString("channel") + "."));
      case PART -> channel.part();
      case CHANNELS -> chat.request(CommandType.CHANNELS).onSuccess(r -> session.info(TelnetRenderer.channels(r)));
      case WHO -> chat.request(CommandType.WHO, new JsonObject().put("channel", channel.current()))
          .onSuccess(r -> session.info(TelnetRenderer.who(channel.current(), r)));
      case LISTUSERS -> chat.request(CommandType.USERS).onSuccess(r -> session.info(TelnetRenderer.users(r)));
      case STATUS -> arg1 == null ? usage(command) : chat.request(CommandType.STATUS, new JsonObject().put("status", arg1))
          .onSuccess(r -> session.info("Your status is " + r.getString("status") + "."));
      case MODE -> !"open".equals(arg1) && !"registered".equals(arg1) ? usage(command)
          : chat.request(CommandType.MODE, new JsonObject().put("channel", channel.current()).put("registeredOnly", "registered".equals(arg1)));
      case PRIVATE, MSG -> arg1 == null || rest == null ? usage(command)
          : chat.request(CommandType.PRIVATE, new JsonObject().put("to", arg1).put("text", rest))
              .onSuccess(r -> {
                session.sendLine("[private to " + r.getString("to") + "] " + rest);
                events.tellNotEncrypted();
              });
      case HISTORY -> arg1 != null && !arg1.matches("\\d{1,9}") ? usage(command) : queries.history(arg1 == null ? 20 : Integer.parseInt(arg1));
      case KEYS -> arg1 == null || rest != null ? usage(command) : queries.keys(arg1);
      case LIVE -> queries.liveStreams();
      case VIDEOS -> queries.videos();
      case PLAY -> arg1 == null || (rest != null && rest.contains(" ")) ? usage(command) : chat.request(CommandType.PLAY,
              new JsonObject().put("channel", channel.current()).put("title", arg1).put("resolution", rest))
          .onSuccess(r -> session.info("Playing " + r.getString("title") + " (" + r.getString("resolution") + ") in " + channel.current() + "."));
      case STOP -> chat.request(CommandType.STOP_STREAM, new JsonObject().put("channel", channel.current()))
          .onSuccess(r -> session.info("Stopped the stream in " + channel.current() + "."));
      case REGISTER -> arg1 == null || rest != null ? usage(command)
          : chat.request(CommandType.REGISTER, new JsonObject().put("password", arg1))
              .onSuccess(r -> session.info(r.getString("name") + " is now your account. Next time: /login "
                  + r.getString("name") + " <password>"));
      case LOGIN -> arg1 == null || rest == null || rest.contains(" ") ? usage(command) : login(arg1, rest);
      case LISTADMINS -> chat.request(CommandType.ADMINS).onSuccess(r -> session.info(TelnetRenderer.admins(r)));
      case KICK -> arg1 == null ? usage(command) : kick(arg1, rest);
      case ADDADMIN -> arg1 == null ? usage(command) : chat.request(CommandType.ADD_ADMIN, new JsonObject().put("name", arg1))
          .onSuccess(r -> session.info(r.getString("name") + " is now an admin" + (r.getBoolean("saved")
              ? "." : " until they disconnect (no account, so it is not saved).")));
      case REMOVEADMIN -> arg1 == null ? usage(command) : chat.request(CommandType.REMOVE_ADMIN, new JsonObject().put("name", arg1))
          .onSuccess(r -> session.info(r.getString("name") + " is no longer an admin."));
      case TOPIC, MOD, UNMOD, TIMEOUT, UNTIMEOUT, BAN, UNBAN, DELETE, CLEAR, SLOW, DELETECHANNEL, SERVERBAN, SERVERUNBAN -> {
        Future<?> done = moderation.handle(command, arg1, rest);
        yield done == null ? usage(command) : done;
      }
      case QUIT -> quit();
    };
  }

  /** For commands answered here, without asking the chat service. */
  private static Future<?> shown(Runnable output) {
    output.run();
    return Future.succeededFuture();
  }

  private Future<?> usage(TelnetCommand command) {
    return shown(() -> session.error("Usage: " + command.usage));
  }

  private Future<?> login(String nick, String password) {
    return chat.request(CommandType.LOGIN, new JsonObject().put("name", nick).put("password", password))
        .onSuccess(reply -> {
          name = reply.getString("name");
          session.info("Logged in as " + name + (reply.getBoolean("admin") ? " (admin)." : "."));
        });
  }

  private Future<?> kick(String nick, String reason) {
    JsonObject args = new JsonObject().put("name", nick);
    if (reason != null) args.put("reason", reason);
    return chat.request(CommandType.KICK, args).onSuccess(reply -> session.info("Kicked " + reply.getString("name") + "."));
  }

  /** The chat session is closed before "Bye.", so the nickname is free the moment the user reads it. */
  private Future<?> quit() {
    Future<?> closed = name == null || chatClosed ? Future.succeededFuture() : chat.request(CommandType.DISCONNECT);
    chatClosed = true; // connectionClosed has nothing left to close
    return closed.eventually(() -> {
      session.sendLine("Bye.");
      session.closeAfterWrites("quit");
      return Future.succeededFuture();
    });
  }

  void showFailure(Throwable failure) {
    if (failure instanceof Shown) return;
    if (failure instanceof ChatException e && e.code() == ErrorCode.UNCONFIRMED) {
      session.sendLine("? " + e.getMessage()); // neither done nor refused
    } else if (failure instanceof ChatException e) {
      session.error(e.code() == ErrorCode.UNKNOWN_COMMAND ? e.getMessage() + " Type /help." : e.getMessage());
    } else {
      log.warn("Command failed for {}: {}", name, failure.toString());
      session.error(ErrorCode.INTERNAL.defaultMessage());
    }
  }

  /** The connection is gone: stop listening and close the chat session. */
  void connectionClosed() {
    vertx.cancelTimer(nickTimer);
    sessionEvents.unregister();
    channel.connectionClosed();
    if (name != null && !chatClosed) chat.request(CommandType.DISCONNECT);
    chatClosed = true;
  }

  /** A failure already shown to the user. */
  private static final class Shown extends RuntimeException {
    Shown() {
      super(null, null, false, false);
    }
  }
}
