package io.streamroom.live;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Live WebM streams taken apart and put together again, for the splitter's and the relay's tests. */
final class WebmSamples {
  private WebmSamples() {}

  /** What a splitter reported, in order; {@link #log} spells every event out, bytes included, for comparing. */
  static final class Split implements WebmSplitter.Listener {
    final List<String> log = new ArrayList<>();
    byte[] init;
    long videoTrack;
    final List<Long> clusters = new ArrayList<>();
    final List<byte[]> blocks = new ArrayList<>();
    final List<Boolean> keyframes = new ArrayList<>();

    @Override
    public void init(Buffer segment, long videoTrack) {
      init = segment.getBytes();
      this.videoTrack = videoTrack;
      log.add("init track " + videoTrack + " " + HexFormat.of().formatHex(init));
    }

    @Override
    public void cluster(long timecode) {
      clusters.add(timecode);
      log.add("cluster " + timecode);
    }

    @Override
    public void block(Buffer element, boolean videoKeyframe) {
      blocks.add(element.getBytes());
      keyframes.add(videoKeyframe);
      log.add("block " + videoKeyframe + " " + HexFormat.of().formatHex(element.getBytes()));
    }

    int firstKeyframe() {
      return keyframes.indexOf(true);
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Feeds the stream in chunks of the sizes given, in turn (the last size repeats). */
  static Split split(byte[] stream, int... chunkSizes) {
    Split split = new Split();
    WebmSplitter splitter = new WebmSplitter(split);
    int at = 0;
    for (int i = 0; at < stream.length; i++) {
      int size = Math.min(chunkSizes[Math.min(i, chunkSizes.length - 1)], stream.length - at);
      splitter.feed(Buffer.buffer(Arrays.copyOfRange(stream, at, at + size)));
      at += size;
    }
    return split;
  }

  /**
   * The stream as Chrome's MediaRecorder writes it: every Cluster of unknown size (it cannot go back to write
   * the size), then {@code voidBytes} of Void inside the first cluster (after its timecode) when not 0.
   */
  static byte[] unknownSizeClusters(byte[] stream, int voidBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    boolean first = true;
    while (at < stream.length) {
      int idLength = Ebml.idLength(stream[at] & 0xFF);
      int sizeLength = Ebml.sizeLength(stream[at + idLength] & 0xFF);
      long id = Ebml.id(stream, at, idLength);
      long size = Ebml.size(stream, at + idLength, sizeLength);
      int bodyAt = at + idLength + sizeLength;
      if (id == Ebml.SEGMENT) { // its children follow
        out.write(stream, at, bodyAt - at);
        at = bodyAt;
        continue;
      }
      int end = bodyAt + (int) size;
      if (id == Ebml.CLUSTER) {
        out.write(stream, at, idLength);
        out.writeBytes(Ebml.UNKNOWN_SIZE_BYTES);
        if (first && voidBytes > 0) {
          if ((stream[bodyAt] & 0xFF) != Ebml.TIMECODE) throw new IllegalArgumentException("the cluster does not start with its timecode");
          int timecodeEnd = bodyAt + 2 + (stream[bodyAt + 1] & 0x7F); // E7, a 1-byte size, the timecode
          out.write(stream, bodyAt, timecodeEnd - bodyAt);
          out.writeBytes(element(0xEC, new byte[voidBytes]));
          out.write(stream, timecodeEnd, end - timecodeEnd);
        } else {
          out.write(stream, bodyAt, end - bodyAt);
        }
        first = false;
      } else {
        out.write(stream, at, end - at);
      }
      at = end;
    }
    return out.toByteArray();
  }

  /** An element with an 8-byte size. */
  static byte[] element(long id, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int shift = 8 * ((63 - Long.numberOfLeadingZeros(id)) / 8); shift >= 0; shift -= 8) out.write((int) (id >>> shift));
    out.write(0x01);
    for (int shift = 48; shift >= 0; shift -= 8) out.write((int) ((long) body.length >>> shift));
    out.writeBytes(body);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }
}
