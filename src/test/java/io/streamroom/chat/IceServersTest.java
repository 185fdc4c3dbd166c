package io.streamroom.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ice.servers setting becomes the RTCIceServer list the page hands to RTCPeerConnection. */
class IceServersTest {
  @Test
  void stunAndTurnEntriesBecomeRtcIceServers() {
    JsonArray servers = IceServers.parse(List.of("stun:stun.example.org:3478", "turn:alice:s3cret@turn.example.org:3478?transport=tcp",
        "turns:bob:pw@turn.example.org:5349"));
    assertEquals(new JsonObject().put("urls", "stun:stun.example.org:3478"), servers.getJsonObject(0));
    assertEquals(new JsonObject().put("urls", "turn:turn.example.org:3478?transport=tcp").put("username", "alice")
        .put("credential", "s3cret"), servers.getJsonObject(1));
    assertEquals("turns:turn.example.org:5349", servers.getJsonObject(2).getString("urls"));
    assertTrue(IceServers.parse(List.of()).isEmpty(), "empty: host candidates only");
  }

  @Test
  void anythingElseIsRefusedNamingTheEntry() {
    for (String bad : List.of("http://stun.example.org", "stun:user:pw@host:3478", "turn:", "stun:host:3478 extra")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IceServers.parse(List.of(bad)));
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }
}
