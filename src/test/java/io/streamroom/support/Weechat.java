package io.streamroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's weechat-headless (3.8): no terminal at all; commands go in through its FIFO plugin and what
 * it shows comes out through its logger plugin, one file per buffer ({@code logs/irc.test.#a.weechatlog}),
 * written at once. The FIFO plugin is in Debian's weechat-plugins package. weechat drops a connection that
 * has not seen 001 within 60 s.
 */
public final class Weechat extends RealIrcClient {
  private static final String PROGRAM = "/usr/bin/weechat-headless";
  /** What a test needs installed to drive weechat (for {@link Programs#require}); the FIFO plugin comes with weechat-plugins. */
  public static final String[] PROGRAMS = {PROGRAM};
  /** The server's name in irc.conf: buffers are named after it. */
  private static final String SERVER = "test";
  /** IRC commands run in the server's buffer; it exists once connecting has started. */
  private static final String SERVER_BUFFER = "irc.server." + SERVER;
  /** The core buffer exists from the start: /connect goes there. */
  private static final String CORE_BUFFER = "core.weechat";
  /** Time for weechat to say QUIT and save nothing, after SIGTERM. */
  private static final long STOP_GRACE_SECONDS = 5;

  private final Path fifo;
  private Process process;

  private Weechat(Login login) {
    super(login, "weechat");
    this.fifo = home.resolve("fifo");
  }

  /** Starts weechat, not yet connected; {@link #connect()} connects. */
  public static Weechat start(Login login) {
    Weechat weechat = new Weechat(login);
    weechat.launch();
    return weechat;
  }

  private void launch() {
    // Only what is written here differs from weechat's defaults; it fills in the rest of each file.
    write(home.resolve("fifo.conf"), "[file]\nenabled = on\npath = " + quoted(fifo.toString()) + "\n");
    write(home.resolve("logger.conf"), "[file]\nflush_delay = 0\npath = " + quoted(logs.toString()) + "\n");
    write(home.resolve("irc.conf"), ircConfig());
    // Only the plugins used: no scripts, no spell checker, a faster start.
    process = spawn(PROGRAM, "--dir", home.toString(), "--plugins", "irc,logger,fifo");
    awaitFile(fifo, "FIFO: is weechat-plugins installed?");
  }

  private String ircConfig() {
    String prefix = SERVER + ".";
    StringBuilder conf = new StringBuilder("[server]\n")
        .append(prefix).append("addresses = ").append(quoted(login.host() + "/" + login.port())).append('\n')
        .append(prefix).append("ssl = off\n") // weechat 3.8 still calls TLS "ssl"
        .append(prefix).append("nicks = ").append(quoted(login.nick())).append('\n')
        // a nick in use is an error to see, not a reason to become nick_
        .append(prefix).append("nicks_alternate = off\n")
        .append(prefix).append("username = ").append(quoted(login.nick())).append('\n')
        .append(prefix).append("realname = ").append(quoted("weechat driven by a test")).append('\n')
        .append(prefix).append("command = ").append(quoted("/print -core " + REGISTERED)).append('\n')
        .append(prefix).append("autoconnect = off\n")
        // weechat's own pacing of messages (2 s apart in a burst) only slows the tests; the server has flood rules
        .append(prefix).append("anti_flood_prio_high = 0\n")
        .append(prefix).append("anti_flood_prio_low = 0\n");
    if (login.usesSasl()) {
      conf.append(prefix).append("sasl_mechanism = plain\n")
          .append(prefix).append("sasl_username = ").append(quoted(login.saslUser())).append('\n')
          .append(prefix).append("sasl_password = ").append(quoted(login.saslPassword())).append('\n');
    }
    return conf.toString();
  }

  @Override
  protected void startConnecting() {
    send(CORE_BUFFER, "/connect " + SERVER);
  }

  @Override
  public void command(String line) {
    send(SERVER_BUFFER, line);
  }

  /** One FIFO line: {@code buffer *text}, the text run as if typed in that buffer. */
  private void send(String buffer, String line) {
    assertFalse(line.contains("\n"), "one line at a time");
    // Opening a FIFO for writing blocks while nobody reads it: make sure weechat still does.
    if (!process.isAlive()) fail("weechat has stopped; its output: " + programOutput());
    try {
      Files.writeString(fifo, buffer + " *" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Path logOf(String target) {
    return logs.resolve("irc." + SERVER + "." + fileName(target) + ".weechatlog");
  }

  @Override
  protected void stop() {
    // SIGTERM: weechat runs /quit, which says QUIT to the server.
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
