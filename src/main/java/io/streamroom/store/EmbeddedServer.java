package io.streamroom.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded PostgreSQL (io.zonky) under {@code <data dir>/postgres}, configured to keep what it
 * acknowledges, and restartable on the same port and directory after its processes died, so existing
 * pools reconnect without knowing. Blocking throughout: call it from worker threads.
 */
final class EmbeddedServer {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
  /** zonky waits 10 s by default; crash recovery replaying a busy WAL can take longer. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  /** zonky's own lock file in the data directory, one per EmbeddedPostgres instance (see {@link #launch}). */
  private static final String ZONKY_LOCK = "epg-lock";
  /** Time for pg_ctl's fast shutdown (zonky allows it 5 s) plus the processes to exit. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final Path dir;
  private EmbeddedPostgres current;
  /** Read from event loops by {@link #isRunning()}; written under the monitor. */
  private volatile ProcessHandle postmaster;
  private int port;
  private boolean stopped;

  private EmbeddedServer(Path dir) {
    this.dir = dir;
  }

  /** Stops a server left behind by a killed JVM, then starts ours. Call with the data dir lock held. */
  static EmbeddedServer start(Path dir) throws IOException {
    Files.createDirectories(dir);
    PostgresProcesses.stopOrphan(dir);
    EmbeddedServer server = new EmbeddedServer(dir);
    server.launch(0);
    return server;
  }

  /**
   * zonky starts the server with {@code -F} (fsync off) and {@code synchronous_commit=off}; its
   * {@code -c} options come after {@code -F} on the command line, so these override both.
   */
  private void launch(int wantedPort) throws IOException {
    // A previous instance in this JVM keeps its lock on the old file until it is closed, and closing it
    // would run pg_ctl stop on this directory; a fresh file (new inode) lets the new instance lock it.
    Files.deleteIfExists(dir.resolve(ZONKY_LOCK));
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false) // Database.stop() stops the current instance; an old hook would stop a newer server
        .setPGStartupWait(STARTUP_WAIT)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on");
    if (wantedPort > 0) builder.setPort(wantedPort);
    current = builder.start();
    port = current.getPort();
    postmaster = PostgresProcesses.postmasterPid(dir).stream().boxed()
        .flatMap(pid -> ProcessHandle.of(pid).stream()).findFirst()
        .orElseThrow(() -> new IOException("PostgreSQL started but " + dir.resolve("postmaster.pid") + " names no live process"));
  }

  int port() {
    return port;
  }

  /** False once the postmaster process is gone (killed, crashed). Never blocks. */
  boolean isRunning() {
    return postmaster != null && postmaster.isAlive();
  }

  /** Starts the server again on the same port and directory once the old processes are gone. */
  synchronized void restart() throws IOException {
    if (stopped || isRunning()) return;
    PostgresProcesses.awaitGone(dir, postmaster.pid());
    log.info("Restarting the embedded PostgreSQL on port {}", port);
    launch(port);
  }

  /** Stops the current server (fast shutdown: open transactions are rolled back, committed ones kept). */
  synchronized void stop() {
    stopped = true;
    if (current == null || !isRunning()) return;
    try {
      current.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
    if (!postmaster.onExit().completeOnTimeout(postmaster, STOP_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        .thenApply(p -> !p.isAlive()).join()) {
      log.warn("Embedded PostgreSQL (pid {}) is still running after {} s", postmaster.pid(), STOP_WAIT.toSeconds());
    }
  }
}
