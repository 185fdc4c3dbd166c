package io.streamroom.support;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Debian's irssi (1.4), run as a user would but in a detached tmux session of its own (irssi needs a
 * terminal): keys typed with {@code tmux send-keys}, everything it shows logged to {@code logs/all.log}
 * and each channel or query also to {@code logs/<target>.log}. Registration opens with {@code CAP LS 302}.
 */
public final class Irssi extends RealIrcClient {
  private static final String PROGRAM = "/usr/bin/irssi";
  private static final String TMUX = "/usr/bin/tmux";
  /** What a test needs installed to drive irssi (for {@link Programs#require}). */
  public static final String[] PROGRAMS = {PROGRAM, TMUX};
  /** The one tmux session on this client's own tmux server. */
  private static final String SESSION = "irssi";
  /** The chat network's name in the configuration: {@code /connect} takes it. */
  private static final String NETWORK = "test";
  /** Wide enough that irssi never wraps a line it logs. */
  private static final String COLUMNS = "250";
  private static final String ROWS = "50";
  /** irssi quits at once on SIGHUP; a second or two under load. */
  private static final long STOP_SECONDS = 5;

  private final Path socket;
  private ProcessHandle process;

  private Irssi(Login login) {
    super(login, "irssi");
    // A socket in the home directory: this client's tmux server is separate from any other, and close() ends only it.
    this.socket = home.resolve("tmux.sock");
  }

  /** Starts irssi, not yet connected; {@link #connect()} connects. */
  public static Irssi start(Login login) {
    Irssi irssi = new Irssi(login);
    irssi.launch();
    return irssi;
  }

  private void launch() {
    Path config = home.resolve("config");
    Path all = logs.resolve("all.log");
    write(config, config(all));
    // exec: the pane's process is irssi itself, whose end close() can wait for. -P prints its pid.
    String pid = run(false, TMUX, "-S", socket.toString(), "new-session", "-d", "-s", SESSION, "-x", COLUMNS, "-y", ROWS,
        "-P", "-F", "#{pane_pid}", "exec " + PROGRAM + " --home=" + home + " --config=" + config);
    process = ProcessHandle.of(Long.parseLong(pid.strip())).orElseThrow(() -> new AssertionError("irssi did not start"));
    // irssi opens the log of everything as it starts: after that, typed keys reach a running irssi.
    awaitFile(all, "all.log");
  }

  /**
   * The configuration. irssi's own pacing of commands (2.2 s apart in a burst) is off: it only slows the
   * tests down; the server's flood rules have tests of their own.
   */
  private String config(Path all) {
    String sasl = login.usesSasl()
        ? " sasl_mechanism = \"PLAIN\"; sasl_username = " + quoted(login.saslUser()) + "; sasl_password = " + quoted(login.saslPassword()) + ";"
        : "";
    return """
        servers = (
          { address = %s; chatnet = "%s"; port = "%d"; use_tls = "no"; autoconnect = "no"; }
        );
        chatnets = {
          %s = { type = "IRC"; autosendcmd = %s;%s };
        };
        settings = {
          core = { nick = %s; user_name = %s; real_name = "irssi driven by a test"; settings_autosave = "no"; };
          "irc/core" = { cmd_queue_speed = "0msec"; };
          "fe-common/core" = { autolog = "yes"; autolog_path = %s; autolog_level = "ALL"; };
        };
        logs = { %s = { auto_open = "yes"; level = "ALL"; }; };
        """.formatted(quoted(login.host()), NETWORK, login.port(), NETWORK, quoted("/echo " + REGISTERED), sasl,
        quoted(login.nick()), quoted(login.nick()), quoted(logs + "/$0.log"), quoted(all.toString()));
  }

  @Override
  protected void startConnecting() {
    command("/connect " + NETWORK);
  }

  @Override
  public void command(String line) {
    // -l sends the text literally (no key names); Enter is a key of its own.
    run(false, TMUX, "-S", socket.toString(), "send-keys", "-t", SESSION, "-l", line);
    run(false, TMUX, "-S", socket.toString(), "send-keys", "-t", SESSION, "Enter");
  }

  @Override
  protected Path logOf(String target) {
    return logs.resolve(fileName(target) + ".log");
  }

  @Override
  protected void stop() {
    // Ends irssi with SIGHUP (it quits); already gone is fine. irssi writes to its logs as it goes, so the
    // home directory can be deleted only once it has.
    run(true, TMUX, "-S", socket.toString(), "kill-server");
    try {
      process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
