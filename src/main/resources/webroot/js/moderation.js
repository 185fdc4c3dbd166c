// Moderation on the page: the user's role in each joined channel (the `join` reply, then `moderator`
// events), the buttons on a message (delete, time out, ban) for those allowed, and sending what they ask.
// The server decides every action; the buttons only spare people offers it would refuse.
import { showSendError } from './composer.js';
import { $, el } from './ui.js';

/** Ranks as the server has them: someone may time out or ban only people ranked below them. */
const RANK = { moderator: 1, owner: 2, admin: 3 };
const TIMEOUT_SECONDS = 600; // the server's default too, as on Twitch
const CONFIRM_MS = 5000; // a ban asks once more: the second click must come this soon

const lower = (name) => String(name ?? '').toLowerCase();

export class Moderation {
  #command;
  #me;
  #role;
  #channel;
  #channels = new Map(); // channel -> {role, owner, moderators: Set of lower-case names}
  #confirming = null; // {button, timer} while a ban waits for its second click

  /**
   * @param command sends a chat command and resolves to its reply
   * @param me the signed-in name; @param role the user's server-wide role (admins moderate everywhere)
   * @param channel the channel being read: the messages on screen are its
   */
  constructor({ command, me, role, channel, signal }) {
    this.#command = command;
    this.#me = me;
    this.#role = role;
    this.#channel = channel;
    const messages = $('#messages');
    messages.addEventListener('click', (event) => this.#clicked(event), { signal });
    messages.addEventListener('focusout', (event) => {
      if (this.#confirming?.button === event.target) this.#stopConfirming();
    }, { signal });
  }

  /** What a `join` reply says: the user's role there, the owner and the moderators. */
  joined(channel, { role = null, owner = null, moderators = [] }) {
    this.#channels.set(channel, { role, owner: lower(owner), moderators: new Set(moderators.map(lower)) });
  }

  forget(channel) {
    this.#channels.delete(channel);
  }

  /** A channel event. @return true when who may act on what changed there (a moderator came or went) */
  onEvent(event) {
    const state = this.#channels.get(event.channel);
    if (event.type !== 'moderator' || !state) return false;
    const name = lower(event.user);
    if (event.moderator) state.moderators.add(name);
    else state.moderators.delete(name);
    if (name === lower(this.#me()) && state.role !== 'owner' && state.role !== 'admin') {
      state.role = event.moderator ? 'moderator' : 'user';
    }
    return true;
  }

  /** Whether the user moderates the channel: its owner, one of its moderators, or an admin. */
  moderates(channel) {
    return this.#rank(channel) > 0;
  }

  /** The buttons for a channel message: delete (its author, moderators), time out and ban (moderators, on others). */
  actionsFor(channel, { from }) {
    const mine = lower(from) === lower(this.#me());
    const rank = this.#rank(channel);
    const buttons = [];
    if (mine || rank > 0) buttons.push(button('delete', 'Delete', `Delete this message from ${from}`));
    if (!mine && rank > this.#rankOf(channel, from)) {
      buttons.push(button('timeout', 'Timeout', `Time ${from} out of ${channel} for 10 minutes`));
      buttons.push(button('ban', 'Ban', `Ban ${from} from ${channel}`));
    }
    if (buttons.length === 0) return null;
    const group = el('span', 'actions');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', `Actions on this message from ${from}`);
    group.append(...buttons);
    return group;
  }

  #rank(channel) {
    const role = this.#channels.get(channel)?.role;
    return Math.max(RANK[role] ?? 0, this.#role() === 'admin' ? RANK.admin : 0);
  }

  /** What the page knows of another user's rank; admins it cannot tell are refused by the server (PROTECTED_USER). */
  #rankOf(channel, name) {
    const state = this.#channels.get(channel);
    if (!state) return 0;
    if (state.owner === lower(name)) return RANK.owner;
    return state.moderators.has(lower(name)) ? RANK.moderator : 0;
  }

  async #clicked(event) {
    const target = event.target.closest('button[data-action]');
    const message = target?.closest('.message[data-id]');
    if (!message) return;
    const { action } = target.dataset;
    if (action === 'ban' && this.#confirming?.button !== target) {
      this.#confirm(target, message.dataset.from);
      return;
    }
    this.#stopConfirming();
    const channel = this.#channel();
    const name = message.dataset.from;
    const body = action === 'delete' ? { type: 'delete', channel, id: Number(message.dataset.id) }
      : action === 'timeout' ? { type: 'timeout', channel, name, seconds: TIMEOUT_SECONDS }
        : { type: 'ban', channel, name };
    target.disabled = true;
    try {
      await this.#command(body);
      showSendError('');
    } catch (error) {
      showSendError(error.message);
    } finally {
      target.disabled = false;
    }
  }

  /** Inline, no dialog: the button itself asks "Ban name?" and a second click within CONFIRM_MS bans. */
  #confirm(target, name) {
    this.#stopConfirming();
    target.classList.add('confirming');
    target.textContent = `Ban ${name}?`;
    target.setAttribute('aria-label', `Confirm: ban ${name} from ${this.#channel()}`);
    this.#confirming = { button: target, timer: setTimeout(() => this.#stopConfirming(), CONFIRM_MS) };
  }

  #stopConfirming() {
    if (!this.#confirming) return;
    const { button: target, timer } = this.#confirming;
    clearTimeout(timer);
    this.#confirming = null;
    target.classList.remove('confirming');
    target.textContent = 'Ban';
    target.setAttribute('aria-label', target.title);
  }
}

function button(action, text, label) {
  const node = el('button', 'action', text);
  node.type = 'button';
  node.dataset.action = action;
  node.title = label;
  node.setAttribute('aria-label', label);
  return node;
}
