package io.streamroom.bench;

import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.connlog.ConnectionLog;
import io.streamroom.support.TestApp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The connection log's own cost, without the chat around it: what one {@code record(...)} call costs the
 * thread that makes it (an event loop, in the server), and how many records a second the writer thread
 * appends to the file, rotating every 10,000 records as by default.
 * Run: mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.streamroom.bench.ConnectionLogBenchmark [-Dexec.args="2000000"]
 */
public final class ConnectionLogBenchmark {
  /** Calls per burst when measuring the caller: fewer than the queue holds, so none is dropped. */
  private static final int BURST = 2000;
  private static final String SOURCE = "127.0.0.1:51234 telnet";

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    System.out.println("round | caller ns per record() | writer records/s (" + records + " records, rotation every 10,000)"
        + " | writer CPU per record at 500 records/s");
    for (int round = 1; round <= 3; round++) {
      double written = writerPerSecond(records); // first: it also warms the JIT up for the caller's figure
      double caller = callerNanos();
      double paced = pacedWriterMicros();
      System.out.printf("%5d | %22.0f | %,.0f | %.1f µs%n", round, caller, written, paced);
    }
  }

  /** Bursts the queue can take whole, with pauses that let the writer empty it: the caller's cost alone. */
  private static double callerNanos() throws Exception {
    ConnectionLog log = ConnectionLog.open(TestApp.tempDir(), 10_000, 5);
    long nanos = 0;
    long calls = 0;
    for (int burst = 0; burst < 500; burst++) {
      long start = System.nanoTime();
      for (int i = 0; i < BURST; i++) {
        log.record(ConnectionEvent.MESSAGE_SENT, SOURCE, "alice in #lobby, message " + (calls + i));
      }
      nanos += System.nanoTime() - start;
      calls += BURST;
      Thread.sleep(20);
    }
    log.close();
    if (log.dropped() > 0) System.out.println("(" + log.dropped() + " records dropped while measuring the caller: the writer was starved)");
    return (double) nanos / calls;
  }

  /**
   * One record every 2 ms for 10 s, as the fan-out benchmark's 500 messages a second make: the writer
   * thread's CPU time (its wake-ups, formatting, writes and flushes) divided by the records.
   */
  private static double pacedWriterMicros() throws Exception {
    ConnectionLog log = ConnectionLog.open(TestApp.tempDir(), 10_000, 5);
    Thread writer = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("connection-log-writer") && t.isAlive()).findFirst().orElseThrow();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int records = 5000;
    long cpuBefore = threads.getThreadCpuTime(writer.getId());
    long due = System.nanoTime();
    for (int i = 0; i < records; i++) {
      log.record(ConnectionEvent.MESSAGE_SENT, SOURCE, "alice in #lobby, message " + i);
      due += 2_000_000;
      LockSupport.parkNanos(due - System.nanoTime());
    }
    long cpu = threads.getThreadCpuTime(writer.getId()) - cpuBefore;
    log.close();
    return cpu / 1e3 / records;
  }

  /** The producer retries a dropped record, so every record is written: the writer sets the pace. */
  private static double writerPerSecond(int records) throws Exception {
    Path dir = TestApp.tempDir();
    ConnectionLog log = ConnectionLog.open(dir, 10_000, 5);
    long start = System.nanoTime();
    for (int i = 0; i < records; i++) {
      String details = "alice in #lobby, message " + i;
      while (!log.record(ConnectionEvent.MESSAGE_SENT, SOURCE, details)) Thread.onSpinWait();
    }
    log.close(); // waits until the last record is written and the file closed
    return records / ((System.nanoTime() - start) / 1e9);
  }
}
