package io.streamroom.tcp;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.connlog.ConnectionLog;
import io.streamroom.irc.IrcSession;
import io.streamroom.metrics.Meters;
import io.streamroom.tls.Tls;
import io.streamroom.irc.PendingRegistrations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The TCP chat doors: the chat port, where the first line tells telnet from IRC ({@link ProtocolDetector}),
 * the dedicated IRC port when configured, and with a certificate the TLS chat port, which tells them apart
 * as the chat port does. Each connection is a {@link LineConnection} with its
 * protocol's session. Deployed once per core; Vert.x spreads connections over the instances, and the
 * node-wide {@link ChannelFanout} lets users on different instances share channels.
 */
public final class TcpChatVerticle extends VerticleBase {
  /** How long users get to receive the goodbye line when the server stops. */
  private static final long SHUTDOWN_GRACE_MILLIS = 2000;
  private static final String GOODBYE = "The server is going down. Bye.";

  private final TcpSettings settings;
  private final ChannelFanout fanout;
  private final PendingRegistrations pending;
  private final ConnectionLog connectionLog;
  private final Meters meters;
  private final Tls tls;
  private final Set<LineConnection> connections = new HashSet<>();
  private final List<NetServer> servers = new ArrayList<>();
  private OutputBatch batch;

  private TcpChatVerticle(TcpSettings settings, ChannelFanout fanout, PendingRegistrations pending, ConnectionLog connectionLog,
      Meters meters, Tls tls) {
    this.settings = settings;
    this.fanout = fanout;
    this.pending = pending;
    this.connectionLog = connectionLog;
    this.meters = meters;
    this.tls = tls;
  }

  /** A factory for every instance on this node; they share one fan-out and one count of IRC clients registering. */
  public static Supplier<TcpChatVerticle> factory(Config config, Vertx vertx, ConnectionLog connectionLog, Meters meters, Tls tls) {
    TcpSettings settings = TcpSettings.from(config);
    ChannelFanout fanout = new ChannelFanout(vertx, meters.tcpDeliveries());
    PendingRegistrations pending = new PendingRegistrations();
    return () -> new TcpChatVerticle(settings, fanout, pending, connectionLog, meters, tls);
  }

  @Override
  public Future<?> start() {
    batch = new OutputBatch(context, settings.flushMillis());
    Future<?> chatPort = listen(Setting.TCP_PORT, settings.port(), plainOptions(),
        connection -> detect(connection, ProtocolDetector.TELNET_GREETING_DELAY_MILLIS));
    Future<?> ircPort = settings.ircPort() == 0 ? chatPort
        : chatPort.compose(v -> listen(Setting.IRC_PORT, settings.ircPort(), plainOptions(), this::irc));
    if (settings.tlsChatPort() == 0) return ircPort;
    return ircPort.compose(v -> listen(Setting.TLS_CHAT_PORT, settings.tlsChatPort(), tls.secure(plainOptions()),
        connection -> detect(connection, ProtocolDetector.TLS_GREETING_DELAY_MILLIS)));
  }

  /** The first line tells telnet from IRC, with or without TLS. */
  private void detect(LineConnection connection, long greetingDelayMillis) {
    new ProtocolDetector(connection, () -> new TelnetSession(connection, fanout, settings), this::irc, greetingDelayMillis);
  }

  private static NetServerOptions plainOptions() {
    return new NetServerOptions().setTcpNoDelay(true).setTcpKeepAlive(true);
  }

  private IrcSession irc(LineConnection connection) {
    IrcSession session = new IrcSession(connection, fanout, settings, pending);
    session.start();
    return session;
  }

  private Future<NetServer> listen(Setting setting, int port, NetServerOptions options, Consumer<LineConnection> protocol) {
    NetServer server = vertx.createNetServer(options);
    servers.add(server);
    server.connectHandler(socket -> accept(socket, protocol));
    return server.listen(port, settings.host()).recover(e -> Future.failedFuture(ConfigException.of(
        setting, "cannot listen on " + settings.host() + ":" + port + " (" + e.getMessage() + ")")));
  }

  private void accept(NetSocket socket, Consumer<LineConnection> protocol) {
    KeepAlive.apply(socket, settings.keepAliveSeconds());
    LineConnection connection = new LineConnection(vertx, socket, settings.maxPendingOutputBytes(), batch, connectionLog, meters);
    connections.add(connection);
    connection.onClose(() -> connections.remove(connection));
    protocol.accept(connection);
    connection.start();
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> goodbyes = new ArrayList<>();
    for (LineConnection connection : List.copyOf(connections)) {
      goodbyes.add(connection.shutdown(GOODBYE));
    }
    if (!goodbyes.isEmpty()) {
      connectionLog.record(ConnectionEvent.NOTIFICATION_SENT, "server", "to " + goodbyes.size()
          + (goodbyes.size() == 1 ? " TCP user: " : " TCP users: ") + GOODBYE);
    }
    return Future.join(goodbyes)
        .timeout(SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS)
        .transform(done -> Future.join(servers.stream().map(NetServer::close).toList()));
  }
}
