package io.streamroom.hls;

import io.streamroom.hls.Fmp4Samples.Split;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The muxer's fragmented MP4 splits into the same init segment and timed fragments wherever it is cut; anything else is refused. */
class Fmp4SplitterTest {
  /** A fragment ends at most every 200 ms (frag_duration) and at every keyframe: five to a second at 30 fps. */
  private static final int FRAGMENTS_A_SECOND = 5;

  @Test
  void theSameInitAndFragmentsComeOutWhereverTheStreamIsCut() {
    byte[] stream = Fmp4Samples.audioVideo(4);
    Split whole = Fmp4Samples.split(stream, stream.length);
    assertEquals(whole, Fmp4Samples.split(stream, 1));
    assertEquals(whole, Fmp4Samples.split(stream, 7));
    assertEquals(whole, Fmp4Samples.split(stream, new Random(42).ints(5000, 1, 3000).toArray()));

    assertEquals(1, whole.inits.size());
    int firstMoof = indexOf(stream, "moof") - 4;
    assertArrayEquals(Arrays.copyOf(stream, firstMoof), whole.init().getBytes(), "everything before the first moof");
    Buffer together = Buffer.buffer(whole.init().getBytes());
    whole.fragments.forEach(fragment -> together.appendBuffer(fragment.bytes()));
    int mfra = indexOf(stream, "mfra") - 4; // the muxer's index at the end: no fragment follows it
    assertArrayEquals(Arrays.copyOf(stream, mfra), together.getBytes(), "every byte up to the end, in fragments");
  }

  @Test
  void fragmentsLastAFifthOfASecondAndThoseStartingAtTheKeyframeEachSecondAreIndependent() {
    for (byte[] stream : List.of(Fmp4Samples.audioVideo(4), Fmp4Samples.videoOnly(4))) {
      List<Fmp4Fragment> fragments = Fmp4Samples.split(stream, 4096).fragments;
      assertEquals(4 * FRAGMENTS_A_SECOND, fragments.size());
      double total = 0;
      for (int i = 0; i < fragments.size(); i++) {
        Fmp4Fragment fragment = fragments.get(i);
        assertEquals(15360, fragment.timescale(), "the video track's timescale");
        assertEquals(0.2, fragment.durationSeconds(), 0.025, "fragment " + i); // the first gets the audio's priming too
        assertEquals(i % FRAGMENTS_A_SECOND == 0, fragment.independent(), "fragment " + i);
        assertEquals(total, fragment.decodeTime() / 15360.0, 1e-9, "each starts where the one before ended");
        if (fragment.independent()) assertEquals(i / FRAGMENTS_A_SECOND, total, 0.05, "a keyframe each second");
        total += fragment.durationSeconds();
      }
      assertEquals(4.0, total, 0.05);
    }
  }

  @Test
  void soundOnlyFragmentsAreAllIndependentOnTheSoundsClock() {
    List<Fmp4Fragment> fragments = Fmp4Samples.split(Fmp4Samples.audioOnly(2), 1000).fragments;
    assertTrue(fragments.size() >= 9, fragments.size() + " fragments");
    assertTrue(fragments.stream().allMatch(Fmp4Fragment::independent));
    assertTrue(fragments.stream().allMatch(fragment -> fragment.timescale() == 44100));
    assertEquals(2.0, fragments.stream().mapToDouble(Fmp4Fragment::durationSeconds).sum(), 0.05);
    for (int i = 1; i < fragments.size(); i++) assertTrue(fragments.get(i).decodeTime() > fragments.get(i - 1).decodeTime());
  }

  @Test
  void aFragmentWithoutPictureFollowsThePreviousOneAndLastsAsLongAsItsSound() {
    byte[] stream = Fmp4Samples.audioVideo(4);
    Split whole = Fmp4Samples.split(stream, stream.length);
    byte[] fragment = whole.fragments.get(1).bytes().getBytes();
    List<Mp4Box> boxes = Mp4Box.children(fragment, 0, fragment.length); // moof, mdat
    List<Mp4Box> moof = boxes.get(0).children(fragment); // mfhd, the video's traf, the sound's traf
    assertEquals(List.of("mfhd", "traf", "traf"), moof.stream().map(Mp4Box::type).toList());
    byte[] soundOnly = concat(box("moof", concat(slice(fragment, moof.get(0)), slice(fragment, moof.get(2)))), slice(fragment, boxes.get(1)));

    Split split = Fmp4Samples.split(concat(concat(whole.init().getBytes(), whole.fragments.get(0).bytes().getBytes()), soundOnly), 999);
    Fmp4Fragment first = split.fragments.get(0);
    Fmp4Fragment sound = split.fragments.get(1);
    assertEquals(first.decodeTime() + Math.round(first.durationSeconds() * 15360), sound.decodeTime());
    assertEquals(9 * 1024 / 44100.0, sound.durationSeconds(), 1 / 15360.0, "nine AAC frames");
    assertFalse(sound.independent(), "no picture to start from");
  }

  @Test
  void bytesThatAreNotALiveFragmentedMp4AreRefused() {
    byte[] stream = Fmp4Samples.audioVideo(4);
    Split whole = Fmp4Samples.split(stream, stream.length);
    byte[] init = whole.init().getBytes();
    byte[] ftyp = Arrays.copyOf(stream, 28);
    byte[] noise = new byte[1 << 20];
    new Random(3).nextBytes(noise);
    assertRefused("not an MP4 box", noise);
    assertRefused("the stream starts with a 'mdat' box, not 'ftyp' (at byte 0)", box("mdat", new byte[100]));
    assertRefused("a 'moof' before the 'moov'", ftyp, whole.fragments.get(0).bytes().getBytes());
    assertRefused("an 'mdat' without a 'moof' before it: not a fragmented MP4", ftyp, box("mdat", new byte[100]));
    assertRefused("a 'mdat' box that runs to the end of the stream", init, new byte[] {0, 0, 0, 0, 'm', 'd', 'a', 't'});
    assertRefused("a 'free' box of 4 bytes, shorter than its header", init, new byte[] {0, 0, 0, 4, 'f', 'r', 'e', 'e'});

    byte[] moof = whole.fragments.get(1).bytes().getBytes(); // cut short: the mdat never comes
    assertRefused("a 'moof' followed by a 'moof', not its 'mdat'", init, Arrays.copyOf(moof, 236), moof);
    byte[] lying = moof.clone();
    int trun = indexOf(lying, "trun") - 4;
    ByteBuffer.wrap(lying).putInt(trun + 12, 1000); // a sample count the box has no room for
    assertRefused("a 'trun' box too short for its 1000 samples", init, lying);

    int gapAt = init.length + moof.length + 1000; // a stretch of the stream lost inside the first mdat
    byte[] gap = concat(Arrays.copyOf(stream, gapAt), Arrays.copyOfRange(stream, gapAt + 5000, stream.length));
    MalformedMp4Exception lost = assertThrows(MalformedMp4Exception.class, () -> Fmp4Samples.split(gap, 1500));
    assertTrue(lost.getMessage().contains("(at byte "), lost.getMessage());
  }

  @Test
  void aBoxOrFragmentOverTheCapIsRefusedOnItsHeaderAlone() {
    byte[] init = Fmp4Samples.split(Fmp4Samples.audioVideo(4), 1 << 20).init().getBytes();
    int cap = Fmp4Splitter.MAX_FRAGMENT_BYTES;
    byte[] overCap = ByteBuffer.allocate(8).putInt(cap + 1).put("mdat".getBytes(StandardCharsets.US_ASCII)).array();
    assertRefused("a 'mdat' box of 16777217 bytes (at most 16777216)", init, overCap);
    byte[] large = ByteBuffer.allocate(16).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII)).putLong(1L << 40).array();
    assertRefused("a 'mdat' box of 1099511627776 bytes", init, large);

    byte[] free = box("free", new byte[cap / 2]); // fine alone, but not with a box as big after it in the same fragment
    byte[] halfCap = ByteBuffer.allocate(8).putInt(cap / 2 + 8).put("moof".getBytes(StandardCharsets.US_ASCII)).array();
    assertRefused("a fragment over 16777216 bytes", init, free, halfCap);
    Split split = new Split();
    Fmp4Splitter splitter = new Fmp4Splitter(split);
    splitter.write(init, 0, init.length);
    splitter.write(free, 0, free.length);
    assertTrue(split.inits.isEmpty(), "half the cap passes; the init segment waits for the first moof");
  }

  /** Written these chunks, the splitter throws with a message containing {@code reason}. */
  private static void assertRefused(String reason, byte[]... chunks) {
    Fmp4Splitter splitter = new Fmp4Splitter(new Split());
    MalformedMp4Exception refused = assertThrows(MalformedMp4Exception.class, () -> {
      for (byte[] chunk : chunks) splitter.write(chunk, 0, chunk.length);
    });
    assertTrue(refused.getMessage().contains(reason), refused.getMessage());
  }

  private static byte[] box(String type, byte[] body) {
    return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(body).array();
  }

  private static byte[] slice(byte[] bytes, Mp4Box box) {
    return Arrays.copyOfRange(bytes, box.start(), box.end());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static int indexOf(byte[] bytes, String type) {
    byte[] wanted = type.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + wanted.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) return i;
    }
    throw new AssertionError("no " + type);
  }
}
