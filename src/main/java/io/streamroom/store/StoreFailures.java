package io.streamroom.store;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;

import java.net.ConnectException;

/** What a failed database call says about the database and about the statement it carried. */
public final class StoreFailures {
  private StoreFailures() {}

  /** The database could not be reached: the statement never got there. */
  public static boolean unreachable(Throwable failure) {
    return causedBy(failure, ConnectException.class);
  }

  /**
   * The statement certainly changed nothing: PostgreSQL answered it with an ERROR (which ends the
   * statement's transaction, the connection living on), or the connection was never made. A connection
   * lost mid-statement, or ended by the server (a FATAL such as "terminating connection due to unexpected
   * postmaster exit"), is not certain: the commit may have happened just before.
   */
  public static boolean certainlyNotCommitted(Throwable failure) {
    return refused(failure) || unreachable(failure) || overloaded(failure);
  }

  /**
   * The pool's queue of statements waiting for a connection was full, so this one was never sent: a burst
   * (thousands of users arriving at once) the caller should answer with "busy, try again", not as a bug.
   */
  public static boolean overloaded(Throwable failure) {
    return causedBy(failure, ConnectionPoolTooBusyException.class);
  }

  /** The database answered the statement with an ERROR: it refused it, it is not away. */
  public static boolean refused(Throwable failure) {
    PgException answered = find(failure, PgException.class);
    return answered != null && "ERROR".equals(answered.getSeverity());
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    return find(failure, type) != null;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
    }
    return null;
  }
}
