// The open direct conversation around its messages: the header (with whom, and whether it is end-to-end
// encrypted), the Verify panel with safety numbers, and the message box, which encrypts for every device of
// both people. A person without keys (a telnet user, someone who never used the web page) can be sent a
// plain private message instead, but only after the user chose that on a clearly labelled button. Voice
// and video messages are sealed here under a key of their own, which travels in the envelopes.
import * as api from './api.js';
import { newMessageKey } from './composer.js';
import { sealRecording } from './e2e.js';
import { NoKeysError } from './keyring.js';
import { Recorder } from './recorder.js';
import { $, el } from './ui.js';

const SECURITY = { checking: 'Checking keys…', e2e: 'End-to-end encrypted', plain: 'Not encrypted', unknown: 'Keys not checked' };
const same = (a, b) => a.toLowerCase() === b.toLowerCase();

export class DirectView {
  #command;
  #keyring;
  #me;
  #sent;
  #name = null; // the person, as the conversation was opened
  #shown = 0; // counts show(): answers about an earlier conversation are dropped
  #sending = false;
  #queue = Promise.resolve(); // messages go out one after another, in the order entered
  #queued = null; // the text entered last, until sent: Enter again on it sends nothing more
  #unconfirmed = null; // {to, text, key} of a send the server could not confirm: a retry reuses its key
  #plainOk = new Set(); // lower-case names the user chose to write to without encryption (no keys)
  #offer = null; // the name a "Send not encrypted" button is offered for
  #recorder;

  /**
   * @param command sends a chat command and resolves to its reply
   * @param keyring this browser's key and the key directory
   * @param me function returning the signed-in name
   * @param sent called with {id, from, to, at, text, media?, tag?} once the server stored what was sent here
   */
  constructor({ command, keyring, me, sent, signal }) {
    this.#command = command;
    this.#keyring = keyring;
    this.#me = me;
    this.#sent = sent;
    const on = (selector, type, handler) => $(selector).addEventListener(type, handler, { signal });
    on('#dm-form', 'submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    on('#dm-plain-btn', 'click', async () => {
      if (this.#sending) return;
      this.#sending = true;
      await this.#sendPlain(this.#offer).finally(() => {
        this.#sending = false;
      });
    });
    on('#dm-verify-btn', 'click', () => this.#toggleVerify());
    this.#recorder = new Recorder({ panel: $('#dm-recorder'), buttons: { voice: $('#dm-voice-btn'), video: $('#dm-video-btn') },
      showError: (text) => this.#showError(text), send: (take) => this.sendRecording(take), signal });
    on('#dm-verify', 'click', (event) => this.#remove(event.target.closest('button[data-remove]')));
  }

  /** Shows the conversation with `name`: who, how it is protected, an empty box. */
  show(name) {
    this.#name = name;
    this.#shown++;
    this.#recorder.cancel(); // a recording made for someone else is not sent here
    $('#dm-with').textContent = name;
    $('#dm-input').value = '';
    this.#showError('');
    this.#showVerify(false);
    this.#setSecurity('checking', '');
    this.refresh();
  }

  /** Asks again whether messages to the person can be encrypted (their keys may have changed). */
  async refresh() {
    const { name } = this;
    const shown = this.#shown;
    const me = await this.#keyring.start();
    let state = 'plain';
    let why = this.#keyring.problem;
    if (me) {
      try {
        await this.#keyring.recipientKeys(name);
        state = 'e2e';
        why = `Only your devices and ${name}'s can read these messages. Compare safety numbers under Verify.`;
      } catch (error) {
        why = error.message;
        if (!(error instanceof NoKeysError)) state = 'unknown'; // the server could not be asked: sending will tell
      }
    }
    if (shown !== this.#shown) return;
    this.#setSecurity(state, why);
    if (!$('#dm-verify').hidden) this.#renderVerify();
  }

  get name() {
    return this.#name;
  }

  /** Sends what the box holds: encrypted, or plain when the user already chose that for this person. */
  async submit() {
    const input = $('#dm-input');
    const text = input.value.trim();
    const to = this.#name;
    if (!text || !to || text === this.#queued) return;
    this.#queued = text;
    this.#queue = this.#queue.then(() => this.#submitNow(input, to, text));
    await this.#queue;
  }

  async #submitNow(input, to, text) {
    this.#sending = true;
    try {
      await this.#sendText(to, text);
      if (input.value.trim() === text) input.value = ''; // not a line typed meanwhile
      this.#showError('');
    } catch (error) {
      if (error instanceof NoKeysError || error.code === 'NO_KEYS') await this.#cannotEncrypt(to, error.message);
      else this.#showError(error.message);
    } finally {
      this.#sending = false;
      if (this.#queued === text) this.#queued = null;
    }
  }

  /** A recording from recorder.js, after the lines entered before it; it needs keys (no plain fallback). */
  async sendRecording({ blob, type, kind, durationMs, memo }) {
    const to = this.#name;
    const sent = this.#queue.then(async () => {
      await this.#keyring.recipientKeys(to); // NoKeysError before anything is uploaded
      if (!memo.media) { // Send again after a failure uploads nothing twice
        const sealed = await sealRecording(blob);
        const { id } = await api.uploadRecording(sealed.data, { kind, durationMs });
        memo.media = { id, kind, type, durationMs: Math.round(durationMs), key: sealed.key, iv: sealed.iv };
      }
      memo.key ??= newMessageKey();
      await this.#sendEncrypted(to, { text: '', media: memo.media }, memo.key, memo.media.id);
    });
    this.#queue = sent.catch(() => {});
    await sent;
  }

  /** Text from the box; sending the same text again after UNCONFIRMED reuses its key, so no copy is stored. */
  async #sendText(to, text) {
    const retry = this.#unconfirmed;
    const key = retry && same(retry.to, to) && retry.text === text ? retry.key : newMessageKey();
    this.#unconfirmed = null;
    try {
      await this.#sendEncrypted(to, { text }, key);
    } catch (error) {
      if (error.code === 'UNCONFIRMED') this.#unconfirmed = { to, text, key };
      throw error;
    }
  }

  /** One envelope per device; a device added or removed meanwhile (DEVICES_CHANGED) means fetching keys and trying once more. */
  async #sendEncrypted(to, payload, key, media) {
    const me = await this.#keyring.start();
    if (!me) throw new NoKeysError(this.#keyring.problem, false);
    const send = async (fresh) => this.#command({ type: 'dm', to, device: me.id, key, media,
      envelopes: await this.#keyring.envelopes(to, payload, { fresh }) });
    const reply = await send(false).catch((error) => {
      if (error.code === 'DEVICES_CHANGED') return send(true);
      throw error;
    });
    this.#sent({ id: reply.id, from: this.#me(), to: reply.to, at: reply.at, ...payload });
  }

  /** No encryption possible: says why, and offers a plain private message if the person is online to get it. */
  async #cannotEncrypt(to, why) {
    let online = false;
    try {
      const { users } = await this.#command({ type: 'users' });
      online = users.some((user) => same(user.name, to));
    } catch {
      // unknown: the private command will say
    }
    if (online && this.#plainOk.has(to.toLowerCase())) {
      await this.#sendPlain(to);
      return;
    }
    if (this.#name !== to) return;
    this.#offer = online ? to : null;
    this.#showError(online
      ? `${why} You can send it not encrypted instead: the server (and anyone who can read its database) will see the text.`
      : `${why} ${to} is not online either, so nothing can be sent to them now.`);
    $('#dm-offer').hidden = !online;
  }

  /** The user chose to send without encryption: the `private` command, as telnet users send. */
  async #sendPlain(to) {
    const input = $('#dm-input');
    const text = input.value.trim();
    if (!to || !text) return;
    this.#plainOk.add(to.toLowerCase());
    try {
      const reply = await this.#command({ type: 'private', to, text, key: newMessageKey() });
      if (input.value.trim() === text) input.value = '';
      this.#showError('');
      this.#sent({ id: reply.id, from: this.#me(), to: reply.to, at: Date.now(), text, tag: 'not encrypted' });
    } catch (error) {
      this.#showError(error.message);
    }
  }

  #setSecurity(state, why) {
    const badge = $('#dm-security');
    badge.dataset.state = state;
    badge.textContent = SECURITY[state];
    badge.title = why ?? '';
    const note = $('#dm-note');
    note.textContent = state === 'e2e' ? '' : why ?? '';
    $('#dm-input').placeholder = state === 'plain' ? `Message ${this.#name} (not encrypted)` : `Message ${this.#name}`;
  }

  #showError(text) {
    $('#dm-error').textContent = text;
    if (!text) {
      $('#dm-offer').hidden = true;
      this.#offer = null;
    }
  }

  // ---- safety numbers

  #showVerify(open) {
    $('#dm-verify').hidden = !open;
    $('#dm-verify-btn').setAttribute('aria-pressed', String(open));
    if (open) this.#renderVerify();
  }

  #toggleVerify() {
    this.#showVerify($('#dm-verify').hidden);
  }

  /** This browser's number from its own key; everyone else's computed here from the keys the server lists. */
  async #renderVerify() {
    const name = this.#name;
    const shown = this.#shown;
    const panel = $('#dm-verify');
    let devices;
    try {
      devices = await this.#keyring.devices(name);
    } catch (error) {
      if (shown === this.#shown) panel.replaceChildren(el('p', 'error', `The keys could not be loaded: ${error.message}`));
      return;
    }
    if (shown !== this.#shown) return;
    const me = this.#keyring.me;
    const others = devices.mine.filter((key) => key.id !== me?.id);
    panel.replaceChildren(
      el('p', 'dm-verify-help', `Compare these safety numbers with ${name} in person or on a call. When they match, `
        + 'only the devices listed here can read this conversation; one you do not recognise could.'),
      el('h3', null, 'This browser'),
      me ? devicesList('here', [me]) : el('p', 'dm-verify-none', this.#keyring.problem),
      el('h3', null, 'Your other devices'),
      devicesList('mine', others, true),
      el('h3', null, `${name}'s devices`),
      devices.theirs === null ? el('p', 'dm-verify-none', `${name} has no account.`) : devicesList('theirs', devices.theirs));
  }

  /** A first click asks, a second one revokes one of the user's other devices. */
  async #remove(button) {
    if (!button) return;
    if (!button.classList.contains('confirming')) {
      button.classList.add('confirming');
      button.textContent = 'Remove this device?';
      return;
    }
    button.disabled = true;
    try {
      await this.#keyring.revoke(Number(button.dataset.remove));
    } catch (error) {
      this.#showError(error.message);
    }
    this.refresh(); // this browser may now get the key it could not have before
  }
}

/** ul.dm-devices[data-owner]: one li[data-key-id] per key, with its device name and safety number. */
function devicesList(owner, keys, removable = false) {
  const list = el('ul', 'dm-devices');
  list.dataset.owner = owner;
  if (keys.length === 0) list.append(el('li', 'dm-verify-none', 'None'));
  for (const key of keys) {
    const item = el('li');
    item.dataset.keyId = key.id;
    item.append(el('span', 'device-name', key.device), el('code', 'fingerprint', key.fingerprint));
    if (removable) {
      const button = el('button', 'secondary small', 'Remove');
      button.type = 'button';
      button.dataset.remove = key.id;
      item.append(button);
    }
    list.append(item);
  }
  return list;
}
