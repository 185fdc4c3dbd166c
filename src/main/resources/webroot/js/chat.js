// The chat once signed in: the connection's life cycle, commands, events, and the sidebars.
import * as api from './api.js';
import { EventBus } from './bus.js';
import { Library } from './library.js';
import { LivePanel } from './live.js';
import { MessageView } from './messages.js';
import { saveUser } from './session.js';
import { $, renderChannels, renderUsers, setConnection } from './ui.js';

const LOBBY = '#lobby';
const COMMANDS = 'chat.commands';
const CATCH_UP_PAGE = 100;
const USERS_REFRESH_DELAY_MS = 300; // one `users` query for a burst of joins, parts and status changes
const TOKEN_REFUSED = 4401; // the bridge's close code for a missing, forged or expired token
const TOO_MANY_SOCKETS = 4429; // this user already has as many connections as the server allows
export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

/** 128 random bits in hex (crypto.randomUUID needs a secure context; plain HTTP on a LAN is not one). */
const newMessageKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

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
  #channels = []; // as GET /api/channels last said
  #joined = new Set([LOBBY]); // joined again after every reconnect
  #unread = new Set();
  #current = LOBBY;
  #status = null; // the status chosen here, restored after a reconnect
  #session = null; // hello's session id on the current socket, null while not connected
  #usersTimer = null;
  #sending = false;
  #unconfirmed = null; // { channel, text, key } of a send the server could not confirm: a retry reuses its key

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
    this.#bindControls(this.#listeners.signal);
    this.#showIdentity();
    this.#view.show(LOBBY);
    this.#live.show(LOBBY);
    this.#library.setChannel(LOBBY);
    this.#renderHeader();
    this.#renderChannels();
    setConnection('connecting');
    this.#bus = new EventBus(busUrl(token), {
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
    clearTimeout(this.#usersTimer);
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

    const wanted = this.#status;
    this.#status = hello.status;
    $('#status-select').value = hello.status;
    if (wanted !== null && wanted !== hello.status) this.#changeStatus(wanted); // a new session starts online

    for (const channel of [...this.#joined]) {
      this.#join(channel).catch((error) => this.#joinFailed(channel, error));
    }
    this.#loadChannels();
    this.#refreshUsers();
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
        this.#showSendError(error.message);
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
      this.#showSendError(error.message);
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
    const error = $('#new-channel-error');
    const name = channelName($('#new-channel-name').value);
    if (!name) {
      error.textContent = 'Choose a channel name.';
      return;
    }
    error.textContent = '';
    try {
      const created = await api.createChannel(name, $('#new-channel-topic').value.trim());
      if (this.#stopped) return;
      $('#new-channel-name').value = '';
      $('#new-channel-topic').value = '';
      await this.#loadChannels();
      await this.#select(created?.name ?? name);
    } catch (failure) {
      if (!this.#stopped) error.textContent = failure.message;
    }
  }

  async #loadChannels() {
    try {
      this.#channels = await api.channels();
    } catch (error) {
      console.warn('Could not list channels:', error.message);
    }
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
    const text = describe(event);
    if (text) this.#view.notice(channel, text);
    if (event.type !== 'mode' && event.type !== 'stream') this.#refreshUsersSoon();
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

  // ---- sending, status, users

  async #submit() {
    const input = $('#message-input');
    const text = input.value.trim();
    if (!text || this.#sending) return;
    this.#sending = true;
    try {
      const privately = /^\/msg\s+(\S+)\s+(.+)$/s.exec(text);
      if (privately) await this.#sendPrivate(privately[1], privately[2]);
      else await this.#say(this.#current, text);
      input.value = '';
      this.#showSendError('');
    } catch (error) {
      this.#showSendError(error.message);
    } finally {
      this.#sending = false;
    }
  }

  /** Sends with a key chosen here; sending the same text again after UNCONFIRMED reuses it, so no copy is posted. */
  async #say(channel, text) {
    const retry = this.#unconfirmed;
    const key = retry && retry.channel === channel && retry.text === text ? retry.key : newMessageKey();
    this.#unconfirmed = null;
    try {
      await this.#command({ type: 'say', channel, text, key });
    } catch (error) {
      if (error.code === 'UNCONFIRMED') this.#unconfirmed = { channel, text, key };
      throw error;
    }
  }

  async #sendPrivate(to, text) {
    const reply = await this.#command({ type: 'private', to, text });
    this.#view.addPrivate({ id: reply.id, from: this.#user.name, to: reply.to, text, at: Date.now() });
  }

  #showSendError(message) {
    $('#send-error').textContent = message;
  }

  async #changeStatus(status) {
    try {
      const reply = await this.#command({ type: 'status', status });
      this.#status = reply.status;
      this.#refreshUsersSoon();
    } catch (error) {
      this.#showSendError(error.message);
    }
    $('#status-select').value = this.#status;
  }

  #refreshUsersSoon() {
    clearTimeout(this.#usersTimer);
    this.#usersTimer = setTimeout(() => this.#refreshUsers(), USERS_REFRESH_DELAY_MS);
  }

  async #refreshUsers() {
    try {
      const { users } = await this.#command({ type: 'users' });
      renderUsers(users, this.#user.name);
    } catch (error) {
      console.warn('Could not list users:', error.message);
    }
  }

  // ---- rendering and controls

  #renderChannels() {
    const listed = new Set(this.#channels.map((channel) => channel.name));
    const unlisted = [...this.#joined].filter((name) => !listed.has(name)).map((name) => ({ name }));
    renderChannels([...this.#channels, ...unlisted], { joined: this.#joined, current: this.#current, unread: this.#unread });
  }

  #renderHeader() {
    $('#current-channel').textContent = this.#current;
    $('#channel-topic').textContent = this.#channels.find((channel) => channel.name === this.#current)?.topic ?? '';
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
    on('#send-form', 'submit', submitted(() => this.#submit()));
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
    on('#status-select', 'change', (event) => this.#changeStatus(event.target.value));
    on('#part-btn', 'click', () => this.#part());
    on('#signout-btn', 'click', () => this.#exit(''));
    on('#sidebar-toggle', 'click', () => this.#showSidebars(!$('#chat').classList.contains('sidebars-open')));
  }
}

/** The muted line for a channel event, or null for events that are not shown. */
function describe(event) {
  const reason = event.reason ? `: ${event.reason}` : '';
  switch (event.type) {
    case 'join': return `${event.user} joined ${event.channel}`;
    case 'part': return event.reason === 'quit' ? `${event.user} quit` : `${event.user} left ${event.channel}`;
    case 'kick': return `${event.user} was kicked by ${event.by}${reason}`;
    case 'rename': return `${event.from} is now known as ${event.to}`;
    case 'status': return `${event.user} is now ${event.status}`;
    case 'mode': return `${event.by} made ${event.channel} ${event.registeredOnly ? 'registered-only' : 'open to everyone'}`;
    case 'stream': return event.live
      ? `${event.channel} is live now${event.source ? ` (${event.source})` : ''}`
      : `The live stream in ${event.channel} stopped`;
    default: return null;
  }
}

/** "Dev", "#dev" and " #Dev " all name #dev, as on the server. */
function channelName(input) {
  const bare = input.trim().toLowerCase().replace(/^#/, '');
  return bare ? `#${bare}` : '';
}

/** The bridge's raw WebSocket, next to the page: ws(s)://host/eventbus/websocket?token=... */
function busUrl(token) {
  const url = new URL('eventbus/websocket', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.href;
}
