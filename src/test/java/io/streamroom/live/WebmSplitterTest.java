package io.streamroom.live;

import io.streamroom.live.WebmSamples.Split;
import io.streamroom.support.TestMedia;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.streamroom.live.WebmSamples.concat;
import static io.streamroom.live.WebmSamples.element;
import static io.streamroom.live.WebmSamples.split;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recorder's live WebM splits into the same header, clusters and blocks wherever it is cut; anything else is refused. */
class WebmSplitterTest {
  private static final byte[] CLUSTER_ID = {0x1F, 0x43, (byte) 0xB6, 0x75};
  private static final byte[] SEGMENT_ID = {0x18, 0x53, (byte) 0x80, 0x67};
  private static byte[] live;
  private static Split whole;

  @BeforeAll
  static void record() {
    live = WebmSamples.read(TestMedia.liveWebm(4));
    whole = split(live, live.length);
  }

  @Test
  void theSameHeaderClustersAndBlocksComeOutWhereverTheStreamIsCut() {
    assertEquals(whole.log, split(live, 1).log);
    assertEquals(whole.log, split(live, 7).log);
    assertEquals(whole.log, split(live, new Random(42).ints(5000, 1, 3000).toArray()).log);

    assertArrayEquals(Arrays.copyOf(live, indexOf(live, CLUSTER_ID)), whole.init, "everything before the first cluster");
    assertEquals(1, whole.videoTrack);
    assertTrue(whole.clusters.size() >= 4, "clusters of at most 100 kB: " + whole.clusters);
    List<String> packets = TestMedia.packets(TestMedia.liveWebm(4));
    assertEquals(packets.size(), whole.blocks.size(), "a block per packet");
    long videoKeyframes = packets.stream().filter(p -> p.startsWith("video,") && p.endsWith(",K_")).count();
    assertEquals(4, videoKeyframes, "a keyframe a second");
    assertEquals(videoKeyframes, whole.keyframes.stream().filter(k -> k).count());
  }

  @Test
  void clustersOfUnknownSizeAsChromeWritesThemSplitTheSame() {
    byte[] tags = element(0x1254C367L, new byte[40]); // a level-1 element ends a cluster of unknown size
    byte[] chrome = concat(WebmSamples.unknownSizeClusters(live, 100_000), tags);
    assertEquals(whole.log, split(chrome, chrome.length).log);
    assertEquals(whole.log, split(chrome, 1).log);
    assertEquals(whole.log, split(chrome, new Random(7).ints(5000, 1, 5000).toArray()).log);
  }

  @Test
  void aKnownSegmentSizeBecomesUnknownInTheHeader() {
    byte[] file = WebmSamples.read(TestMedia.videoWebm(1)); // written to a file: sizes filled in afterwards
    int segment = indexOf(file, SEGMENT_ID);
    assertFalse(Arrays.equals(Ebml.UNKNOWN_SIZE_BYTES, Arrays.copyOfRange(file, segment + 4, segment + 12)), "a known size");

    Split split = split(file, 1000);
    assertArrayEquals(Ebml.UNKNOWN_SIZE_BYTES, Arrays.copyOfRange(split.init, segment + 4, segment + 12));
    assertEquals(TestMedia.packets(TestMedia.videoWebm(1)).size(), split.blocks.size(), "Cues skipped, every block found");
    assertTrue(split.keyframes.contains(true));
  }

  @Test
  void bytesThatAreNotALiveWebmAreRefused() {
    byte[] noise = new byte[1 << 20];
    new Random(3).nextBytes(noise);
    assertRefused("", noise);
    assertRefused("data before the EBML header", "hello world".getBytes());
    byte[] cluster = concat(CLUSTER_ID, Ebml.UNKNOWN_SIZE_BYTES, element(Ebml.TIMECODE, new byte[] {0}));
    assertRefused("an element size starts with a zero byte", whole.init, cluster, new byte[] {(byte) 0xA3, 0x00});
    assertRefused("a block before its cluster's timecode", whole.init, concat(CLUSTER_ID, Ebml.UNKNOWN_SIZE_BYTES), whole.blocks.get(0));
    assertRefused("a second EBML header", whole.init, cluster, whole.blocks.get(0), whole.init);
  }

  @Test
  void sizesPastTheCapsAreRefusedOnTheElementsHeaderWithoutWaitingForItsBody() {
    byte[] cluster = concat(CLUSTER_ID, Ebml.UNKNOWN_SIZE_BYTES, element(Ebml.TIMECODE, new byte[] {0}));
    byte[] gibibyteBlock = {(byte) 0xA3, 0x01, 0, 0, 0, 0x40, 0, 0, 0};
    assertRefused("a block of 1073741824 bytes (at most 4194304)", whole.init, cluster, gibibyteBlock);
    byte[] bigTags = Arrays.copyOf(element(0x1254C367L, new byte[300_000]), 12); // the header only
    assertRefused("a header over 262144 bytes", whole.init, bigTags);
  }

  @Test
  void aHugeElementThatIsNotKeptIsSkippedAsItStreamsPast() {
    Split split = new Split();
    WebmSplitter splitter = new WebmSplitter(split);
    splitter.feed(Buffer.buffer(whole.init));
    splitter.feed(Buffer.buffer(concat(CLUSTER_ID, Ebml.UNKNOWN_SIZE_BYTES, element(Ebml.TIMECODE, new byte[] {0}))));
    int voidBytes = 64 << 20; // sixteen times the cap on kept elements
    splitter.feed(Buffer.buffer(element(0xEC, new byte[0])).setLong(1, 0x0100000000000000L | voidBytes)); // its header only
    Buffer mebibyte = Buffer.buffer(new byte[1 << 20]);
    for (int i = 0; i < voidBytes >> 20; i++) splitter.feed(mebibyte);
    splitter.feed(Buffer.buffer(whole.blocks.get(0)));
    assertEquals(1, split.blocks.size());
    assertArrayEquals(whole.blocks.get(0), split.blocks.get(0));
  }

  /** Fed these chunks, the splitter throws with a message containing {@code reason}. */
  private static void assertRefused(String reason, byte[]... chunks) {
    WebmSplitter splitter = new WebmSplitter(new Split());
    MalformedWebmException refused = assertThrows(MalformedWebmException.class, () -> {
      for (byte[] chunk : chunks) splitter.feed(Buffer.buffer(chunk));
    });
    assertTrue(refused.getMessage().contains(reason), refused.getMessage());
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) return i;
    }
    throw new AssertionError("not found");
  }
}
