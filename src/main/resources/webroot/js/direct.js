// Direct messages, the parts together: this browser's device key (keyring.js), the conversation list in the
// sidebar (conversations.js), one message log per person (a MessageView on #dm-messages) and the open
// conversation's header, safety numbers and message box (dmview.js). A conversation replaces the channel
// view while open; the session's `dm`, `private` and `newkey` events come here.
import * as api from './api.js';
import { showSendError } from './composer.js';
import { ConversationList } from './conversations.js';
import { DirectView } from './dmview.js';
import { Keyring } from './keyring.js';
import { MessageView } from './messages.js';
import { $ } from './ui.js';

const same = (a, b) => a.toLowerCase() === b.toLowerCase();

export class Direct {
  #me;
  #command;
  #opened;
  #keyring;
  #list;
  #log;
  #view;
  #ready = Promise.resolve(null); // this browser's device, once published (null when it cannot be)
  #account = false; // visitors have no direct messages
  #open = null; // the person whose conversation is on screen, or null
  #loaded = new Map(); // lower-case name -> Promise of its latest page of history, shown

  /**
   * @param command sends a chat command and resolves to its reply
   * @param me function returning the signed-in name
   * @param opened called when a conversation takes the channel's place (the library closes, ...)
   */
  constructor({ command, me, opened, signal }) {
    this.#me = me;
    this.#command = command;
    this.#opened = opened;
    this.#keyring = new Keyring(me);
    this.#log = new MessageView($('#dm-messages'), {
      me,
      fetchOlder: (lower, before, limit) => this.#page(lower, before, limit),
      actions: () => null,
      signal,
    });
    this.#view = new DirectView({ command, keyring: this.#keyring, me, sent: (message) => this.#sent(message), signal });
    this.#list = new ConversationList({ me, onPick: (name) => this.open(name), onStart: (name) => this.#start(name), signal });
  }

  /** Every (re)connection: an account publishes this browser's key (once), lists its conversations and fetches what it missed. */
  connected({ role }) {
    this.#account = role !== 'visitor';
    $('#dm-section').hidden = !this.#account;
    if (!this.#account) return;
    this.#ready = this.#keyring.start();
    this.#ready.then(() => {
      $('#dm-device-note').textContent = this.#keyring.problem ?? ''; // e.g. plain http: no encryption here
    });
    this.#list.load();
    for (const lower of this.#loaded.keys()) {
      this.#log.catchUp(lower, this.#log.newestId(lower)).catch((error) => console.warn('Missed direct messages:', error.message));
    }
    if (this.#open) this.#view.refresh();
  }

  stop() {
    this.close();
    this.#log.detach();
    for (const id of ['#dm-list', '#dm-messages', '#dm-verify']) $(id).replaceChildren();
    for (const id of ['#dm-error', '#new-dm-error', '#dm-note', '#dm-device-note']) $(id).textContent = '';
    $('#dm-input').value = '';
    $('#dm-section').hidden = true; // until the next sign-in says whether it is an account's
  }

  get isOpen() {
    return this.#open !== null;
  }

  /** Shows the conversation with `name` in the channel's place, its history fetched the first time. */
  open(name) {
    if (!this.#account) {
      showSendError('Visitors cannot send private messages; sign up to talk.');
      return;
    }
    const again = this.#open !== null && same(this.#open, name);
    this.#opened();
    if (again) return; // already on screen: the draft in the box stays
    this.#open = name;
    $('#dm').hidden = false;
    $('#chat').classList.add('dm-open');
    this.#log.show(name.toLowerCase());
    this.#list.show(name);
    this.#view.show(name);
    this.#load(name.toLowerCase());
    $('#dm-input').focus();
  }

  /** Back to the channel. */
  close() {
    if (this.#open === null) return;
    this.#open = null;
    $('#dm').hidden = true;
    $('#chat').classList.remove('dm-open');
    this.#log.detach();
    this.#list.show(null);
  }

  /** "/msg name text" in a channel: the conversation with name opens and the text is sent from there. */
  async compose(name, text) {
    if (!this.#account) throw new Error('Visitors cannot send private messages; sign up to talk.');
    this.open(name);
    $('#dm-input').value = text;
    await this.#view.submit();
  }

  /** @return whether the event was about direct messages */
  onEvent(event) {
    if (event.type === 'dm' || event.type === 'private') this.#received(event);
    else if (event.type === 'newkey') this.#newKey(event);
    else return false;
    return true;
  }

  /** The form in the sidebar: someone with an account, or online (e.g. on telnet). @return an error text, or null */
  async #start(name) {
    let spelled = name;
    try {
      spelled = (await this.#keyring.keysOf(name))[0]?.user ?? name; // as its owner spells it
    } catch (error) {
      if (error.code !== 'NO_SUCH_USER') return error.message;
      const { users } = await this.#command({ type: 'users' }).catch(() => ({ users: [] }));
      const online = users.find((user) => same(user.name, name));
      if (!online) return `Nobody called ${name} has an account or is online.`;
      spelled = online.name;
    }
    this.open(spelled);
    return null;
  }

  /** The latest page of a conversation, once; a notice waits for it so that it lands after the history. */
  #load(lower) {
    let loaded = this.#loaded.get(lower);
    if (!loaded) {
      loaded = this.#log.catchUp(lower, null).catch((error) => {
        this.#loaded.delete(lower);
        this.#log.notice(lower, `Messages could not be loaded: ${error.message}`);
      });
      this.#loaded.set(lower, loaded);
    }
    return loaded;
  }

  /** A page of history, newest first, each message opened (decrypted) for this browser. */
  async #page(lower, before, limit) {
    await this.#ready;
    const messages = await api.conversation(lower, { before, limit });
    return Promise.all(messages.map((message) => this.#keyring.open(message)));
  }

  /** A live message, from either side, on any of both people's devices (the same one can come twice). */
  async #received(event) {
    const fromMe = same(event.from, this.#me());
    const partner = fromMe ? event.to : event.from;
    await this.#ready;
    const message = await this.#keyring.open(event);
    this.#log.add(partner.toLowerCase(), [message]);
    this.#list.activity(partner, { id: event.id, at: event.at, fromMe });
  }

  /** Sent from here: shown at once (the `dm` event may come later, or first; the log keeps one). */
  #sent(message) {
    this.#log.add(message.to.toLowerCase(), [message]);
    this.#list.activity(message.to, { id: message.id, at: message.at, fromMe: true });
  }

  /** "alice has a new device": in the conversation with her (one of ours: in the open one), fingerprint computed here. */
  async #newKey({ user, id }) {
    const mine = same(user, this.#me());
    if (mine && id === (await this.#ready)?.id) return; // this browser's own key
    this.#keyring.forget(user);
    const where = mine ? this.#open : user;
    let key;
    try {
      key = await this.#keyring.announced(user, id);
    } catch (error) {
      console.warn(`Could not fetch ${user}'s new key:`, error.message);
    }
    if (!key || !where) return;
    await this.#load(where.toLowerCase());
    const who = mine ? 'You have' : `${user} has`;
    this.#log.notice(where.toLowerCase(), `${who} a new device: ${key.device} (fingerprint ${key.fingerprint})`);
    if (this.#open && same(this.#open, where)) this.#view.refresh();
  }
}
