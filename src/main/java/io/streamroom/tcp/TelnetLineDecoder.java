package io.streamroom.tcp;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a TCP byte stream into lines the way telnet and nc send them (CRLF, LF, CR NUL), drops telnet
 * negotiation (IAC sequences), decodes UTF-8 with replacement characters for invalid bytes, and caps
 * line length: an over-long line is reported once and discarded up to its end, so the connection stays
 * usable and the buffer never grows past the cap. IRC lines come through here too: their bytes never
 * contain IAC (255 is not UTF-8).
 */
final class TelnetLineDecoder {
  interface Listener {
    void onLine(String line);

    void onLineTooLong();
  }

  private static final int IAC = 255;
  private static final int SB = 250;
  private static final int SE = 240;
  private static final int WILL = 251;
  private static final int DONT = 254;

  private enum State { DATA, COMMAND, OPTION, SUBNEGOTIATION, SUBNEGOTIATION_IAC }

  /** A short line's room; the buffer doubles up to the limit when a line needs it. */
  private static final int INITIAL_BYTES = 256;

  private final Listener listener;
  private byte[] line = new byte[INITIAL_BYTES];
  private int limit = INITIAL_BYTES;
  private int length;
  private boolean discarding;
  private boolean afterCr;
  private State state = State.DATA;

  TelnetLineDecoder(Listener listener) {
    this.listener = listener;
  }

  /** The longest line accepted from now on, in bytes. */
  void limit(int maxLineBytes) {
    this.limit = maxLineBytes;
  }

  void feed(Buffer data) {
    for (int i = 0; i < data.length(); i++) {
      int b = data.getUnsignedByte(i);
      switch (state) {
        case DATA -> {
          if (b == IAC) state = State.COMMAND;
          else data(b);
        }
        case COMMAND -> {
          if (b == IAC) {
            data(b); // IAC IAC is a literal 255
            state = State.DATA;
          } else if (b >= WILL && b <= DONT) {
            state = State.OPTION;
          } else if (b == SB) {
            state = State.SUBNEGOTIATION;
          } else {
            state = State.DATA; // two-byte commands: NOP, AYT, GA...
          }
        }
        case OPTION -> state = State.DATA;
        case SUBNEGOTIATION -> {
          if (b == IAC) state = State.SUBNEGOTIATION_IAC;
        }
        case SUBNEGOTIATION_IAC -> state = b == SE ? State.DATA : State.SUBNEGOTIATION;
      }
    }
  }

  private void data(int b) {
    boolean wasAfterCr = afterCr;
    afterCr = b == '\r';
    if (b == '\r') {
      endLine();
    } else if (b == '\n' || b == 0) {
      if (!wasAfterCr) endLine(); // LF alone ends a line; CR LF and CR NUL already did
    } else if (!discarding) {
      if (length >= limit) {
        discarding = true;
        listener.onLineTooLong();
      } else {
        if (length == line.length) line = Arrays.copyOf(line, Math.min(limit, line.length * 2));
        line[length++] = (byte) b;
      }
    }
  }

  private void endLine() {
    if (discarding) {
      discarding = false;
    } else {
      listener.onLine(new String(line, 0, length, StandardCharsets.UTF_8));
    }
    length = 0;
  }
}
