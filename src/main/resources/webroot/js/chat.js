// The chat once signed in: the connection's life cycle, channels, and the events that reach the page.
import * as api from './api.js';
import { bridgeUrl, EventBus } from './bus.js';
import { Library } from './library.js';
import { LivePanel } from './live.js';
import { Composer, showSendError } from './composer.js';
import { ChannelDirectory } from './directory.js';
import { MessageView, noticeText } from './messages.js';
import { Presence } from './presence.js';
import { saveUser } from './session.js';
import { $, setConnection } from './ui.js';

const LOBBY = '#lobby';
const COMMANDS = 'chat.commands';
const CATCH_UP_PAGE = 100;
const TOKEN_REFUSED = 4401; // the bridge's close code for a missing, forged or expired token
const TOO_MANY_SOCKETS = 4429; // this user already has as many connections as the server allows
export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

/** A command the server answered with {"error", "message"}. */
class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Chat {
  #user;
  #exit;
  #bus;
  #view;
  #live;
  #library;
  #listeners = new AbortController();
  #directory = new ChannelDirectory();
  #joined = new Set([LOBBY]); // joined again after every reconnect
  #unread = new Set();
  #current = LOBBY;
  #session = null; // hello's session id on the current socket, null while not connected
  #composer;
  #presence;

  /** @param exit called with a reason when the chat has to go back to the sign-in view */
  constructor({ token, user }, exit) {
    this.#user = user;
    this.#exit = exit;
    this.#view = new MessageView($('#messages'), {
      me: () => this.#user.name,
      fetchOlder: (channel, before, limit) => api.messages(channel, { before, limit }),
      signal: this.#listeners.signal,
    });
    this.#live = new LivePanel({ command: (body) => this.#command(body), signal: this.#listeners.signal });
    this.#library = new Library({ command: (body) => this.#command(body), signal: this.#listeners.signal });
    const command = (body) => this.#command(body);
    const me = () => this.#user.name;
    this.#composer = new Composer({ command, channel: () => this.#current, view: this.#view, me });
    this.#presence = new Presence({ command, me });
    this.#bindControls(this.#listeners.signal);
    this.#showIdentity();
    this.#view.show(LOBBY);
    this.#live.show(LOBBY);
    this.#library.setChannel(LOBBY);
    this.#renderHeader();
    this.#renderChannels();
    setConnection('connecting');
    this.#bus = new EventBus(bridgeUrl(token), {
      onOpen: () => this.#connected(),
      onClose: (code) => this.#disconnected(code),
    });
  }

  stop() {
    this.#bus.close(); // also fails every command still waiting for a reply
    this.#live.stop(); // camera off
    this.#library.stop(); // video off
    this.#listeners.abort();
    this.#view.detach();
    this.#presence.stop();
    for (const id of ['#messages', '#users', '#channel-list']) $(id).replaceChildren();
    for (const id of ['#send-error', '#new-channel-error']) $(id).textContent = '';
    $('#message-input').value = '';
    this.#showSidebars(false);
  }

  /** REST answers can arrive after stop(); commands cannot (the closed bus fails them). */
  get #stopped() {
    return this.#listeners.signal.aborted;
  }

  // ---- connection

  async #connected() {
    let hello;
    try {
      hello = await this.#command({ type: 'hello' });
    } catch (error) {
      if (error instanceof CommandError) this.#exit(error.message); // the server will not have this session
      return; // the socket dropped: the bus reconnects
    }
    this.#session = hello.session;
    this.#user = { ...this.#user, name: hello.name, role: hello.role };
    saveUser(this.#user);
    this.#showIdentity();
    this.#bus.register(`chat.session.${hello.session}`, (event) => this.#onSessionEvent(event))
      .catch((error) => console.warn('Not listening for private messages:', error.message));
    setConnection('connected');
    this.#presence.connected(hello.status);

    for (const channel of [...this.#joined]) {
      this.#join(channel).catch((error) => this.#joinFailed(channel, error));
    }
    this.#loadChannels();
    this.#live.refresh(); // a stream may have started or stopped while we were away
  }

  #disconnected(code) {
    if (code === TOKEN_REFUSED) {
      this.#exit(SESSION_ENDED);
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

  #command(body) {
    return this.#bus.send(COMMANDS, body).then((reply) => {
      if (reply?.error) throw new CommandError(reply.error, reply.message ?? reply.error);
      return reply;
    });
  }

  // ---- channels

  /**
   * Joins (again), shows the join history, listens, then fetches whatever else was said since the
   * newest message already shown: once the server confirms listening, nothing can fall in between.
   */
  async #join(channel) {
    const known = this.#view.newestId(channel);
    const reply = await this.#command({ type: 'join', channel });
    this.#view.add(channel, reply.history);
    await this.#bus.register(`chat.channel.${channel}`, (event) => this.#onChannelEvent(event));
    this.#joined.add(channel);
    this.#catchUp(channel, known ?? this.#view.newestId(channel)).catch((error) => {
      if (error instanceof api.ApiError) this.#view.notice(channel, `Missed messages could not be loaded: ${error.message}`);
    });
  }

  /** Pages back from the newest message until reaching `floor`, the newest one already shown. */
  async #catchUp(channel, floor) {
    let before;
    for (;;) {
      const page = await api.messages(channel, { before, limit: CATCH_UP_PAGE });
      this.#view.add(channel, floor === null ? page : page.filter((message) => message.id > floor));
      const oldest = page.at(-1);
      if (floor === null || page.length < CATCH_UP_PAGE || oldest.id <= floor) return;
      before = oldest.id;
    }
  }

  #joinFailed(channel, error) {
    if (this.#session === null) return; // the socket dropped: the next connection joins again
    this.#forget(channel);
    this.#view.notice(this.#current, `Could not join ${channel}: ${error.message}`);
  }

  async #select(channel) {
    if (!this.#joined.has(channel)) {
      try {
        await this.#join(channel);
      } catch (error) {
        showSendError(error.message);
        return;
      }
    }
    this.#current = channel;
    this.#unread.delete(channel);
    this.#view.show(channel);
    this.#live.show(channel);
    this.#library.setChannel(channel); // "watch together" plays where we read
    this.#renderHeader();
    this.#renderChannels();
    this.#showSidebars(false);
  }

  async #part() {
    const channel = this.#current;
    try {
      await this.#command({ type: 'part', channel });
    } catch (error) {
      showSendError(error.message);
      return;
    }
    this.#forget(channel);
  }

  #forget(channel) {
    this.#bus.unregister(`chat.channel.${channel}`);
    this.#joined.delete(channel);
    this.#unread.delete(channel);
    this.#view.drop(channel);
    this.#live.parted(channel);
    if (channel === this.#current) this.#select(LOBBY);
    else this.#renderChannels();
  }

  async #createChannel() {
    const name = await this.#directory.create();
    if (name === null || this.#stopped) return;
    await this.#loadChannels();
    await this.#select(name);
  }

  async #loadChannels() {
    await this.#directory.load();
    if (this.#stopped) return;
    this.#renderChannels();
    this.#renderHeader();
  }

  // ---- events

  #onChannelEvent(event) {
    const { channel } = event;
    if (event.type === 'message') {
      this.#view.add(channel, [event]);
      if (channel !== this.#current) {
        this.#unread.add(channel);
        this.#renderChannels();
      }
      return;
    }
    if (event.type === 'stream') this.#live.onStream(event);
    const text = noticeText(event);
    if (text) this.#view.notice(channel, text);
    if (event.type !== 'mode' && event.type !== 'stream') this.#presence.refreshSoon();
  }

  #onSessionEvent(event) {
    if (event.type === 'private') {
      this.#view.addPrivate(event);
    } else if (event.type === 'kicked') {
      this.#exit(`You were kicked by ${event.by}${event.reason ? `: ${event.reason}` : '.'}`);
    } else if (event.type === 'promoted') {
      this.#user = { ...this.#user, role: 'admin' };
      saveUser(this.#user);
      this.#showIdentity();
      this.#view.notice(this.#current, `${event.by} made you an admin.`);
    }
  }

  // ---- rendering and controls

  #renderChannels() {
    this.#directory.render({ joined: this.#joined, current: this.#current, unread: this.#unread });
  }

  #renderHeader() {
    $('#current-channel').textContent = this.#current;
    $('#channel-topic').textContent = this.#directory.topic(this.#current);
    $('#part-btn').hidden = this.#current === LOBBY; // the lobby cannot be left
  }

  #showIdentity() {
    const { name = '', role } = this.#user;
    const visitor = role === 'visitor';
    $('#me').textContent = role === 'admin' || visitor ? `${name} (${role})` : name;
    $('#new-channel-form').hidden = visitor; // the server refuses visitors anyway (403 READ_ONLY)
    $('#message-input').placeholder = visitor ? 'Visitors can only read' : 'Message (or /msg name text)';
    this.#live.setRole(role); // visitors cannot go live
    this.#library.setRole(role); // nor play a video for everyone
  }

  #showSidebars(open) {
    $('#chat').classList.toggle('sidebars-open', open);
    $('#sidebar-toggle').setAttribute('aria-expanded', String(open));
  }

  #bindControls(signal) {
    const on = (selector, type, handler) => $(selector).addEventListener(type, handler, { signal });
    const submitted = (handler) => (event) => {
      event.preventDefault();
      handler();
    };
    on('#send-form', 'submit', submitted(() => this.#composer.submit()));
    on('#new-channel-form', 'submit', submitted(() => this.#createChannel()));
    on('#channel-list', 'click', (event) => {
      const item = event.target.closest('li[data-channel]');
      if (item) this.#select(item.dataset.channel);
    });
    on('#users', 'click', (event) => {
      const name = event.target.closest('li[data-user]')?.dataset.user;
      if (!name || name === this.#user.name) return;
      const input = $('#message-input');
      input.value = `/msg ${name} `;
      input.focus();
      this.#showSidebars(false);
    });
    on('#status-select', 'change', (event) => this.#presence.changeStatus(event.target.value));
    on('#part-btn', 'click', () => this.#part());
    on('#signout-btn', 'click', () => this.#exit(''));
    on('#sidebar-toggle', 'click', () => this.#showSidebars(!$('#chat').classList.contains('sidebars-open')));
  }
}
