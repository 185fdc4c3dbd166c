// Plays a live stream's low-latency HLS (/hls/<name>/index.m3u8) with hls.js, with sound, and tells how far
// behind the camera the picture is: the playlist stamps each segment with its capture time
// (EXT-X-PROGRAM-DATE-TIME), and hls.js knows the time of the frame on screen (playingDate).
import Hls from '../webjars/hls.js/1.4.12/dist/hls.mjs';
import { playWithSound } from './relayplayer.js';

export class HlsPlayer {
  #hls = null;
  #video;
  #frames = { count: 0, at: performance.now(), fps: 0 };
  #sound = null;

  /** @param onFatal (details) => void: the stream cannot be played (the caller falls back to pictures) */
  constructor(url, video, { onFatal }) {
    this.#video = video;
    if (Hls.isSupported()) {
      // No worker: it would need a blob: script, which the page's CSP does not allow.
      this.#hls = new Hls({ lowLatencyMode: true, enableWorker: false, backBufferLength: 30 });
      this.#hls.on(Hls.Events.ERROR, (event, data) => {
        if (data.fatal) onFatal(data.details);
      });
      this.#hls.loadSource(namedPlayer(url));
      this.#hls.attachMedia(video);
      this.#hls.on(Hls.Events.MANIFEST_PARSED, () => playWithSound(video));
      // fMP4 with both tracks in one init is one "audiovideo" buffer in hls.js.
      this.#hls.on(Hls.Events.BUFFER_CODECS, (event, tracks) => { this.#sound = Boolean(tracks.audio || tracks.audiovideo); });
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = namedPlayer(url); // Safari plays HLS itself
      playWithSound(video);
    } else {
      onFatal('this browser plays no HLS');
    }
  }

  /** Whether the stream carries sound; null until its tracks are known. */
  get sound() {
    return this.#sound;
  }

  /** Milliseconds from capture to the frame on screen, or null before the first one. */
  get latency() {
    const date = this.#hls?.playingDate;
    return date ? Math.max(0, Date.now() - date.getTime()) : null;
  }

  /** Frames shown per second, over the last second or so. */
  get fps() {
    const quality = this.#video.getVideoPlaybackQuality?.();
    if (!quality) return null;
    const now = performance.now();
    if (now - this.#frames.at >= 1000) {
      this.#frames.fps = (quality.totalVideoFrames - this.#frames.count) * 1000 / (now - this.#frames.at);
      this.#frames.count = quality.totalVideoFrames;
      this.#frames.at = now;
    }
    return this.#frames.fps;
  }

  close() {
    this.#hls?.destroy();
    this.#hls = null;
    this.#video.removeAttribute('src');
    this.#video.load();
  }
}

/**
 * The playlist's URL with this player's random name, which every reload keeps: the server counts players by it
 * (HLS has no sessions, and a player may reload on any of its connections).
 */
function namedPlayer(url) {
  const named = new URL(url, location.href);
  const id = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
  named.searchParams.set('player', id);
  return named.href;
}
