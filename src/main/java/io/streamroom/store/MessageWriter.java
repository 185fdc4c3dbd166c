package io.streamroom.store;

import io.streamroom.store.ChatStore.NewMessage;
import io.streamroom.store.ChatStore.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for messages: one insert round trip is in flight at a time and everything that arrived
 * meanwhile goes into the next one. Under light load a message is written alone; under heavy load the
 * batches grow and throughput follows. Completions come in arrival order, so publishing in completion
 * order keeps each channel's order. Used from one event-loop context only.
 */
public final class MessageWriter {
  /** Rows per round trip: large enough to amortise latency, small enough to keep one batch under a few ms. */
  private static final int MAX_BATCH = 256;
  /** Messages waiting for the database; past this senders are told to retry rather than queueing forever. */
  public static final int MAX_QUEUED = 10_000;

  private record Pending(NewMessage message, Promise<StoredMessage> promise) {}

  private final ChatStore store;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean writing;

  public MessageWriter(ChatStore store) {
    this.store = store;
  }

  /** @return the stored message, or a failed future with {@link QueueFullException} when over the bound */
  public Future<StoredMessage> write(NewMessage message) {
    if (queue.size() >= MAX_QUEUED) return Future.failedFuture(new QueueFullException());
    Promise<StoredMessage> promise = Promise.promise();
    queue.add(new Pending(message, promise));
    if (!writing) writeNextBatch();
    return promise.future();
  }

  private void writeNextBatch() {
    if (queue.isEmpty()) {
      writing = false;
      return;
    }
    writing = true;
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) batch.add(queue.poll());
    store.insertMessages(batch.stream().map(Pending::message).toList()).onComplete(result -> {
      for (int i = 0; i < batch.size(); i++) {
        if (result.succeeded()) batch.get(i).promise().complete(result.result().get(i));
        else batch.get(i).promise().fail(result.cause());
      }
      writeNextBatch();
    });
  }

  /** The database is further behind than {@link #MAX_QUEUED} messages. */
  public static final class QueueFullException extends RuntimeException {
    QueueFullException() {
      super("message queue full", null, false, false);
    }
  }
}
