package io.streamroom.vod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Makes library files from recordings: smaller renditions of a title ({@code <title>_480p.mp4} next to
 * {@code <title>_720p.mp4}), and a plain mp4 from a fragmented one recorded live. Each output is written
 * to a hidden temp file in the target's folder and renamed when complete, so the library never sees a
 * half-written file under a library name, and a crash leaves only a hidden file it ignores.
 */
public final class Renditions {
  /** The index (moov) first, so a browser starts playing before the whole file has arrived. */
  private static final Map<String, String> FASTSTART = Map.of("movflags", "+faststart");

  private Renditions() {}

  /**
   * Blocking. Writes {@code target} (an mp4 with faststart) from {@code source} scaled to {@code height}
   * lines (even; the width keeps the aspect ratio, rounded to even), H.264 (OpenH264) with AAC if the
   * source has sound, at {@link Transcoder#BITS_PER_PIXEL} per pixel and frame. Returns the target.
   */
  public static Path transcode(Path source, Path target, int height) throws Exception {
    if (height < 2 || height % 2 != 0) throw new IllegalArgumentException("height must be even and positive: " + height);
    return writeAtomically(target, temp -> Transcoder.transcode(source, temp.toString(), "mp4", FASTSTART, height));
  }

  /**
   * Blocking. Copies the video and sound of {@code source} (e.g. a fragmented mp4 recorded live) into a
   * plain mp4 with faststart at {@code target}, without re-encoding. Returns the target.
   */
  public static Path remux(Path source, Path target) throws Exception {
    return writeAtomically(target, temp -> StreamCopy.copy(source, temp.toString(), "mp4", FASTSTART));
  }

  private interface Writer {
    void write(Path temp) throws Exception;
  }

  private static Path writeAtomically(Path target, Writer writer) throws Exception {
    Path folder = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp"); // hidden: not a library name
    try {
      writer.write(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
