// Watching a browser's stream through the server: WebM pieces over a WebSocket, played with Media Source
// Extensions. A text message {"type":"init","mime","startedAt"} starts (or restarts) the stream; binary
// messages are WebM to append, in order. The player stays near the live edge and keeps little buffered.
const LIVE_EDGE_S = 0.3; // how far behind the newest data playback sits
const BEHIND_S = 1.5; // further behind than this, it jumps forward
const KEEP_S = 10; // played data older than this is removed
const MAX_QUEUED = 200; // pieces waiting to be appended; more means this device cannot keep up
const LATENCY_WEIGHT = 0.2;

/** Plays with sound if the browser allows it (the user has used the page), else muted: its controls unmute. */
export function playWithSound(video) {
  video.play().catch(() => {
    video.muted = true;
    return video.play();
  }).catch(() => {});
}

export class RelayPlayer {
  #video;
  #socket;
  #source = null;
  #buffer = null;
  #queue = [];
  #startedAt = null;
  #latency = null;
  #timer;

  constructor(url, video) {
    this.#video = video;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = ({ data }) => (typeof data === 'string' ? this.#init(JSON.parse(data)) : this.#append(data));
    this.#socket = socket;
    this.#timer = setInterval(() => this.#keepUp(), 500);
  }

  /** Milliseconds from the streamer's camera to this screen (smoothed), or null. */
  get latency() {
    return this.#latency === null ? null : Math.round(this.#latency);
  }

  close() {
    clearInterval(this.#timer);
    this.#socket.onmessage = null;
    this.#socket.close(1000);
    this.#detach();
  }

  #init({ mime, startedAt }) {
    this.#detach();
    this.#startedAt = startedAt ?? null;
    if (!globalThis.MediaSource?.isTypeSupported(mime)) {
      console.warn(`This browser cannot play ${mime}`);
      return;
    }
    const source = new MediaSource();
    this.#source = source;
    source.addEventListener('sourceopen', () => {
      if (this.#source !== source) return;
      this.#buffer = source.addSourceBuffer(mime);
      this.#buffer.addEventListener('updateend', () => this.#pump());
      this.#pump();
    }, { once: true });
    this.#video.srcObject = null; // a direct attempt's stream would win over src
    this.#video.src = URL.createObjectURL(source);
    playWithSound(this.#video);
  }

  #append(data) {
    if (!this.#source) return; // before the first init: useless without it
    if (this.#queue.length >= MAX_QUEUED) this.#queue.length = 0; // the next keyframe comes within a second
    this.#queue.push(data);
    this.#pump();
  }

  #pump() {
    const buffer = this.#buffer;
    if (!buffer || buffer.updating || this.#queue.length === 0 || this.#source.readyState !== 'open') return;
    try {
      buffer.appendBuffer(this.#queue.shift());
    } catch (error) {
      console.warn('Dropped relayed video:', error.message);
      this.#queue.length = 0;
    }
  }

  /** Near the live edge, with a bounded buffer; the latency follows the stream's own clock. */
  #keepUp() {
    const video = this.#video;
    const buffer = this.#buffer;
    if (!buffer || video.buffered.length === 0) return;
    const end = video.buffered.end(video.buffered.length - 1);
    if (end - video.currentTime > BEHIND_S || video.currentTime < video.buffered.start(0)) video.currentTime = Math.max(0, end - LIVE_EDGE_S);
    if (video.paused) playWithSound(video);
    if (!buffer.updating && video.currentTime - video.buffered.start(0) > 2 * KEEP_S) buffer.remove(0, video.currentTime - KEEP_S);
    if (this.#startedAt !== null && video.currentTime > 0) {
      const sample = Date.now() - (this.#startedAt + video.currentTime * 1000);
      this.#latency = this.#latency === null ? sample : this.#latency + LATENCY_WEIGHT * (sample - this.#latency);
    }
  }

  #detach() {
    this.#queue.length = 0;
    this.#buffer = null;
    if (this.#source) {
      URL.revokeObjectURL(this.#video.src);
      this.#source = null;
      this.#video.removeAttribute('src');
      this.#video.load();
    }
  }
}
