package io.streamroom.tcp;

import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * The TCP chat connections of one event loop that have output waiting, flushed together by one task: one
 * socket write per session for everything it got meanwhile. When the loop is quiet the flush comes at
 * the end of the current turn; under load flushes are at least {@code coalesceMillis} apart
 * ({@code STREAMROOM_TCP_FLUSH_MILLIS}), so a busy channel costs each reader one system call per several
 * messages instead of one per message: on loopback the kernel's side of a send costs several times our own
 * work per line (docs/benchmarks.md). Used on its event loop only.
 */
final class OutputBatch {
  private final Context context;
  /** Extra delay a line can get under load: invisible in a chat, and it cuts write calls several-fold. */
  private final long coalesceMillis;
  private List<ConnectionOutput> waiting = new ArrayList<>();
  private boolean scheduled;
  private long lastFlushNanos;

  OutputBatch(Context context, long coalesceMillis) {
    this.context = context;
    this.coalesceMillis = coalesceMillis;
  }

  void add(ConnectionOutput output) {
    waiting.add(output);
    if (scheduled) return;
    scheduled = true;
    long sinceMillis = (System.nanoTime() - lastFlushNanos) / 1_000_000;
    if (sinceMillis >= coalesceMillis) context.runOnContext(v -> flushAll());
    else context.owner().setTimer(coalesceMillis - sinceMillis, t -> flushAll());
  }

  private void flushAll() {
    lastFlushNanos = System.nanoTime();
    List<ConnectionOutput> outputs = waiting;
    waiting = new ArrayList<>();
    scheduled = false;
    for (ConnectionOutput output : outputs) output.flush();
  }
}
