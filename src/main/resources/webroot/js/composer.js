// The message box: what the user types becomes a `say` in the current channel, a private message (/msg),
// or a moderation command (/timeout, /ban, ... see slash.js). A `say` goes with a key so that sending the
// same text again after an unconfirmed answer never posts it twice.
import { randomHex } from './bus.js';
import { slashCommand } from './slash.js';
import { $ } from './ui.js';

/** 128 random bits: a key no other message of this user has. */
const newMessageKey = () => randomHex(16);

/** Shows why the last thing the user asked for did not happen (or clears it with ''). */
export function showSendError(message) {
  $('#send-error').textContent = message;
}

export class Composer {
  #command;
  #channel;
  #view;
  #me;
  #sending = false;
  #unconfirmed = null; // { channel, text, key } of a send the server could not confirm: a retry reuses its key

  /**
   * @param command sends a chat command and resolves to its reply
   * @param channel the channel being read, where a message goes
   * @param view the MessageView private messages are shown in
   * @param me the signed-in user's name
   */
  constructor({ command, channel, view, me }) {
    this.#command = command;
    this.#channel = channel;
    this.#view = view;
    this.#me = me;
  }

  async submit() {
    const input = $('#message-input');
    const text = input.value.trim();
    if (!text || this.#sending) return;
    this.#sending = true;
    try {
      const privately = /^\/msg\s+(\S+)\s+(.+)$/s.exec(text);
      const channel = this.#channel();
      const command = privately ? null : slashCommand(text, channel);
      if (privately) await this.#sendPrivate(privately[1], privately[2]);
      else if (command) await this.#command(command);
      else await this.#say(channel, text.startsWith('//') ? text.slice(1) : text); // "//x" says "/x"
      input.value = '';
      showSendError('');
    } catch (error) {
      showSendError(error.message);
    } finally {
      this.#sending = false;
    }
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

  async #sendPrivate(to, text) {
    const reply = await this.#command({ type: 'private', to, text });
    this.#view.addPrivate({ id: reply.id, from: this.#me(), to: reply.to, text, at: Date.now() });
  }
}
