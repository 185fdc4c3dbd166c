// Recording a voice message (at most 10 s, the microphone) or a video message (at most 15 s, camera and
// microphone) with MediaRecorder, under a message box: a countdown while recording, a preview to check
// before sending, Cancel and Send. At the limit recording stops by itself and waits for Send or Cancel.
// What to do with a finished recording (upload, encrypt, send) is the owner's `send`.
import { clock, playerFor } from './mediaplayer.js';
import { el } from './ui.js';

const KINDS = {
  voice: {
    noun: 'voice message', device: 'microphone', limitMs: 10_000,
    constraints: { audio: true },
    types: ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'],
  },
  video: {
    noun: 'video message', device: 'camera and microphone', limitMs: 15_000,
    constraints: { audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } },
    types: ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'],
  },
};
const BITS_PER_SECOND = { audioBitsPerSecond: 64_000, videoBitsPerSecond: 1_200_000 }; // 15 s of video: about 2.4 MB
const STOP_EARLY_MS = 100; // the recorder delivers its last data a moment after stop()
const TICK_MS = 200;

export class Recorder {
  #panel;
  #showError;
  #send;
  #take = null; // the recording under way or waiting to be sent

  /**
   * @param panel the element the recorder shows in (hidden while idle)
   * @param buttons {voice, video}: the buttons that start a recording
   * @param showError shows why something failed ('' clears it)
   * @param send ({blob, type, kind, durationMs, memo}) => Promise, rejected with a message to show; `memo`
   *     is the same object on every attempt to send one take (to keep an upload's id or a message key)
   */
  constructor({ panel, buttons, showError, send, signal }) {
    this.#panel = panel;
    this.#showError = showError;
    this.#send = send;
    for (const [kind, button] of Object.entries(buttons)) button.addEventListener('click', () => this.start(kind), { signal });
    panel.addEventListener('click', (event) => this.#act(event.target.closest('button[data-action]')?.dataset.action), { signal });
    signal.addEventListener('abort', () => this.cancel());
  }

  async start(kind) {
    if (this.#take) return;
    const spec = KINDS[kind];
    const type = globalThis.MediaRecorder && spec.types.find((t) => MediaRecorder.isTypeSupported(t));
    if (!navigator.mediaDevices?.getUserMedia || !type) {
      this.#showError(`This browser cannot record a ${spec.noun} here (recording needs https and a recent browser).`);
      return;
    }
    const take = { kind, spec, type, chunks: [], blob: null, durationMs: 0, sending: false, memo: {} };
    this.#take = take;
    try {
      take.stream = await navigator.mediaDevices.getUserMedia(spec.constraints);
    } catch (error) {
      this.#take = null;
      this.#showError(error.name === 'NotAllowedError'
        ? `Allow the ${spec.device} to record a ${spec.noun}.` : `The ${spec.device} could not be opened: ${error.message}`);
      return;
    }
    if (this.#take !== take) return this.#release(take); // cancelled while asking
    this.#showError('');
    take.recorder = new MediaRecorder(take.stream, { mimeType: type, ...BITS_PER_SECOND });
    take.recorder.ondataavailable = (event) => event.data.size && take.chunks.push(event.data);
    take.stopped = new Promise((resolve) => { take.recorder.onstop = resolve; });
    take.started = performance.now();
    take.recorder.start(1000);
    take.limit = setTimeout(() => this.#stop(take, `Stopped at the ${spec.limitMs / 1000} s limit.`), spec.limitMs - STOP_EARLY_MS);
    take.tick = setInterval(() => this.#showTime(take), TICK_MS);
    this.#render(take);
  }

  /** Drops the recording, whatever state it is in. */
  cancel() {
    const take = this.#take;
    if (!take) return;
    this.#take = null;
    this.#release(take);
    this.#panel.hidden = true;
    this.#panel.replaceChildren();
  }

  #act(action) {
    const take = this.#take;
    if (!take || !action) return;
    if (action === 'cancel') this.cancel();
    else if (action === 'stop') this.#stop(take, '');
    else if (action === 'send') this.#sendTake(take);
  }

  /** Ends recording and shows the result to play before sending. */
  async #stop(take, why) {
    if (take.recorder?.state === 'recording') {
      take.durationMs = Math.min(take.spec.limitMs, performance.now() - take.started);
      take.recorder.stop();
    }
    clearTimeout(take.limit);
    clearInterval(take.tick);
    await take.stopped;
    take.stream.getTracks().forEach((track) => track.stop());
    take.blob ??= new Blob(take.chunks, { type: take.type });
    if (this.#take === take && !take.sending) this.#render(take, why);
  }

  async #sendTake(take) {
    if (take.sending) return;
    take.sending = true;
    await this.#stop(take, '');
    this.#render(take, 'Sending…');
    try {
      await this.#send({ blob: take.blob, type: take.type, kind: take.kind, durationMs: take.durationMs, memo: take.memo });
      if (this.#take === take) this.cancel();
    } catch (error) {
      take.sending = false;
      if (this.#take !== take) return;
      this.#render(take, '');
      this.#showError(error.message); // the recording stays: Send tries again
    }
  }

  #release(take) {
    clearTimeout(take.limit);
    clearInterval(take.tick);
    if (take.recorder?.state === 'recording') take.recorder.stop();
    take.stream?.getTracks().forEach((track) => track.stop());
    if (take.previewUrl) URL.revokeObjectURL(take.previewUrl);
  }

  /** Recording: a live picture (video), the time and a progress bar. Done: a player of the take. */
  #render(take, status = '') {
    const { spec } = take;
    const recording = take.blob === null;
    const panel = this.#panel;
    panel.dataset.kind = take.kind;
    panel.dataset.state = recording ? 'recording' : take.sending ? 'sending' : 'ready';
    let preview = null;
    if (recording && take.kind === 'video') {
      preview = el('video', 'recorder-preview');
      Object.assign(preview, { muted: true, autoplay: true, playsInline: true, srcObject: take.stream });
    } else if (!recording) {
      take.previewUrl ??= URL.createObjectURL(take.blob);
      preview = playerFor(take.kind);
      preview.src = take.previewUrl;
    }
    const time = el('span', 'recorder-time');
    const progress = el('progress', 'recorder-progress');
    progress.max = spec.limitMs;
    const heading = recording ? `Recording a ${spec.noun}` : `Your ${spec.noun}, ${clock(take.durationMs)}`;
    panel.replaceChildren(...[
      preview,
      el('span', 'recorder-heading', heading),
      recording ? time : null,
      recording ? progress : null,
      el('span', 'recorder-status', status),
      button('cancel', 'Cancel', 'secondary', take.sending),
      recording ? button('stop', 'Stop', 'secondary', false) : null,
      button('send', 'Send', '', take.sending),
    ].filter(Boolean));
    panel.hidden = false;
    this.#showTime(take);
  }

  #showTime(take) {
    const elapsed = Math.min(take.spec.limitMs, performance.now() - take.started);
    const time = this.#panel.querySelector('.recorder-time');
    if (time) time.textContent = `${clock(elapsed)} · ${Math.ceil((take.spec.limitMs - elapsed) / 1000)} s left`;
    const progress = this.#panel.querySelector('.recorder-progress');
    if (progress) progress.value = elapsed;
  }
}

function button(action, text, className, disabled) {
  const node = el('button', `small ${className}`.trim(), text);
  node.type = 'button';
  node.dataset.action = action;
  node.disabled = disabled;
  return node;
}
