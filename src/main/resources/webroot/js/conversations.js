// The sidebar's direct messages: everyone the user has private messages with (GET /api/conversations), most
// recent first, marked while a message in it is unread, and the box that starts a conversation by name.
// What was read is kept per user in this browser's localStorage: the newest message id read per conversation.
import * as api from './api.js';
import { $, el } from './ui.js';

const READ_KEY = 'streamroom.dmread.';

export class ConversationList {
  #me;
  #list = []; // [{name, lastId, lastAt}], most recent first
  #read = null; // lower-case name -> newest message id read, as saved
  #unread = new Set(); // lower-case names
  #current = null; // lower-case name of the conversation on screen, or null

  /**
   * @param me function returning the signed-in name
   * @param onPick (name) => called when a conversation in the list is clicked
   * @param onStart (name) => Promise of an error text, or null once the conversation is open
   */
  constructor({ me, onPick, onStart, signal }) {
    this.#me = me;
    $('#dm-list').addEventListener('click', (event) => {
      const item = event.target.closest('li[data-conversation]');
      if (item) onPick(item.dataset.conversation);
    }, { signal });
    $('#new-dm-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = $('#new-dm-name');
      const name = input.value.trim().replace(/^@/, '');
      const error = !name ? 'Type the name of the person to message.'
        : name.toLowerCase() === me().toLowerCase() ? 'That is you: pick someone else.' : await onStart(name);
      $('#new-dm-error').textContent = error ?? '';
      if (error === null) input.value = '';
    }, { signal });
  }

  /** Lists the conversations again; those with a message newer than the last one read here are marked. */
  async load() {
    let list;
    try {
      list = await api.conversations();
    } catch (error) {
      console.warn('Could not list conversations:', error.message);
      return;
    }
    const firstTime = this.#loadRead() === null;
    this.#list = list;
    for (const { name, lastId } of list) {
      const lower = name.toLowerCase();
      // A browser that never kept marks starts with everything so far read, as a new Signal device does.
      if (firstTime || lower === this.#current) this.#markRead(name, lastId);
      else if (lastId > (this.#read[lower] ?? 0)) this.#unread.add(lower);
    }
    this.#saveRead();
    this.render();
    await Promise.all([...this.#unread].map((lower) => this.#unlessMine(lower)));
  }

  /** A conversation whose newest message we wrote (on another device) has nothing unread. */
  async #unlessMine(lower) {
    const newest = await api.conversation(lower, { limit: 1 }).catch(() => []);
    if (newest[0]?.from.toLowerCase() === this.#me().toLowerCase()) {
      this.#markRead(lower, newest[0].id);
      this.#saveRead();
      this.render();
    }
  }

  /** A message in the conversation with `name` (from either side): it moves to the top, unread unless seen. */
  activity(name, { id, at, fromMe }) {
    const lower = name.toLowerCase();
    const known = this.#list.find((entry) => entry.name.toLowerCase() === lower);
    const entry = known ?? { name, lastId: 0, lastAt: 0 };
    this.#list = [{ ...entry, lastId: Math.max(entry.lastId, id), lastAt: Math.max(entry.lastAt, at) },
      ...this.#list.filter((other) => other !== known)];
    if (fromMe || lower === this.#current) this.#markRead(name, id);
    else this.#unread.add(lower);
    this.#saveRead();
    this.render();
  }

  /** The conversation with `name` is on screen (null: none is): it counts as read. */
  show(name) {
    this.#current = name?.toLowerCase() ?? null;
    const entry = this.#list.find((listed) => listed.name.toLowerCase() === this.#current);
    if (entry) {
      this.#markRead(entry.name, entry.lastId);
      this.#saveRead();
    }
    this.render();
  }

  isUnread(name) {
    return this.#unread.has(name.toLowerCase());
  }

  /** One li[data-conversation] per person, plus the open one if it has no messages yet. */
  render() {
    const open = this.#current !== null && !this.#list.some((entry) => entry.name.toLowerCase() === this.#current);
    const entries = open ? [{ name: this.#current }, ...this.#list] : this.#list;
    $('#dm-list').replaceChildren(...entries.map(({ name }) => {
      const lower = name.toLowerCase();
      const item = el('li');
      item.dataset.conversation = name;
      item.classList.toggle('current', lower === this.#current);
      item.classList.toggle('unread', this.#unread.has(lower));
      const button = el('button', 'conversation-name', name);
      button.type = 'button';
      if (lower === this.#current) button.setAttribute('aria-current', 'true');
      if (this.#unread.has(lower)) button.append(el('span', 'visually-hidden', ' (unread)'));
      item.append(button);
      return item;
    }));
  }

  #markRead(name, id) {
    const lower = name.toLowerCase();
    if (this.#read === null) this.#loadRead();
    this.#read[lower] = Math.max(this.#read[lower] ?? 0, id);
    this.#unread.delete(lower);
  }

  /** @return the saved marks, or null when this browser has none for the user yet (then starts with {}) */
  #loadRead() {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(READ_KEY + this.#me().toLowerCase()));
    } catch {
      // damaged: start again
    }
    this.#read = saved && typeof saved === 'object' ? saved : {};
    return saved;
  }

  #saveRead() {
    if (this.#read) localStorage.setItem(READ_KEY + this.#me().toLowerCase(), JSON.stringify(this.#read));
  }
}
