// Watching a channel's live stream: binary frames over a WebSocket, shown in an <img>.
// Each message is 8 bytes of sequence number, 8 bytes of capture time (epoch ms), both big-endian, then a JPEG.
const HEADER_BYTES = 16;
const FPS_WINDOW_MS = 1000;
const LATENCY_WEIGHT = 0.2; // of the newest sample in the smoothed latency: steady, yet follows real changes

export class Viewer {
  #img;
  #socket;
  #onFrame;
  #pending = null; // the newest frame not yet shown; older ones are simply dropped
  #loadingUrl = null;
  #shownUrl = null;
  #shownAt = []; // performance.now() of each frame shown within the last FPS_WINDOW_MS
  #latency = null;
  #closed = false;

  /** onFrame() after each frame shown; onClose() once when the socket closes, whoever closed it. */
  constructor(url, img, { onFrame, onClose }) {
    this.#img = img;
    this.#onFrame = onFrame;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = () => {
      if (!this.#closed) onClose();
    };
    this.#socket = socket;
  }

  /** Frames shown over the last second. */
  get fps() {
    this.#forgetOld(performance.now());
    return this.#shownAt.length;
  }

  /** Smoothed milliseconds from capture to display, or null before the first frame. */
  get latency() {
    return this.#latency === null ? null : Math.round(this.#latency);
  }

  /** Stops watching and blanks the picture; no callbacks after this. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.onclose = null;
    this.#socket.close();
    this.#pending = null;
    this.#img.onload = null;
    this.#img.onerror = null;
    this.#img.removeAttribute('src'); // aborts a load in flight, so its URL can go too
    this.#img.removeAttribute('data-seq');
    for (const url of [this.#loadingUrl, this.#shownUrl]) if (url) URL.revokeObjectURL(url);
    this.#loadingUrl = this.#shownUrl = null;
  }

  #receive(data) {
    if (this.#closed || !(data instanceof ArrayBuffer) || data.byteLength <= HEADER_BYTES) return;
    const header = new DataView(data);
    this.#pending = {
      seq: header.getBigUint64(0).toString(), // a BigInt: no precision lost, whatever the server counts from
      capturedAt: Number(header.getBigInt64(8)),
      jpeg: new Uint8Array(data, HEADER_BYTES),
    };
    if (this.#loadingUrl === null) this.#showPending();
  }

  /** One decode at a time: frames that came in meanwhile wait as one, the newest. */
  #showPending() {
    const frame = this.#pending;
    if (!frame) return;
    this.#pending = null;
    const url = URL.createObjectURL(new Blob([frame.jpeg], { type: 'image/jpeg' }));
    this.#loadingUrl = url;
    this.#img.onload = () => this.#loaded(url, frame);
    this.#img.onerror = () => this.#failed(url);
    this.#img.src = url; // the old picture stays up until this one has loaded
  }

  #loaded(url, frame) {
    if (url !== this.#loadingUrl) return;
    if (this.#shownUrl) URL.revokeObjectURL(this.#shownUrl);
    this.#shownUrl = url;
    this.#loadingUrl = null;
    this.#img.dataset.seq = frame.seq;
    const now = performance.now();
    this.#shownAt.push(now);
    this.#forgetOld(now);
    const sample = Date.now() - frame.capturedAt;
    this.#latency = this.#latency === null ? sample : this.#latency + LATENCY_WEIGHT * (sample - this.#latency);
    this.#onFrame();
    this.#showPending();
  }

  /** A damaged JPEG: skip it, keep the last good picture. */
  #failed(url) {
    if (url !== this.#loadingUrl) return;
    URL.revokeObjectURL(url);
    this.#loadingUrl = null;
    if (this.#pending) this.#showPending();
    else if (this.#shownUrl) this.#img.src = this.#shownUrl; // still valid: revoked only when replaced
  }

  #forgetOld(now) {
    while (this.#shownAt.length && now - this.#shownAt[0] > FPS_WINDOW_MS) this.#shownAt.shift();
  }
}
