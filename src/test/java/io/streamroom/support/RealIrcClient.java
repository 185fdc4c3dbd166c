package io.streamroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real IRC client (Debian's irssi or weechat) driven without a terminal: a fresh home directory with a
 * generated configuration, commands typed into it, and what it shows read back from its own log files,
 * which it writes line by line. Subclasses know how to start, type into and stop one program; waiting,
 * logs and cleaning up are here.
 */
public abstract class RealIrcClient implements AutoCloseable {
  /**
   * How long a step may take by default: ngIRCd's flood penalty delays a burst of commands by a second
   * each, and irssi syncs a channel (WHO, MODE) before it reports some events.
   */
  public static final Duration WAIT = Duration.ofSeconds(20);
  /** Registration can take longer: a server may look up the client's address and ident first. */
  public static final Duration CONNECT_WAIT = Duration.ofSeconds(30);
  /** What the client prints once the server has sent 001: its "after connecting" command echoes this. */
  protected static final String REGISTERED = "streamroom-driver: registered";
  /** Often enough to see a line within a tenth of a second, rarely enough to cost nothing. */
  private static final long POLL_MILLIS = 50;
  /** A short tool (tmux send-keys) that has not returned by then is stuck. */
  private static final Duration TOOL_WAIT = Duration.ofSeconds(10);
  /** How many log lines a failure message shows. */
  private static final int TAIL_LINES = 25;

  /** Where and as whom to connect; {@code saslUser} null means no SASL. */
  public record Login(String host, int port, String nick, String saslUser, String saslPassword) {
    public static Login of(String host, int port, String nick) {
      return new Login(host, port, nick, null, null);
    }

    /** The same login, authenticating with SASL PLAIN. */
    public Login sasl(String user, String password) {
      return new Login(host, port, nick, user, password);
    }

    public boolean usesSasl() {
      return saslUser != null;
    }
  }

  protected final Login login;
  /** The client's home: configuration, logs, and anything else it writes. Deleted by {@link #close()}. */
  protected final Path home;
  protected final Path logs;

  protected RealIrcClient(Login login, String program) {
    this.login = login;
    try {
      this.home = Files.createTempDirectory("streamroom-" + program);
      this.logs = Files.createDirectories(home.resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String nick() {
    return login.nick();
  }

  /** Types a command as a user would at the client's prompt, e.g. {@code /join #a}. */
  public abstract void command(String line);

  /** Starts connecting; {@link #connect()} waits for the result. */
  protected abstract void startConnecting();

  /** The log file of one channel or private conversation. */
  protected abstract Path logOf(String target);

  /** Stops the program. */
  protected abstract void stop();

  /** Connects and waits until the server has accepted the registration (001). */
  public void connect() {
    startConnecting();
    awaitLine(Pattern.quote(REGISTERED), CONNECT_WAIT);
  }

  /** Says {@code text} in a channel, or privately to a nick. */
  public void say(String target, String text) {
    command("/msg " + target + " " + text);
  }

  public void join(String channel) {
    command("/join " + channel);
  }

  /** Waits for a line matching {@code regex} anywhere the client logs; lines logged before count too. */
  public String awaitLine(String regex) {
    return awaitLine(regex, WAIT);
  }

  public String awaitLine(String regex, Duration within) {
    return await(Pattern.compile(regex), within, "anywhere", this::allLogs);
  }

  /** Waits for a line matching {@code regex} in one channel's or conversation's log. */
  public String awaitLineIn(String target, String regex) {
    return awaitLineIn(target, regex, WAIT);
  }

  public String awaitLineIn(String target, String regex, Duration within) {
    return await(Pattern.compile(regex), within, "in " + target, () -> List.of(logOf(target)));
  }

  private String await(Pattern pattern, Duration within, String where, Supplier<List<Path>> files) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      for (Path file : files.get()) {
        for (String line : lines(file)) if (pattern.matcher(line).find()) return line;
      }
      if (System.nanoTime() > deadline) {
        fail(getClass().getSimpleName() + " " + nick() + ": no line matching /" + pattern + "/ " + where
            + " within " + within.toSeconds() + " s; last lines:\n" + tail(files.get()));
      }
      sleep(POLL_MILLIS);
    }
  }

  private List<Path> allLogs() {
    try (Stream<Path> files = Files.list(logs)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A log's lines so far; none while the client has not opened it. Bytes that are not UTF-8 are replaced. */
  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(List<Path> files) {
    List<String> all = new ArrayList<>();
    for (Path file : files) lines(file).forEach(line -> all.add(file.getFileName() + ": " + line));
    return String.join("\n", all.subList(Math.max(0, all.size() - TAIL_LINES), all.size()));
  }

  /** Log file names are lower case in both clients. */
  protected static String fileName(String target) {
    return target.toLowerCase(Locale.ROOT);
  }

  /** A string value for either client's configuration file: both read C-style quoted strings. */
  protected static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  protected static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the long-running program, its output kept in the home directory for failure messages. */
  protected Process spawn(String... command) {
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("program.out").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the program started by {@link #spawn} has printed, for failure messages. */
  protected String programOutput() {
    return String.join("\n", lines(home.resolve("program.out")));
  }

  /** Runs a short tool to its end and returns its output; fails with it unless it exits 0 (or {@code mayFail}). */
  protected static String run(boolean mayFail, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TOOL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish");
      }
      if (process.exitValue() != 0 && !mayFail) fail(String.join(" ", command) + " failed: " + output);
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code file} exists: the program has started far enough to take commands. */
  protected void awaitFile(Path file, String what) {
    long deadline = System.nanoTime() + CONNECT_WAIT.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) fail(getClass().getSimpleName() + " did not start (no " + what + "): " + programOutput());
      sleep(POLL_MILLIS);
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the client (the server sees it go) and deletes its home directory. */
  @Override
  public void close() {
    try {
      stop();
    } finally {
      try (Stream<Path> paths = Files.walk(home)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
