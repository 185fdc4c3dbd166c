package io.streamroom.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP spoken by hand over a plain socket, for clients that misbehave on purpose (slow, idle, endless). */
public final class RawHttp implements AutoCloseable {
  public final Socket socket;

  public RawHttp(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return false when the server has closed the connection (the write failed) */
  public boolean write(String text) {
    return write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public boolean write(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  /** True when the server has closed its side: end of stream or a reset. Waits at most {@code within}. */
  public boolean closedByServer(Duration within) {
    try {
      socket.setSoTimeout((int) Math.max(1, within.toMillis()));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (true) {
        if (in.read(buffer) == -1) return true; // anything before the end is an answer we do not need here
      }
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Reads one response head and its Content-Length body: "HTTP/1.1 408 ...\r\n...\r\n\r\n{...}". */
  public String readResponse(Duration within) {
    try {
      socket.setSoTimeout((int) within.toMillis());
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b == -1) throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
      }
      return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
