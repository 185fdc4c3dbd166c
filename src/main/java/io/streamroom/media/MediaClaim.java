package io.streamroom.media;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;

import java.util.Locale;

/**
 * What an upload says it is, from its headers, before a byte of it is read. A plain recording names its
 * type ({@code audio/webm;codecs=opus}), which the probe then holds it to; an encrypted one is
 * {@code application/octet-stream} with {@code X-Media-Kind} and {@code X-Media-Duration-Ms}, since
 * nobody but its recipients can look inside.
 *
 * @param container what the bytes must be, or null for an encrypted upload
 * @param claimedDurationMs the sender's word for an encrypted upload; 0 for plain ones (probed instead)
 */
public record MediaClaim(MediaKind kind, String contentType, Container container, long claimedDurationMs) {
  public static final String ENCRYPTED_TYPE = "application/octet-stream";
  private static final String TYPES = "audio/webm, audio/ogg or audio/mp4 (voice), video/webm or video/mp4 (video), "
      + "or " + ENCRYPTED_TYPE + " with X-Media-Kind and X-Media-Duration-Ms (encrypted)";

  /** Containers browsers record into, with the FFmpeg demuxer that must be able to read them. */
  public enum Container {
    WEBM("WebM", "matroska"), OGG("Ogg", "ogg"), MP4("MP4", "mp4");

    final String label;
    /** Forced when probing: a file is read as what it claims or not at all (no format guessing). */
    final String demuxer;

    Container(String label, String demuxer) {
      this.label = label;
      this.demuxer = demuxer;
    }
  }

  public boolean encrypted() {
    return container == null;
  }

  /**
   * Reads the headers of an upload.
   *
   * @throws ChatException UNSUPPORTED_MEDIA for another type, BAD_REQUEST for missing or malformed
   *     encryption headers, TOO_LONG for a claimed duration over the kind's limit
   */
  public static MediaClaim parse(String contentTypeHeader, String kindHeader, String durationHeader) {
    String type = contentTypeHeader == null ? "" : contentTypeHeader.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "audio/webm" -> new MediaClaim(MediaKind.VOICE, type, Container.WEBM, 0);
      case "audio/ogg" -> new MediaClaim(MediaKind.VOICE, type, Container.OGG, 0);
      case "audio/mp4" -> new MediaClaim(MediaKind.VOICE, type, Container.MP4, 0);
      case "video/webm" -> new MediaClaim(MediaKind.VIDEO, type, Container.WEBM, 0);
      case "video/mp4" -> new MediaClaim(MediaKind.VIDEO, type, Container.MP4, 0);
      case ENCRYPTED_TYPE -> encrypted(kindHeader, durationHeader);
      case "" -> throw new ChatException(ErrorCode.UNSUPPORTED_MEDIA, "Say what the recording is with its Content-Type: " + TYPES + ".");
      default -> throw new ChatException(ErrorCode.UNSUPPORTED_MEDIA, "The server does not take " + type + " recordings: send " + TYPES + ".");
    };
  }

  private static MediaClaim encrypted(String kindHeader, String durationHeader) {
    MediaKind kind = MediaKind.of(kindHeader == null ? null : kindHeader.trim().toLowerCase(Locale.ROOT));
    if (kind == null) throw new ChatException(ErrorCode.BAD_REQUEST, "An encrypted recording needs X-Media-Kind: voice or video.");
    long duration;
    try {
      duration = Long.parseLong(durationHeader == null ? "" : durationHeader.trim());
    } catch (NumberFormatException e) {
      duration = -1;
    }
    if (duration <= 0) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "An encrypted recording needs X-Media-Duration-Ms: its length in milliseconds.");
    }
    kind.checkDuration(duration);
    return new MediaClaim(kind, ENCRYPTED_TYPE, null, duration);
  }

  /** "audio/webm (WebM)" for messages. */
  String describe() {
    return container == null ? contentType : contentType + " (" + container.label + ")";
  }
}
