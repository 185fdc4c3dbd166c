package io.streamroom.chat;

import java.util.LinkedHashSet;
import java.util.Set;

/** One connection's identity as the chat service sees it. Touched only on the chat service's event loop. */
final class Session {
  final String id;
  final String transport;
  final boolean ipAdmin;
  String name;
  boolean account;
  boolean admin;
  final Set<String> channels = new LinkedHashSet<>();

  Session(String id, String transport, boolean ipAdmin) {
    this.id = id;
    this.transport = transport;
    this.ipAdmin = ipAdmin;
  }

  String key() {
    return Names.key(name);
  }
}
