package io.streamroom.store;

import io.streamroom.metrics.Meters;
import io.streamroom.store.ChatStore.NewMessage;
import io.streamroom.store.ChatStore.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A few {@link MessageWriter}s, each with its own connection, so several PostgreSQL backends insert and
 * wait for their WAL flushes in parallel. A channel always goes to the same writer, so its messages are
 * committed, numbered and published in one order; private messages go by recipient, for the same reason.
 * They share the meters of messages sent, write latency and queue depth.
 */
public final class MessageWriters {
  /**
   * One backend inserts a batch while another waits for its flush: two use this machine's two cores
   * (measured in docs/benchmarks.md); more only add connections contending for the same disk flush.
   */
  private static final int WRITERS = 2;

  private final MessageWriter[] writers = new MessageWriter[WRITERS];

  public MessageWriters(Vertx vertx, ChatStore store, BooleanSupplier databaseUp, Meters meters) {
    for (int i = 0; i < WRITERS; i++) writers[i] = new MessageWriter(vertx, store, databaseUp, meters.databaseWrites(), meters.messagesSent());
    meters.databaseQueue(this::waiting);
  }

  /** Messages queued or being written, read from the scrape's thread (each writer's count may be a moment old). */
  private double waiting() {
    int sum = 0;
    for (MessageWriter writer : writers) sum += writer.waiting();
    return sum;
  }

  /** See {@link MessageWriter#write}. */
  public Future<StoredMessage> write(NewMessage message, Consumer<StoredMessage> onStored) {
    long shard = message.channelId() != null ? message.channelId() : message.recipient().toLowerCase(java.util.Locale.ROOT).hashCode();
    return writers[(int) Math.floorMod(shard, (long) WRITERS)].write(message, onStored);
  }
}
