// Going live from the browser: webcam frames drawn to a canvas, encoded as JPEG, one binary
// WebSocket message each (for MJPEG players and JPEG viewers). Nothing is ever queued: a tick that finds
// the last frame still on its way is skipped. The camera and microphone themselves go to viewers' browsers
// peer to peer (peersend.js), which gets them from `media`. The server says on this socket when it needs
// the recording with sound for itself ({"media": true}: the stream is recorded or watched over HLS).
const CAMERA = { video: { width: 640, height: 360 }, audio: true };
const JPEG_QUALITY = 0.7;
const MAX_BUFFERED_BYTES = 512 * 1024;

/** Why the server closed the ingest socket, by close code (see LiveHub and BrowserIngest). */
const CLOSED_BECAUSE = {
  4401: () => 'Your session has expired: sign in again to go live.',
  4403: (channel, reason) => reason || `You may not stream in ${channel}.`,
  4409: (channel) => `${channel} is already live.`,
  1009: () => 'A frame was too big for the server: choose a smaller size.',
  1003: (channel, reason) => `The server refused the video${reason ? `: ${reason}` : '.'}`,
  1000: (channel, reason) => `Your live stream in ${channel} was ${reason || 'stopped'}.`,
};

export class Broadcast {
  channel;
  #url;
  #rate;
  #size;
  #onEnd;
  #onMediaWanted;
  #camera = null; // the MediaStream
  #media; // Promise of it, for peer-to-peer sending
  #gotMedia;
  #video = null;
  #canvas = document.createElement('canvas');
  #socket = null;
  #timer = null;
  #encoding = false;
  #ended = false;

  /**
   * Opens the camera, then the ingest socket, and sends frames until stop() or a failure.
   * @param onEnd(message) once, when it ends by itself (not after stop()), saying why
   * @param onMediaWanted(wanted) whenever the server starts or stops needing the recording with sound
   */
  constructor(channel, url, { rate, size, onEnd, onMediaWanted }) {
    this.channel = channel;
    this.#url = url;
    this.#rate = rate;
    this.#size = size;
    this.#onEnd = onEnd;
    this.#onMediaWanted = onMediaWanted;
    this.#media = new Promise((resolve) => {
      this.#gotMedia = resolve;
    });
    this.#start().catch((error) => this.#end(cameraProblem(error)));
  }

  /** Promise of the camera and microphone, once they are open. */
  get media() {
    return this.#media;
  }

  /** Frames per second; takes effect at once. */
  setRate(rate) {
    this.#rate = rate;
    if (this.#timer !== null) this.#startTicking();
  }

  /** {width, height} of the frames sent; the next frame has it. */
  setSize(size) {
    this.#size = size;
  }

  /** Stopped here: no onEnd. */
  stop() {
    this.#finish();
  }

  async #start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new Error('The camera can only be used on a secure page (https, or localhost).');
    }
    // Without a microphone the stream goes out silent rather than not at all.
    const camera = await navigator.mediaDevices.getUserMedia(CAMERA)
      .catch((error) => (error.name === 'NotFoundError' ? navigator.mediaDevices.getUserMedia({ video: CAMERA.video }) : Promise.reject(error)));
    if (this.#ended) { // stopped while the browser was asking for permission
      stopTracks(camera);
      return;
    }
    this.#camera = camera;
    this.#gotMedia(camera);
    camera.getVideoTracks().forEach((track) => track.addEventListener('ended', () => this.#end('The camera stopped.')));
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = camera;
    this.#video = video;
    await video.play();
    if (this.#ended) return;

    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => this.#startTicking();
    socket.onmessage = ({ data }) => {
      if (typeof data === 'string') this.#onMediaWanted(JSON.parse(data).media === true);
    };
    socket.onclose = (event) => this.#end(closedBecause(this.channel, event));
  }

  #startTicking() {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#tick(), 1000 / this.#rate);
  }

  #tick() {
    const socket = this.#socket;
    const video = this.#video;
    if (this.#encoding || socket?.readyState !== WebSocket.OPEN || socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return;
    const { width, height } = this.#size;
    const canvas = this.#canvas;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    drawFitted(canvas.getContext('2d'), video, width, height);
    this.#encoding = true;
    canvas.toBlob((jpeg) => {
      this.#encoding = false;
      // A Blob goes out as one binary message.
      if (jpeg && !this.#ended && socket.readyState === WebSocket.OPEN) socket.send(jpeg);
    }, 'image/jpeg', JPEG_QUALITY);
  }

  #end(message) {
    if (this.#ended) return;
    this.#finish();
    this.#onEnd(message);
  }

  #finish() {
    this.#ended = true;
    clearInterval(this.#timer);
    this.#timer = null;
    if (this.#socket) {
      this.#socket.onclose = null;
      this.#socket.close(1000);
    }
    if (this.#camera) stopTracks(this.#camera);
    if (this.#video) this.#video.srcObject = null;
  }
}

function stopTracks(camera) {
  camera.getTracks().forEach((track) => track.stop());
}

/** The whole picture, letterboxed if the camera's shape differs from the frame's. */
function drawFitted(context, video, width, height) {
  const scale = Math.min(width / video.videoWidth, height / video.videoHeight);
  const w = video.videoWidth * scale;
  const h = video.videoHeight * scale;
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  context.drawImage(video, (width - w) / 2, (height - h) / 2, w, h);
}

function closedBecause(channel, { code, reason }) {
  const known = CLOSED_BECAUSE[code];
  if (known) return known(channel, reason);
  // 1006: no close frame, e.g. the handshake failed or the network dropped.
  return `The live stream to ${channel} was cut off${reason ? `: ${reason}` : ` (code ${code}).`}`;
}

function cameraProblem(error) {
  switch (error?.name) {
    case 'NotAllowedError': return 'The camera was not allowed. Allow it in the browser to go live.';
    case 'NotFoundError': return 'No camera was found.';
    case 'NotReadableError': return 'The camera is in use by another program.';
    default: return error?.message || 'The camera could not be started.';
  }
}
