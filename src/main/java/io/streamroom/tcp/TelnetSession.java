package io.streamroom.tcp;

import io.streamroom.chat.EventType;
import io.streamroom.metrics.Meters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The telnet side of one {@link LineConnection}: its line limit, its output forms (info and error lines),
 * channel lines held back while a join shows its history, and the hand-over of each line to its
 * {@link TelnetDispatcher}. Everything here runs on the connection's event loop.
 */
final class TelnetSession implements LineConnection.Protocol, ChannelFanout.Member {
  /** Longest line accepted, in bytes: a generous paragraph; longer lines are refused, not truncated. */
  static final int MAX_LINE_BYTES = 2000;
  /** Most channel lines held back while a join waits for its history; a join takes milliseconds. */
  private static final int MAX_HELD_LINES = 1000;

  private final LineConnection connection;
  private final TelnetDispatcher dispatcher;
  /** Telnet's rendering of channel events; one function for every event of this session. */
  private final Function<JsonObject, Buffer> render;
  /** Channel lines that arrived while a join was waiting for its history; null when none is. */
  private List<ByteBuf> held;

  TelnetSession(LineConnection connection, ChannelFanout fanout, TcpSettings settings) {
    this.connection = connection;
    this.render = event -> TelnetRenderer.channelEvent(event, settings.httpBase());
    this.dispatcher = new TelnetDispatcher(connection.id, connection.vertx(), this, fanout, settings);
  }

  /** Takes the connection over: greets and asks for a nickname. */
  Future<Void> start() {
    connection.setProtocol(this, MAX_LINE_BYTES);
    connection.established(Meters.Adapter.TELNET, "nickname prompt");
    return dispatcher.start();
  }

  @Override
  public Future<?> handle(String line) {
    return dispatcher.handle(line);
  }

  @Override
  public boolean onlySays(String line) {
    return dispatcher.isPlainSay(line);
  }

  @Override
  public void lineTooLong() {
    error("Line too long: at most " + MAX_LINE_BYTES + " bytes. It was not sent.");
  }

  @Override
  public void showFailure(Throwable failure) {
    dispatcher.showFailure(failure);
  }

  @Override
  public String name() {
    return dispatcher.name();
  }

  @Override
  public Context context() {
    return connection.context();
  }

  String remoteHost() {
    return connection.remoteHost();
  }

  int remotePort() {
    return connection.remotePort();
  }

  boolean isClosed() {
    return connection.isClosed();
  }

  // ---- output

  /** A channel event, rendered once for every telnet user on this node; called on our loop. */
  @Override
  public void deliver(FanoutEvent event) {
    // Our own join is announced by the join itself, after the history it comes with.
    if (event.type() == EventType.JOIN && event.user().equals(dispatcher.name())) return;
    ByteBuf rendered = event.rendered(FanoutEvent.TELNET, render);
    if (rendered == null) return;
    if (held != null && held.size() < MAX_HELD_LINES) {
      held.add(rendered);
      return;
    }
    if (held != null) releaseChannelLines(); // order gives way before anything is dropped
    send(rendered);
  }

  /** Live lines wait while a join fetches history, so the history is shown before what came after it. */
  void holdChannelLines() {
    held = new ArrayList<>();
  }

  void releaseChannelLines() {
    List<ByteBuf> lines = held;
    held = null;
    if (lines != null) lines.forEach(this::send);
  }

  void info(String text) {
    sendLine("* " + text);
  }

  void error(String text) {
    sendLine("! " + text);
  }

  void sendLine(String text) {
    send(TelnetRenderer.line(text));
  }

  void send(Buffer data) {
    connection.send(data);
  }

  void send(ByteBuf data) {
    connection.send(data);
  }

  // ---- closing

  @Override
  public Future<Void> shutdown(String goodbye) {
    sendLine(goodbye);
    return connection.closeAfterWrites("server stopping");
  }

  Future<Void> closeAfterWrites(String reason) {
    return connection.closeAfterWrites(reason);
  }

  @Override
  public void connectionClosed() {
    dispatcher.connectionClosed();
  }
}
