package io.streamroom.store;

import io.streamroom.store.ChatStore.NewMessage;
import io.streamroom.store.ChatStore.StoredMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Group commit for messages on one connection of its own. Everything that arrives while earlier batches
 * are in the database's hands goes into the next batch, one statement and one transaction (one WAL
 * flush) each; {@link #MAX_IN_FLIGHT} batches are pipelined, so the database starts the next one the
 * moment it has flushed the last. One connection runs them in order, so ids grow in publishing order.
 *
 * <p>A message is acknowledged only once committed: {@code onStored} runs first (the caller publishes
 * there), then the returned future succeeds. The future fails with {@link NotStoredException} when the
 * database certainly did not store it, and with {@link UnconfirmedException} when it is not committed
 * within {@link #CONFIRM_DEADLINE_MILLIS}: the write goes on, and {@code onStored} still runs if it lands.
 * A connection lost mid-write leaves the fate of its batches unknown: they are sent again (their keys make
 * that idempotent) for up to {@link #RETRY_WINDOW_MILLIS}. Used from one event-loop context only.
 */
public final class MessageWriter {
  private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);
  /** Rows per statement: large enough to amortise the commit, small enough to keep one batch under a few ms. */
  private static final int MAX_BATCH = 512;
  /** One batch committing and one queued right behind it: the database never waits for us between commits. */
  private static final int MAX_IN_FLIGHT = 2;
  /** Messages waiting for the database; past this senders are told to retry rather than queueing forever. */
  public static final int MAX_QUEUED = 10_000;
  /**
   * A sender not answered by then is told "not confirmed yet": a stalled database, not a busy one (a batch
   * commits in milliseconds). Well under the adapters' 30 s event-bus timeout.
   */
  public static final long CONFIRM_DEADLINE_MILLIS = 5_000;
  /** How long a batch whose fate is unknown is retried: long enough for the embedded database to restart. */
  static final long RETRY_WINDOW_MILLIS = 60_000;
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 2_000;
  /** How often overdue senders are looked for: the deadline is met to within this. */
  private static final long SWEEP_MILLIS = 250;

  private static final class Pending {
    final NewMessage message;
    final Consumer<StoredMessage> onStored;
    final Promise<StoredMessage> stored = Promise.promise();
    final long since = System.currentTimeMillis();
    /** Sent at least once: a failure is then of unknown fate, not a refusal. */
    boolean sent;

    Pending(NewMessage message, Consumer<StoredMessage> onStored) {
      this.message = message;
      this.onStored = onStored;
    }

    String key() {
      return message.sender() + '\n' + message.key();
    }
  }

  private record Batch(List<Pending> messages, Promise<List<StoredMessage>> result) {}

  private final Vertx vertx;
  private final ChatStore store;
  private final BooleanSupplier databaseUp;
  /** How long each batch takes to commit, and how many new messages were committed. */
  private final Timer commits;
  private final Counter committed;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
  /** Messages queued or in flight by sender and key: a retry joins the first write instead of queueing a copy. */
  private final Map<String, Pending> unanswered = new HashMap<>();
  /** Answers still owed, by the promise a sender waits on; swept for the deadline. */
  private final Map<Promise<StoredMessage>, Pending> waiting = new HashMap<>();
  private SqlConnection connection;
  private boolean connecting;
  private long backoff = FIRST_RETRY_MILLIS;

  public MessageWriter(Vertx vertx, ChatStore store, BooleanSupplier databaseUp, Timer commits, Counter committed) {
    this.vertx = vertx;
    this.store = store;
    this.databaseUp = databaseUp;
    this.commits = commits;
    this.committed = committed;
    vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
  }

  /**
   * Writes {@code message}; {@code onStored} runs once when it is committed (not for a repeat of a key
   * written before). @return the stored message (marked a repeat for such a retry), or a failure as above
   */
  public Future<StoredMessage> write(NewMessage message, Consumer<StoredMessage> onStored) {
    Pending first = unanswered.get(message.sender() + '\n' + message.key());
    if (first != null) {
      return first.stored.future().map(MessageWriter::asRepeat)
          .timeout(CONFIRM_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
          .recover(e -> Future.failedFuture(e instanceof java.util.concurrent.TimeoutException ? new UnconfirmedException() : e));
    }
    if (!databaseUp.getAsBoolean()) return Future.failedFuture(new NotStoredException(Reason.DATABASE_DOWN));
    if (queue.size() >= MAX_QUEUED) return Future.failedFuture(new NotStoredException(Reason.QUEUE_FULL));
    Pending pending = new Pending(message, onStored);
    Promise<StoredMessage> answer = Promise.promise();
    pending.stored.future().onComplete(done -> {
      unanswered.remove(pending.key());
      waiting.remove(answer);
      if (done.succeeded()) answer.tryComplete(done.result());
      else answer.tryFail(done.cause());
    });
    unanswered.put(pending.key(), pending);
    waiting.put(answer, pending);
    queue.add(pending);
    pump();
    return answer.future();
  }

  /**
   * Messages queued or in flight. Read by the metrics scrape on another thread: a plain int read of the map's
   * size, at worst a moment old, so the writer pays nothing for it.
   */
  int waiting() {
    return unanswered.size();
  }

  private static StoredMessage asRepeat(StoredMessage m) {
    return new StoredMessage(m.id(), m.sender(), m.body(), m.created(), true);
  }

  private void pump() {
    if (connection == null) {
      if (!connecting && !queue.isEmpty() && inFlight.isEmpty()) connect();
      return;
    }
    while (inFlight.size() < MAX_IN_FLIGHT && !queue.isEmpty()) send();
  }

  private void connect() {
    connecting = true;
    store.connection().onComplete(opened -> {
      connecting = false;
      if (opened.succeeded()) {
        SqlConnection opened1 = opened.result();
        connection = opened1;
        opened1.closeHandler(v -> {
          if (connection == opened1) connection = null; // the next write reconnects
        });
        backoff = FIRST_RETRY_MILLIS;
        pump();
        return;
      }
      giveUpWaiting(StoreFailures.unreachable(opened.cause()) ? Reason.DATABASE_DOWN : Reason.REFUSED);
      retryLater();
    });
  }

  private void send() {
    List<Pending> messages = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
    while (!queue.isEmpty() && messages.size() < MAX_BATCH) {
      Pending p = queue.poll();
      p.sent = true;
      messages.add(p);
    }
    Batch batch = new Batch(messages, Promise.promise());
    inFlight.add(batch);
    long sent = System.nanoTime();
    MessageInsert.insert(connection, messages.stream().map(p -> p.message).toList()).onComplete(batch.result);
    batch.result.future().onComplete(done -> {
      if (done.succeeded()) commits.record(System.nanoTime() - sent, TimeUnit.NANOSECONDS);
      finishInOrder();
    });
  }

  /** Results may come out of order (a repeat's look-up is a second statement): settle from the oldest. */
  private void finishInOrder() {
    boolean lost = false;
    while (!inFlight.isEmpty() && inFlight.peek().result.future().isComplete()) {
      Batch batch = inFlight.poll();
      lost |= settle(batch.messages, batch.result.future());
    }
    if (lost && connection != null) {
      SqlConnection broken = connection;
      connection = null;
      broken.close();
    }
    if (lost && inFlight.isEmpty()) retryLater();
    else pump();
  }

  /** @return true when the connection was lost with the batch's fate unknown (it is queued again) */
  private boolean settle(List<Pending> batch, AsyncResult<List<StoredMessage>> result) {
    if (result.succeeded() && !result.result().contains(null)) {
      int fresh = 0;
      for (int i = 0; i < batch.size(); i++) {
        StoredMessage stored = result.result().get(i);
        Pending p = batch.get(i);
        if (!stored.repeat()) {
          p.onStored.accept(stored);
          fresh++;
        }
        p.stored.tryComplete(stored);
      }
      committed.increment(fresh);
      return false;
    }
    if (result.failed() && StoreFailures.certainlyNotCommitted(result.cause())) {
      Reason reason = StoreFailures.refused(result.cause()) ? Reason.REFUSED : Reason.DATABASE_DOWN;
      batch.forEach(p -> p.stored.tryFail(new NotStoredException(reason)));
      return false;
    }
    log.warn("A batch of {} messages may or may not be committed ({}); sending it again",
        batch.size(), result.failed() ? result.cause().toString() : "rows missing from the answer");
    long now = System.currentTimeMillis();
    for (int i = batch.size() - 1; i >= 0; i--) { // back to the front of the queue, in order
      Pending p = batch.get(i);
      if (now - p.since < RETRY_WINDOW_MILLIS) queue.addFirst(p);
      else p.stored.tryFail(new UnknownFateException());
    }
    return true;
  }

  private void retryLater() {
    if (queue.isEmpty()) return;
    vertx.setTimer(backoff, t -> pump());
    backoff = Math.min(backoff * 2, MAX_RETRY_MILLIS);
  }

  /**
   * No connection: what was never sent certainly is not stored; what was sent before keeps waiting for
   * the next try, until its retry window is over.
   */
  private void giveUpWaiting(Reason reason) {
    long now = System.currentTimeMillis();
    queue.removeIf(p -> {
      if (!p.sent) p.stored.tryFail(new NotStoredException(reason));
      else if (now - p.since >= RETRY_WINDOW_MILLIS) p.stored.tryFail(new UnknownFateException());
      else return false;
      return true;
    });
  }

  /** Tells senders past the deadline that their message is not confirmed yet; their writes go on. */
  private void sweep() {
    if (waiting.isEmpty()) return;
    long now = System.currentTimeMillis();
    waiting.entrySet().removeIf(e -> {
      if (now - e.getValue().since < CONFIRM_DEADLINE_MILLIS) return false;
      e.getKey().tryFail(new UnconfirmedException());
      return true;
    });
  }

  public enum Reason { DATABASE_DOWN, QUEUE_FULL, REFUSED }

  /** The message is certainly not in the database. */
  public static final class NotStoredException extends RuntimeException {
    private final Reason reason;

    NotStoredException(Reason reason) {
      super("message not stored: " + reason, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  /** Not committed within the deadline; the write goes on and the message appears if it lands. */
  public static final class UnconfirmedException extends RuntimeException {
    UnconfirmedException() {
      super("message not confirmed yet", null, false, false);
    }
  }

  /** The database could not be asked again within the retry window: the message may or may not be stored. */
  public static final class UnknownFateException extends RuntimeException {
    UnknownFateException() {
      super("message fate unknown", null, false, false);
    }
  }
}
