package io.streamroom.chat;

import io.streamroom.media.Media;
import io.streamroom.media.MediaStore;
import io.vertx.core.Future;

import java.util.UUID;

/**
 * The voice and video messages a chat message may carry: only the sender's own upload, not sent before,
 * plain in a channel and encrypted in a direct message. Attached once the message is committed, so that
 * whoever may read the message may fetch the recording.
 */
final class Recordings {
  private final MediaStore media;

  Recordings(MediaStore media) {
    this.media = media;
  }

  /** The recording {@code raw} names, if the session may send it; null when the command names none. */
  Future<Media> claim(Session session, String raw, boolean encrypted) {
    if (raw == null) return Future.succeededFuture(null);
    UUID id;
    try {
      id = UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "media is the id an upload answered.");
    }
    return media.find(id).map(found -> found
        .filter(m -> m.owner().equalsIgnoreCase(session.name) && m.messageId() == null)
        .map(m -> {
          if (m.encrypted() != encrypted) {
            throw new ChatException(ErrorCode.BAD_REQUEST, encrypted
                ? "A direct message carries an encrypted recording." : "A channel message carries a recording as recorded, not encrypted.");
          }
          return m;
        })
        .orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_MEDIA, "No recording of yours with that id waits to be sent.")));
  }

  /** A deleted message takes its recording with it. */
  Future<Void> messageDeleted(long messageId) {
    return media.deleteForMessage(messageId);
  }

  /** @return whether the recording now belongs to the message (false: it was deleted or sent meanwhile) */
  Future<Boolean> attach(Media recording, String sender, long messageId) {
    return recording == null ? Future.succeededFuture(false) : media.attach(recording.id(), sender, messageId);
  }
}
