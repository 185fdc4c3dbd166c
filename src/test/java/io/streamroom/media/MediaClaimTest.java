package io.streamroom.media;

import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an upload's headers say it is. */
class MediaClaimTest {
  @Test
  void browserTypesWithCodecsAreReadAsTheirKindAndContainer() {
    MediaClaim voice = MediaClaim.parse("audio/webm;codecs=opus", null, null);
    assertEquals(MediaKind.VOICE, voice.kind());
    assertEquals("audio/webm", voice.contentType());
    assertEquals(MediaClaim.Container.WEBM, voice.container());
    MediaClaim video = MediaClaim.parse("Video/MP4; codecs=\"avc1.42E01E, mp4a.40.2\"", null, null);
    assertEquals(MediaKind.VIDEO, video.kind());
    assertEquals("video/mp4", video.contentType());
    assertEquals(MediaClaim.Container.OGG, MediaClaim.parse("audio/ogg", null, null).container());
  }

  @Test
  void anEncryptedUploadTakesItsKindAndDurationFromItsHeaders() {
    MediaClaim claim = MediaClaim.parse("application/octet-stream", "video", "14900");
    assertTrue(claim.encrypted());
    assertNull(claim.container());
    assertEquals(MediaKind.VIDEO, claim.kind());
    assertEquals(14900, claim.claimedDurationMs());
    assertEquals(ErrorCode.BAD_REQUEST, refusal("application/octet-stream", "song", "1000"));
    assertEquals(ErrorCode.BAD_REQUEST, refusal("application/octet-stream", "voice", "-5"));
    assertEquals(ErrorCode.BAD_REQUEST, refusal("application/octet-stream", "voice", null));
    assertEquals(ErrorCode.TOO_LONG, refusal("application/octet-stream", "video", "15301"));
    assertEquals(MediaKind.VOICE, MediaClaim.parse("application/octet-stream", "voice", "10300").kind(), "within the tolerance");
  }

  @Test
  void otherTypesAreUnsupported() {
    assertEquals(ErrorCode.UNSUPPORTED_MEDIA, refusal("audio/wav", null, null));
    assertEquals(ErrorCode.UNSUPPORTED_MEDIA, refusal("image/png", null, null));
    assertEquals(ErrorCode.UNSUPPORTED_MEDIA, refusal(null, null, null));
  }

  @Test
  void aDurationOverTheLimitIsNamedWithTheLimit() {
    ChatException e = assertThrows(ChatException.class, () -> MediaKind.VOICE.checkDuration(12_400));
    assertEquals("Voice messages are at most 10 s (this one is 12.4 s).", e.getMessage());
    MediaKind.VIDEO.checkDuration(15_000 + MediaKind.TOLERANCE_MILLIS);
  }

  private static ErrorCode refusal(String type, String kind, String duration) {
    return assertThrows(ChatException.class, () -> MediaClaim.parse(type, kind, duration)).code();
  }
}
