// The status the user chose (online, away, invisible): kept across reconnects, shown in the top bar.
import { showSendError } from './composer.js';
import { $ } from './ui.js';

export class Presence {
  #command;
  #changed;
  #status = null; // the status chosen here, restored after a reconnect

  /** @param command sends a chat command; @param changed called after the status changed */
  constructor({ command, changed }) {
    this.#command = command;
    this.#changed = changed;
  }

  /** A new session starts online: the status chosen before a reconnect is asked for again. */
  connected(sessionStatus) {
    const wanted = this.#status;
    this.#status = sessionStatus;
    $('#status-select').value = sessionStatus;
    if (wanted !== null && wanted !== sessionStatus) this.changeStatus(wanted);
  }

  async changeStatus(status) {
    try {
      const reply = await this.#command({ type: 'status', status });
      this.#status = reply.status;
      this.#changed();
    } catch (error) {
      showSendError(error.message);
    }
    $('#status-select').value = this.#status;
  }
}
