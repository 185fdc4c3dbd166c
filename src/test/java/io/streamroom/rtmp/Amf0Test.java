package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AMF0 values come back as they were written, hand-made commands read as FFmpeg means them, and broken bytes are refused. */
class Amf0Test {

  @Test
  void everyTypeReadsBackAsWrittenAndWritesBackToTheSameBytes() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("level", "status");
    inner.put("when", Instant.ofEpochMilli(1_700_000_000_123L));
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("number", -12.5);
    object.put("inner", inner);
    object.put("nothing", null);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("width", 320.0);
    metadata.put("videocodecid", 7.0);
    List<Object> values = Arrays.asList(42.5, true, false, "héllo ✓", "", "x".repeat(70_000), object,
        new Amf0.EcmaArray(metadata), List.of(1.0, "two", List.of(), Map.of()), Instant.ofEpochMilli(0), null, Amf0.UNDEFINED);

    Buffer bytes = Amf0.encode(values.toArray());
    List<Object> read = new Amf0(bytes, 0).readAll();
    assertEquals(values, read);
    assertSame(Amf0.UNDEFINED, read.get(read.size() - 1));
    assertEquals(bytes, Amf0.encode(read.toArray()));
    Buffer longString = Amf0.encode("x".repeat(70_000));
    assertEquals(0x0C, longString.getByte(0), "a string past 65535 bytes is a long string");
    assertEquals(70_000, longString.getInt(1));
  }

  @Test
  void aConnectCommandAsFfmpegWritesItReads() {
    Buffer connect = Buffer.buffer()
        .appendByte((byte) 2).appendShort((short) 7).appendString("connect")
        .appendByte((byte) 0).appendDouble(1)
        .appendByte((byte) 3).appendShort((short) 3).appendString("app").appendByte((byte) 2).appendShort((short) 4).appendString("live")
        .appendShort((short) 4).appendString("type").appendByte((byte) 2).appendShort((short) 10).appendString("nonprivate")
        .appendShort((short) 0).appendByte((byte) 9);
    assertEquals(List.of("connect", 1.0, Map.of("app", "live", "type", "nonprivate")), new Amf0(connect, 0).readAll());
  }

  @Test
  void bytesThatAreNotAmf0AreRefused() {
    assertMalformed("cut off", Buffer.buffer().appendByte((byte) 2).appendShort((short) 10).appendString("short"));
    assertMalformed("cut off", Buffer.buffer().appendByte((byte) 0).appendInt(1));
    assertMalformed("unknown marker 7", Buffer.buffer().appendByte((byte) 7).appendShort((short) 1));
    assertMalformed("a strict array of 1000", Buffer.buffer().appendByte((byte) 10).appendInt(1000).appendByte((byte) 5));
    assertMalformed("cut off", Buffer.buffer().appendByte((byte) 3).appendShort((short) 1).appendString("a").appendByte((byte) 5));
  }

  @Test
  void objectsNestAsDeepAsTheCapAndNoDeeper() {
    assertEquals(Amf0.MAX_DEPTH, depth(new Amf0(nested(Amf0.MAX_DEPTH), 0).read()));
    assertMalformed("nested deeper than " + Amf0.MAX_DEPTH, nested(Amf0.MAX_DEPTH + 1));
  }

  private static Buffer nested(int depth) {
    Object value = 1.0;
    for (int i = 0; i < depth; i++) value = Map.of("in", value);
    return Amf0.encode(value);
  }

  private static int depth(Object value) {
    return value instanceof Map<?, ?> map ? 1 + depth(map.get("in")) : 0;
  }

  private static void assertMalformed(String expected, Buffer bytes) {
    RtmpException e = assertThrows(RtmpException.class, () -> new Amf0(bytes, 0).readAll());
    assertTrue(e.getMessage().startsWith("malformed AMF0: ") && e.getMessage().contains(expected), e.getMessage());
  }
}
