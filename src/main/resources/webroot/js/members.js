// The right sidebar: the current channel's members (the `who` command), each with a badge for a role
// that moderates (owner, admin, moderator) and a status; asked again, once for a burst, when the channel
// says someone came, left, changed or was moderated. Clicking a name opens the direct conversation with them.
import { $, el } from './ui.js';

const REFRESH_DELAY_MS = 300; // one `who` for a burst of joins, parts and status changes
const ORDER = { owner: 0, admin: 1, moderator: 2 }; // listed first, in this order; everyone else after
/** Channel events after which the member list may differ. */
export const MEMBER_EVENTS = new Set(['join', 'part', 'kick', 'ban', 'moderator', 'rename', 'status']);

export class MemberList {
  #command;
  #me;
  #channel = null;
  #timer = null;
  #asked = 0; // numbers the `who` requests: only the latest one's answer is shown

  /**
   * @param command sends a chat command and resolves to its reply
   * @param me the signed-in name
   * @param onPick called with a member's name when it is clicked (not one's own)
   */
  constructor({ command, me, onPick, signal }) {
    this.#command = command;
    this.#me = me;
    $('#users').addEventListener('click', (event) => {
      const name = event.target.closest('li[data-user]')?.dataset.user;
      if (name && name !== this.#me()) onPick(name);
    }, { signal });
  }

  /** The channel being read changed: list its members. */
  show(channel) {
    this.#channel = channel;
    $('#users-heading').textContent = `In ${channel}`;
    this.refresh();
  }

  /** Lists again soon when `channel` (or, without one, the current channel) may have changed. */
  refreshSoon(channel = this.#channel) {
    if (channel !== this.#channel) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  async refresh() {
    clearTimeout(this.#timer);
    const channel = this.#channel;
    const ask = ++this.#asked;
    if (channel === null) return;
    try {
      const { members } = await this.#command({ type: 'who', channel });
      if (ask === this.#asked) render(members, this.#me());
    } catch (error) {
      console.warn(`Could not list the members of ${channel}:`, error.message);
    }
  }

  stop() {
    clearTimeout(this.#timer);
    this.#asked++;
  }
}

/** One li[data-user] per member: moderating roles first, then by name; role and status as text. */
function render(members, me) {
  const rank = ({ role }) => ORDER[role] ?? 3;
  const sorted = [...members].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  $('#users').replaceChildren(...sorted.map(({ name, status, role }) => {
    const item = el('li');
    item.dataset.user = name;
    item.dataset.status = status;
    if (role) item.dataset.role = role;
    const button = el('button', 'name', name);
    button.type = 'button';
    button.title = name === me ? 'You' : `Message ${name} privately`;
    item.append(el('span', 'dot'), button);
    if (role in ORDER) item.append(el('span', 'badge role', role));
    item.append(el('span', 'status', status));
    return item;
  }));
}
