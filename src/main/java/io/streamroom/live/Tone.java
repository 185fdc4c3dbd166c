package io.streamroom.live;

import java.nio.ShortBuffer;

/**
 * The test pattern's sound: a steady 440 Hz tone, made as fast as the clock goes, so a stream from a machine
 * without a microphone still has sound to check (a player's audio decoding advances; the pitch can be measured).
 */
final class Tone implements SoundSource {
  static final double FREQUENCY = 440;
  /** A tenth of full scale (-20 dBFS): clearly audible, never clipped by an encoder's overshoot. */
  private static final double AMPLITUDE = 0.1 * Short.MAX_VALUE;
  private long startedAt = -1;
  private long made;

  @Override
  public void read(ShortBuffer into) {
    long now = System.nanoTime();
    if (startedAt < 0) startedAt = now;
    long due = (now - startedAt) * SAMPLE_RATE / 1_000_000_000L - made;
    for (long i = 0; i < due && into.hasRemaining(); i++, made++) {
      into.put((short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * FREQUENCY * made / SAMPLE_RATE)));
    }
  }

  @Override
  public String describe() {
    return "tone";
  }

  @Override
  public void close() {
    // nothing to release
  }
}
