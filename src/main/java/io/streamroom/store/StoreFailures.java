package io.streamroom.store;

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
   * The statement certainly changed nothing: PostgreSQL answered with an error (which ends the
   * statement's transaction), or the connection was never made. A connection lost mid-statement is not
   * certain: the commit may have happened just before.
   */
  public static boolean certainlyNotCommitted(Throwable failure) {
    return causedBy(failure, PgException.class) || unreachable(failure);
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) return true;
    }
    return false;
  }
}
