package io.streamroom.media;

import io.vertx.core.Future;

import java.util.Optional;
import java.util.UUID;

/**
 * Who may fetch a recording. Not yet sent: its owner only. Sent in a channel: anyone with its link (ids
 * are random UUIDs, like Discord's attachment links). Sent privately: its sender and recipient. Anyone
 * else is told there is no such recording, never that it is forbidden: its existence is not revealed.
 */
public final class MediaAccess {
  private final MediaStore store;

  public MediaAccess(MediaStore store) {
    this.store = store;
  }

  /** @param viewer the token holder's name, or null for nobody signed in; @return empty unless they may */
  public Future<Optional<Media>> readable(UUID id, String viewer) {
    return store.findWithMessage(id).map(found -> found.filter(a -> mayRead(a, viewer)).map(MediaStore.Attachment::media));
  }

  static boolean mayRead(MediaStore.Attachment attachment, String viewer) {
    Media media = attachment.media();
    if (media.messageId() == null) return same(media.owner(), viewer);
    if (attachment.messageDeleted()) return false;
    if (attachment.recipient() == null) return true; // a channel message
    return same(attachment.sender(), viewer) || same(attachment.recipient(), viewer);
  }

  /** Names are unique regardless of case. */
  private static boolean same(String name, String viewer) {
    return viewer != null && name != null && name.equalsIgnoreCase(viewer);
  }
}
