package io.streamroom.rtmp;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0, the encoding of RTMP commands and of FLV script data. Values map to Java as: Number ↔ Double (any
 * Number when written), Boolean, String and Long string ↔ String, Object ↔ Map (keys in order), ECMA array ↔
 * {@link EcmaArray}, Strict array ↔ List, Date ↔ Instant (the time zone field is written 0 and ignored),
 * Null ↔ null, Undefined ↔ {@link #UNDEFINED}. A reader walks one buffer; bytes that are not AMF0 throw an
 * {@link RtmpException}.
 */
final class Amf0 {
  private static final int NUMBER = 0;
  private static final int BOOLEAN = 1;
  private static final int STRING = 2;
  private static final int OBJECT = 3;
  private static final int NULL = 5;
  private static final int UNDEFINED_MARKER = 6;
  private static final int ECMA_ARRAY = 8;
  private static final int OBJECT_END = 9;
  private static final int STRICT_ARRAY = 10;
  private static final int DATE = 11;
  private static final int LONG_STRING = 12;
  /** Commands and metadata nest two or three levels; deeper is an attempt on the stack, not a command. */
  static final int MAX_DEPTH = 32;

  /** AMF0's undefined, which is not null. */
  static final Object UNDEFINED = new Object() {
    @Override
    public String toString() {
      return "undefined";
    }
  };

  /** An object written with a count: what onMetaData holds. */
  record EcmaArray(Map<String, Object> entries) { }

  private final Buffer bytes;
  private int at;

  /** Reads the values of {@code bytes} from {@code start}. */
  Amf0(Buffer bytes, int start) {
    this.bytes = bytes;
    this.at = start;
  }

  boolean hasMore() {
    return at < bytes.length();
  }

  /** Where the next value starts. */
  int position() {
    return at;
  }

  Object read() {
    return read(0);
  }

  /** Every value up to the end of the buffer. */
  List<Object> readAll() {
    List<Object> values = new ArrayList<>();
    while (hasMore()) values.add(read());
    return values;
  }

  private Object read(int depth) {
    int marker = need(1).getUnsignedByte(at++);
    return switch (marker) {
      case NUMBER -> number();
      case BOOLEAN -> need(1).getUnsignedByte(at++) != 0;
      case STRING -> utf8(u16());
      case OBJECT -> properties(depth);
      case NULL -> null;
      case UNDEFINED_MARKER -> UNDEFINED;
      case ECMA_ARRAY -> {
        need(4);
        at += 4; // the count is only a hint (writers get it wrong): the end marker is what ends it
        yield new EcmaArray(properties(depth));
      }
      case STRICT_ARRAY -> list(depth);
      case DATE -> {
        Instant time = Instant.ofEpochMilli((long) number());
        need(2);
        at += 2; // the time zone: reserved, 0
        yield time;
      }
      case LONG_STRING -> {
        long length = need(4).getUnsignedInt(at);
        at += 4;
        if (length > bytes.length() - at) throw malformed("a long string past the end");
        yield utf8((int) length);
      }
      default -> throw malformed("unknown marker " + marker + " at byte " + (at - 1));
    };
  }

  private double number() {
    double value = need(8).getDouble(at);
    at += 8;
    return value;
  }

  private Map<String, Object> properties(int depth) {
    if (depth >= MAX_DEPTH) throw malformed("objects nested deeper than " + MAX_DEPTH);
    Map<String, Object> properties = new LinkedHashMap<>();
    while (true) {
      String key = utf8(u16());
      if (key.isEmpty() && need(1).getUnsignedByte(at) == OBJECT_END) {
        at++;
        return properties;
      }
      properties.put(key, read(depth + 1));
    }
  }

  private List<Object> list(int depth) {
    if (depth >= MAX_DEPTH) throw malformed("arrays nested deeper than " + MAX_DEPTH);
    long count = need(4).getUnsignedInt(at);
    at += 4;
    if (count > bytes.length() - at) throw malformed("a strict array of " + count + " values in " + (bytes.length() - at) + " bytes");
    List<Object> values = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) values.add(read(depth + 1));
    return values;
  }

  private int u16() {
    int value = need(2).getUnsignedShort(at);
    at += 2;
    return value;
  }

  private String utf8(int length) {
    need(length);
    String text = bytes.getString(at, at + length, "UTF-8");
    at += length;
    return text;
  }

  /** @return the buffer, once sure that {@code count} bytes follow */
  private Buffer need(int count) {
    if (count > bytes.length() - at) throw malformed("cut off at byte " + at);
    return bytes;
  }

  private static RtmpException malformed(String why) {
    return new RtmpException("malformed AMF0: " + why);
  }

  /** The values, one after the other. */
  static Buffer encode(Object... values) {
    Buffer out = Buffer.buffer(128);
    for (Object value : values) write(out, value);
    return out;
  }

  static void write(Buffer out, Object value) {
    if (value == null) {
      out.appendByte((byte) NULL);
    } else if (value == UNDEFINED) {
      out.appendByte((byte) UNDEFINED_MARKER);
    } else if (value instanceof Number number) {
      out.appendByte((byte) NUMBER).appendDouble(number.doubleValue());
    } else if (value instanceof Boolean bool) {
      out.appendByte((byte) BOOLEAN).appendByte((byte) (bool ? 1 : 0));
    } else if (value instanceof String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      if (utf8.length <= 0xFFFF) out.appendByte((byte) STRING).appendShort((short) utf8.length);
      else out.appendByte((byte) LONG_STRING).appendInt(utf8.length);
      out.appendBytes(utf8);
    } else if (value instanceof EcmaArray array) {
      out.appendByte((byte) ECMA_ARRAY).appendInt(array.entries().size());
      writeProperties(out, array.entries());
    } else if (value instanceof Map<?, ?> object) {
      out.appendByte((byte) OBJECT);
      writeProperties(out, object);
    } else if (value instanceof List<?> list) {
      out.appendByte((byte) STRICT_ARRAY).appendInt(list.size());
      list.forEach(item -> write(out, item));
    } else if (value instanceof Instant time) {
      out.appendByte((byte) DATE).appendDouble(time.toEpochMilli()).appendShort((short) 0);
    } else {
      throw new IllegalArgumentException("no AMF0 type for " + value.getClass().getName());
    }
  }

  private static void writeProperties(Buffer out, Map<?, ?> properties) {
    properties.forEach((key, value) -> {
      byte[] name = key.toString().getBytes(StandardCharsets.UTF_8);
      out.appendShort((short) name.length).appendBytes(name);
      write(out, value);
    });
    out.appendShort((short) 0).appendByte((byte) OBJECT_END);
  }
}
