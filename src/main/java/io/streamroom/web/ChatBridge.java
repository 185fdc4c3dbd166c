package io.streamroom.web;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.streamroom.auth.TokenService;
import io.streamroom.auth.TokenService.Holder;
import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.CommandType;
import io.streamroom.chat.ErrorCode;
import io.streamroom.chat.EventType;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.connlog.ConnectionLog;
import io.streamroom.metrics.Meters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The browser's door to the chat: the SockJS event-bus bridge, guarded per socket. A socket is accepted
 * only with a valid token (query parameter {@code token}), which opens a chat session for it. Every
 * command the client sends gets that session as its identity, whatever headers it wrote; only commands
 * meant for clients pass, and they reach the chat service through {@link ChatClient} like any adapter's (so in
 * a cluster they wait out a take-over of the chat service); a client may listen only to its own session
 * address and channels it joined; a kicked session's socket is closed whatever the client listens to.
 * Channel events do not pass through the bridge: {@link BridgeFanout} writes them, once per event for all sockets.
 */
final class ChatBridge implements io.vertx.core.Handler<BridgeEvent> {
  private static final Logger log = LoggerFactory.getLogger(ChatBridge.class);
  /** A browser that stops pinging for this long is gone; the page pings every 5 s. */
  private static final long PING_TIMEOUT_MILLIS = 15_000;
  /** Each joined channel and each awaited reply holds one handler; a person joins far fewer. */
  private static final int MAX_HANDLERS_PER_SOCKET = 200;
  /** Close code for a user banned from the server; the reason says so. */
  static final short CLOSE_BANNED = 4403;
  /** Failure code for a page's command that the chat service did not answer (the page shows the message). */
  private static final int NOT_ANSWERED = 503;
  /** Time for the "kicked" event to reach the page before its socket is closed. */
  private static final long KICK_CLOSE_DELAY_MILLIS = 200;

  /**
   * One accepted socket: its chat session, the channels the socket hears (it stops hearing one its session
   * leaves, even if the page forgets to unregister), and the consumer that does that and closes the socket
   * when the session is kicked; where it comes from and, once we close it, why (for the connection log).
   */
  private record Connection(String sessionId, Holder holder, ChatClient chat, SocketChannels heard,
                            MessageConsumer<JsonObject> sessionEvents, String source, AtomicReference<String> closeReason) {}

  private final Vertx vertx;
  private final TokenService tokens;
  private final ConnectionLog connectionLog;
  /** Open bridge sockets with a session. */
  private final AtomicInteger connected;
  private final BridgeFanout fanout;
  /** Touched only on this verticle's event loop. */
  private final Map<SockJSSocket, Connection> connections = new HashMap<>();
  private final SocketsPerUser socketsPerUser = new SocketsPerUser();

  ChatBridge(Vertx vertx, TokenService tokens, ConnectionLog connectionLog, Meters meters, BridgeFanout fanout) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.connectionLog = connectionLog;
    this.connected = meters.connected(Meters.Adapter.WEB);
    this.fanout = fanout;
    // On the HTTP verticle's event loop, which builds the bridge in its start; its undeployment removes it.
    vertx.eventBus().<Object>localConsumer(Addresses.BRIDGED_COMMANDS, this::forward);
  }

  /**
   * Nothing is permitted unless listed here; {@link #handle} narrows it further per socket. Pages send their
   * commands to {@link Addresses#COMMANDS}; {@link #send} hands them to {@link Addresses#BRIDGED_COMMANDS}, the one
   * inbound address, and refuses every other. The bridge delivers only session addresses: channels are
   * {@link #register}ed here and fed by the {@link BridgeFanout}.
   */
  static SockJSBridgeOptions options() {
    return new SockJSBridgeOptions()
        .setPingTimeout(PING_TIMEOUT_MILLIS)
        .setMaxHandlersPerSocket(MAX_HANDLERS_PER_SOCKET)
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BRIDGED_COMMANDS))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.session("").replace(".", "\\.") + ".+"));
  }

  @Override
  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> open(event);
      case SEND -> send(event);
      case REGISTER -> register(event);
      case UNREGISTER -> unregister(event);
      case REGISTERED -> {
        registered(event.socket(), event.getRawMessage().getString("address"));
        event.complete(true);
      }
      case SOCKET_CLOSED -> closed(event.socket());
      case PUBLISH -> event.complete(false); // clients never publish
      default -> event.complete(true); // pings, session events and replies, idle, errors
    }
  }

  private void open(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    // Hold the client's first frames until the bridge has installed its handlers (after complete(true)).
    socket.pause();
    // The bridge's own close handler comes only after complete(true); a socket gone before that is seen here.
    boolean[] closedEarly = {false};
    socket.closeHandler(v -> closedEarly[0] = true);
    List<String> token = new QueryStringDecoder(socket.uri()).parameters().get("token");
    String sessionId = UUID.randomUUID().toString();
    ChatClient chat = new ChatClient(vertx.eventBus(), sessionId);
    String[] user = {null}; // the user whose slot this socket holds, once taken
    String source = ConnectionLog.source(socket.remoteAddress().hostAddress(), socket.remoteAddress().port(), "web");
    String[] who = {null}; // name and role, once the token is checked: the connection log's "established"
    tokens.verify(token == null ? null : token.get(0))
        .compose(holder -> {
          if (!socketsPerUser.take(holder.name())) {
            return Future.failedFuture(new SocketsPerUser.TooMany());
          }
          user[0] = holder.name();
          who[0] = holder.name() + " (" + holder.role() + ")";
          connectionLog.record(ConnectionEvent.CONNECTION_ESTABLISHED, source, who[0]);
          return Future.succeededFuture(holder);
        })
        .compose(holder -> chat.request(CommandType.CONNECT, new JsonObject()
                .put("name", holder.name()).put("role", holder.role()).put("authenticated", true)
                .put("transport", "web").put("ip", socket.remoteAddress().hostAddress()).put("port", socket.remoteAddress().port()))
            .map(reply -> holder))
        .onSuccess(holder -> {
          if (closedEarly[0]) {
            connectionLog.record(ConnectionEvent.CONNECTION_CLOSED, source, who[0] + ", closed while its session was opening");
            chat.request(CommandType.DISCONNECT);
            socketsPerUser.free(holder.name());
            event.complete(false);
            return;
          }
          AtomicReference<String> closeReason = new AtomicReference<>();
          SocketChannels heard = new SocketChannels(fanout, socket, closeReason);
          MessageConsumer<JsonObject> sessionEvents = vertx.eventBus().consumer(Addresses.session(sessionId), message -> {
            JsonObject e = message.body();
            switch (EventType.of(e.getString("type"))) {
              case PARTED -> heard.stop(e.getString("channel"));
              case KICKED -> {
                closeReason.set("kicked by " + e.getString("by"));
                vertx.setTimer(KICK_CLOSE_DELAY_MILLIS, t -> socket.close()); // after the news arrives
              }
              default -> { }
            }
          });
          connections.put(socket, new Connection(sessionId, holder, chat, heard, sessionEvents, source, closeReason));
          connected.incrementAndGet();
          event.complete(true);
          // Replaces the bridge's own handler (installed by complete(true)), which logs every socket error
          // as an ERROR with a stack trace: a frame over the size limit is the client's mistake, not ours.
          socket.exceptionHandler(e -> socketFailed(socket, e));
          socket.resume();
        })
        .onFailure(e -> {
          if (who[0] != null) connectionLog.record(ConnectionEvent.CONNECTION_CLOSED, source, who[0] + ", refused: " + e.getMessage());
          log.debug("Refused a bridge socket: {}", e.toString());
          if (user[0] != null && !(e instanceof SocketsPerUser.TooMany)) socketsPerUser.free(user[0]); // taken, but the chat refused the session
          // Closed with the reason before the bridge is told: refusing first makes it close with a plain 1000.
          if (e instanceof SocketsPerUser.TooMany) {
            socket.close(SocketsPerUser.CLOSE_TOO_MANY, "too many connections: at most " + SocketsPerUser.MAX
                + " per user, close another tab first");
          } else if (e instanceof ChatException refusal && refusal.code() == ErrorCode.BANNED) {
            socket.close(CLOSE_BANNED, refusal.getMessage());
          } else {
            socket.close(TokenService.CLOSE_UNAUTHORIZED, "unauthorized");
          }
          event.complete(false);
        });
  }

  /** Lets a command through with the socket's session as its only identity. */
  private void send(BridgeEvent event) {
    Connection connection = connections.get(event.socket());
    JsonObject raw = event.getRawMessage();
    if (connection == null || !Addresses.COMMANDS.equals(raw.getString("address"))) {
      event.complete(false);
      return;
    }
    if (expired(connection, event)) {
      event.complete(false);
      return;
    }
    Object body = raw.getValue("body");
    CommandType type = body instanceof JsonObject command ? CommandType.fromWire(command.getString("type")) : null;
    if (type != null && !type.forClients) {
      event.complete(false);
      return;
    }
    raw.put("headers", new JsonObject().put(Addresses.SESSION_HEADER, connection.sessionId()));
    raw.put("address", Addresses.BRIDGED_COMMANDS);
    event.complete(true);
  }

  /** A page's command, sent on as {@link #send} let it through, with its session; the reply goes back to the page. */
  private void forward(Message<Object> command) {
    new ChatClient(vertx.eventBus(), command.headers().get(Addresses.SESSION_HEADER)).forward(command.body())
        .onSuccess(command::reply)
        .onFailure(e -> command.fail(NOT_ANSWERED, e.getMessage()));
  }

  /**
   * A socket may listen to its own session's address (through the bridge) and to channels its session is in
   * (through the {@link BridgeFanout}: then the bridge's event is left pending on purpose, as completing it
   * either way would make the bridge add a consumer for this socket or answer "rejected"; we confirm instead).
   */
  private void register(BridgeEvent event) {
    Connection connection = connections.get(event.socket());
    String address = event.getRawMessage().getString("address", "");
    String channelPrefix = Addresses.channel("");
    if (connection == null || expired(connection, event)) {
      event.complete(false);
    } else if (address.equals(Addresses.session(connection.sessionId()))) {
      event.complete(true);
    } else if (address.startsWith(channelPrefix)) {
      String channel = address.substring(channelPrefix.length());
      connection.chat().request(CommandType.MEMBER, new JsonObject().put("channel", channel))
          .onComplete(member -> {
            if (member.failed() || !member.result().getBoolean("member") || !connections.containsKey(event.socket())) {
              event.complete(false);
            } else {
              connection.heard().listen(channel, vertx.getOrCreateContext())
                  .onSuccess(v -> registered(event.socket(), address))
                  .onFailure(e -> event.complete(false));
            }
          });
    } else {
      event.complete(false);
    }
  }

  /** Tells the client it is listening now, so it knows nothing sent from here on is missed. */
  private static void registered(SockJSSocket socket, String address) {
    socket.write(new JsonObject().put("type", "registered").put("address", address).toBuffer());
  }

  private void unregister(BridgeEvent event) {
    Connection connection = connections.get(event.socket());
    String address = event.getRawMessage().getString("address", "");
    String channel = address.substring(Math.min(address.length(), Addresses.channel("").length()));
    if (connection != null && address.startsWith(Addresses.channel(""))) connection.heard().stop(channel);
    event.complete(true);
  }

  /** Closes the socket of an expired token; the page then signs in again. */
  private static boolean expired(Connection connection, BridgeEvent event) {
    if (connection.holder().expiresAt() * 1000 >= System.currentTimeMillis()) return false;
    connection.closeReason().compareAndSet(null, "token expired");
    event.socket().close(TokenService.CLOSE_UNAUTHORIZED, "token expired");
    return true;
  }

  /** At most one line per socket, then the socket is closed (a frame over the limit has already closed it). */
  private void socketFailed(SockJSSocket socket, Throwable e) {
    Connection connection = connections.get(socket);
    // A socket we closed already (too slow, kicked) fails its last writes: nothing to warn about.
    if (connection != null && connection.closeReason().compareAndSet(null, "socket error (" + e.getMessage() + ")")) {
      log.warn("Closed the bridge socket of {} from {}: {}", connection.holder().name(), socket.remoteAddress(), e.getMessage());
    }
    socket.close();
  }

  private void closed(SockJSSocket socket) {
    Connection connection = connections.remove(socket);
    if (connection == null) return;
    connected.decrementAndGet();
    socketsPerUser.free(connection.holder().name());
    connection.sessionEvents().unregister();
    connection.heard().stopAll();
    connection.chat().request(CommandType.DISCONNECT);
    String why = connection.closeReason().get();
    connectionLog.record(ConnectionEvent.CONNECTION_CLOSED, connection.source(), connection.holder().name() + " ("
        + connection.holder().role() + "), " + (why == null ? "disconnected (page closed or pings stopped)" : why));
  }
}
