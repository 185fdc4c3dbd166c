package io.streamroom.chat;

import io.streamroom.store.ChatStore.Channel;
import io.streamroom.store.ModerationStore;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may moderate a channel, and how a member's role there is shown. Ranks, highest first: admin
 * (everywhere), the channel's owner, its moderators (accounts the owner or an admin appointed, and in an
 * unowned channel its operators), then everyone else. Someone may act on another user only from a higher
 * rank: moderators cannot time each other out, and nobody can sanction an admin.
 *
 * <p>An unowned channel other than {@link Names#LOBBY} works as on IRC: whoever joins it while it is empty
 * (on any adapter) operates it, with a moderator's rank, until they leave; operators may make others
 * operators ({@link OperatorActions}). An owned channel has no such operators: its owner appoints moderators.
 */
final class ChannelRoles {
  static final int EVERYONE = 0;
  static final int MODERATOR = 1;
  static final int OWNER = 2;
  static final int ADMIN = 3;

  /** channel id -> moderator key -> name as the account spells it */
  private final Map<Long, Map<String, String>> moderators = new HashMap<>();

  /** Reads every channel's moderators; once, at start. */
  Future<Void> load(ModerationStore store) {
    return store.moderators().map(all -> {
      all.forEach(m -> appointed(m.channelId(), m.name()));
      return null;
    });
  }

  void appointed(long channelId, String name) {
    moderators.computeIfAbsent(channelId, id -> new TreeMap<>()).put(Names.key(name), name);
  }

  void removed(long channelId, String name) {
    Map<String, String> here = moderators.get(channelId);
    if (here == null) return;
    here.remove(Names.key(name));
    if (here.isEmpty()) moderators.remove(channelId);
  }

  void channelDeleted(long channelId) {
    moderators.remove(channelId);
  }

  /** The moderators' names, sorted. */
  List<String> moderatorsOf(Channel channel) {
    return List.copyOf(moderators.getOrDefault(channel.id(), Map.of()).values());
  }

  static boolean isOwner(Channel channel, String name, boolean account) {
    return account && channel.owner() != null && Names.key(channel.owner()).equals(Names.key(name));
  }

  /** The rank of a user who may or may not be online: an account's name, whether it is an admin. */
  int rank(Channel channel, String name, boolean account, boolean admin) {
    if (admin) return ADMIN;
    if (isOwner(channel, name, account)) return OWNER;
    if (account && moderators.getOrDefault(channel.id(), Map.of()).containsKey(Names.key(name))) return MODERATOR;
    return EVERYONE;
  }

  int rank(Channel channel, Session session) {
    int rank = rank(channel, session.name, session.hasAccount(), session.admin);
    return rank < MODERATOR && session.operatorIn.contains(channel.name()) ? MODERATOR : rank;
  }

  /** Channels that have IRC's operators: unowned ones, but the lobby everyone lands in. */
  static boolean hasOperators(Channel channel) {
    return channel.owner() == null && !Names.LOBBY.equals(channel.name());
  }

  /** A session is joining: the first one into an empty unowned channel becomes its operator. */
  void joining(Channel channel, Session session, boolean channelEmpty) {
    if (channelEmpty && hasOperators(channel) && session.role != Session.Role.VISITOR) session.operatorIn.add(channel.name());
  }

  /** A session left a channel: its operator and voice there end. */
  static void left(Session session, String channel) {
    session.operatorIn.remove(channel);
    session.voicedIn.remove(channel);
  }

  boolean moderates(Channel channel, Session session) {
    return rank(channel, session) >= MODERATOR;
  }

  void requireModerator(Channel channel, Session session) {
    if (!moderates(channel, session)) {
      throw new ChatException(ErrorCode.NOT_MODERATOR, "Only moderators of " + channel.name() + ", its owner or an admin can do that.");
    }
  }

  /** The role shown beside a member: owner, admin, moderator, or what the session is (user, guest, visitor). */
  String roleName(Channel channel, Session session) {
    if (isOwner(channel, session.name, session.hasAccount())) return "owner";
    if (session.admin) return "admin";
    if (rank(channel, session) == MODERATOR) return "moderator";
    return session.roleName();
  }
}
