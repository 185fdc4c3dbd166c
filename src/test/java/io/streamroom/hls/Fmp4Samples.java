package io.streamroom.hls;

import io.streamroom.support.TestMedia;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Live fragmented MP4 as the producers' muxer writes it (FFmpeg's mp4 muxer, a fragment per keyframe and at
 * most every 200 ms), made by Debian's ffmpeg into memory, and what {@link Fmp4Splitter} makes of it.
 */
final class Fmp4Samples {
  private static final Map<String, byte[]> made = new ConcurrentHashMap<>();

  private Fmp4Samples() {}

  /** The test card at 30 fps with a keyframe a second (H.264) and a tone (AAC). */
  static byte[] audioVideo(int seconds) {
    return ffmpeg("av" + seconds, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
        "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac");
  }

  static byte[] videoOnly(int seconds) {
    return ffmpeg("video" + seconds, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", Integer.toString(seconds),
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "30");
  }

  static byte[] audioOnly(int seconds) {
    return ffmpeg("audio" + seconds, "-f", "lavfi", "-i", "sine=frequency=440", "-t", Integer.toString(seconds), "-c:a", "aac");
  }

  private static byte[] ffmpeg(String name, String... inputAndCodecs) {
    TestMedia.requireFfmpeg();
    return made.computeIfAbsent(name, n -> {
      List<String> command = Stream.of(List.of("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error"), List.of(inputAndCodecs),
          List.of("-f", "mp4", "-movflags", "frag_keyframe+empty_moov+default_base_moof", "-frag_duration", "200000", "pipe:1"))
          .flatMap(List::stream).toList();
      try {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) throw new IllegalStateException("ffmpeg failed: " + command);
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }

  /** What a splitter reported: the init segments and the fragments, in order. */
  static final class Split implements Fmp4Splitter.Listener {
    final List<Buffer> inits = new ArrayList<>();
    final List<Fmp4Fragment> fragments = new ArrayList<>();

    @Override
    public void init(Buffer init) {
      inits.add(init);
    }

    @Override
    public void fragment(Fmp4Fragment fragment) {
      fragments.add(fragment);
    }

    Buffer init() {
      return inits.get(0);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Split split && inits.equals(split.inits) && fragments.equals(split.fragments);
    }

    @Override
    public int hashCode() {
      return fragments.hashCode();
    }

    @Override
    public String toString() {
      return inits.size() + " inits, " + fragments.size() + " fragments";
    }
  }

  /** The stream written in chunks of these sizes, in turn (the last size repeats). */
  static Split split(byte[] stream, int... cuts) {
    Split split = new Split();
    Fmp4Splitter splitter = new Fmp4Splitter(split);
    int at = 0;
    for (int i = 0; at < stream.length; i++) {
      int length = Math.min(cuts[Math.min(i, cuts.length - 1)], stream.length - at);
      splitter.write(stream, at, length);
      at += length;
    }
    return split;
  }
}
