package io.streamroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Recordings like a browser's, made by Debian's ffmpeg (installed by .ci/run): a sine tone for voice,
 * the test card with a tone for video. Each is made once per test run, in a temporary folder.
 */
public final class TestMedia {
  private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
  private static final Path DIR = TestApp.tempDir();
  private static final Map<String, Path> made = new ConcurrentHashMap<>();

  private TestMedia() {}

  /** Skips the test where ffmpeg is not installed; on CI (CI=true), where it must be, fails it. */
  public static void requireFfmpeg() {
    boolean present = Files.isExecutable(FFMPEG);
    if (!present && "true".equals(System.getenv("CI"))) throw new AssertionError(FFMPEG + " is missing: .ci/run installs ffmpeg");
    assumeTrue(present, FFMPEG + " is not installed (apt-get install ffmpeg)");
  }

  /** Opus in WebM, as Chrome's and Firefox's MediaRecorder make it. */
  public static Path voiceWebm(int seconds) {
    return make("voice" + seconds + ".webm", sine(seconds), "-c:a", "libopus");
  }

  /** Written as a stream, like MediaRecorder's: the header carries no duration, only the packets tell it. */
  public static Path voiceWebmStreamed(int seconds) {
    return make("voice" + seconds + "-streamed.webm", sine(seconds), "-c:a", "libopus", "-f", "webm", "pipe:1");
  }

  public static Path voiceOgg(int seconds) {
    return make("voice" + seconds + ".ogg", sine(seconds), "-c:a", "libopus");
  }

  /** AAC in MP4, as Safari records voice. */
  public static Path voiceMp4(int seconds) {
    return make("voice" + seconds + ".m4a", sine(seconds), "-c:a", "aac");
  }

  /** VP8 and Opus in WebM. */
  public static Path videoWebm(int seconds) {
    return make("video" + seconds + ".webm", testCard(seconds), sine(seconds), "-c:v", "libvpx", "-c:a", "libopus", "-shortest");
  }

  /**
   * VP8 and Opus written live, like a browser's MediaRecorder: a Segment of unknown size, a keyframe every
   * second (30 fps), clusters of at most 100 kB, and nothing written back.
   */
  public static Path liveWebm(int seconds) {
    return make("live" + seconds + ".webm", liveCard(seconds), sine(seconds), "-c:v", "libvpx", "-g", "30", "-c:a", "libopus",
        "-f", "webm", "-live", "1", "-cluster_size_limit", "100000", "pipe:1");
  }

  /** Like {@link #liveWebm} with VP9, which a browser may record instead of VP8. */
  public static Path liveVp9Webm(int seconds) {
    return make("livevp9-" + seconds + ".webm", liveCard(seconds), sine(seconds), "-c:v", "libvpx-vp9", "-deadline", "realtime",
        "-cpu-used", "8", "-g", "30", "-c:a", "libopus", "-f", "webm", "-live", "1", "-cluster_size_limit", "100000", "pipe:1");
  }

  /** Like {@link #liveWebm}, but of noise, which hardly compresses: about 2 MB a second, to fill a slow viewer's buffers. */
  public static Path noisyLiveWebm(int seconds) {
    return make("noisy" + seconds + ".webm", liveCard(seconds), sine(seconds), "-vf", "noise=alls=100:allf=t", "-c:v", "libvpx",
        "-b:v", "20M", "-deadline", "realtime", "-cpu-used", "8", "-g", "30", "-c:a", "libopus",
        "-f", "webm", "-live", "1", "-cluster_size_limit", "100000", "pipe:1");
  }

  /** H.264 and AAC in MP4, as Safari records video. */
  public static Path videoMp4(int seconds) {
    return make("video" + seconds + ".mp4", testCard(seconds), sine(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-shortest");
  }

  /** A 440 Hz tone as 16-bit PCM WAV, for Chromium's fake microphone ({@code --use-file-for-fake-audio-capture}). */
  public static Path toneWav(int seconds) {
    return make("tone" + seconds + ".wav", sine(seconds), "-ar", "48000", "-ac", "1", "-c:a", "pcm_s16le");
  }

  /** A picture, for pretending to be a recording. */
  public static Path png() {
    return make("picture.png", testCard(1), "-frames:v", "1");
  }

  /** Every packet of a media file as ffprobe reads it: "video,1.001000,K_" (type, time in seconds, flags). */
  public static List<String> packets(Path media) {
    Path ffprobe = FFMPEG.resolveSibling("ffprobe");
    try (ChildProcess probe = ChildProcess.run(ffprobe.toString(), "-v", "error", "-show_entries", "packet=codec_type,pts_time,flags",
        "-of", "csv=p=0", media.toString())) {
      if (probe.awaitExit(java.time.Duration.ofSeconds(30)) != 0) throw new AssertionError("ffprobe " + media + ": " + probe.err());
      return probe.out().stream().filter(line -> !line.isBlank()).toList();
    }
  }

  /** Refused and aborted bodies are removed: within a few seconds nothing waits in {@code <data dir>/media/incoming}. */
  public static void assertIncomingEmpty(Path dataDir) {
    Path incoming = dataDir.resolve("media").resolve("incoming");
    long deadline = System.currentTimeMillis() + 5000;
    while (true) {
      try (java.util.stream.Stream<Path> left = Files.list(incoming)) {
        long count = left.count();
        if (count == 0) return;
        if (System.currentTimeMillis() > deadline) throw new AssertionError(count + " files left in " + incoming);
        Thread.sleep(50);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static String[] sine(int seconds) {
    return new String[] {"-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds};
  }

  private static String[] testCard(int seconds) {
    return new String[] {"-f", "lavfi", "-i", "testsrc=size=320x240:rate=15:duration=" + seconds};
  }

  private static String[] liveCard(int seconds) {
    return new String[] {"-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:duration=" + seconds};
  }

  /** Runs ffmpeg with the inputs and options given (arrays flattened), writing the file {@code name}. */
  private static Path make(String name, Object... args) {
    requireFfmpeg();
    return made.computeIfAbsent(name, n -> {
      Path out = DIR.resolve(n);
      List<String> command = new ArrayList<>(List.of(FFMPEG.toString(), "-v", "error", "-y"));
      boolean piped = false;
      for (Object arg : args) {
        if (arg instanceof String[] many) command.addAll(List.of(many));
        else if ("pipe:1".equals(arg)) piped = true;
        else command.add((String) arg);
      }
      command.add(piped ? "pipe:1" : out.toString());
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (piped) builder.redirectOutput(out.toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IllegalStateException("ffmpeg could not make " + n + ": " + command);
        }
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }
}
