package io.streamroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of a process and of each of its threads, from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/task/*&#47;stat.
 * The kernel keeps only 15 characters of a thread's name ("streamroom-capt"), so a JVM's threads are named
 * from {@code jcmd <pid> Thread.print} (its nid is the kernel's thread id) when they are reported.
 */
final class CpuMeter {
  private static final double TICKS_PER_SECOND = 100; // Linux USER_HZ
  private static final Pattern JAVA_THREAD = Pattern.compile("^\"(.*)\" .*nid=0x([0-9a-f]+) .*");

  private final long pid;

  /** CPU ticks (user + system) so far: the process's, each thread's by kernel thread id, and when they were read. */
  record Sample(long nanos, long ticks, Map<Integer, Long> threads) {}

  /** Cores used between two samples: the whole process's, and each thread's by name (threads of one name added up). */
  record Usage(double seconds, double cores, Map<String, Double> threads) {
    /** Cores used by the threads whose names start with {@code prefix}. */
    double threads(String prefix) {
      return threads.entrySet().stream().filter(t -> t.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }

    /** "name 0.42" for the busiest {@code n} threads. */
    String busiest(int n) {
      return String.join(", ", threads.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
          .map(t -> String.format("%s %.2f", t.getKey(), t.getValue())).toList());
    }
  }

  CpuMeter(long pid) {
    this.pid = pid;
  }

  /** This JVM: the load generator. */
  static CpuMeter self() {
    return new CpuMeter(ProcessHandle.current().pid());
  }

  Sample sample() {
    Map<Integer, Long> threads = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(task -> {
        Long ticks = ticks(task.resolve("stat"));
        if (ticks != null) threads.put(Integer.parseInt(task.getFileName().toString()), ticks);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Long ticks = ticks(Path.of("/proc/" + pid + "/stat"));
    return new Sample(System.nanoTime(), ticks == null ? 0 : ticks, threads);
  }

  /** Names the threads as they are now (threads that ended in between keep their kernel names). */
  Usage between(Sample before, Sample after) {
    double seconds = (after.nanos - before.nanos) / 1e9;
    Map<Integer, String> names = javaThreadNames();
    Map<String, Double> threads = new LinkedHashMap<>();
    after.threads.forEach((tid, ticks) -> {
      long used = ticks - before.threads.getOrDefault(tid, 0L);
      if (used > 0) threads.merge(names.getOrDefault(tid, kernelName(tid)), used / TICKS_PER_SECOND / seconds, Double::sum);
    });
    return new Usage(seconds, (after.ticks - before.ticks) / TICKS_PER_SECOND / seconds, threads);
  }

  /** Busy cores of the whole machine (every process, everyone's) between two readings of {@link #machineBusyTicks}. */
  static double machineBusyCores(long before, long after, double seconds) {
    return (after - before) / TICKS_PER_SECOND / seconds;
  }

  /** Ticks the machine's CPUs have spent on anything but idling (and waiting for I/O) so far, from /proc/stat. */
  static long machineBusyTicks() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      // cpu user nice system idle iowait irq softirq steal: all but idle and iowait
      for (int i = 1; i < Math.min(cpu.length, 9); i++) if (i != 4 && i != 5) busy += Long.parseLong(cpu[i]);
      return busy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Long ticks(Path stat) {
    try {
      String[] fields = Files.readString(stat).split("\\) ")[1].split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
    } catch (IOException gone) {
      return null; // the thread ended
    }
  }

  private String kernelName(int tid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/comm")).trim();
    } catch (IOException gone) {
      return "(ended)";
    }
  }

  /** tid → name from jcmd; empty when jcmd cannot attach (then kernel names are used). */
  private Map<Integer, String> javaThreadNames() {
    Map<Integer, String> names = new HashMap<>();
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
      for (String line : new String(process.getInputStream().readAllBytes()).split("\n")) {
        Matcher m = JAVA_THREAD.matcher(line);
        if (m.matches()) names.put(Integer.parseInt(m.group(2), 16), m.group(1));
      }
      process.waitFor();
    } catch (IOException e) {
      return names;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return names;
  }
}
