// Who is online, and the status the user chose: kept across reconnects, shown in the sidebar.
import { showSendError } from './composer.js';
import { $, renderUsers } from './ui.js';

const USERS_REFRESH_DELAY_MS = 300; // one `users` query for a burst of joins, parts and status changes

export class Presence {
  #command;
  #me;
  #status = null; // the status chosen here, restored after a reconnect
  #timer = null;

  /** @param command sends a chat command; @param me the signed-in user's name */
  constructor({ command, me }) {
    this.#command = command;
    this.#me = me;
  }

  /** A new session starts online: the status chosen before a reconnect is asked for again. */
  connected(sessionStatus) {
    const wanted = this.#status;
    this.#status = sessionStatus;
    $('#status-select').value = sessionStatus;
    if (wanted !== null && wanted !== sessionStatus) this.changeStatus(wanted);
    this.refresh();
  }

  async changeStatus(status) {
    try {
      const reply = await this.#command({ type: 'status', status });
      this.#status = reply.status;
      this.refreshSoon();
    } catch (error) {
      showSendError(error.message);
    }
    $('#status-select').value = this.#status;
  }

  refreshSoon() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.refresh(), USERS_REFRESH_DELAY_MS);
  }

  async refresh() {
    try {
      const { users } = await this.#command({ type: 'users' });
      renderUsers(users, this.#me());
    } catch (error) {
      console.warn('Could not list users:', error.message);
    }
  }

  stop() {
    clearTimeout(this.#timer);
  }
}
