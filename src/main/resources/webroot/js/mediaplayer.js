// Voice and video messages in a message list. The length is written beside the player: MediaRecorder's
// WebM carries none a player could show. A video gets its first frame as poster. A channel's recording is
// played from the server (the token in the URL, since a media element sends no headers); a direct
// message's is fetched, decrypted here and played from a blob: URL.
import * as api from './api.js';
import { openRecording } from './e2e.js';
import { token } from './session.js';
import { el } from './ui.js';

const KIND = { voice: 'Voice message', video: 'Video message' };

/** 7400 -> "0:07", 75000 -> "1:15". */
export function clock(millis) {
  const seconds = Math.round(millis / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * div.media.voice|video: a player and its length. `media` is a channel's {id, url, kind, durationMs} or a
 * direct message's {id, kind, type, durationMs, key, iv}, whose key opens it.
 */
export function mediaNode(media) {
  const node = el('div', `media ${media.kind}`);
  const player = playerFor(media.kind);
  player.setAttribute('aria-label', `${KIND[media.kind]}, ${clock(media.durationMs)}`);
  node.append(player, el('span', 'duration', clock(media.durationMs)));
  if (media.key === undefined) {
    player.src = `media/${media.id}?token=${encodeURIComponent(token())}`;
  } else {
    decrypted(media).then((url) => {
      player.src = url;
    }, (error) => {
      console.warn(`Could not open recording ${media.id}:`, error.message);
      node.append(el('span', 'media-error', 'This recording could not be opened.'));
    });
  }
  return node;
}

/** An <audio> or <video> element with controls; a video shows its first frame until played. */
export function playerFor(kind) {
  const player = el(kind === 'video' ? 'video' : 'audio');
  player.controls = true;
  if (kind === 'video') {
    player.playsInline = true;
    player.preload = 'auto'; // at most a few MB: enough to have the first frame for the poster
    player.addEventListener('loadeddata', () => posterFrom(player), { once: true });
  } else {
    player.preload = 'metadata';
  }
  return player;
}

async function decrypted(media) {
  const plain = await openRecording(await api.recordingBytes(media.id), media);
  return URL.createObjectURL(new Blob([plain], { type: media.type }));
}

/** The frame on screen now, kept as the poster (so it stays when the video is reset or reloaded). */
function posterFrom(video) {
  if (video.poster || !video.videoWidth) return;
  const canvas = el('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  video.poster = canvas.toDataURL('image/jpeg', 0.8);
}
