package io.streamroom.live;

import java.nio.ShortBuffer;

/**
 * The sound track of a file or stream the capture thread decodes with its pictures: the samples decoded since
 * the last read, held in a bounded buffer (a second), so a long stretch without reads (nobody watching over
 * HLS) costs no memory. Filled and read on the capture thread.
 */
final class FileSound implements SoundSource {
  private final ShortBuffer decoded = ShortBuffer.allocate(SAMPLE_RATE);
  private final String description;

  FileSound(String description) {
    this.description = description;
  }

  /** Samples just decoded; when the buffer is full the oldest go, as a read would have taken them. */
  void add(ShortBuffer samples) {
    int overflow = samples.remaining() - decoded.remaining();
    if (overflow > 0) {
      decoded.flip().position(Math.min(decoded.limit(), overflow));
      decoded.compact();
      if (samples.remaining() > decoded.remaining()) samples.position(samples.limit() - decoded.remaining());
    }
    decoded.put(samples);
  }

  /** Whatever was decoded since the last read; what does not fit in {@code into} is dropped with it. */
  @Override
  public void read(ShortBuffer into) {
    decoded.flip();
    if (decoded.remaining() > into.remaining()) decoded.limit(decoded.position() + into.remaining());
    into.put(decoded);
    decoded.clear();
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    // the grabber that fills it is closed with its pictures
  }
}
