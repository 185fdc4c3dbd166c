package io.streamroom.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A simple MJPEG player, as an {@code <img>} or VLC is one: it asks for {@code /live/<name>.mjpeg} over a plain
 * socket and reads the JPEG of each multipart part. Closing it is a viewer leaving.
 */
public final class MjpegClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream body;

  private MjpegClient(Socket socket, InputStream body) {
    this.socket = socket;
    this.body = body;
  }

  /** Opens the stream and reads the answer's head; fails unless it is a 200 multipart/x-mixed-replace. */
  public static MjpegClient open(int port, String path, Duration timeout) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout((int) timeout.toMillis());
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String head = readHead(in);
      if (!head.startsWith("HTTP/1.1 200") || !head.contains("multipart/x-mixed-replace")) {
        socket.close();
        throw new IllegalStateException("not an MJPEG stream: " + head);
      }
      boolean chunked = head.toLowerCase().contains("transfer-encoding: chunked");
      return new MjpegClient(socket, chunked ? new Dechunked(in) : in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next part's JPEG bytes (as its Content-Length says). */
  public byte[] nextJpeg() {
    try {
      String head = readHead(body);
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) return body.readNBytes(Integer.parseInt(line.substring(15).trim()));
      }
      throw new IllegalStateException("a part without Content-Length: " + head);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything up to and with the next empty line (a blank line left after the previous part is skipped). */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (head.size() < 4 || !head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) throw new IOException("the stream ended after " + head.toString(StandardCharsets.ISO_8859_1));
      head.write(b);
      if (head.size() == 2 && head.toString(StandardCharsets.ISO_8859_1).equals("\r\n")) head.reset();
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closed already
    }
  }

  /** The body of a chunked HTTP/1.1 answer, without the chunks' size lines. */
  private static final class Dechunked extends InputStream {
    private final InputStream in;
    private long left;

    Dechunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) {
        String size = line();
        if (size.isEmpty()) size = line(); // the CRLF closing the chunk before
        left = Long.parseLong(size.split(";")[0].trim(), 16);
        if (left == 0) return -1;
      }
      left--;
      return in.read();
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b == -1) throw new IOException("the stream ended inside a chunk header");
        if (b != '\r') line.append((char) b);
      }
      return line.toString();
    }
  }
}
