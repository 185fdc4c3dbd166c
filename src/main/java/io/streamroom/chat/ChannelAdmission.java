package io.streamroom.chat;

import io.streamroom.store.ChatStore.Channel;
import io.streamroom.store.ChatStore.Modes;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may join a channel under its modes: the key (+k), the member limit (+l) and invite-only (+i), and the
 * invitations that let someone past the last two. Moderators of the channel (and admins) always get in. An
 * invitation holds until it is used, or its inviter leaves the channel, or the channel empties. Bans are
 * {@link Sanctions}'s.
 */
final class ChannelAdmission {
  /** Open invitations per channel: a channel's operators inviting more than this are spamming. */
  static final int MAX_INVITES_PER_CHANNEL = 100;

  /** channel -> invitee key -> inviter key, oldest first */
  private final Map<String, LinkedHashMap<String, String>> invites = new HashMap<>();

  /** Refuses a join the channel's modes do not let through; {@code key} is what the user gave, or null. */
  void check(Session session, Channel channel, String key, int members, boolean moderates) {
    if (moderates) return;
    Modes modes = channel.modes();
    String name = channel.name();
    boolean invited = invites.getOrDefault(name, new LinkedHashMap<>()).containsKey(session.key());
    if (modes.key() != null && !modes.key().equals(key)) {
      throw new ChatException(ErrorCode.BAD_CHANNEL_KEY, name + " needs a key" + (key == null ? "." : ", and that is not it."));
    }
    if (modes.inviteOnly() && !invited) throw new ChatException(ErrorCode.INVITE_ONLY, name + " is invite-only: ask a member to invite you.");
    if (modes.limit() > 0 && members >= modes.limit() && !invited) {
      throw new ChatException(ErrorCode.CHANNEL_FULL, name + " is full: at most " + modes.limit() + " members.");
    }
  }

  /** The session is in the channel: its invitation there is used up. */
  void joined(Session session, String channel) {
    Map<String, String> here = invites.get(channel);
    if (here == null) return;
    here.remove(session.key());
    if (here.isEmpty()) invites.remove(channel);
  }

  void invite(String channel, String invitee, String inviter) {
    LinkedHashMap<String, String> here = invites.computeIfAbsent(channel, c -> new LinkedHashMap<>());
    here.remove(Names.key(invitee)); // a repeated invitation is the newest
    if (here.size() >= MAX_INVITES_PER_CHANNEL) here.remove(here.keySet().iterator().next());
    here.put(Names.key(invitee), Names.key(inviter));
  }

  /** The user left the channel: the invitations they made there lapse. */
  void left(String channel, String userKey) {
    Map<String, String> here = invites.get(channel);
    if (here == null) return;
    here.values().removeIf(userKey::equals);
    if (here.isEmpty()) invites.remove(channel);
  }

  void emptied(String channel) {
    invites.remove(channel);
  }
}
