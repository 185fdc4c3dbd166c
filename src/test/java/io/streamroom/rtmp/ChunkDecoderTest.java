package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-made chunk bytes decode into the messages they carry, wherever the bytes are cut. */
class ChunkDecoderTest {

  @Test
  void headersOfEveryTypeCarryTimestampsAndLengthsForward() {
    Buffer bytes = Buffer.buffer()
        .appendBuffer(fmt0(4, 1000, 2, 8, 1)).appendBuffer(payload(2, 'a'))
        .appendBuffer(fmt1(4, 20, 3, 9)).appendBuffer(payload(3, 'b'))        // delta 20, new length and type
        .appendBuffer(fmt2(4, 30)).appendBuffer(payload(3, 'c'))              // delta 30, same length and type
        .appendBuffer(basic(3, 4)).appendBuffer(payload(3, 'd'))              // the last delta again
        .appendBuffer(fmt0(5, 40, 1, 8, 1)).appendBuffer(payload(1, 'e'))
        .appendBuffer(basic(3, 5)).appendBuffer(payload(1, 'f'));             // after type 0: the timestamp is the delta
    assertEquals(List.of("8@1000/1:aa", "9@1020/1:bbb", "9@1050/1:ccc", "9@1080/1:ddd", "8@40/1:e", "8@80/1:f"),
        decodeCut(bytes));
  }

  @Test
  void aLongMessageContinuesInType3ChunksAndInterleavesWithOthers() {
    Buffer bytes = Buffer.buffer()
        .appendBuffer(fmt0(6, 0, 200, 9, 1)).appendBuffer(payload(128, 'v'))
        .appendBuffer(fmt0(4, 5, 2, 8, 1)).appendBuffer(payload(2, 'a'))      // another chunk stream in between
        .appendBuffer(basic(3, 6)).appendBuffer(payload(72, 'v'));
    assertEquals(List.of("8@5/1:aa", "9@0/1:" + "v".repeat(200)), decodeCut(bytes));
  }

  @Test
  void extendedTimestampsAreReadInEveryChunkThatCarriesThem() {
    long big = 0x01000000L + 7; // past the 24 bits of a header's timestamp
    Buffer bytes = Buffer.buffer()
        .appendBuffer(fmt0(4, 0xFFFFFF, 200, 9, 1)).appendUnsignedInt(big).appendBuffer(payload(128, 'v'))
        .appendBuffer(basic(3, 4)).appendUnsignedInt(big).appendBuffer(payload(72, 'v'))
        .appendBuffer(fmt2(4, 0xFFFFFF)).appendUnsignedInt(0x01000000L).appendBuffer(payload(128, 'w'))
        .appendBuffer(basic(3, 4)).appendUnsignedInt(0x01000000L).appendBuffer(payload(72, 'w'))
        .appendBuffer(basic(3, 4)).appendUnsignedInt(0x01000000L).appendBuffer(payload(128, 'x'))
        .appendBuffer(basic(3, 4)).appendUnsignedInt(0x01000000L).appendBuffer(payload(72, 'x'));
    assertEquals(List.of("9@" + big + "/1:" + "v".repeat(200), "9@" + (big + 0x01000000L) + "/1:" + "w".repeat(200),
        "9@" + (big + 0x02000000L) + "/1:" + "x".repeat(200)), decodeCut(bytes));
  }

  @Test
  void twoAndThreeByteBasicHeadersNameHigherChunkStreams() {
    Buffer bytes = Buffer.buffer()
        .appendBuffer(fmt0(64 + 10, 1, 1, 8, 1)).appendBuffer(payload(1, 'a'))
        .appendBuffer(fmt0(64 + 300, 2, 1, 9, 1)).appendBuffer(payload(1, 'b'))
        .appendBuffer(basic(3, 64 + 300)).appendBuffer(payload(1, 'c'))
        .appendBuffer(basic(3, 64 + 10)).appendBuffer(payload(1, 'd'));
    assertEquals(List.of("8@1/1:a", "9@2/1:b", "9@4/1:c", "8@2/1:d"), decodeCut(bytes));
  }

  @Test
  void theChunkSizeThePeerSetsAppliesToWhatFollows() {
    Buffer bytes = Buffer.buffer()
        .appendBuffer(fmt0(2, 0, 4, 1, 0)).appendInt(4096)
        .appendBuffer(fmt0(6, 0, 5000, 9, 1)).appendBuffer(payload(4096, 'v'))
        .appendBuffer(basic(3, 6)).appendBuffer(payload(904, 'v'))
        .appendBuffer(fmt0(2, 0, 4, 1, 0)).appendInt(0x7FFFFFFF) // the largest legal size reads as 16 MiB
        .appendBuffer(fmt0(6, 0, 70_000, 9, 1)).appendBuffer(payload(70_000, 'w'));
    assertEquals(List.of("9@0/1:" + "v".repeat(5000), "9@0/1:" + "w".repeat(70_000)), decodeCut(bytes));
    assertBroken("a chunk size of 0", Buffer.buffer().appendBuffer(fmt0(2, 0, 4, 1, 0)).appendInt(0));
  }

  @Test
  void anAbortedMessageIsDroppedAndItsChunkStreamStartsAfresh() {
    Buffer bytes = Buffer.buffer()
        .appendBuffer(fmt0(6, 0, 200, 9, 1)).appendBuffer(payload(128, 'v'))
        .appendBuffer(fmt0(2, 0, 4, 2, 0)).appendInt(6)
        .appendBuffer(fmt0(6, 40, 3, 9, 1)).appendBuffer(payload(3, 'w'));
    assertEquals(List.of("9@40/1:www"), decodeCut(bytes));
  }

  @Test
  void aMessageUpToTheCapIsTakenOneByteMoreIsRefusedAtItsHeader() {
    List<RtmpMessage> messages = new ArrayList<>();
    ChunkDecoder decoder = new ChunkDecoder(messages::add);
    decoder.feed(Buffer.buffer().appendBuffer(fmt0(2, 0, 4, 1, 0)).appendInt(ChunkDecoder.MAX_CHUNK_SIZE));
    decoder.feed(fmt0(6, 0, ChunkDecoder.MAX_MESSAGE_BYTES, 9, 1));
    decoder.feed(Buffer.buffer(new byte[ChunkDecoder.MAX_MESSAGE_BYTES]));
    assertEquals(ChunkDecoder.MAX_MESSAGE_BYTES, messages.get(0).payload().length());
    assertBroken("a message of " + (ChunkDecoder.MAX_MESSAGE_BYTES + 1) + " bytes", fmt0(6, 0, ChunkDecoder.MAX_MESSAGE_BYTES + 1, 9, 1));
  }

  @Test
  void messagesBegunOnManyChunkStreamsAreCappedTogether() {
    ChunkDecoder decoder = new ChunkDecoder(message -> { });
    decoder.feed(Buffer.buffer().appendBuffer(fmt0(4, 0, ChunkDecoder.MAX_MESSAGE_BYTES, 9, 1)).appendBuffer(payload(128, 'a')));
    decoder.feed(Buffer.buffer().appendBuffer(fmt0(5, 0, ChunkDecoder.MAX_UNFINISHED_BYTES - ChunkDecoder.MAX_MESSAGE_BYTES, 9, 1))
        .appendBuffer(payload(128, 'b')));
    RtmpException e = assertThrows(RtmpException.class, () -> decoder.feed(fmt0(7, 0, 1, 8, 1)));
    assertTrue(e.getMessage().contains("begun and not finished"), e.getMessage());
  }

  @Test
  void aChunkStreamMustStartWithAFullHeader() {
    assertBroken("chunk stream 4 starts without a type 0 header", fmt1(4, 20, 3, 9));
    assertBroken("chunk stream 5 starts without a type 0 header", basic(3, 5));
    assertBroken("a new message on chunk stream 4 before the last one ended",
        Buffer.buffer().appendBuffer(fmt0(4, 0, 200, 9, 1)).appendBuffer(payload(128, 'a')).appendBuffer(fmt2(4, 10)));
  }

  /** The messages, the same whether the bytes come whole, a byte at a time or cut at random. */
  private static List<String> decodeCut(Buffer bytes) {
    List<String> whole = decode(bytes, new int[] {bytes.length()});
    assertEquals(whole, decode(bytes, new int[] {1}));
    assertEquals(whole, decode(bytes, new Random(bytes.length()).ints(500, 1, 300).toArray()));
    return whole;
  }

  private static List<String> decode(Buffer bytes, int[] cuts) {
    List<String> messages = new ArrayList<>();
    ChunkDecoder decoder = new ChunkDecoder(m -> messages.add(m.type() + "@" + m.timestamp() + "/" + m.streamId() + ":" + m.payload()));
    for (int at = 0, i = 0; at < bytes.length(); i++) {
      int end = Math.min(bytes.length(), at + cuts[i % cuts.length]);
      decoder.feed(bytes.getBuffer(at, end));
      at = end;
    }
    return messages;
  }

  private static void assertBroken(String expected, Buffer bytes) {
    RtmpException e = assertThrows(RtmpException.class, () -> new ChunkDecoder(m -> { }).feed(bytes));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  static Buffer basic(int fmt, int chunkStream) {
    Buffer out = Buffer.buffer();
    if (chunkStream < 64) return out.appendByte((byte) (fmt << 6 | chunkStream));
    if (chunkStream < 64 + 256) return out.appendByte((byte) (fmt << 6)).appendByte((byte) (chunkStream - 64));
    return out.appendByte((byte) (fmt << 6 | 1)).appendUnsignedShortLE(chunkStream - 64);
  }

  static Buffer fmt0(int chunkStream, int timestamp, int length, int type, int streamId) {
    return basic(0, chunkStream).appendMedium(timestamp).appendMedium(length).appendByte((byte) type).appendIntLE(streamId);
  }

  private static Buffer fmt1(int chunkStream, int delta, int length, int type) {
    return basic(1, chunkStream).appendMedium(delta).appendMedium(length).appendByte((byte) type);
  }

  private static Buffer fmt2(int chunkStream, int delta) {
    return basic(2, chunkStream).appendMedium(delta);
  }

  private static Buffer payload(int length, char fill) {
    return Buffer.buffer(String.valueOf(fill).repeat(length));
  }
}
