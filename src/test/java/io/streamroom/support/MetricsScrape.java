package io.streamroom.support;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One read of {@code GET /metrics}, as Prometheus would take it: each sample line's series
 * ({@code name{labels}}, exactly as written) and its value.
 */
public final class MetricsScrape {
  private final Map<String, Double> samples = new LinkedHashMap<>();
  private final String text;

  private MetricsScrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  /** Reads the endpoint, which must answer 200 in the Prometheus text format. */
  public static MetricsScrape read(ApiClient api) {
    ApiClient.Response response = api.get("/metrics", null);
    assertEquals(200, response.status(), response.body());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", response.raw().headers().firstValue("content-type").orElse(""));
    return new MetricsScrape(response.body());
  }

  /** The sample's value; fails when the series is not there. */
  public double value(String series) {
    Double value = samples.get(series);
    if (value == null) throw new AssertionError("no series " + series + " in /metrics:\n" + text);
    return value;
  }

  /** Whether some series of this metric name is there (any labels). */
  public boolean has(String name) {
    return samples.keySet().stream().anyMatch(s -> s.equals(name) || s.startsWith(name + "{"));
  }

  public String text() {
    return text;
  }
}
