package io.streamroom.tcp;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.EventType;
import io.streamroom.chat.Names;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One telnet connection: asks for a nickname, then turns lines into chat commands and chat events into
 * lines. Holds no rules; what is allowed is the chat service's answer. Lines are handled one at a time
 * (reading pauses meanwhile), so a command's effect is in place before the next line is read.
 */
final class TelnetSession {
  private static final Logger log = LoggerFactory.getLogger(TelnetSession.class);
  /** Longest line accepted, in bytes: a generous paragraph; longer lines are refused, not truncated. */
  static final int MAX_LINE_BYTES = 2000;
  /** How long a goodbye may take to reach a client before the connection is cut anyway. */
  private static final long CLOSE_GRACE_MILLIS = 2000;

  private final String id = UUID.randomUUID().toString();
  private final Vertx vertx;
  /** The event loop that owns the socket; everything here runs on it. */
  private final Context context;
  private final NetSocket socket;
  private final ChannelFanout fanout;
  private final TcpSettings settings;
  private final ChatClient chat;
  private final TelnetLineDecoder decoder;
  /** Work waiting for the current line to finish; reading is paused while it is not empty. */
  private final ArrayDeque<Supplier<Future<?>>> pending = new ArrayDeque<>();
  private boolean busy;
  private boolean closed;
  /** Bytes waiting in {@link #outgoing} or handed to the socket and not yet taken by the kernel. */
  private long pendingBytes;
  /** Output gathered during the current turn of the event loop; null when nothing waits. */
  private Buffer outgoing;
  private final OutputBatch batch;
  /** Most channel lines held back while a join waits for its history; a join takes milliseconds. */
  private static final int MAX_HELD_LINES = 1000;
  /** Channel lines that arrived while a join was waiting for its history; null when none is. */
  private List<Buffer> held;
  private MessageConsumer<JsonObject> sessionEvents;
  private long nickTimer;
  private Runnable onClose = () -> {};
  /** Null until the chat service accepted a nickname. */
  private String name;
  private String channel;
  private Unconfirmed unconfirmed;
  /** Numbers this connection's lines: with its random id, a key no other line of this user has. */
  private long linesSaid;

  TelnetSession(Vertx vertx, NetSocket socket, ChannelFanout fanout, TcpSettings settings, OutputBatch batch) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.batch = batch;
    this.socket = socket;
    this.fanout = fanout;
    this.settings = settings;
    this.chat = new ChatClient(vertx.eventBus(), id);
    this.decoder = new TelnetLineDecoder(MAX_LINE_BYTES, new TelnetLineDecoder.Listener() {
      @Override
      public void onLine(String line) {
        enqueue(() -> handle(line));
      }

      @Override
      public void onLineTooLong() {
        enqueue(() -> {
          error("Line too long: at most " + MAX_LINE_BYTES + " bytes. It was not sent.");
          return Future.succeededFuture();
        });
      }
    });
  }

  /** Runs once the connection is closed, whoever closed it. */
  void onClose(Runnable action) {
    this.onClose = action;
  }

  Future<Void> start() {
    socket.handler(decoder::feed);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> log.debug("Connection {} failed: {}", id, e.getMessage()));
    sessionEvents = vertx.eventBus().consumer(Addresses.session(id), message -> onSessionEvent(message.body()));
    nickTimer = vertx.setTimer(settings.nickTimeoutMillis(), t -> {
      if (name == null) {
        sendLine("No nickname after " + settings.nickTimeoutMillis() / 1000 + " s. Bye.");
        closeAfterWrites();
      }
    });
    sendLine("Welcome to Streamroom!");
    promptForNick();
    return sessionEvents.completion();
  }

  // ---- input

  private void enqueue(Supplier<Future<?>> work) {
    pending.add(work);
    socket.pause();
    runNext();
  }

  private void runNext() {
    if (busy || closed) return;
    Supplier<Future<?>> next = pending.poll();
    if (next == null) {
      socket.resume();
      return;
    }
    busy = true;
    Future<?> done;
    try {
      done = next.get();
    } catch (ChatException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(result -> {
      if (result.failed()) showFailure(result.cause());
      busy = false;
      runNext();
    });
  }

  private Future<?> handle(String line) {
    if (line.isBlank()) return Future.succeededFuture();
    if (name == null) return chooseNick(line.trim());
    if (line.startsWith("/")) return command(line.trim());
    if (channel == null) {
      error("You are in no channel: /join " + Names.LOBBY + " or another channel to talk.");
      return Future.succeededFuture();
    }
    return say(line);
  }

  /**
   * Says a line. A line whose fate was left unknown and is typed again keeps its key, so the service
   * recognises the retry and does not post it twice.
   */
  private Future<?> say(String line) {
    String key = unconfirmed != null && unconfirmed.matches(channel, line) ? unconfirmed.key() : id + "-" + ++linesSaid;
    unconfirmed = null;
    return chat.request(CommandType.SAY, new JsonObject().put("channel", channel).put("text", line).put("key", key))
        .onSuccess(reply -> {
          if (reply.getBoolean("repeat", false)) info("That line was stored already; it was not posted twice.");
        })
        .onFailure(e -> {
          if (e instanceof ChatException c && c.code() == ErrorCode.UNCONFIRMED) unconfirmed = new Unconfirmed(channel, line, key);
        });
  }

  /** The last line whose fate the server could not confirm, with the key it was sent with. */
  private record Unconfirmed(String channel, String line, String key) {
    boolean matches(String channel, String line) {
      return this.channel.equals(channel) && this.line.equals(line);
    }
  }

  private void promptForNick() {
    sendLine("Choose a nickname (2-20 letters, digits, _ or -), or /login <nick> <password>:");
  }

  private Future<?> chooseNick(String line) {
    JsonObject connect = new JsonObject().put("transport", "telnet").put("ip", socket.remoteAddress().hostAddress());
    if (line.startsWith("/")) {
      String[] words = line.split("\\s+");
      if (words[0].equalsIgnoreCase("/quit")) return quit();
      if (!words[0].equalsIgnoreCase("/login") || words.length != 3) {
        error("Choose a nickname first, or /login <nick> <password>.");
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
          if (closed) {
            // The connection went away while the server was opening the session: close it there too.
            chat.request(CommandType.DISCONNECT);
            return Future.succeededFuture();
          }
          vertx.cancelTimer(nickTimer);
          name = reply.getString("name");
          sendLine("Hello " + name + (reply.getBoolean("admin") ? " (admin)" : "") + ". Type /help for commands.");
          return join(Names.LOBBY);
        });
  }

  // ---- commands

  private Future<?> command(String line) {
    String[] words = line.substring(1).split("\\s+", 3);
    TelnetCommand command = TelnetCommand.of(words[0]).orElse(null);
    if (command == null) {
      error("Unknown command /" + words[0] + ". Type /help for the list.");
      return Future.succeededFuture();
    }
    String arg1 = words.length > 1 ? words[1] : null;
    String rest = words.length > 2 ? words[2] : null;
    return switch (command) {
      case HELP -> help();
      case JOIN -> arg1 == null ? usage(command) : join(Names.channel(arg1));
      case PART -> part();
      case CHANNELS -> channels();
      case WHO -> who();
      case LISTUSERS -> listUsers();
      case STATUS -> arg1 == null ? usage(command) : chat.request(CommandType.STATUS, new JsonObject().put("status", arg1))
          .onSuccess(r -> info("Your status is " + r.getString("status") + "."));
      case MODE -> !"open".equals(arg1) && !"registered".equals(arg1) ? usage(command)
          : chat.request(CommandType.MODE, new JsonObject().put("channel", channel).put("registeredOnly", "registered".equals(arg1)));
      case PRIVATE, MSG -> arg1 == null || rest == null ? usage(command) : privateMessage(arg1, rest);
      case HISTORY -> history(arg1);
      case LIVE -> liveStreams();
      case VIDEOS -> videos();
      case PLAY -> arg1 == null || (rest != null && rest.contains(" ")) ? usage(command) : chat.request(CommandType.PLAY,
              new JsonObject().put("channel", channel).put("title", arg1).put("resolution", rest))
          .onSuccess(r -> info("Playing " + r.getString("title") + " (" + r.getString("resolution") + ") in " + channel + "."));
      case STOP -> chat.request(CommandType.STOP_STREAM, new JsonObject().put("channel", channel))
          .onSuccess(r -> info("Stopped the stream in " + channel + "."));
      case REGISTER -> arg1 == null || rest != null ? usage(command) : register(arg1);
      case LOGIN -> arg1 == null || rest == null || rest.contains(" ") ? usage(command) : login(arg1, rest);
      case LISTADMINS -> listAdmins();
      case KICK -> arg1 == null ? usage(command) : kick(arg1, rest);
      case ADDADMIN -> arg1 == null ? usage(command) : chat.request(CommandType.ADD_ADMIN, new JsonObject().put("name", arg1))
          .onSuccess(r -> info(r.getString("name") + " is now an admin" + (r.getBoolean("saved")
              ? "." : " until they disconnect (no account, so it is not saved).")));
      case QUIT -> quit();
    };
  }

  private Future<?> usage(TelnetCommand command) {
    error("Usage: " + command.usage);
    return Future.succeededFuture();
  }

  private Future<?> help() {
    StringBuilder out = new StringBuilder("Commands:\r\n");
    for (TelnetCommand c : TelnetCommand.values()) {
      if (c.help != null) out.append(String.format("  %-26s %s%n", c.usage, c.help).replace("\n", "\r\n"));
    }
    out.append("  Anything else you type is said in the current channel.\r\n");
    send(Buffer.buffer(out.toString()));
    return Future.succeededFuture();
  }

  /** Moves to {@code target}: subscribe first so no event is missed, join, then leave the old channel. */
  private Future<?> join(String target) {
    String previous = channel;
    if (target.equals(previous)) {
      info("You are already in " + target + ".");
      return Future.succeededFuture();
    }
    holdChannelLines();
    return fanout.subscribe(target, this)
        .compose(v -> chat.request(CommandType.JOIN, new JsonObject().put("channel", target)))
        .onFailure(e -> {
          fanout.unsubscribe(target, this);
          releaseChannelLines();
        })
        .compose(reply -> {
          if (closed) {
            fanout.unsubscribe(target, this); // onClosed only knew the previous channel
            return Future.succeededFuture();
          }
          channel = target;
          JsonArray history = reply.getJsonArray("history");
          for (int i = 0; i < history.size(); i++) sendLine(TelnetRenderer.history(history.getJsonObject(i)));
          if (reply.getBoolean("historyUnavailable", false)) info("History cannot be read right now.");
          List<String> members = reply.getJsonArray("members").stream().map(Object::toString).toList();
          info("You joined " + target + ". Here: " + String.join(", ", members));
          releaseChannelLines();
          if (previous == null) return Future.succeededFuture();
          fanout.unsubscribe(previous, this);
          return chat.request(CommandType.PART, new JsonObject().put("channel", previous));
        });
  }

  private Future<?> part() {
    if (Names.LOBBY.equals(channel)) {
      error("You are in " + Names.LOBBY + ", the channel everyone starts in. Use /quit to leave the chat.");
      return Future.succeededFuture();
    }
    return join(Names.LOBBY);
  }

  private Future<?> channels() {
    return chat.request(CommandType.CHANNELS).onSuccess(reply -> info("Channels: " + reply.getJsonArray("channels")
        .stream().map(o -> (JsonObject) o)
        .map(c -> c.getString("name") + " (" + c.getInteger("members") + ")")
        .collect(Collectors.joining(", "))));
  }

  private Future<?> who() {
    return chat.request(CommandType.WHO, new JsonObject().put("channel", channel)).onSuccess(reply -> {
      JsonArray members = reply.getJsonArray("members");
      info("In " + channel + " (" + members.size() + "): " + members.stream().map(o -> (JsonObject) o)
          .map(m -> m.getString("name") + ("online".equals(m.getString("status")) ? "" : " (" + m.getString("status") + ")"))
          .collect(Collectors.joining(", ")));
    });
  }

  private Future<?> listUsers() {
    return chat.request(CommandType.USERS).onSuccess(reply -> {
      JsonArray users = reply.getJsonArray("users");
      info("Online (" + users.size() + "): " + users.stream().map(o -> (JsonObject) o)
          .map(u -> u.getString("name") + (u.getBoolean("admin") ? " (admin)" : "")
              + ("online".equals(u.getString("status")) ? "" : " (" + u.getString("status") + ")"))
          .collect(Collectors.joining(", ")));
    });
  }

  private Future<?> listAdmins() {
    return chat.request(CommandType.ADMINS).onSuccess(reply -> {
      JsonArray admins = reply.getJsonArray("admins");
      info("Admins (" + admins.size() + "): " + admins.stream().map(o -> (JsonObject) o)
          .map(a -> a.getString("name") + (a.getBoolean("online") ? " (online)" : ""))
          .collect(Collectors.joining(", ")));
    });
  }

  private Future<?> privateMessage(String to, String text) {
    return chat.request(CommandType.PRIVATE, new JsonObject().put("to", to).put("text", text))
        .onSuccess(reply -> sendLine("[private to " + reply.getString("to") + "] " + text));
  }

  private Future<?> history(String count) {
    int limit;
    try {
      limit = count == null ? 20 : Integer.parseInt(count);
    } catch (NumberFormatException e) {
      return usage(TelnetCommand.HISTORY);
    }
    return chat.request(CommandType.HISTORY, new JsonObject().put("channel", channel).put("limit", limit))
        .onSuccess(reply -> {
          JsonArray messages = reply.getJsonArray("messages");
          if (messages.isEmpty()) info("No messages in " + channel + " yet.");
          for (int i = 0; i < messages.size(); i++) sendLine(TelnetRenderer.history(messages.getJsonObject(i)));
        });
  }

  private Future<?> liveStreams() {
    return vertx.eventBus().<JsonObject>request(Addresses.LIVE_LIST, new JsonObject()).onSuccess(reply -> {
      JsonArray streams = reply.body().getJsonArray("streams");
      if (streams.isEmpty()) info("Nothing is live right now.");
      for (int i = 0; i < streams.size(); i++) {
        JsonObject s = streams.getJsonObject(i);
        info("Live: " + s.getString("channel") + " (" + s.getString("source") + ", " + s.getInteger("fps") + " fps, "
            + s.getInteger("viewers") + " watching): " + settings.httpBase() + s.getString("mjpeg"));
      }
    });
  }

  private Future<?> videos() {
    return vertx.eventBus().<JsonObject>request(Addresses.VIDEO_LIST, new JsonObject()).onSuccess(reply -> {
      JsonArray titles = reply.body().getJsonArray("titles");
      if (titles.isEmpty()) info("The video library is empty.");
      for (int i = 0; i < titles.size(); i++) {
        JsonObject title = titles.getJsonObject(i);
        JsonArray renditions = title.getJsonArray("renditions");
        double seconds = renditions.getJsonObject(0).getDouble("duration");
        info("Video: " + title.getString("title") + " (" + (int) seconds / 60 + ":" + String.format("%02d", (int) seconds % 60)
            + "): " + renditions.stream().map(r -> ((JsonObject) r).getString("resolution")).collect(Collectors.joining(", ")));
      }
    });
  }

  private Future<?> register(String password) {
    return chat.request(CommandType.REGISTER, new JsonObject().put("password", password))
        .onSuccess(reply -> info(reply.getString("name") + " is now your account. Next time: /login "
            + reply.getString("name") + " <password>"));
  }

  private Future<?> login(String nick, String password) {
    return chat.request(CommandType.LOGIN, new JsonObject().put("name", nick).put("password", password))
        .onSuccess(reply -> {
          name = reply.getString("name");
          info("Logged in as " + name + (reply.getBoolean("admin") ? " (admin)." : "."));
        });
  }

  private Future<?> kick(String nick, String reason) {
    JsonObject args = new JsonObject().put("name", nick);
    if (reason != null) args.put("reason", reason);
    return chat.request(CommandType.KICK, args).onSuccess(reply -> info("Kicked " + reply.getString("name") + "."));
  }

  private Future<?> quit() {
    sendLine("Bye.");
    closeAfterWrites();
    return Future.succeededFuture();
  }

  // ---- output

  private void onSessionEvent(JsonObject event) {
    switch (EventType.of(event.getString("type"))) {
      case PRIVATE -> sendLine("[private] " + event.getString("from") + ": " + event.getString("text"));
      case KICKED -> {
        sendLine("You were kicked by " + event.getString("by") + ": " + event.getString("reason"));
        closeAfterWrites();
      }
      case PROMOTED -> info(event.getString("by") + " made you an admin.");
      default -> log.debug("Ignoring session event {}", event);
    }
  }

  Context context() {
    return context;
  }

  /**
   * A channel event, already rendered once for every telnet user on this node; called on our loop.
   * {@code joinedUser} is who joined, for a join event, else null.
   */
  void deliver(String joinedUser, Buffer rendered) {
    // Our own join is announced by join(), after the history it comes with.
    if (joinedUser != null && joinedUser.equals(name)) return;
    if (held != null && held.size() < MAX_HELD_LINES) {
      held.add(rendered);
      return;
    }
    if (held != null) releaseChannelLines(); // order gives way before anything is dropped
    send(rendered);
  }

  /** Live lines wait while a join fetches history, so the history is shown before what came after it. */
  private void holdChannelLines() {
    held = new ArrayList<>();
  }

  private void releaseChannelLines() {
    List<Buffer> lines = held;
    held = null;
    if (lines != null) lines.forEach(this::send);
  }

  private void showFailure(Throwable failure) {
    if (failure instanceof Shown) return;
    if (failure instanceof ChatException e && e.code() == ErrorCode.UNCONFIRMED) {
      sendLine("? " + e.getMessage()); // neither done nor refused
    } else if (failure instanceof ChatException e) {
      error(e.code() == ErrorCode.UNKNOWN_COMMAND ? e.getMessage() + " Type /help." : e.getMessage());
    } else {
      log.warn("Command failed for {}: {}", name, failure.toString());
      error(ErrorCode.INTERNAL.defaultMessage());
    }
  }

  private void info(String text) {
    sendLine("* " + text);
  }

  private void error(String text) {
    sendLine("! " + text);
  }

  private void sendLine(String text) {
    send(TelnetRenderer.line(text));
  }

  /**
   * Writes without ever letting a slow reader grow our memory: once more than the configured bound is
   * waiting to be sent, the client is disconnected.
   */
  private void send(Buffer data) {
    if (closed) return;
    int size = data.length();
    pendingBytes += size;
    if (pendingBytes > settings.maxPendingOutputBytes()) {
      closed = true;
      log.warn("Disconnecting {} at {}: stopped reading, over {} bytes of output pending",
          name == null ? "a new connection" : name, socket.remoteAddress(), settings.maxPendingOutputBytes());
      abort();
      return;
    }
    if (outgoing == null) {
      outgoing = Buffer.buffer(Math.max(256, size));
      batch.add(this);
    }
    outgoing.appendBuffer(data);
  }

  /**
   * One socket write for everything sent during this turn of the event loop: under load many channel
   * lines arrive back to back, and one write (one system call) for all of them keeps the server ahead.
   */
  void flush() {
    Buffer data = outgoing;
    outgoing = null;
    if (data == null || closed) return;
    int size = data.length();
    socket.write(data).onComplete(written -> pendingBytes -= size);
  }

  /**
   * Closes at once, dropping unsent output. NetSocket.close() would first wait for pending output to be
   * flushed, which a client that stopped reading never allows. Closing from Vert.x's own handler context
   * goes straight to Netty, which fails the pending writes and closes the channel.
   */
  private void abort() {
    ((NetSocketInternal) socket).channelHandlerContext().close();
  }

  /** Used when the server stops. */
  Future<Void> shutdown(String reason) {
    sendLine(reason);
    return closeAfterWrites();
  }

  /** Flushes what is pending, then closes; a client that does not read it within the grace is cut off. */
  private Future<Void> closeAfterWrites() {
    if (closed) return Future.succeededFuture();
    flush();
    closed = true;
    vertx.setTimer(CLOSE_GRACE_MILLIS, t -> abort());
    return socket.write(Buffer.buffer()).eventually(socket::close);
  }

  private void onClosed() {
    closed = true;
    vertx.cancelTimer(nickTimer);
    sessionEvents.unregister();
    if (channel != null) fanout.unsubscribe(channel, this);
    if (name != null) chat.request(CommandType.DISCONNECT);
    onClose.run();
  }

  /** A failure already shown to the user. */
  private static final class Shown extends RuntimeException {
    Shown() {
      super(null, null, false, false);
    }
  }
}
