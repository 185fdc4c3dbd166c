package io.streamroom.store;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL server the application uses: the embedded one under the data dir, or an external one
 * from {@code STREAMROOM_DB_URL}. Starting it and migrating it block, so callers run {@link #start} on a
 * worker thread.
 */
public final class Database {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  /** Enough connections to keep one writer and the history readers busy without starving Postgres. */
  private static final int POOL_SIZE = 8;
  /** Queries waiting for a connection; past this they fail at once instead of piling up in memory. */
  private static final int POOL_WAIT_QUEUE = 2000;

  private final EmbeddedPostgres embedded;
  private final PgConnectOptions connectOptions;

  private Database(EmbeddedPostgres embedded, PgConnectOptions connectOptions) {
    this.embedded = embedded;
    this.connectOptions = connectOptions;
  }

  /** Starts (or reaches) the database and applies the Flyway migrations. Blocking. */
  public static Database start(Config config) {
    String url = config.string(Setting.DB_URL);
    Database db = url.isEmpty() ? startEmbedded(config.path(Setting.DATA_DIR).resolve("postgres")) : external(url);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      db.stop();
      throw e;
    }
    return db;
  }

  private static Database startEmbedded(Path dir) {
    try {
      Files.createDirectories(dir);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .start();
      PgConnectOptions options = new PgConnectOptions()
          .setHost("localhost").setPort(pg.getPort())
          .setDatabase("postgres").setUser("postgres");
      return new Database(pg, options);
    } catch (IOException | RuntimeException e) {
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
    return new Database(null, options);
  }

  private void migrate() {
    String jdbcUrl = "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
        + connectOptions.getDatabase();
    try {
      Flyway.configure()
          .dataSource(jdbcUrl, connectOptions.getUser(), connectOptions.getPassword())
          .locations("classpath:db/migration")
          .connectRetries(0)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw ConfigException.of(Setting.DB_URL, "cannot use the database at " + connectOptions.getHost() + ":"
          + connectOptions.getPort() + "/" + connectOptions.getDatabase() + " (" + rootMessage(e) + ")");
    }
  }

  public Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(POOL_SIZE).setMaxWaitQueueSize(POOL_WAIT_QUEUE))
        .connectingTo(connectOptions)
        .using(vertx)
        .build();
  }

  /** A short description for the start-up banner. */
  public String describe() {
    return embedded != null
        ? "embedded PostgreSQL on port " + connectOptions.getPort()
        : "PostgreSQL at " + connectOptions.getHost() + ":" + connectOptions.getPort() + "/" + connectOptions.getDatabase();
  }

  /** Stops the embedded server, if we started one. Blocking. */
  public void stop() {
    if (embedded == null) return;
    try {
      embedded.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
