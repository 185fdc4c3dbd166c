package io.streamroom.support;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An IRC client speaking the raw protocol over a real socket: lines sent as typed, lines awaited by numeric
 * or by pattern (lines passed over stay available, as with {@link TelnetClient}, which carries the socket).
 */
public final class IrcClient implements AutoCloseable {
  private final TelnetClient lines;
  /** The nickname the server welcomed us with. */
  public String nick;

  private IrcClient(TelnetClient lines) {
    this.lines = lines;
  }

  public static IrcClient connect(int port) {
    return new IrcClient(TelnetClient.connect(port));
  }

  /** Registered as a guest without CAP: NICK, USER, until the end of the MOTD. */
  public static IrcClient registered(int port, String nick) {
    IrcClient client = connect(port);
    client.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
    client.expectNumeric("001");
    client.expectNumeric("376");
    client.nick = nick;
    return client;
  }

  /** Registered with capabilities (CAP LS 302, REQ, END). */
  public static IrcClient registeredWithCaps(int port, String nick, String caps) {
    IrcClient client = connect(port);
    client.send("CAP LS 302").send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
    client.expect(" CAP \\* LS :");
    client.send("CAP REQ :" + caps);
    client.expect(" CAP \\S+ ACK :" + Pattern.quote(caps));
    client.send("CAP END");
    client.expectNumeric("376");
    client.nick = nick;
    return client;
  }

  /** Logged in to an account with SASL PLAIN (and the other capabilities asked for), registered. */
  public static IrcClient withSasl(int port, String account, String password, String moreCaps) {
    IrcClient client = connect(port);
    client.send("CAP LS 302").send("NICK " + account).send("USER " + account + " 0 * :" + account);
    client.expect(" CAP \\* LS :");
    String caps = moreCaps.isEmpty() ? "sasl" : "sasl " + moreCaps;
    client.send("CAP REQ :" + caps);
    client.expect(" CAP \\S+ ACK :");
    client.send("AUTHENTICATE PLAIN");
    client.expect("^AUTHENTICATE \\+$");
    client.send("AUTHENTICATE " + java.util.Base64.getEncoder().encodeToString(
        ("\0" + account + "\0" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    client.expectNumeric("903");
    client.send("CAP END");
    client.expectNumeric("376");
    client.nick = account;
    return client;
  }

  public IrcClient send(String line) {
    lines.send(line);
    return this;
  }

  public IrcClient sendRaw(byte[] bytes) {
    lines.sendRaw(bytes);
    return this;
  }

  /** Joins and waits for the end of the names. */
  public IrcClient join(String channel) {
    send("JOIN " + channel);
    expect(" 366 \\S+ " + Pattern.quote(channel) + " ");
    return this;
  }

  /** Waits for {@code :server <code> ...}. @return the line */
  public String expectNumeric(String code) {
    return expect("^(@\\S+ )?:\\S+ " + code + " ");
  }

  /** Waits for a line in which {@code regex} is found. */
  public String expect(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return lines.expect(line -> pattern.matcher(line).find(), "a line matching /" + regex + "/");
  }

  public String expect(Predicate<String> test, String description) {
    return lines.expect(test, description);
  }

  /** Asserts no line containing {@code text} arrives within the time; other lines are consumed. */
  public void expectNo(String text, java.time.Duration within) {
    lines.expectNo(text, within);
  }

  public void expectClosed() {
    lines.expectClosed();
  }

  @Override
  public void close() {
    lines.close();
  }
}
