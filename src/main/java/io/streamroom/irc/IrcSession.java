package io.streamroom.irc;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.EventType;
import io.streamroom.metrics.Meters;
import io.streamroom.tcp.ChannelFanout;
import io.streamroom.tcp.FanoutEvent;
import io.streamroom.tcp.LineConnection;
import io.streamroom.tcp.TcpSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The IRC side of one {@link LineConnection}: line limits, registration then commands, the channel events
 * of the node's {@link ChannelFanout} in this client's variant, the events sent to its chat session,
 * PING/PONG keep-alive, and closing. Everything here runs on the connection's event loop.
 */
public final class IrcSession implements LineConnection.Protocol, ChannelFanout.Member {
  private static final Logger log = LoggerFactory.getLogger(IrcSession.class);
  /** An IRC line from a client with the largest tags part: IRCv3's 4,096 bytes of client tags plus RFC 1459's 510. */
  public static final int MAX_LINE_BYTES = IrcMessage.MAX_TAGS_BYTES + IrcMessage.MAX_REST_BYTES;
  /** Most channel lines held back while a join sends its names and history; a join takes milliseconds. */
  private static final int MAX_HELD_LINES = 1000;

  final LineConnection connection;
  final TcpSettings settings;
  final ChatClient chat;
  final IrcCaps caps = new IrcCaps();
  final IrcChannels channels;
  final PendingRegistrations pending;
  private final IrcRegistration registration;
  private final IrcDispatcher dispatcher;
  /** IRC's rendering of channel events in this client's variant (read when rendering). */
  private final Function<JsonObject, Buffer> render;
  private final IrcSessionEvents events = new IrcSessionEvents(this);
  private MessageConsumer<JsonObject> sessionEvents;
  /** The chat service's name for this connection; null until a session is open. */
  private String name;
  private boolean registered;
  /** The chat session was closed (QUIT, a kick); nothing is left to close when the socket goes. */
  private boolean chatClosed;
  private List<ByteBuf> held;
  /** The last user actions shown (see {@link #seenAction}). */
  private final long[] recentActions = new long[4];
  private int nextRecent;
  private long registrationTimer;
  private long pingTimer;
  private long lastInputMillis = System.currentTimeMillis();
  private boolean pingSent;

  public IrcSession(LineConnection connection, ChannelFanout fanout, TcpSettings settings, PendingRegistrations pending) {
    this.connection = connection;
    this.settings = settings;
    this.pending = pending;
    this.chat = new ChatClient(connection.vertx().eventBus(), connection.id);
    this.channels = new IrcChannels(this, fanout);
    this.registration = new IrcRegistration(this);
    this.dispatcher = new IrcDispatcher(this, registration);
    this.render = event -> IrcRenderer.channelEvent(event, caps.variant(), settings.httpBase(), settings.ircServerName());
  }

  /** Takes the connection over; lines from now on are IRC. */
  public void start() {
    connection.setProtocol(this, MAX_LINE_BYTES);
    connection.established(Meters.Adapter.IRC, "IRC registration");
    pending.started();
    sessionEvents = connection.vertx().eventBus().consumer(Addresses.session(connection.id), m -> events.on(m.body()));
    registrationTimer = connection.vertx().setTimer(settings.nickTimeoutMillis(), t -> {
      if (!registered) close("Registration timed out after " + settings.nickTimeoutMillis() / 1000 + " s", "no registration in time");
    });
    pingTimer = connection.vertx().setPeriodic(settings.ircPingMillis(), t -> checkAlive());
  }

  /** Pings a silent client; one that stays silent for another interval is cut. */
  private void checkAlive() {
    long silent = System.currentTimeMillis() - lastInputMillis;
    if (pingSent && silent >= settings.ircPingMillis()) {
      close("Ping timeout: " + silent / 1000 + " seconds", "ping timeout");
    } else if (silent >= settings.ircPingMillis() && !pingSent) {
      pingSent = true;
      line(IrcMessage.format(null, "PING", false, server()));
    }
  }

  // ---- input

  @Override
  public Future<?> handle(String line) {
    lastInputMillis = System.currentTimeMillis();
    pingSent = false;
    if (tooLong(line)) {
      lineTooLong();
      return Future.succeededFuture();
    }
    IrcMessage message = IrcMessage.parse(line);
    if (message == null) return Future.succeededFuture();
    return registered ? dispatcher.handle(message) : registration.handle(message);
  }

  /** The decoder caps the whole line; the part after the tags has IRC's own, smaller limit. */
  private static boolean tooLong(String line) {
    if (line.length() * 3 <= IrcMessage.MAX_REST_BYTES) return false; // cheap: 3 bytes per char at most here
    int restStart = line.startsWith("@") ? line.indexOf(' ') + 1 : 0;
    if (line.substring(0, restStart).getBytes(StandardCharsets.UTF_8).length > IrcMessage.MAX_TAGS_BYTES) return true;
    return line.substring(restStart).getBytes(StandardCharsets.UTF_8).length > IrcMessage.MAX_REST_BYTES;
  }

  @Override
  public boolean onlySays(String line) {
    if (!registered || !(line.startsWith("PRIVMSG #") || line.startsWith("NOTICE #"))) return false;
    IrcMessage message = IrcMessage.parse(line);
    return message != null && dispatcher.isPlainSay(message);
  }

  @Override
  public void lineTooLong() {
    reply(IrcNumeric.ERR_INPUTTOOLONG, "Input line was too long");
  }

  @Override
  public void showFailure(Throwable failure) {
    if (failure instanceof ChatException e) {
      notice(e.getMessage());
    } else {
      log.warn("IRC command failed for {}: {}", name, failure.toString());
      notice(ErrorCode.INTERNAL.defaultMessage());
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The server's name, as replies and notices show it. */
  String server() {
    return settings.ircServerName();
  }

  /** The nickname numerics are addressed to: the session's, the one asked for, or "*". */
  String nick() {
    if (name != null && registered) return name;
    String asked = registration.askedNick();
    return asked != null ? asked : "*";
  }

  boolean isRegistered() {
    return registered;
  }

  /** The chat service opened a session under this name (registration or SASL). */
  void connected(String chatName) {
    this.name = chatName;
  }

  /** Registration is complete: commands are accepted from now on. */
  void registered() {
    if (!connection.isClosed()) pending.ended(); // else connectionClosed() has counted it
    registered = true;
    connection.vertx().cancelTimer(registrationTimer);
  }

  // ---- output

  void line(String text) {
    connection.send(Buffer.buffer(text + "\r\n"));
  }

  void lines(List<String> texts) {
    connection.send(IrcRenderer.buffer(texts));
  }

  /** {@code :server <numeric> <nick> params...}; the last parameter is trailing. */
  void reply(IrcNumeric numeric, String... params) {
    String[] all = new String[params.length + 1];
    all[0] = nick();
    System.arraycopy(params, 0, all, 1, params.length);
    line(IrcMessage.format(server(), numeric.code, true, all));
  }

  void notice(String text) {
    line(IrcMessage.format(server(), "NOTICE", true, nick(), text));
  }

  /** Tells the client why the chat service refused {@code command} on {@code target}. */
  void refuse(Throwable failure, String command, String target) {
    if (failure instanceof ChatException e && e.code() != ErrorCode.UNCONFIRMED) line(IrcErrors.reply(server(), e, nick(), command, target));
    else showFailure(failure);
  }

  /** The tags this client gets on a line of its own (an echo, history): those of its variant. */
  String tags(long atMillis, String id) {
    return IrcRenderer.tags(caps.variant(), atMillis, id, null);
  }

  @Override
  public Context context() {
    return connection.context();
  }

  @Override
  public void deliver(FanoutEvent event) {
    EventType type = event.type();
    String user = event.user();
    // Our own joins and parts are answered by the commands themselves, in their place.
    if ((type == EventType.JOIN || type == EventType.PART) && user.equals(name)) return;
    // Our own NICK is answered by the command, whether this comes before its answer or after.
    if (type == EventType.RENAME && (event.from().equals(name) || event.json().getString("to").equals(name))) return;
    if (type == EventType.SETNAME && (!caps.has(IrcCaps.Cap.SETNAME) || user.equals(name))) return; // ours: the command answers
    if ((type == EventType.MESSAGE || type == EventType.TAGMSG) && !caps.has(IrcCaps.Cap.ECHO_MESSAGE)
        && event.from().equals(name)) return;
    if (seenAction(event.action())) return;
    ByteBuf rendered = event.rendered(FanoutEvent.IRC_FIRST + caps.variant(), render);
    if (rendered == null) return;
    if (held != null && held.size() < MAX_HELD_LINES) {
      held.add(rendered);
    } else {
      if (held != null) releaseChannelLines(); // order gives way before anything is dropped
      connection.send(rendered);
    }
    // Kicked or banned out of a channel: its lines stop here (the session event may come before or after).
    if ((type == EventType.BAN || type == EventType.KICK) && user.equals(name)) channels.removed(event.json().getString("channel"));
  }

  /**
   * Whether this is another channel's copy of a user's action already shown (a quit, a rename, an away, a
   * real name reach each channel we share with them; IRC says them once). Copies come close together.
   */
  private boolean seenAction(Long action) {
    if (action == null) return false;
    for (long seen : recentActions) if (seen == action) return true;
    recentActions[nextRecent] = action;
    nextRecent = (nextRecent + 1) % recentActions.length;
    return false;
  }

  /** Live lines wait while a join sends its names and history, so the history comes first. */
  void holdChannelLines() {
    held = new ArrayList<>();
  }

  void releaseChannelLines() {
    List<ByteBuf> lines = held;
    held = null;
    if (lines != null) lines.forEach(connection::send);
  }

  // ---- closing

  /** The chat service closed the session (a kick): nothing is left to close there. */
  void chatClosedByServer() {
    chatClosed = true;
  }

  /** Says {@code ERROR :text} and closes; {@code reason} goes to the connection log. */
  Future<Void> close(String text, String reason) {
    line(IrcMessage.format(null, "ERROR", true, text));
    return connection.closeAfterWrites(reason);
  }

  /** QUIT: the chat session is closed first, so the nickname is free when the client reads the goodbye. */
  Future<?> quit(String message) {
    Future<?> closed = name == null || chatClosed ? Future.succeededFuture()
        : chat.request(CommandType.DISCONNECT, new JsonObject().put("message", IrcDispatcher.cut(message)));
    chatClosed = true;
    return closed.eventually(() -> close("Closing Link: " + server() + " (Quit: " + message + ")", "quit"));
  }

  @Override
  public Future<Void> shutdown(String goodbye) {
    return close(goodbye, "server stopping");
  }

  @Override
  public void connectionClosed() {
    if (!registered) pending.ended();
    connection.vertx().cancelTimer(registrationTimer);
    connection.vertx().cancelTimer(pingTimer);
    if (sessionEvents != null) sessionEvents.unregister();
    channels.connectionClosed();
    if (name != null && !chatClosed) chat.request(CommandType.DISCONNECT);
    chatClosed = true;
  }
}
