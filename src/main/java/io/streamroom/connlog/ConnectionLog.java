package io.streamroom.connlog;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code <data dir>/connection_log.txt}: connections, logins, messages sent (who, where, the id; never
 * the text), streams, broadcast notices and moderation, one {@link LogLine line} a record.
 *
 * <p>{@link #record} may be called from any thread, event loops included, and never blocks: it stamps the
 * time and puts the record in a bounded queue, taking no lock (a lock shared with the writer could make an
 * event loop wait while the writer thread is descheduled). One thread of the log's own takes records from
 * the queue, formats and appends them, flushes whenever the queue runs empty, and then sleeps briefly so
 * that the next records share one wake-up and one flush. When the queue is full (the disk
 * is slower than the chat), the record is dropped and counted: a slow disk costs records, never memory
 * or chat time. One WARN says when dropping starts, and one more how many were lost once the writer
 * has caught up.
 */
public final class ConnectionLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLog.class);
  /**
   * Records waiting for the disk at most: a second of 8,000 chat messages, or 8,000 users arriving at
   * once. A record takes about 150 bytes (1 MB for a full queue), 1 KB at most (fields are cut at
   * {@link LogLine#MAX_FIELD_CHARS}).
   */
  static final int QUEUE_CAPACITY = 8192;
  /**
   * How long the writer sleeps once the queue is empty, so the records of that time share one wake-up and
   * one flush: here a wake-up plus a flush cost about 90 µs of CPU, formatting and appending a record about
   * 2 µs (ConnectionLogBenchmark). Records reach the file about this late; the queue holds far more than
   * this long's worth of records at any rate the chat can reach.
   */
  private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** After this long with nothing to write, the writer sleeps until a record wakes it: an idle server costs nothing. */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long {@link #close} waits for the writer to finish what is queued. */
  private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

  private record Entry(long at, ConnectionEvent type, String source, String details) {}

  /** Lock-free; bounded by {@link #queued}, which callers reserve a place in before they add. */
  private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int capacity;
  /** The writer is (about to be) parked without a time limit: the next record must wake it. */
  private volatile boolean writerWaiting;
  private final RotatingLogFile file;
  private final Path dir;
  private final Path path;
  private final Thread writer;
  private final AtomicLong droppedInBurst = new AtomicLong();
  private final AtomicLong droppedTotal = new AtomicLong();
  /** Set by the first drop of a burst (which warns); cleared by the writer when it has caught up. */
  private final AtomicBoolean dropping = new AtomicBoolean();
  private volatile boolean closing;
  /** Only the writer thread touches it: whether the last write failed (reported once until one succeeds). */
  private boolean failing;

  /** Opens (and counts) the file now; records are written once {@link #start} has started the writer. */
  ConnectionLog(Path dir, int maxRecords, int keepFiles, int capacity) throws IOException {
    this.capacity = capacity;
    this.file = new RotatingLogFile(dir, maxRecords, keepFiles);
    this.dir = dir;
    this.path = RotatingLogFile.current(dir);
    this.writer = new Thread(this::drain, "connection-log-writer");
    writer.setDaemon(true); // never keeps a JVM alive; close() drains it on a normal stop
  }

  /** Opens the log in the data dir as configured. Blocking (reads the current file): not on an event loop. */
  public static ConnectionLog open(Config config) {
    Path dir = config.path(Setting.DATA_DIR);
    try {
      return open(dir, config.integer(Setting.CONNECTION_LOG_MAX_RECORDS), config.integer(Setting.CONNECTION_LOG_FILES));
    } catch (IOException e) {
      throw ConfigException.of(Setting.DATA_DIR, "cannot open the connection log in " + dir + " (" + e + ")");
    }
  }

  /** Blocking, like {@link #open(Config)}. */
  public static ConnectionLog open(Path dir, int maxRecords, int keepFiles) throws IOException {
    ConnectionLog connectionLog = new ConnectionLog(dir, maxRecords, keepFiles, QUEUE_CAPACITY);
    connectionLog.start();
    return connectionLog;
  }

  void start() {
    writer.start();
  }

  /**
   * {@code <ip>:<port> <transport>}, e.g. {@code 127.0.0.1:51234 telnet}; IPv6 addresses in brackets, no
   * port when it is unknown (0).
   */
  public static String source(String ip, int port, String transport) {
    String host = ip == null ? "unknown" : ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    return (port > 0 ? host + ":" + port : host) + " " + transport;
  }

  /**
   * Queues one record; never blocks. Source and details are made one line when written.
   * @return false when it was dropped (the queue is full, or the log is closed)
   */
  public boolean record(ConnectionEvent type, String source, String details) {
    if (closing) return false;
    if (queued.incrementAndGet() <= capacity) {
      queue.offer(new Entry(System.currentTimeMillis(), type, LogLine.bounded(source), LogLine.bounded(details)));
      if (writerWaiting) LockSupport.unpark(writer);
      return true;
    }
    queued.decrementAndGet();
    droppedTotal.incrementAndGet();
    droppedInBurst.incrementAndGet();
    if (dropping.compareAndSet(false, true)) {
      log.warn("The connection log is behind (its queue of {} records is full): records are dropped until it catches up",
          capacity);
    }
    return false;
  }

  /** Records dropped since the log was opened because the queue was full. */
  public long dropped() {
    return droppedTotal.get();
  }

  public Path path() {
    return path;
  }

  /**
   * The last {@code count} records written (oldest first), as the file shows them; records still queued or
   * not yet flushed (about 50 ms) are not among them. Blocking: call it on a worker thread.
   */
  public java.util.List<String> lastRecords(int count) throws IOException {
    return LogTail.last(dir, count);
  }

  /**
   * The writer: appends until the queue is empty, then flushes, then sleeps {@link #GATHER_NANOS} (or, once
   * idle for {@link #IDLE_NANOS}, until a record wakes it). Ends once closing and empty.
   */
  private void drain() {
    long idleSince = System.nanoTime();
    while (true) {
      Entry entry = queue.poll();
      if (entry != null) {
        queued.decrementAndGet();
        write(entry);
        idleSince = 0;
        continue;
      }
      write(null);
      caughtUp();
      if (closing && queue.isEmpty()) break;
      if (idleSince == 0) idleSince = System.nanoTime();
      if (System.nanoTime() - idleSince < IDLE_NANOS) {
        LockSupport.parkNanos(this, GATHER_NANOS);
      } else {
        writerWaiting = true;
        // Checked again after announcing the wait: a record added since is either seen here, or its caller
        // sees writerWaiting and unparks us (a permit given before park makes park return at once).
        if (queue.isEmpty() && !closing) LockSupport.park(this);
        writerWaiting = false;
      }
      Thread.interrupted(); // only close() ends the writer; a stray interrupt must not make park spin
    }
    try {
      file.close();
    } catch (IOException e) {
      log.warn("Could not close the connection log {}: {}", path, e.toString());
    }
  }

  /** Appends one record, or flushes when {@code entry} is null. A failure is reported once until a write succeeds. */
  private void write(Entry entry) {
    try {
      if (entry == null) {
        file.flush();
      } else {
        file.append(LogLine.format(entry.at(), entry.type(), entry.source(), entry.details()));
      }
      if (failing) log.info("The connection log {} is written again", path);
      failing = false;
    } catch (IOException | RuntimeException e) {
      if (!failing) log.warn("Cannot write the connection log {} (records are lost until it works again): {}", path, e.toString());
      failing = true;
    }
  }

  private void caughtUp() {
    if (!dropping.compareAndSet(true, false)) return;
    long lost = droppedInBurst.getAndSet(0);
    if (lost > 0) log.warn("The connection log caught up; {} records were dropped", lost);
  }

  /** Writes what is queued, flushes and closes the file; later records are ignored. Blocking. */
  @Override
  public void close() {
    closing = true;
    if (writer.getState() == Thread.State.NEW) writer.start(); // never started: it still writes what is queued
    LockSupport.unpark(writer);
    try {
      writer.join(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) log.warn("The connection log {} did not finish writing within {} ms", path, CLOSE_TIMEOUT_MILLIS);
  }
}
