package io.streamroom.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Range headers as players send them, and the odd ones a server may ignore. */
class ByteRangeTest {
  private static final long SIZE = 1000;

  @Test
  void oneRangeIsWhatIsAskedForWithinTheFile() {
    assertEquals(new ByteRange(100, 100, true), ByteRange.of("bytes=100-199", SIZE));
    assertEquals(new ByteRange(0, SIZE, true), ByteRange.of("bytes=0-", SIZE));
    assertEquals(new ByteRange(900, 100, true), ByteRange.of("bytes=900-5000", SIZE), "cut at the end of the file");
    assertEquals(new ByteRange(990, 10, true), ByteRange.of("bytes=-10", SIZE));
    assertEquals(new ByteRange(0, SIZE, true), ByteRange.of("bytes=-5000", SIZE));
    assertEquals(999, ByteRange.of("bytes=500-", SIZE).end());
  }

  @Test
  void aRangeOutsideTheFileCannotBeSatisfied() {
    assertNull(ByteRange.of("bytes=1000-", SIZE));
    assertNull(ByteRange.of("bytes=-0", SIZE));
  }

  @Test
  void whatCannotBeReadIsIgnoredAndTheWholeFileSent() {
    ByteRange whole = new ByteRange(0, SIZE, false);
    assertEquals(whole, ByteRange.of(null, SIZE));
    assertEquals(whole, ByteRange.of("bytes=0-1,5-9", SIZE));
    assertEquals(whole, ByteRange.of("items=0-5", SIZE));
    assertEquals(whole, ByteRange.of("bytes=9-2", SIZE));
    assertEquals(whole, ByteRange.of("bytes=-", SIZE));
    assertEquals(whole, ByteRange.of("bytes=99999999999999999999-", SIZE));
  }
}
