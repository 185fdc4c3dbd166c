package io.streamroom.hls;

import io.streamroom.chat.Addresses;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * The bus format between a producer (any thread) and the HTTP side, on {@link Addresses#liveHls}: the bytes
 * of an init segment or a fragment as the body, what the hub needs to know about them in headers. Every HTTP
 * verticle's {@link HlsHub} gets each message.
 */
public final class HlsMessages {
  private static final String KIND = "kind";
  private static final String INIT = "init";
  private static final String FRAGMENT = "fragment";
  private static final String DECODE_TIME = "decodeTime";
  private static final String TIMESCALE = "timescale";
  private static final String DURATION = "duration";
  private static final String INDEPENDENT = "independent";
  private static final String CAPTURED_AT = "at";

  private HlsMessages() {}

  /** A new init segment: the stream (re)starts, and the fragments that follow need it. */
  public static void publishInit(EventBus bus, String channel, Buffer init) {
    bus.publish(Addresses.liveHls(channel), init, new DeliveryOptions().addHeader(KIND, INIT));
  }

  /** A fragment whose first sample was captured at {@code wallClockMillis} (epoch ms): players measure latency from it. */
  public static void publishFragment(EventBus bus, String channel, Fmp4Fragment fragment, long wallClockMillis) {
    bus.publish(Addresses.liveHls(channel), fragment.bytes(), new DeliveryOptions().addHeader(KIND, FRAGMENT)
        .addHeader(DECODE_TIME, Long.toString(fragment.decodeTime())).addHeader(TIMESCALE, Long.toString(fragment.timescale()))
        .addHeader(DURATION, Double.toString(fragment.durationSeconds()))
        .addHeader(INDEPENDENT, Boolean.toString(fragment.independent()))
        .addHeader(CAPTURED_AT, Long.toString(wallClockMillis)));
  }

  static boolean isInit(MultiMap headers) {
    return INIT.equals(headers.get(KIND));
  }

  /** @throws IllegalArgumentException when the headers are not a fragment's */
  static Fmp4Fragment fragment(MultiMap headers, Buffer bytes) {
    if (!FRAGMENT.equals(headers.get(KIND))) throw new IllegalArgumentException("neither an init segment nor a fragment");
    try {
      double duration = Double.parseDouble(headers.get(DURATION));
      if (!(duration >= 0) || Double.isInfinite(duration)) throw new IllegalArgumentException("a duration of " + duration);
      return new Fmp4Fragment(bytes, Long.parseLong(headers.get(DECODE_TIME)), Long.parseLong(headers.get(TIMESCALE)), duration,
          Boolean.parseBoolean(headers.get(INDEPENDENT)));
    } catch (NullPointerException | NumberFormatException e) {
      throw new IllegalArgumentException("a fragment without its timing: " + e.getMessage(), e);
    }
  }

  /** When the fragment's first sample was captured (epoch ms). */
  static long capturedAt(MultiMap headers) {
    return Long.parseLong(headers.get(CAPTURED_AT));
  }
}
