package io.streamroom.metrics;

import io.streamroom.auth.TokenService;
import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /metrics}: every series in the Prometheus text format, for whom {@link Setting#METRICS_ALLOW} lets
 * in: everyone, admins (an admin account's token as {@code Authorization: Bearer}), or listed client addresses.
 * With metrics off the route is not there (404).
 */
public final class MetricsEndpoint {
  /** The Prometheus text exposition format's content type. */
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String ALL = "all";
  private static final String ADMINS = "admins";

  private final Meters meters;
  private final TokenService tokens;
  private final boolean everyone;
  private final boolean admins;
  private final Set<InetAddress> addresses;

  private MetricsEndpoint(Meters meters, TokenService tokens, boolean everyone, boolean admins, Set<InetAddress> addresses) {
    this.meters = meters;
    this.tokens = tokens;
    this.everyone = everyone;
    this.admins = admins;
    this.addresses = addresses;
  }

  /** Reads the access rule; a value that is neither a keyword nor an IP address fails start-up naming the setting. */
  public static MetricsEndpoint from(Config config, Meters meters, TokenService tokens) {
    List<String> allowed = config.list(Setting.METRICS_ALLOW);
    if (allowed.isEmpty()) throw ConfigException.of(Setting.METRICS_ALLOW, "must be all, admins or IP addresses, got nothing");
    Set<InetAddress> addresses = new HashSet<>();
    for (String entry : allowed) {
      if (entry.equals(ALL) || entry.equals(ADMINS)) continue;
      addresses.add(address(entry));
    }
    return new MetricsEndpoint(meters, tokens, allowed.contains(ALL), allowed.contains(ADMINS), addresses);
  }

  private static InetAddress address(String entry) {
    // Only literal addresses: a host name would be a DNS look-up now and a stale answer later.
    if (!entry.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      throw ConfigException.of(Setting.METRICS_ALLOW, "'" + entry + "' is not all, admins or an IP address");
    }
    try {
      return InetAddress.getByName(entry);
    } catch (UnknownHostException e) {
      throw ConfigException.of(Setting.METRICS_ALLOW, "'" + entry + "' is not an IP address");
    }
  }

  public void handle(RoutingContext ctx) {
    if (everyone || addressAllowed(ctx)) {
      answer(ctx);
    } else if (admins) {
      String header = ctx.request().getHeader("Authorization");
      tokens.verify(header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null)
          .onComplete(holder -> {
            if (holder.succeeded() && "admin".equals(holder.result().role())) answer(ctx);
            else refuse(ctx, "Metrics are for admins: send an admin's token as Authorization: Bearer.");
          });
    } else {
      refuse(ctx, "Metrics are not open to this address.");
    }
  }

  private boolean addressAllowed(RoutingContext ctx) {
    if (addresses.isEmpty()) return false;
    try {
      return addresses.contains(InetAddress.getByName(ctx.request().remoteAddress().hostAddress())); // a literal: no look-up
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void answer(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(meters.scrape());
  }

  private static void refuse(RoutingContext ctx, String message) {
    ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", "FORBIDDEN").put("message", message).encode());
  }
}
