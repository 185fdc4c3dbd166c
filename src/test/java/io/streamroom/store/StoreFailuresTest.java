package io.streamroom.store;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a failed database call is read: the chat answers "busy", "database down" or "internal error" from it. */
class StoreFailuresTest {
  @Test
  void aFullPoolQueueIsOverloadNotABugAndTheStatementWasNeverSent() {
    // What Vert.x's SQL pool fails a query with when its wait queue (Database.POOL_WAIT_QUEUE) is full.
    Throwable full = new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 2000");
    assertTrue(StoreFailures.overloaded(full));
    assertTrue(StoreFailures.overloaded(new RuntimeException("while connecting", full)));
    assertTrue(StoreFailures.certainlyNotCommitted(full));
    assertFalse(StoreFailures.unreachable(full));
  }

  @Test
  void otherFailuresAreNotOverload() {
    assertFalse(StoreFailures.overloaded(new ConnectException("Connection refused")));
    assertFalse(StoreFailures.overloaded(new IllegalStateException("timeout")));
  }
}
