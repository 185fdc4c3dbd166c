package io.streamroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A program run as a user would: the packaged fat jar ({@code java -jar target/streamroom.jar}) or a real
 * client such as nc or telnet. Its output goes to files, not pipes: the JDK drains a pipe when the process exits and a reader thread
 * can lose the last lines that way (seen with the shutdown messages).
 */
public final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final Path outFile;
  private final Path errFile;

  private ChildProcess(Process process, Path outFile, Path errFile) {
    this.process = process;
    this.outFile = outFile;
    this.errFile = errFile;
  }

  /** Standard output so far, by line. */
  public List<String> out() {
    return lines(outFile);
  }

  /** Standard error so far, by line. */
  public List<String> err() {
    return lines(errFile);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code java -jar target/streamroom.jar} with exactly the given STREAMROOM_ variables. */
  public static ChildProcess jar(Map<String, String> env) {
    String jar = System.getProperty("streamroom.jar", Path.of("target", "streamroom.jar").toString());
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar);
    builder.environment().keySet().removeIf(key -> key.startsWith("STREAMROOM_"));
    builder.environment().putAll(env);
    return start(builder);
  }

  public static ChildProcess run(String... command) {
    return start(new ProcessBuilder(command));
  }

  private static ChildProcess start(ProcessBuilder builder) {
    try {
      Path dir = TestApp.tempDir();
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      return new ChildProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a line of standard output containing {@code text}. */
  public String awaitOutput(String text, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : out()) if (line.contains(text)) return line;
      if (!process.isAlive() && System.nanoTime() > deadline - within.toNanos() / 2) break;
      sleep(50);
    }
    fail("No output line containing '" + text + "'; stdout: " + out() + " stderr: " + err());
    return null;
  }

  public long pid() {
    return process.pid();
  }

  /** Types into the program's standard input. */
  public void type(String text) {
    try {
      process.getOutputStream().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends SIGTERM, as a service manager or Ctrl-C would. */
  public void terminate() {
    process.destroy();
  }

  public int awaitExit(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) fail("Process still running; stdout: " + out());
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** kill -9: no shutdown hook runs (what crash tests want). */
  public void kill() {
    process.destroyForcibly();
  }

  /**
   * Stops as a user would (SIGTERM, so the server's shutdown hook stops its embedded database too), and
   * kills what has not stopped after a grace period. A kill -9 alone would leave the server's embedded
   * PostgreSQL running, orphaned, after every test.
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Time for a server to say goodbye and stop its embedded database. */
  private static final long STOP_GRACE_SECONDS = 15;
}
