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
 * The packaged fat jar run as a user would: {@code java -jar target/streamroom.jar}, with an environment.
 * Its output goes to files, not pipes: the JDK drains a pipe when the process exits and a reader thread
 * can lose the last lines that way (seen with the shutdown messages).
 */
public final class JarProcess implements AutoCloseable {
  private final Process process;
  private final Path outFile;
  private final Path errFile;

  private JarProcess(Process process, Path outFile, Path errFile) {
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

  public static JarProcess start(Map<String, String> env) {
    String jar = System.getProperty("streamroom.jar", Path.of("target", "streamroom.jar").toString());
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar);
    builder.environment().keySet().removeIf(key -> key.startsWith("STREAMROOM_"));
    builder.environment().putAll(env);
    try {
      Path dir = Files.createTempDirectory("streamroom-jar");
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      return new JarProcess(builder.start(), out, err);
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

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
