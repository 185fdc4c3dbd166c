package io.streamroom.cluster;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;

import java.util.List;

/**
 * A node's cluster settings, checked before anything starts. Every node must share the database and the
 * token secret: a user's session and token must be good on whichever node the load balancer picks.
 */
public record ClusterSettings(String host, int port, int busPort, List<String> members) {

  /** Null when {@code STREAMROOM_CLUSTER} is off: a single node, as before. */
  public static ClusterSettings from(Config config) {
    if (!config.bool(Setting.CLUSTER)) return null;
    // The embedded database lives and dies with one node; the cluster must survive losing any node.
    if (config.string(Setting.DB_URL).isBlank()) {
      throw ConfigException.of(Setting.DB_URL, "a cluster needs one external PostgreSQL that every node uses;"
          + " the embedded database would die with the node that runs it");
    }
    if (config.string(Setting.JWT_SECRET).isBlank()) {
      throw ConfigException.of(Setting.JWT_SECRET, "a cluster needs the same secret on every node,"
          + " so a token from one node is good on the others");
    }
    List<String> members = config.list(Setting.CLUSTER_MEMBERS);
    for (String member : members) {
      int colon = member.lastIndexOf(':');
      if (colon <= 0 || !member.substring(colon + 1).matches("\\d{1,5}")) {
        throw ConfigException.of(Setting.CLUSTER_MEMBERS, "must be comma-separated host:port, got '" + member + "'");
      }
    }
    return new ClusterSettings(config.string(Setting.CLUSTER_HOST), config.port(Setting.CLUSTER_PORT),
        config.port(Setting.CLUSTER_BUS_PORT), members);
  }
}
