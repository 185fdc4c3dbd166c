// The chat once signed in: channels, and the events that reach the page, handed to the parts that show
// them (the socket itself is connection.js).
import * as api from './api.js';
import { Composer, showSendError } from './composer.js';
import { Connection } from './connection.js';
import { Direct } from './direct.js';
import { ChannelDirectory } from './directory.js';
import { Library } from './library.js';
import { LivePanel } from './live.js';
import { MEMBER_EVENTS, MemberList } from './members.js';
import { MessageView, noticeText, sessionNotice } from './messages.js';
import { Moderation } from './moderation.js';
import { Presence } from './presence.js';
import { saveUser } from './session.js';
import { $ } from './ui.js';

const LOBBY = '#lobby';

export class Chat {
  #user;
  #exit;
  #connection;
  #view;
  #live;
  #library;
  #listeners = new AbortController();
  #directory = new ChannelDirectory();
  #joined = new Set([LOBBY]); // joined again after every reconnect
  #unread = new Set();
  #current = LOBBY;
  #composer;
  #presence;
  #members;
  #moderation;
  #direct;

  /** @param exit called with a reason when the chat has to go back to the sign-in view */
  constructor({ token, user }, exit) {
    this.#user = user;
    this.#exit = exit;
    const { signal } = this.#listeners;
    const command = (body) => this.#connection.command(body);
    const me = () => this.#user.name;
    const channel = () => this.#current;
    this.#moderation = new Moderation({ command, me, role: () => this.#user.role, channel, signal });
    this.#view = new MessageView($('#messages'), {
      me,
      fetchOlder: (name, before, limit) => api.messages(name, { before, limit }),
      actions: (name, message) => this.#moderation.actionsFor(name, message),
      signal,
    });
    this.#live = new LivePanel({ command, signal });
    this.#library = new Library({ command, signal });
    const opened = () => { // a conversation takes the channel's place
      this.#library.close();
      this.#showSidebars(false);
    };
    this.#direct = new Direct({ command, me, opened, signal });
    this.#composer = new Composer({ command, channel, privately: (name, text) => this.#direct.compose(name, text), signal });
    this.#members = new MemberList({ command, me, onPick: (name) => this.#direct.open(name), signal });
    this.#presence = new Presence({ command, changed: () => this.#members.refreshSoon() });
    this.#bindControls(this.#listeners.signal);
    this.#showIdentity();
    this.#view.show(LOBBY);
    this.#live.show(LOBBY);
    this.#library.setChannel(LOBBY);
    this.#renderHeader();
    this.#renderChannels();
    this.#connection = new Connection(token, {
      hello: (hello) => this.#connected(hello),
      sessionEvent: (event) => this.#onSessionEvent(event),
      ended: exit,
    });
  }

  stop() {
    this.#connection.close(); // also fails every command still waiting for a reply
    this.#live.stop(); // camera off
    this.#direct.stop();
    this.#library.stop(); // video off
    this.#listeners.abort();
    this.#view.detach();
    this.#members.stop();
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

  /** A new session on a new socket: who we are, then every channel joined again. */
  #connected(hello) {
    this.#user = { ...this.#user, name: hello.name, role: hello.role };
    saveUser(this.#user);
    this.#showIdentity();
    this.#presence.connected(hello.status);
    this.#direct.connected(this.#user); // accounts publish this browser's key for encrypted messages
    this.#members.show(this.#current);
    for (const channel of [...this.#joined]) {
      this.#join(channel).catch((error) => this.#joinFailed(channel, error));
    }
    this.#loadChannels();
    this.#live.refresh(hello.session); // a stream may have started or stopped while we were away
  }

  // ---- channels

  /**
   * Joins (again), shows the join history, listens, then fetches whatever else was said since the
   * newest message already shown: once the server confirms listening, nothing can fall in between.
   * The reply also says the user's role there (for the buttons on messages), the topic and a live stream.
   */
  async #join(channel) {
    const known = this.#view.newestId(channel);
    const reply = await this.#connection.command({ type: 'join', channel });
    this.#moderation.joined(channel, reply);
    this.#view.refreshActions(channel); // the role may have changed since the last join
    this.#view.add(channel, reply.history);
    const live = this.#live.joined(channel, reply.live);
    if (live) this.#view.notice(channel, live);
    if (typeof reply.topic === 'string') this.#directory.setTopic(channel, reply.topic);
    if (channel === this.#current) this.#renderHeader();
    await this.#connection.register(`chat.channel.${channel}`, (event) => this.#onChannelEvent(event));
    this.#joined.add(channel);
    this.#members.refreshSoon(channel);
    this.#view.catchUp(channel, known ?? this.#view.newestId(channel)).catch((error) => {
      if (error instanceof api.ApiError) this.#view.notice(channel, `Missed messages could not be loaded: ${error.message}`);
    });
  }

  #joinFailed(channel, error) {
    if (!this.#connection.connected) return; // the socket dropped: the next connection joins again
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
    this.#direct.close();
    this.#unread.delete(channel);
    this.#view.show(channel);
    this.#live.show(channel);
    this.#library.setChannel(channel); // "watch together" plays where we read
    this.#members.show(channel);
    this.#renderHeader();
    this.#renderChannels();
    this.#showSidebars(false);
  }

  async #part() {
    const channel = this.#current;
    try {
      await this.#connection.command({ type: 'part', channel });
    } catch (error) {
      showSendError(error.message);
      return;
    }
    this.#forget(channel);
  }

  #forget(channel) {
    this.#connection.unregister(`chat.channel.${channel}`);
    this.#joined.delete(channel);
    this.#unread.delete(channel);
    this.#view.drop(channel);
    this.#moderation.forget(channel);
    this.#live.parted(channel);
    if (channel === this.#current) this.#select(LOBBY);
    else this.#renderChannels();
  }

  /** The server took us out of a channel (a ban, its deletion): forget it and say why where we read. */
  #removed(channel, why) {
    if (!this.#joined.has(channel)) return; // the other event about the same removal came first
    this.#forget(channel);
    this.#view.notice(this.#current, why);
    this.#loadChannels();
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
    switch (event.type) {
      case 'message':
        this.#view.add(channel, [event]);
        if (channel !== this.#current || this.#direct.isOpen) {
          this.#unread.add(channel);
          this.#renderChannels();
        }
        return;
      case 'delete': this.#view.remove(channel, event.id); return;
      case 'channeldeleted': this.#removed(channel, noticeText(event)); return;
      case 'clear': this.#view.clear(channel); break;
      case 'stream': this.#live.onStream(event); break;
      case 'moderator': if (this.#moderation.onEvent(event)) this.#view.refreshActions(channel); break;
      case 'topic':
        this.#directory.setTopic(channel, event.topic);
        this.#renderChannels(); // its title there
        if (channel === this.#current) this.#renderHeader();
        break;
      default:
    }
    const text = noticeText(event, this.#user.name);
    if (text) this.#view.notice(channel, text);
    if (MEMBER_EVENTS.has(event.type)) this.#members.refreshSoon(channel);
  }

  #onSessionEvent(event) {
    if (this.#direct.onEvent(event) || this.#live.onEvent(event)) return; // dm, private, newkey; peer, signal, relay
    if (event.type === 'kicked') {
      this.#exit(`You were kicked by ${event.by}${event.reason ? `: ${event.reason}` : '.'}`);
    } else if (event.type === 'promoted' || event.type === 'demoted') {
      const promoted = event.type === 'promoted';
      this.#user = { ...this.#user, role: promoted ? 'admin' : 'user' };
      saveUser(this.#user);
      this.#showIdentity();
      this.#view.notice(this.#current, promoted ? `${event.by} made you an admin.` : `${event.by} removed your admin role.`);
      this.#view.refreshActions(this.#current); // admins moderate everywhere
    } else {
      const told = sessionNotice(event); // banned, deleted, kicked out of a channel, invited
      if (told?.out) this.#removed(told.out, told.text);
      else if (told) this.#view.notice(this.#current, told.text);
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
    on('#status-select', 'change', (event) => this.#presence.changeStatus(event.target.value));
    on('#part-btn', 'click', () => this.#part());
    on('#signout-btn', 'click', () => this.#exit(''));
    on('#sidebar-toggle', 'click', () => this.#showSidebars(!$('#chat').classList.contains('sidebars-open')));
  }
}
