package io.streamroom.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * This node's meters: Vert.x's own (HTTP, net, event bus, pools), the JVM's, and Streamroom's series, each
 * registered once here. Components keep the meter they update; nothing looks one up while delivering.
 * With metrics off the registry is an empty composite, whose meters do nothing.
 */
public final class Meters {
  /** The adapters users connect through, as the {@code adapter} tag spells them. */
  public enum Adapter {
    TELNET, IRC, WEB;

    /** As the tag and the connection log spell it: telnet, irc, web. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Vert.x keeps registries in a JVM-wide map by name: each app (tests run several) needs its own. */
  private final String registryName = "streamroom-" + UUID.randomUUID();
  private final MeterRegistry registry;
  /** Null when metrics are off. */
  private final PrometheusMeterRegistry prometheus;
  private final AtomicInteger[] connected = new AtomicInteger[Adapter.values().length];
  private final Counter messagesSent;
  private final Counter tcpDeliveries;
  private final Counter webDeliveries;
  private final Timer databaseWrites;
  private final Sampled databaseQueue = new Sampled();
  private final Counter liveFrames;
  private final Counter liveSkipped;
  private final Sampled liveStreams = new Sampled();
  private final Sampled liveViewers = new Sampled();
  private final Sampled libraryTitles = new Sampled();
  private final Sampled libraryFiles = new Sampled();
  private final Sampled libraryBytes = new Sampled();

  private Meters(PrometheusMeterRegistry prometheus) {
    this.prometheus = prometheus;
    this.registry = prometheus != null ? prometheus : new CompositeMeterRegistry();
    for (Adapter adapter : Adapter.values()) {
      connected[adapter.ordinal()] = new AtomicInteger();
      Gauge.builder("streamroom.users.connected", connected[adapter.ordinal()], AtomicInteger::get)
          .description("Open chat connections on this node").tag("adapter", adapter.tag()).register(registry);
    }
    messagesSent = Counter.builder("streamroom.messages.sent")
        .description("Channel, private and direct messages committed to the database (counted by the node that runs the chat service)")
        .register(registry);
    tcpDeliveries = deliveries("tcp");
    webDeliveries = deliveries("web");
    databaseWrites = Timer.builder("streamroom.database.write")
        .description("Time one batch of messages takes from being sent to the database to its commit").register(registry);
    sampled("streamroom.database.queue", "Messages waiting for the database (queued or being written)", databaseQueue, null);
    liveFrames = Counter.builder("streamroom.live.frames").description("Live video frames this node received").register(registry);
    liveSkipped = Counter.builder("streamroom.live.frames.skipped")
        .description("Frames a slow viewer skipped (latest frame wins)").register(registry);
    sampled("streamroom.live.streams", "Channels live on this node", liveStreams, null);
    sampled("streamroom.live.viewers", "People watching live video through this node (MJPEG and the page)", liveViewers, null);
    sampled("streamroom.library.titles", "Titles in the video library", libraryTitles, null);
    sampled("streamroom.library.files", "Files (renditions) in the video library", libraryFiles, null);
    sampled("streamroom.library.size", "Bytes of the video library's files", libraryBytes, "bytes");
  }

  /** Meters on a Prometheus registry, or inert ones when metrics are off. */
  public static Meters create(boolean enabled) {
    return new Meters(enabled ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null);
  }

  /** Hands Vert.x this node's registry, so its own meters (and the JVM's) land beside ours. */
  public VertxBuilder install(VertxBuilder builder, VertxOptions options) {
    if (prometheus == null) return builder.with(options);
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setRegistryName(registryName).setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return builder.with(options).withMetrics(new MicrometerMetricsFactory(prometheus));
  }

  public boolean enabled() {
    return prometheus != null;
  }

  /** The Prometheus text of every series; null when metrics are off. */
  String scrape() {
    return prometheus == null ? null : prometheus.scrape();
  }

  /** Open connections of an adapter: incremented when one opens, decremented when it closes. */
  public AtomicInteger connected(Adapter adapter) {
    return connected[adapter.ordinal()];
  }

  public Counter messagesSent() {
    return messagesSent;
  }

  /** Channel events handed to telnet and IRC connections (one fan-out serves both). */
  public Counter tcpDeliveries() {
    return tcpDeliveries;
  }

  /** Channel events written to the page's event-bus sockets. */
  public Counter webDeliveries() {
    return webDeliveries;
  }

  public Timer databaseWrites() {
    return databaseWrites;
  }

  public void databaseQueue(DoubleSupplier depth) {
    databaseQueue.source = depth;
  }

  public Counter liveFrames() {
    return liveFrames;
  }

  public Counter liveSkipped() {
    return liveSkipped;
  }

  /** Read on the scraping event loop: give suppliers that are safe there. */
  public void live(DoubleSupplier streams, DoubleSupplier viewers) {
    liveStreams.source = streams;
    liveViewers.source = viewers;
  }

  public void library(DoubleSupplier titles, DoubleSupplier files, DoubleSupplier bytes) {
    libraryTitles.source = titles;
    libraryFiles.source = files;
    libraryBytes.source = bytes;
  }

  private Counter deliveries(String adapter) {
    return Counter.builder("streamroom.deliveries").description("Channel events delivered to connections on this node")
        .tag("adapter", adapter).register(registry);
  }

  private void sampled(String name, String description, Sampled sampled, String unit) {
    Gauge.builder(name, sampled, s -> s.source.getAsDouble()).description(description).baseUnit(unit).register(registry);
  }

  /**
   * A gauge whose owner comes later (or anew: a chat service taken over in a cluster), registered once and
   * held here (Micrometer keeps gauges' objects only weakly).
   */
  private static final class Sampled {
    volatile DoubleSupplier source = () -> 0;
  }
}
