package io.streamroom.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A person at a terminal: a real TCP socket, lines typed and lines read. A reader thread collects what
 * the server writes; {@link #expect} waits for a line and remembers everything seen for failure messages.
 */
public final class TelnetClient implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CLOSED = "\u0000closed";

  private final Socket socket;
  private final OutputStream out;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> transcript = new ArrayList<>();
  private final List<String> unmatched = new ArrayList<>();

  private TelnetClient(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    Thread reader = new Thread(this::read, "telnet-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public static TelnetClient connect(int port) {
    try {
      return new TelnetClient(new Socket("127.0.0.1", port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client on another loopback address (127.0.0.2, ...), as a second machine would be. */
  public static TelnetClient connectFrom(String localAddress, int port) {
    try {
      return new TelnetClient(new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
          java.net.InetAddress.getByName(localAddress), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          String text = line.toString(StandardCharsets.UTF_8);
          lines.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
          line.reset();
        } else {
          line.write(b);
        }
      }
    } catch (IOException e) {
      // the socket was closed or reset: same as end of stream for a person at a terminal
    }
    lines.add(CLOSED);
  }

  /** Types a line and presses Enter (CRLF, as telnet sends it). */
  public TelnetClient send(String text) {
    return sendRaw((text + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  public TelnetClient sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Waits for a line containing {@code text}, skipping others. @return that line */
  public String expect(String text) {
    return expect(line -> line.contains(text), "a line containing '" + text + "'");
  }

  /**
   * Waits for a matching line. Lines passed over stay available to later calls, since a command's answer
   * and a channel's lines travel different paths and may arrive in either order.
   */
  public String expect(Predicate<String> test, String description) {
    for (java.util.Iterator<String> it = unmatched.iterator(); it.hasNext(); ) {
      String line = it.next();
      if (test.test(line)) {
        it.remove();
        return line;
      }
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String line = poll(deadline - System.nanoTime());
      if (line == null) fail("Timed out waiting for " + description + "; last lines: " + tail());
      if (line.equals(CLOSED)) {
        lines.add(CLOSED);
        fail("Connection closed while waiting for " + description + "; last lines: " + tail());
      }
      transcript.add(line);
      if (test.test(line)) return line;
      unmatched.add(line);
    }
  }

  /** Waits until a line containing each text has arrived, in any order (for lines sent from different paths). */
  public void expectAll(String... texts) {
    java.util.Set<String> missing = new java.util.LinkedHashSet<>(List.of(texts));
    while (!missing.isEmpty()) {
      String line = expect(l -> missing.stream().anyMatch(l::contains), "lines containing " + missing);
      missing.removeIf(line::contains);
    }
  }

  /** The next line, whatever it is. */
  public String nextLine() {
    return expect(line -> true, "any line");
  }

  /** Asserts no line containing {@code text} arrives within {@code within}; other lines are consumed. */
  public void expectNo(String text, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      String line = poll(deadline - System.nanoTime());
      if (line == null) return;
      if (line.equals(CLOSED)) {
        lines.add(CLOSED);
        return;
      }
      transcript.add(line);
      if (line.contains(text)) fail("Did not expect '" + text + "' but saw: " + line + "; last lines: " + tail());
      unmatched.add(line);
    }
  }

  /** Waits until the server has closed the connection. */
  public void expectClosed() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String line = poll(deadline - System.nanoTime());
      if (line == null) fail("Connection still open; saw: " + transcript);
      if (line.equals(CLOSED)) return;
      transcript.add(line);
    }
  }

  /** The last lines seen, shortened, for failure messages. */
  private String tail() {
    return transcript.subList(Math.max(0, transcript.size() - 15), transcript.size()).stream()
        .map(line -> line.length() > 120 ? line.substring(0, 120) + "..." : line)
        .toList().toString();
  }

  public List<String> transcript() {
    return List.copyOf(transcript);
  }

  private String poll(long nanos) {
    try {
      return lines.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing twice is fine
    }
  }
}
