// The message box: what the user types becomes a `say` in the current channel, a direct message (/msg, sent
// from the conversation with that person), or a moderation command (/timeout, /ban, ... see slash.js).
// Lines go out in the order entered; a `say` goes with a key so that sending the same text again after an
// unconfirmed answer never posts it twice. A voice or video message (recorder.js) is uploaded, then said
// as a message that carries it.
import * as api from './api.js';
import { randomHex } from './bus.js';
import { Recorder } from './recorder.js';
import { slashCommand } from './slash.js';
import { $ } from './ui.js';

/** 128 random bits: a key no other message of this user has. */
export const newMessageKey = () => randomHex(16);

/** Shows why the last thing the user asked for did not happen (or clears it with ''). */
export function showSendError(message) {
  $('#send-error').textContent = message;
}

export class Composer {
  #command;
  #channel;
  #privately;
  #queue = Promise.resolve(); // lines go out one after another, in the order they were entered
  #queued = null; // the line entered last, until it is sent: Enter again on the same text sends nothing more
  #unconfirmed = null; // { channel, text, key } of a send the server could not confirm: a retry reuses its key

  /**
   * @param command sends a chat command and resolves to its reply
   * @param channel the channel being read, where a message goes
   * @param privately (name, text) => Promise: "/msg name text" opens the conversation with name and sends it there
   */
  constructor({ command, channel, privately, signal }) {
    this.#command = command;
    this.#channel = channel;
    this.#privately = privately;
    new Recorder({ panel: $('#recorder'), buttons: { voice: $('#voice-btn'), video: $('#video-btn') },
      showError: showSendError, send: (take) => this.sendRecording(take), signal });
  }

  /** Sends the line in the box; one entered while another is on its way waits for it. */
  async submit() {
    const input = $('#message-input');
    const text = input.value.trim();
    if (!text || text === this.#queued) return;
    this.#queued = text;
    const channel = this.#channel();
    this.#queue = this.#queue.then(() => this.#send(input, channel, text));
    await this.#queue;
  }

  async #send(input, channel, text) {
    try {
      const privately = /^\/msg\s+(\S+)\s+(.+)$/s.exec(text);
      const command = privately ? null : slashCommand(text, channel);
      if (privately) await this.#privately(privately[1], privately[2]);
      else if (command) await this.#command(command);
      else await this.#say(channel, text.startsWith('//') ? text.slice(1) : text); // "//x" says "/x"
      if (input.value.trim() === text) input.value = ''; // not a line typed meanwhile
      showSendError('');
    } catch (error) {
      showSendError(error.message); // the line stays in the box, to send again
    } finally {
      if (this.#queued === text) this.#queued = null;
    }
  }

  /** Sends a finished recording to the channel being read, after the lines entered before it. */
  async sendRecording({ blob, type, memo }) {
    const channel = this.#channel();
    const sent = this.#queue.then(async () => {
      memo.upload ??= await api.uploadRecording(blob, { type }); // Send again after a failure uploads nothing twice
      memo.key ??= newMessageKey();
      await this.#command({ type: 'say', channel, media: memo.upload.id, key: memo.key });
    });
    this.#queue = sent.catch(() => {});
    await sent;
  }

  /** Sends with a key chosen here; sending the same text again after UNCONFIRMED reuses it, so no copy is posted. */
  async #say(channel, text) {
    const retry = this.#unconfirmed;
    const key = retry && retry.channel === channel && retry.text === text ? retry.key : newMessageKey();
    this.#unconfirmed = null;
    try {
      await this.#command({ type: 'say', channel, text, key });
    } catch (error) {
      if (error.code === 'UNCONFIRMED') this.#unconfirmed = { channel, text, key };
      throw error;
    }
  }
}
