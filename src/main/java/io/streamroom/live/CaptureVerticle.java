package io.streamroom.live;

import io.streamroom.config.Config;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Grabs pictures from the configured source, encodes them as JPEG and publishes them for one channel on
 * {@code live.frames.<channel>}, with a sequence number and the capture time. Grabbing and encoding block,
 * so they run on a thread of their own, never on an event loop. A file plays in a loop. A source that
 * fails is reported in one log line, the stream is announced as stopped, and the source is tried again
 * with growing delays (1 s, doubling to 30 s).
 */
public final class CaptureVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(CaptureVerticle.class);
  private static final long FIRST_RETRY_MILLIS = 1_000;
  /** A camera unplugged for hours is retried twice a minute, not in a busy loop. */
  private static final long MAX_RETRY_MILLIS = 30_000;
  private static final Path DEFAULT_DEVICE = Path.of("/dev/video0");
  /** ALSA's devices: a machine without them has no microphone to look for. */
  private static final Path SOUND_DEVICES = Path.of("/dev/snd");
  private static final String DEFAULT_MICROPHONE = "alsa:default";

  private final CaptureSettings settings;
  private volatile boolean running;
  private Thread thread;
  /** One for the verticle's life, so frame numbers keep growing across a file's loops and restarts. */
  private LivePublisher publisher;

  public CaptureVerticle(Config config) {
    this.settings = CaptureSettings.from(config);
  }

  @Override
  public Future<?> start() {
    publisher = new LivePublisher(vertx, settings.channel());
    running = true;
    thread = new Thread(this::captureUntilStopped, "streamroom-capture");
    thread.setDaemon(true);
    thread.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    running = false;
    thread.interrupt();
    return vertx.executeBlocking(() -> {
      thread.join(TimeUnit.SECONDS.toMillis(5));
      return null;
    });
  }

  private void captureUntilStopped() {
    long retry = FIRST_RETRY_MILLIS;
    boolean live = false;
    while (running) {
      String description = settings.source();
      try (FrameSource source = openSource(); SoundSource sound = openSound(source)) {
        description = source.describe();
        if (!live) {
          if (!publisher.claim().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException(settings.channel() + " is in use by another stream");
          }
          publisher.announce(true, description);
          live = true;
          log.info("Live: {} into {} at {}x{}, {} fps", description, settings.channel(), settings.width(), settings.height(), settings.fps());
        }
        long frames = publisher.play(source, settings.width(), settings.height(), settings.quality(), settings.fps(), sound,
            () -> running);
        if (frames == 0 && running) throw new IllegalStateException("no pictures"); // or an empty file would spin
        retry = FIRST_RETRY_MILLIS; // the end of a file: it plays again at once, the stream stays live
      } catch (Exception | LinkageError e) {
        if (!running) break;
        log.warn("Live: {} failed ({}); retrying in {} s", description, reason(e), retry / 1000);
        if (live) {
          publisher.announce(false, description);
          live = false;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(retry));
        retry = Math.min(retry * 2, MAX_RETRY_MILLIS);
      }
    }
    if (live) publisher.announce(false, settings.source());
    publisher.close();
  }

  /** auto: the webcam if there is one (falling back to the pattern if it cannot be opened); test; else a location. */
  private FrameSource openSource() throws Exception {
    String source = settings.source();
    if (source.equalsIgnoreCase("test")) return new TestPatternSource(settings.width(), settings.height());
    if (source.equalsIgnoreCase("auto")) {
      if (!Files.exists(DEFAULT_DEVICE)) return new TestPatternSource(settings.width(), settings.height());
      try {
        return GrabberSource.open(DEFAULT_DEVICE.toString(), settings.width(), settings.height());
      } catch (Exception e) {
        log.warn("Live: {} cannot be opened ({}); using the test pattern", DEFAULT_DEVICE, reason(e));
        return new TestPatternSource(settings.width(), settings.height());
      }
    }
    return GrabberSource.open(source, settings.width(), settings.height());
  }

  /**
   * The camera's sound (see the camera.audio setting), or null for none. A microphone that cannot be opened is
   * one warning: the pictures go live without sound.
   */
  private SoundSource openSound(FrameSource pictures) {
    String audio = settings.audio();
    if (audio.equalsIgnoreCase("off")) return null;
    if (audio.equalsIgnoreCase("tone")) return new Tone();
    if (audio.equalsIgnoreCase("auto")) {
      if (pictures instanceof TestPatternSource) return new Tone();
      if (pictures.sound() != null) return pictures.sound(); // a file's or a stream's own sound
      if (!pictures.describe().startsWith("/dev/video") || !Files.exists(SOUND_DEVICES)) return null;
      audio = DEFAULT_MICROPHONE;
    }
    try {
      return Microphone.open(audio);
    } catch (Exception | LinkageError e) {
      log.warn("Live: no sound: microphone {} cannot be opened ({})", audio, reason(e));
      return null;
    }
  }

  private static String reason(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
