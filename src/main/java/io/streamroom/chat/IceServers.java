package io.streamroom.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The STUN and TURN servers browsers use to connect peer to peer, from the {@code ice.servers} setting:
 * {@code stun:host:port} or {@code turn:user:password@host:port[?transport=tcp]} (also {@code turns:}), as
 * RTCIceServer objects for the page. A TURN server's password is handed to every viewer: use one meant
 * for that (a coturn static user with limited rights, or short-lived credentials).
 */
final class IceServers {
  private static final Pattern SERVER = Pattern.compile("(stuns?|turns?):(?:([^:@/]+):([^@/]+)@)?([^@/?\\s]+)(\\?transport=(?:udp|tcp))?");

  private IceServers() {}

  /** @throws IllegalArgumentException naming the entry that is not a STUN or TURN address */
  static JsonArray parse(List<String> entries) {
    JsonArray servers = new JsonArray();
    for (String entry : entries) {
      Matcher m = SERVER.matcher(entry.trim());
      if (!m.matches() || (m.group(1).startsWith("stun") && m.group(2) != null)) {
        throw new IllegalArgumentException("ice.servers: '" + entry + "' is not stun:host:port or turn:user:password@host:port");
      }
      JsonObject server = new JsonObject().put("urls", m.group(1) + ":" + m.group(4) + (m.group(5) == null ? "" : m.group(5)));
      if (m.group(2) != null) server.put("username", m.group(2)).put("credential", m.group(3));
      servers.add(server);
    }
    return servers;
  }
}
