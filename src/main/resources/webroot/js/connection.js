// The chat's connection: the event-bus socket, `hello` on every (re)connection, commands whose error
// replies become exceptions, and what the bridge's close codes mean (signed out, banned, too many tabs).
import * as api from './api.js';
import { bridgeUrl, EventBus } from './bus.js';
import { setConnection } from './ui.js';

const COMMANDS = 'chat.commands';
const TOKEN_REFUSED = 4401; // the bridge's close code for a missing, forged or expired token
const BANNED_FROM_SERVER = 4403; // the bridge's close code for a user banned from the whole server
const TOO_MANY_SOCKETS = 4429; // this user already has as many connections as the server allows
export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

/** A command the server answered with {"error", "message"}. */
export class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Connection {
  #bus;
  #session = null; // hello's session id on the current socket, null while not connected
  #hello;
  #sessionEvent;
  #ended;

  /**
   * @param hello called with the `hello` reply on every connection, once the server has the session
   * @param sessionEvent called with each event of the session (private messages, kicks, bans, ...)
   * @param ended called with a reason when the server will not have this user (any more): sign out
   */
  constructor(token, { hello, sessionEvent, ended }) {
    this.#hello = hello;
    this.#sessionEvent = sessionEvent;
    this.#ended = ended;
    setConnection('connecting');
    this.#bus = new EventBus(bridgeUrl(token), {
      onOpen: () => this.#opened(),
      onClose: (code, reason) => this.#closed(code, reason),
    });
  }

  /** Whether the current socket has a session (between `hello` and the next drop). */
  get connected() {
    return this.#session !== null;
  }

  /** Sends a chat command; resolves to its reply, or rejects with a CommandError the server gave. */
  command(body) {
    return this.#bus.send(COMMANDS, body).then((reply) => {
      if (reply?.error) throw new CommandError(reply.error, reply.message ?? reply.error);
      return reply;
    });
  }

  register(address, handler) {
    return this.#bus.register(address, handler);
  }

  unregister(address) {
    this.#bus.unregister(address);
  }

  /** For good: also fails every command still waiting for a reply. */
  close() {
    this.#bus.close();
  }

  async #opened() {
    let hello;
    try {
      hello = await this.command({ type: 'hello' });
    } catch (error) {
      if (error instanceof CommandError) this.#ended(error.message); // the server will not have this session
      return; // the socket dropped: the bus reconnects
    }
    this.#session = hello.session;
    this.#bus.register(`chat.session.${hello.session}`, (event) => this.#sessionEvent(event))
      .catch((error) => console.warn('Not listening for private messages:', error.message));
    setConnection('connected');
    this.#hello(hello);
  }

  #closed(code, reason) {
    if (code === TOKEN_REFUSED || code === BANNED_FROM_SERVER) {
      this.#ended(code === TOKEN_REFUSED ? SESSION_ENDED : reason || 'You are banned from this server.');
      return;
    }
    const hadSession = this.#session !== null;
    this.#session = null;
    if (code === TOO_MANY_SOCKETS) {
      setConnection('too-many'); // the bus keeps retrying: a closed tab frees a place
      return;
    }
    setConnection('reconnecting');
    // Closed before hello without saying why (a proxy may drop the code): ask the API whether the
    // token is still good. A 401 there signs out (see main.js).
    if (!hadSession) api.channels().catch(() => {});
  }
}
