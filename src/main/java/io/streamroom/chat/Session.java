package io.streamroom.chat;


import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** One connection's identity as the chat service sees it. Touched only on the chat service's event loop. */
final class Session {
  /** Guests (telnet, no account) may talk in open channels; visitors (web) may only read. */
  enum Role { GUEST, USER, VISITOR }

  final String id;
  /** The client's address, as the adapter saw it on the socket. */
  final String ip;
  /** {@code <ip>:<port> <transport>}, as the connection log shows it. */
  final String source;
  final boolean ipAdmin;
  /** The cluster node the connection is on (its sessions end when it dies); null on a single node. */
  final String node;
  String name;
  Role role = Role.GUEST;
  boolean admin;
  final Set<String> channels = new LinkedHashSet<>();
  /** Unowned channels this session operates, having joined them empty or been given +o (see {@link ChannelRoles}). */
  final Set<String> operatorIn = new HashSet<>();
  /** Channels where this session may talk while they are moderated (IRC's +v). */
  final Set<String> voicedIn = new HashSet<>();
  /** The user part of {@code nick!user@host} and the real name that WHO and WHOIS show (see {@link Names#username}). */
  String username;
  String realName;
  final long connectedAtMillis = System.currentTimeMillis();
  /** The user modes the client set itself ({@link UserModes#SETTABLE}); being an operator ('o') is {@link #admin}. */
  final Set<Character> modes = new TreeSet<>();

  Session(String id, String ip, boolean ipAdmin, String source, String node) {
    this.id = id;
    this.node = node;
    this.ip = ip;
    this.ipAdmin = ipAdmin;
    this.source = source;
  }

  String key() {
    return Names.key(name);
  }

  boolean hasAccount() {
    return role == Role.USER;
  }

  /** The adapter the connection came through (telnet, irc, web; rest for a detached session): the end of {@link #source}. */
  String adapter() {
    return source.substring(source.lastIndexOf(' ') + 1);
  }

  /** Where the connection comes from ({@code <ip>:<port>}): the start of {@link #source}. */
  String address() {
    int space = source.lastIndexOf(' ');
    return space < 0 ? source : source.substring(0, space);
  }

  void requireAdmin() {
    if (!admin) throw new ChatException(ErrorCode.NOT_ADMIN);
  }

  boolean hasMode(char mode) {
    return mode == UserModes.OPERATOR ? admin : modes.contains(mode);
  }

  /** The role as clients see it. */
  String roleName() {
    return role == Role.VISITOR ? "visitor" : admin ? "admin" : role == Role.USER ? "user" : "guest";
  }
}
