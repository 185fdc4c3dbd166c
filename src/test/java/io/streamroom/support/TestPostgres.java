package io.streamroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL from Debian's {@code postgresql} package (initdb with trust authentication, pg_ctl),
 * shared by nodes of a cluster the way an operator's external database is. PostgreSQL refuses to run as
 * root, so as root it runs as the {@code postgres} user.
 */
public final class TestPostgres implements AutoCloseable {
  /** Debian's server programs: /usr/lib/postgresql/<version>/bin, the newest installed. */
  private static final Path BIN = newestServer(Path.of("/usr/lib/postgresql"));
  private final Path dir;
  public final int port;

  private TestPostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static TestPostgres start() {
    try {
      Path dir = Files.createTempDirectory("streamroom-pg");
      Path data = dir.resolve("data");
      int port = TestApp.freePort();
      run("chown", "-R", "postgres", dir.toString());
      runAsPostgres(BIN.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString());
      runAsPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
          "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
      return new TestPostgres(dir, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code STREAMROOM_DB_URL} of this server. */
  public String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** Stops at once: the data is thrown away with the directory. */
  @Override
  public void close() {
    runAsPostgres(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
    // Its own folder, outside the test JVM's temp root: the postgres user cannot enter that root.
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path newestServer(Path versions) {
    try (var dirs = Files.list(versions)) {
      return dirs.filter(dir -> dir.getFileName().toString().matches("\\d+"))
          .max(java.util.Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL server in " + versions + ": apt-get install postgresql"))
          .resolve("bin");
    } catch (IOException e) {
      throw new UncheckedIOException("no PostgreSQL server in " + versions + ": apt-get install postgresql", e);
    }
  }

  private static void runAsPostgres(String... command) {
    List<String> full = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) full.addAll(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
