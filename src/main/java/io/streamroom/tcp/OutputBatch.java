package io.streamroom.tcp;

import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * The TCP chat connections of one event loop that have output waiting, flushed together by one task: one
 * socket write per session for everything it got meanwhile. When the loop is quiet the flush comes at
 * the end of the current turn; under load flushes are at least {@link #COALESCE_MILLIS} apart, so a
 * busy channel costs each reader one system call per few messages instead of one per message.
 * Used on its event loop only.
 */
final class OutputBatch {
  /** Extra delay a line can get under load: invisible in a chat, and it cuts write calls several-fold. */
  static final long COALESCE_MILLIS = Long.getLong("streamroom.coalesce", 5);

  private final Context context;
  private List<LineConnection> waiting = new ArrayList<>();
  private boolean scheduled;
  private long lastFlushNanos;

  OutputBatch(Context context) {
    this.context = context;
  }

  void add(LineConnection session) {
    waiting.add(session);
    if (scheduled) return;
    scheduled = true;
    long sinceMillis = (System.nanoTime() - lastFlushNanos) / 1_000_000;
    if (sinceMillis >= COALESCE_MILLIS) context.runOnContext(v -> flushAll());
    else context.owner().setTimer(COALESCE_MILLIS - sinceMillis, t -> flushAll());
  }

  private void flushAll() {
    lastFlushNanos = System.nanoTime();
    List<LineConnection> sessions = waiting;
    waiting = new ArrayList<>();
    scheduled = false;
    for (LineConnection session : sessions) session.flush();
  }
}
