// This browser's device key for direct messages and the public keys of the people it writes to: fetched
// from the server's key directory, cached, and used with e2e.js to encrypt and open messages. Safety
// numbers shown to people are computed here from the public keys, never taken from the server's answer.
import * as api from './api.js';
import * as e2e from './e2e.js';

/** WebCrypto exists only in secure contexts: pages over https, or from localhost. */
export const INSECURE = 'Encrypted messages need https: this page was opened over plain http, so this browser cannot encrypt or read them.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RECORDING_TYPE = /^(audio|video)\/[\w.+-]+(;[\w.=, +-]*)?$/;

/** A refusal worth explaining before asking the server: the recipient has no keys. */
export class NoKeysError extends Error {
  constructor(message, noAccount) {
    super(message);
    this.code = 'NO_KEYS';
    this.noAccount = noAccount;
  }
}

export class Keyring {
  #name;
  #me = null; // this browser's device {keyPair, device, id, fingerprint}, once published
  #problem = null; // why there is no device, or null
  #starting = null;
  #byId = new Map(); // key id -> Promise of {id, user, device, publicKey, ...}
  #byUser = new Map(); // lower-case name -> Promise of that user's live keys

  /** @param name function returning the signed-in name */
  constructor(name) {
    this.#name = name;
  }

  /** This browser's published device, or null (see problem). */
  get me() {
    return this.#me;
  }

  /** Why this browser has no device key (plain http, too many devices, ...), or null. */
  get problem() {
    return this.#problem;
  }

  /** Creates or loads this browser's key and publishes it: once per sign-in, again after a failure. */
  start() {
    if (this.#me) return Promise.resolve(this.#me);
    this.#starting ??= this.#start().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #start() {
    if (!globalThis.isSecureContext || !globalThis.crypto?.subtle || !globalThis.indexedDB) {
      this.#problem = INSECURE;
      return null;
    }
    try {
      this.#me = await e2e.myDevice(this.#name());
      this.#problem = null;
    } catch (error) {
      this.#problem = `This browser has no key for encrypted messages: ${error.message}`;
    }
    return this.#me;
  }

  /**
   * A user's live keys, cached (an empty list or a refusal is not: they may sign in on the web any moment);
   * `fresh` asks the server again. Rejects (404 NO_SUCH_USER) for a name with no account.
   */
  keysOf(name, { fresh = false } = {}) {
    const lower = name.toLowerCase();
    let keys = this.#byUser.get(lower);
    if (keys && !fresh) return keys;
    keys = api.userKeys(name);
    this.#byUser.set(lower, keys);
    const uncache = () => {
      if (this.#byUser.get(lower) === keys) this.#byUser.delete(lower);
    };
    keys.then((list) => {
      list.forEach((key) => this.#byId.set(key.id, Promise.resolve(key)));
      if (list.length === 0) uncache();
    }, uncache);
    return keys;
  }

  /** Someone published or revoked a key: their list is asked for again when next needed. */
  forget(name) {
    this.#byUser.delete(name.toLowerCase());
  }

  /** One key by id, revoked or not (old messages name the key they were made with). */
  keyById(id) {
    let key = this.#byId.get(id);
    if (!key) {
      key = api.key(id);
      this.#byId.set(id, key);
      key.catch(() => this.#byId.delete(id));
    }
    return key;
  }

  /**
   * `payload` ({text, media?}) encrypted for every live key of `to` and of ours, this browser's included:
   * each device, the sending one too, reads a conversation from its own envelopes.
   * @throws NoKeysError when `to` has no keys (or no account)
   */
  async envelopes(to, payload, { fresh = false } = {}) {
    const theirs = await this.recipientKeys(to, { fresh });
    const mine = await this.keysOf(this.#name(), { fresh });
    return e2e.encrypt(this.#me, this.#name(), theirs[0].user, [...theirs, ...mine], payload);
  }

  /**
   * The live keys of someone to write to.
   * @throws NoKeysError when they have none, or no account
   */
  async recipientKeys(to, { fresh = false } = {}) {
    const theirs = await this.keysOf(to, { fresh }).catch((error) => {
      if (error.code === 'NO_SUCH_USER') throw new NoKeysError(`${to} has no account, so messages to them cannot be end-to-end encrypted.`, true);
      throw error;
    });
    if (theirs.length === 0) {
      throw new NoKeysError(`${to} has not signed in on the web page yet, so messages to them cannot be end-to-end encrypted.`, false);
    }
    return theirs;
  }

  /** A key just announced for `user`: {device, fingerprint} with the number computed here, or null when it is gone already. */
  async announced(user, id) {
    const key = (await this.keysOf(user, { fresh: true })).find((listed) => listed.id === id);
    return key ? { device: key.device, fingerprint: await e2e.fingerprint(key.publicKey) } : null;
  }

  /**
   * A conversation message (history, or a live `dm` / `private` event) as the view shows it:
   * {id, from, at, text, media?}, tagged "not encrypted" when it was not, or {id, from, at, unreadable: why}.
   */
  async open(message) {
    const { id, from, at } = message;
    const shown = { id, from, at };
    if (message.envelopes === undefined) return { ...shown, text: message.text, tag: 'not encrypted' };
    const me = this.#me;
    if (!me) return { ...shown, unreadable: this.#problem === INSECURE ? 'Encrypted: needs https to read' : 'Encrypted: this browser has no key' };
    if (!message.envelopes.some((envelope) => envelope.device === me.id)) return { ...shown, unreadable: 'Sent before this device existed' };
    try {
      const key = message.device === me.id ? { user: this.#name(), publicKey: me.publicKey } : await this.keyById(message.device);
      if (key.user.toLowerCase() !== from.toLowerCase()) throw new Error(`key ${key.id} is not ${from}'s`);
      const { text, media } = await e2e.decrypt(me, message, key.publicKey);
      if (typeof text !== 'string') throw new Error('no text');
      return recording(media) ? { ...shown, text, media } : { ...shown, text };
    } catch (error) {
      console.warn(`Could not decrypt message ${id}:`, error.message);
      return { ...shown, unreadable: 'Could not decrypt' };
    }
  }

  /**
   * The devices that can read a conversation with `name`, each with a safety number computed here:
   * {mine: [...], theirs: [...] or null when `name` has no account}; this browser's key is first in `mine`.
   */
  async devices(name) {
    const printed = (keys) => Promise.all(keys.map(async (key) => ({ ...key, fingerprint: await e2e.fingerprint(key.publicKey) })));
    const theirs = this.keysOf(name, { fresh: true }).catch((error) => {
      if (error.code === 'NO_SUCH_USER') return null;
      throw error;
    });
    const mine = await printed(await this.keysOf(this.#name(), { fresh: true }));
    const here = this.#me?.id;
    mine.sort((a, b) => (b.id === here) - (a.id === here));
    const listed = await theirs;
    return { mine, theirs: listed && await printed(listed) };
  }

  async revoke(id) {
    await api.revokeKey(id);
    this.forget(this.#name());
  }
}

/** Whether a decrypted payload's `media` is a recording this page can fetch and open: anything else is left out. */
function recording(media) {
  return media !== null && typeof media === 'object' && UUID.test(media.id) && (media.kind === 'voice' || media.kind === 'video')
    && RECORDING_TYPE.test(media.type) && Number.isFinite(media.durationMs)
    && typeof media.key === 'string' && typeof media.iv === 'string';
}
