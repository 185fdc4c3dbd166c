package io.streamroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A PostgreSQL server's processes, found as an operator would: postmaster.pid and its children. */
public final class DatabaseProcesses {
  private DatabaseProcesses() {}

  /** The postmaster named by {@code <pgDir>/postmaster.pid}, then all its descendants (backends, workers). */
  public static List<ProcessHandle> of(Path pgDir) {
    ProcessHandle postmaster = ProcessHandle.of(postmasterPid(pgDir))
        .orElseThrow(() -> new AssertionError("no live postmaster for " + pgDir));
    List<ProcessHandle> all = new ArrayList<>();
    all.add(postmaster);
    postmaster.descendants().forEach(all::add);
    return all;
  }

  /** Line 1 of postmaster.pid. */
  public static long postmasterPid(Path pgDir) {
    return Long.parseLong(line(pgDir, 0));
  }

  /** Line 4 of postmaster.pid: the port it listens on. */
  public static int port(Path pgDir) {
    return Integer.parseInt(line(pgDir, 3));
  }

  private static String line(Path pgDir, int index) {
    try {
      return Files.readAllLines(pgDir.resolve("postmaster.pid")).get(index).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kill -9, as the out-of-memory killer or an operator's mistake would. */
  public static void kill(Path pgDir) {
    of(pgDir).forEach(ProcessHandle::destroyForcibly);
  }

  /** Sends a signal (STOP, CONT) to the postmaster and its descendants with the shell's kill. */
  public static void signal(List<ProcessHandle> processes, String signal) {
    String pids = processes.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(" "));
    try {
      int exit = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pids).inheritIO().start().waitFor();
      if (exit != 0) throw new AssertionError("kill -" + signal + " " + pids + " exited with " + exit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
