package io.streamroom.live;

import java.nio.ShortBuffer;

/** Where a live stream's sound comes from: 16-bit mono at {@link #SAMPLE_RATE}, read on the capture thread once per picture. */
public interface SoundSource extends AutoCloseable {
  /** 48 kHz: what AAC encoders and browsers use natively, so nothing is resampled on the way. */
  int SAMPLE_RATE = 48_000;

  /** Puts the samples captured since the last read (at most {@code into.remaining()}) into {@code into}. */
  void read(ShortBuffer into);

  /** For logs: "tone", "alsa:default". */
  String describe();

  @Override
  void close();
}
