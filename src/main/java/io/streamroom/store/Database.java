package io.streamroom.store;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL server the application uses: the embedded one under the data dir, or an external one
 * from {@code STREAMROOM_DB_URL}. Either way a commit is on disk before it is acknowledged: the embedded
 * server runs with fsync and synchronous commit on, our sessions ask for synchronous commit, and an
 * external server with fsync off is refused. Starting, checking and migrating block, so callers run
 * {@link #start} on a worker thread.
 */
public final class Database {
  /** Enough connections to keep one writer and the history readers busy without starving Postgres. */
  private static final int POOL_SIZE = 8;
  /** Queries waiting for a connection; past this they fail at once instead of piling up in memory. */
  private static final int POOL_WAIT_QUEUE = 2000;
  /** Sent with every connection, so a server whose default is off still flushes our commits before answering. */
  private static final String SYNCHRONOUS_COMMIT = "synchronous_commit";

  private final EmbeddedServer embedded;
  private final DataDirLock lock;
  private final PgConnectOptions connectOptions;

  private Database(EmbeddedServer embedded, DataDirLock lock, PgConnectOptions connectOptions) {
    this.embedded = embedded;
    this.lock = lock;
    this.connectOptions = connectOptions.addProperty(SYNCHRONOUS_COMMIT, "on");
  }

  /** Starts (or reaches) the database, checks it keeps commits, and applies the Flyway migrations. Blocking. */
  public static Database start(Config config) {
    String url = config.string(Setting.DB_URL);
    Database db = url.isEmpty() ? startEmbedded(config.path(Setting.DATA_DIR)) : external(url);
    try {
      db.checkDurability();
      db.migrate();
    } catch (RuntimeException e) {
      db.stop();
      throw e;
    }
    return db;
  }

  private static Database startEmbedded(Path dataDir) {
    DataDirLock lock = DataDirLock.acquire(dataDir);
    Path dir = dataDir.resolve("postgres");
    try {
      EmbeddedServer server = EmbeddedServer.start(dir);
      PgConnectOptions options = new PgConnectOptions()
          .setHost("localhost").setPort(server.port())
          .setDatabase("postgres").setUser("postgres");
      return new Database(server, lock, options);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw new ConfigException(Setting.DATA_DIR.envName() + ": cannot start the embedded PostgreSQL in " + dir
          + " (" + rootMessage(e) + ")", e);
    }
  }

  private static Database external(String url) {
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://"));
    } catch (RuntimeException e) {
      throw ConfigException.of(Setting.DB_URL, "cannot parse '" + url + "' (" + e.getMessage() + ")");
    }
    return new Database(null, null, options);
  }

  /** Refuses a server that could lose acknowledged commits in a crash. */
  private void checkDurability() {
    Properties props = new Properties();
    if (connectOptions.getUser() != null) props.setProperty("user", connectOptions.getUser());
    if (connectOptions.getPassword() != null) props.setProperty("password", connectOptions.getPassword());
    props.setProperty("options", "-c " + SYNCHRONOUS_COMMIT + "=on");
    try (Connection c = DriverManager.getConnection(jdbcUrl(), props); Statement s = c.createStatement()) {
      String fsync = show(s, "fsync");
      String synchronousCommit = show(s, SYNCHRONOUS_COMMIT);
      Setting setting = embedded != null ? Setting.DATA_DIR : Setting.DB_URL;
      if (!"on".equals(fsync)) {
        throw ConfigException.of(setting, "the database at " + where() + " runs with fsync=" + fsync
            + ", so a crash could lose acknowledged messages; set fsync = on in its postgresql.conf");
      }
      if (!"on".equals(synchronousCommit)) {
        throw ConfigException.of(setting, "the database at " + where() + " ignored synchronous_commit=on (it is "
            + synchronousCommit + "), so a crash could lose acknowledged messages");
      }
    } catch (SQLException e) {
      throw ConfigException.of(Setting.DB_URL, "cannot use the database at " + where() + " (" + rootMessage(e) + ")");
    }
  }

  private static String show(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void migrate() {
    try {
      Flyway.configure()
          .dataSource(jdbcUrl(), connectOptions.getUser(), connectOptions.getPassword())
          .locations("classpath:db/migration")
          .connectRetries(0)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw ConfigException.of(Setting.DB_URL, "cannot use the database at " + where() + " (" + rootMessage(e) + ")");
    }
  }

  private String jdbcUrl() {
    return "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/" + connectOptions.getDatabase();
  }

  private String where() {
    return connectOptions.getHost() + ":" + connectOptions.getPort() + "/" + connectOptions.getDatabase();
  }

  public Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(POOL_SIZE).setMaxWaitQueueSize(POOL_WAIT_QUEUE))
        .connectingTo(connectOptions)
        .using(vertx)
        .build();
  }

  /** How to reach the server; copies, so callers cannot change the pool's options. */
  PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  /** True when the embedded server's postmaster is gone and {@link #restartEmbedded} should bring it back. Never blocks. */
  boolean embeddedIsGone() {
    return embedded != null && !embedded.isRunning();
  }

  /** Starts the embedded server again on the same port and data dir. Blocking. */
  void restartEmbedded() throws IOException {
    if (embedded != null) embedded.restart();
  }

  /** A short description for the start-up banner. */
  public String describe() {
    return embedded != null
        ? "embedded PostgreSQL on port " + connectOptions.getPort()
        : "PostgreSQL at " + where();
  }

  /** Stops the embedded server, if we started one, and lets go of the data dir. Blocking. */
  public void stop() {
    if (embedded == null) return;
    embedded.stop();
    lock.close();
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
