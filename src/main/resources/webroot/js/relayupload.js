// The stream with sound, recorded (MediaRecorder, WebM) and sent to the server for the viewers it relays
// (those past the direct-viewer limit and those whose direct connection failed), and for the stream's HLS
// and recording when the server makes them. A keyframe every second lets
// a viewer join at any moment. A connection that cannot keep up starts a fresh recording instead of piling up.
const TYPES = ['video/webm;codecs=vp8,opus', 'video/webm'];
const OPTIONS = { videoBitsPerSecond: 1_000_000, audioBitsPerSecond: 64_000, videoKeyFrameIntervalDuration: 1000 };
const SLICE_MS = 100; // each piece goes out at once: the relay's latency starts here
const MAX_BUFFERED_BYTES = 1024 * 1024; // about 8 s at 1 Mbit/s: the connection is not keeping up
const RETRY_MS = 2000;

export class RelayUpload {
  #url;
  #onProblem;
  #socket = null;
  #recorder = null;
  #stopped = false;

  /** @param url the media ingest WebSocket (with its token) */
  constructor(url, onProblem) {
    this.#url = url;
    this.#onProblem = onProblem;
  }

  start(stream) {
    const type = TYPES.find((t) => globalThis.MediaRecorder?.isTypeSupported(t));
    if (!type) {
      this.#onProblem('This browser cannot record the stream for viewers the server relays.');
      return;
    }
    const url = new URL(this.#url);
    url.searchParams.set('type', type);
    const socket = new WebSocket(url);
    this.#socket = socket;
    socket.onopen = () => {
      const recorder = new MediaRecorder(stream, { mimeType: type, ...OPTIONS });
      this.#recorder = recorder;
      recorder.onstart = () => socket.send(JSON.stringify({ startedAt: Date.now() }));
      recorder.ondataavailable = ({ data }) => {
        if (socket.readyState !== WebSocket.OPEN || data.size === 0) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) this.#restart(stream);
        else socket.send(data);
      };
      recorder.start(SLICE_MS);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket || this.#stopped) return;
      this.#halt();
      if (event.code === 4403 || event.code === 1003) this.#onProblem(`The server refused the relayed stream: ${event.reason || event.code}`);
      else setTimeout(() => this.#stopped || this.start(stream), RETRY_MS);
    };
  }

  stop() {
    this.#stopped = true;
    this.#halt();
  }

  #restart(stream) {
    this.#halt();
    this.start(stream);
  }

  #halt() {
    if (this.#recorder?.state === 'recording') this.#recorder.stop();
    this.#recorder = null;
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000);
    }
  }
}
