package io.streamroom.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether the database answers, for any thread to ask ({@link #isUp()}). It pings with SELECT 1
 * on a connection of its own (so a hanging server cannot take the pool's connections), every second
 * while up and with exponential backoff while down, and logs one line per change. When the embedded
 * server's postmaster is gone it restarts it on a worker thread, on the same port, so pools reconnect
 * by themselves; an external server is only pinged until it is back.
 */
public final class DatabaseWatch {
  private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
  /** Often enough that an outage is noticed within about a second; one trivial query is nothing to Postgres. */
  private static final long PING_INTERVAL_MILLIS = 1000;
  /** A database that cannot answer SELECT 1 this fast is as good as down for chat (and may be hanging). */
  private static final long PING_TIMEOUT_MILLIS = 2000;
  /** First retry after a failure: soon, since most outages are a restart. */
  private static final long FIRST_RETRY_MILLIS = 250;
  /** Retries slow down to this, so a long outage costs one connection attempt every few seconds. */
  private static final long MAX_RETRY_MILLIS = 5000;

  private final Vertx vertx;
  private final Context context;
  private final Database database;
  private final PgConnectOptions options;
  private volatile boolean up = true;
  private volatile boolean stopped;
  // The rest is touched only on this watch's context.
  private PgConnection connection;
  private long retryMillis = FIRST_RETRY_MILLIS;
  private long downSince;
  private boolean restarting;
  private long timer = -1;

  private DatabaseWatch(Vertx vertx, Database database) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.database = database;
    this.options = database.connectOptions();
  }

  /** Starts watching a database that has just started (so it begins as up). */
  public static DatabaseWatch start(Vertx vertx, Database database) {
    DatabaseWatch watch = new DatabaseWatch(vertx, database);
    watch.context.runOnContext(v -> watch.schedule(PING_INTERVAL_MILLIS));
    return watch;
  }

  /** Whether the last ping succeeded. Cheap; safe from any thread. */
  public boolean isUp() {
    return up;
  }

  /** Stops pinging and restarting (before the database is stopped on purpose). */
  public void stop() {
    stopped = true;
    context.runOnContext(v -> {
      vertx.cancelTimer(timer);
      dropConnection();
    });
  }

  private void schedule(long millis) {
    if (!stopped) timer = vertx.setTimer(millis, t -> ping());
  }

  private void ping() {
    if (stopped) return;
    Promise<Void> answer = Promise.promise();
    long timeout = vertx.setTimer(PING_TIMEOUT_MILLIS, t -> answer.tryFail("no answer to SELECT 1 within " + PING_TIMEOUT_MILLIS + " ms"));
    selectOne(answer.future()).onComplete(result -> {
      vertx.cancelTimer(timeout);
      if (result.succeeded()) answer.tryComplete();
      else answer.tryFail(result.cause());
    });
    answer.future().onComplete(result -> {
      if (result.succeeded()) succeeded();
      else failed(result.cause());
    });
  }

  private Future<Void> selectOne(Future<Void> answer) {
    Future<PgConnection> ready = connection != null ? Future.succeededFuture(connection)
        : PgConnection.connect(vertx, options).map(c -> {
          if (answer.isComplete() || stopped) {
            c.close(); // connected after the ping had already timed out
            throw new IllegalStateException("connected too late");
          }
          connection = c;
          c.closeHandler(v -> {
            if (connection == c) connection = null;
          });
          return c;
        });
    return ready.compose(c -> c.query("SELECT 1").execute()).mapEmpty();
  }

  private void succeeded() {
    if (!up) {
      up = true;
      log.info("Database is back after {} s", (System.nanoTime() - downSince) / 1_000_000_000);
    }
    retryMillis = FIRST_RETRY_MILLIS;
    schedule(PING_INTERVAL_MILLIS);
  }

  private void failed(Throwable cause) {
    dropConnection(); // a hanging connection stays hung: the next attempt starts afresh
    if (stopped) return;
    boolean gone = database.embeddedIsGone();
    if (up) {
      up = false;
      downSince = System.nanoTime();
      log.warn("Database is down ({}){}; retrying with backoff", Database.rootMessage(cause),
          gone ? ", the embedded PostgreSQL has exited: restarting it" : "");
    }
    if (gone && !restarting) restart();
    schedule(retryMillis);
    retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
  }

  private void restart() {
    restarting = true;
    vertx.executeBlocking(() -> {
      database.restartEmbedded();
      return null;
    }).onComplete(result -> {
      restarting = false;
      if (result.failed()) log.debug("Embedded PostgreSQL did not restart yet: {}", Database.rootMessage(result.cause()));
    });
  }

  private void dropConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
