package io.streamroom.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The PostgreSQL processes of one data directory, found through {@code postmaster.pid} and {@code /proc}
 * (Linux only, like the embedded binaries). Used to stop a postmaster that outlived a killed JVM and to
 * wait until a dead server's processes are really gone before starting a new one: PostgreSQL refuses to
 * start while its old postmaster pid, or a backend attached to the old shared memory, still exists.
 */
final class PostgresProcesses {
  private static final Logger log = LoggerFactory.getLogger(PostgresProcesses.class);
  /** A smart shutdown of an orphan with no clients left takes well under a second; this allows a checkpoint. */
  private static final Duration TERM_WAIT = Duration.ofSeconds(10);
  /** Backends of a dead postmaster notice within milliseconds; zombies are reaped by init within seconds. */
  private static final Duration GONE_WAIT = Duration.ofSeconds(10);
  /** How often to look again while waiting. */
  private static final long POLL_MILLIS = 50;

  private PostgresProcesses() {}

  /** The pid on the first line of {@code postmaster.pid}, if the file is there. */
  static OptionalLong postmasterPid(Path pgDir) {
    try {
      List<String> lines = Files.readAllLines(pgDir.resolve("postmaster.pid"));
      return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** True while a process with this pid exists at all, zombies included (PostgreSQL's own check sees them). */
  static boolean exists(long pid) {
    return Files.exists(Path.of("/proc", Long.toString(pid)));
  }

  /** Live processes of the postgres binary whose working directory is {@code pgDir} (postmaster and backends). */
  static List<ProcessHandle> serving(Path pgDir) {
    Path dir = realPath(pgDir);
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false))
        .filter(p -> dir.equals(realPath(Path.of("/proc", Long.toString(p.pid()), "cwd"))))
        .toList();
  }

  /**
   * Stops a postmaster that {@code postmaster.pid} names if it is a live postgres serving this directory:
   * left behind by a JVM that was killed (pg_ctl daemonizes it). SIGTERM first; crash recovery is safe
   * with fsync on, so SIGKILL after {@link #TERM_WAIT}. Then waits until all its processes are gone.
   */
  static void stopOrphan(Path pgDir) {
    OptionalLong pid = postmasterPid(pgDir);
    if (pid.isEmpty()) return;
    ProcessHandle postmaster = ProcessHandle.of(pid.getAsLong()).orElse(null);
    if (postmaster != null && postmaster.isAlive() && serving(pgDir).contains(postmaster)) {
      log.info("Stopping the PostgreSQL server (pid {}) left running in {} by a Streamroom that did not stop", pid.getAsLong(), pgDir);
      postmaster.destroy();
      if (!await(() -> !postmaster.isAlive(), TERM_WAIT)) {
        log.warn("PostgreSQL (pid {}) ignored SIGTERM for {} s; killing it", pid.getAsLong(), TERM_WAIT.toSeconds());
        postmaster.destroyForcibly();
      }
    } else if (postmaster != null && postmaster.isAlive() && serving(pgDir).isEmpty()) {
      removeStalePidFile(pgDir, pid.getAsLong()); // the pid was reused (say after a reboot) by another program
      return;
    }
    awaitGone(pgDir, pid.getAsLong());
  }

  /**
   * Waits until the old postmaster's pid and every process serving the directory are gone; orphaned
   * backends still there after {@link #GONE_WAIT} are killed. A pid that still exists then is a zombie
   * nobody reaps (a JVM running as PID 1) or a reused pid: the pid file is stale and is removed.
   */
  static void awaitGone(Path pgDir, long oldPostmaster) {
    if (await(() -> !exists(oldPostmaster) && serving(pgDir).isEmpty(), GONE_WAIT)) return;
    serving(pgDir).forEach(ProcessHandle::destroyForcibly);
    await(() -> !exists(oldPostmaster) && serving(pgDir).isEmpty(), GONE_WAIT);
    if (exists(oldPostmaster) && serving(pgDir).isEmpty()) removeStalePidFile(pgDir, oldPostmaster);
  }

  /**
   * PostgreSQL refuses to start while the pid in postmaster.pid exists, even when it is not a postgres.
   * Only called when no postgres process serves the directory and the data dir lock is ours, so no
   * server can be using it.
   */
  private static void removeStalePidFile(Path pgDir, long pid) {
    try {
      if (Files.deleteIfExists(pgDir.resolve("postmaster.pid"))) {
        log.info("Removed a stale postmaster.pid in {}: pid {} is not a PostgreSQL server of this directory", pgDir, pid);
      }
    } catch (IOException e) {
      log.warn("Cannot remove the stale {} ({})", pgDir.resolve("postmaster.pid"), e.getMessage());
    }
  }

  private static boolean await(java.util.function.BooleanSupplier condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException | SecurityException e) {
      return path.toAbsolutePath().normalize();
    }
  }
}
