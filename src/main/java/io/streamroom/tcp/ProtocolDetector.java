package io.streamroom.tcp;

import io.streamroom.irc.IrcSession;
import io.vertx.core.Future;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The chat port's first moments: telnet and IRC share it, and the first line tells them apart. IRC
 * clients speak at once ({@code CAP LS 302}, {@code NICK}, ...), so the telnet greeting waits
 * {@link #TELNET_GREETING_DELAY_MILLIS} for a line before it is shown; an IRC client never sees it.
 */
final class ProtocolDetector implements LineConnection.Protocol {
  /**
   * How long the telnet greeting waits for a first line: IRC clients send theirs within milliseconds of
   * connecting, while nobody at a terminal types a line that fast.
   */
  static final long TELNET_GREETING_DELAY_MILLIS = 300;
  /**
   * The same on the TLS chat port, counted from the end of the handshake: only programs speak TLS (openssl
   * s_client, IRC clients), and a busy server's first decryption (a cold TLS path) took over 300 ms in tests.
   */
  static final long TLS_GREETING_DELAY_MILLIS = 1000;
  /** How an IRC client's registration starts; a telnet nickname has no space, so it never looks like this. */
  private static final Pattern IRC_FIRST_LINE = Pattern.compile("(?i)(CAP|NICK|PASS|USER) .*");
  /** The longest first line either protocol accepts. */
  private static final int MAX_FIRST_LINE_BYTES = Math.max(TelnetSession.MAX_LINE_BYTES, IrcSession.MAX_LINE_BYTES);

  private final LineConnection connection;
  private final Supplier<TelnetSession> telnet;
  /** Starts an IRC session on the connection, which takes its lines from then on. */
  private final Function<LineConnection, LineConnection.Protocol> irc;
  private final long timer;
  private boolean decided;

  ProtocolDetector(LineConnection connection, Supplier<TelnetSession> telnet,
      Function<LineConnection, LineConnection.Protocol> irc, long greetingDelayMillis) {
    this.connection = connection;
    this.telnet = telnet;
    this.irc = irc;
    connection.setProtocol(this, MAX_FIRST_LINE_BYTES);
    this.timer = connection.vertx().setTimer(greetingDelayMillis, t -> {
      if (!decided && !connection.isClosed()) startTelnet();
    });
  }

  private Future<TelnetSession> startTelnet() {
    decided = true;
    TelnetSession session = telnet.get();
    return session.start().map(session);
  }

  @Override
  public Future<?> handle(String line) {
    connection.vertx().cancelTimer(timer);
    if (IRC_FIRST_LINE.matcher(line).matches()) {
      decided = true;
      return irc.apply(connection).handle(line);
    }
    return startTelnet().compose(session -> session.handle(line));
  }

  @Override
  public boolean onlySays(String line) {
    return false;
  }

  @Override
  public void lineTooLong() {
    startTelnet().onSuccess(TelnetSession::lineTooLong);
  }

  @Override
  public void showFailure(Throwable failure) {
    // nothing is handled here that can fail
  }

  @Override
  public String name() {
    return null;
  }

  @Override
  public Future<Void> shutdown(String goodbye) {
    return connection.closeAfterWrites("server stopping");
  }

  @Override
  public void connectionClosed() {
    connection.vertx().cancelTimer(timer);
  }
}
