package io.streamroom.hls;

import io.vertx.core.buffer.Buffer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Parses the muxer's output wherever writes cut it: the init segment (ftyp+moov, plus anything before the
 * first moof), then each fragment ([styp/sidx/prft…] moof mdat), as FFmpeg's mp4 muxer writes them with
 * {@code movflags=frag_keyframe+empty_moov+default_base_moof}. It holds at most one fragment, under
 * {@link #MAX_FRAGMENT_BYTES}. Bytes that are not such a stream throw a {@link MalformedMp4Exception}, after
 * which it must not be written to again. Blocking-thread use, not thread-safe.
 */
public final class Fmp4Splitter {
  /**
   * The most a fragment (or the init segment) may take, every box in it included: a 200 ms fragment of a 4K
   * stream at 50 Mbit/s is about 1.3 MB, so past this it is not a live stream.
   */
  public static final int MAX_FRAGMENT_BYTES = 16 * 1024 * 1024;
  /** Enough for a few fragments of a webcam stream before the buffer has to grow. */
  private static final int INITIAL_BYTES = 64 * 1024;

  /** Receives the init segment once, then every fragment, on the writing thread. */
  public interface Listener {
    void init(Buffer init);

    void fragment(Fmp4Fragment fragment);
  }

  private final Listener listener;
  /** The bytes of the init segment or fragment being read, from its start. */
  private byte[] held = new byte[INITIAL_BYTES];
  private int heldLength;
  /** Where the box being read starts in {@link #held}. */
  private int boxAt;
  /** That box's size once its header is read, else -1. */
  private long boxSize = -1;
  /** Bytes of the stream before held[0], to say where something went wrong. */
  private long handedOn;
  private Fmp4Movie movie;
  private boolean initSent;
  /** The current fragment's moof timing, read when the moof is; its mdat comes next. */
  private Fmp4Movie.Timing moof;

  public Fmp4Splitter(Listener listener) {
    this.listener = listener;
  }

  /** @throws MalformedMp4Exception when the bytes are not a fragmented MP4 stream this splitter can follow */
  public void write(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int end = offset + length;
    while (offset < end) {
      int step = (int) Math.min(end - offset, missing());
      append(bytes, offset, step);
      offset += step;
      if (boxSize < 0 && headerRead()) boxSize = checkedSize();
      if (boxSize >= 0 && heldLength - boxAt == boxSize) boxRead();
    }
  }

  /** Bytes still to come before the header (while its size is unknown) or the whole box is held. */
  private long missing() {
    if (boxSize >= 0) return boxAt + boxSize - heldLength;
    int header = heldLength - boxAt < Mp4Box.HEADER_BYTES ? Mp4Box.HEADER_BYTES : Mp4Box.headerLength(held, boxAt);
    return boxAt + header - heldLength;
  }

  private boolean headerRead() {
    return heldLength - boxAt >= Mp4Box.HEADER_BYTES && heldLength - boxAt >= Mp4Box.headerLength(held, boxAt);
  }

  /** The size of the box whose header is held; one that cannot be held is refused before its body is taken. */
  private long checkedSize() {
    long at = handedOn + boxAt;
    long size;
    try {
      size = Mp4Box.size(held, boxAt);
    } catch (MalformedMp4Exception e) {
      throw malformed(e.getMessage(), at);
    }
    String type = Mp4Box.type(held, boxAt);
    if (at == 0 && !type.equals("ftyp")) throw malformed("the stream starts with a '" + type + "' box, not 'ftyp'", at);
    if (size > MAX_FRAGMENT_BYTES) throw malformed("a '" + type + "' box of " + size + " bytes (at most " + MAX_FRAGMENT_BYTES + ")", at);
    if (boxAt + size > MAX_FRAGMENT_BYTES) {
      throw malformed("a fragment over " + MAX_FRAGMENT_BYTES + " bytes (its '" + type + "' box has " + size + ")", at);
    }
    return size;
  }

  private void boxRead() {
    Mp4Box box = new Mp4Box(Mp4Box.type(held, boxAt), boxAt, boxAt + Mp4Box.headerLength(held, boxAt), boxAt + (int) boxSize);
    long at = handedOn + boxAt;
    boxAt = box.end();
    boxSize = -1;
    if (moof != null && !box.type().equals("mdat")) throw malformed("a 'moof' followed by a '" + box.type() + "', not its 'mdat'", at);
    switch (box.type()) {
      case "moov" -> {
        if (movie != null) throw malformed("a second 'moov': one stream per splitter", at);
        movie = Fmp4Movie.parse(held, box);
      }
      case "moof" -> {
        if (movie == null) throw malformed("a 'moof' before the 'moov'", at);
        moof = movie.timing(held, box);
        if (!initSent) {
          initSent = true;
          Buffer init = Buffer.buffer(Arrays.copyOf(held, box.start()));
          handOn(box.start());
          listener.init(init);
        }
      }
      case "mdat" -> {
        if (moof == null) throw malformed("an 'mdat' without a 'moof' before it: not a fragmented MP4", at);
        Fmp4Fragment fragment = new Fmp4Fragment(Buffer.buffer(Arrays.copyOf(held, box.end())), moof.decodeTime(),
            movie.timescale(), moof.seconds(), moof.independent());
        moof = null;
        handOn(box.end());
        listener.fragment(fragment);
      }
      default -> { } // part of the init segment, or of the next fragment (styp, sidx, prft, free...)
    }
  }

  private void append(byte[] bytes, int offset, int length) {
    if (heldLength + length > held.length) held = Arrays.copyOf(held, Math.max(heldLength + length, 2 * held.length));
    System.arraycopy(bytes, offset, held, heldLength, length);
    heldLength += length;
  }

  /** Drops the first {@code length} held bytes, handed on to the listener. */
  private void handOn(int length) {
    System.arraycopy(held, length, held, 0, heldLength - length);
    heldLength -= length;
    boxAt -= length;
    handedOn += length;
  }

  private static MalformedMp4Exception malformed(String message, long at) {
    return new MalformedMp4Exception(message + " (at byte " + at + ")");
  }
}
