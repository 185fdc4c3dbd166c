package io.streamroom.live;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ShortBuffer;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

/**
 * A microphone through FFmpeg's device input ({@code alsa:default}, {@code pulse:default}). A device delivers
 * sound at its own pace, so a thread of its own reads it into a one-second ring that the capture thread
 * drains with each picture; if the capture thread falls behind, the oldest sound is dropped.
 */
final class Microphone implements SoundSource {
  private static final Logger log = LoggerFactory.getLogger(Microphone.class);
  private final FFmpegFrameGrabber grabber;
  private final String description;
  private final short[] ring = new short[SAMPLE_RATE];
  private int start;
  private int size;
  private volatile boolean open = true;

  private Microphone(FFmpegFrameGrabber grabber, String description) {
    this.grabber = grabber;
    this.description = description;
  }

  /** @param input "format:device", e.g. alsa:default; blocking, throws with FFmpeg's reason when it cannot open */
  static Microphone open(String input) throws FFmpegFrameGrabber.Exception {
    int colon = input.indexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("a microphone is <format>:<device>, e.g. alsa:default");
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.substring(colon + 1));
    grabber.setFormat(input.substring(0, colon));
    grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
    grabber.setSampleRate(SAMPLE_RATE);
    grabber.setAudioChannels(1);
    grabber.start();
    Microphone microphone = new Microphone(grabber, input);
    Thread reader = new Thread(microphone::readUntilClosed, "streamroom-microphone");
    reader.setDaemon(true);
    reader.start();
    return microphone;
  }

  private void readUntilClosed() {
    try {
      Frame frame;
      while (open && (frame = grabber.grabSamples()) != null) {
        if (frame.samples != null) keep((ShortBuffer) frame.samples[0]);
      }
    } catch (FFmpegFrameGrabber.Exception e) {
      if (open) log.warn("Microphone {} stopped: {}", description, e.getMessage());
    } finally {
      closeGrabber(); // here, not in close(): freeing it under a read in progress would crash in native code
    }
  }

  private void closeGrabber() {
    try {
      grabber.close();
    } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
      // closing a broken device: nothing more to do
    }
  }

  private synchronized void keep(ShortBuffer samples) {
    while (samples.hasRemaining()) {
      if (size == ring.length) { // full: the oldest goes
        start = (start + 1) % ring.length;
        size--;
      }
      ring[(start + size) % ring.length] = samples.get();
      size++;
    }
  }

  @Override
  public synchronized void read(ShortBuffer into) {
    while (size > 0 && into.hasRemaining()) {
      into.put(ring[start]);
      start = (start + 1) % ring.length;
      size--;
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    open = false; // the reader closes the device after its current read
  }
}
