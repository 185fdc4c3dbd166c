// A message list: one log per channel (or, in the direct-message view, per person), the current one shown
// in the container. Messages are kept in id order and deduplicated by id, so replays after a reconnect are harmless.
import { mediaNode } from './mediaplayer.js';
import { richText } from './richtext.js';
import { el, timeEl } from './ui.js';

const OLDER_PAGE = 50;
const CATCH_UP_PAGE = 100;
const NEAR_EDGE_PX = 40;

export class MessageView {
  #container;
  #me;
  #fetchOlder;
  #actions;
  #logs = new Map(); // channel -> {items: [{id?, node}], ids, newest, oldest, exhausted, loading}
  #current = null;

  /**
   * @param me function returning the signed-in name, to mark one's own messages and mentions of it
   * @param fetchOlder (channel, beforeId, limit) => Promise of messages newest first
   * @param actions (channel, {id, from}) => the buttons shown on a channel message, or null for none
   */
  constructor(container, { me, fetchOlder, actions, signal }) {
    this.#container = container;
    this.#me = me;
    this.#fetchOlder = fetchOlder;
    this.#actions = actions;
    container.addEventListener('scroll', () => {
      if (container.scrollTop < NEAR_EDGE_PX) this.#loadOlder();
    }, { signal });
  }

  show(channel) {
    this.#current = channel;
    this.#container.replaceChildren(...this.#log(channel).items.map((item) => item.node));
    this.#container.scrollTop = this.#container.scrollHeight;
    this.#fillScreen();
  }

  /** Shows nothing any more: late answers for a closed chat must not reach the page. */
  detach() {
    this.#current = null;
  }

  /** Forgets a channel we left: a later join starts from its fresh history. */
  drop(channel) {
    this.#logs.delete(channel);
  }

  newestId(channel) {
    return this.#log(channel).newest;
  }

  /** Adds channel messages in any order; ones already shown are skipped. */
  add(channel, messages) {
    const log = this.#log(channel);
    this.#keepBottom(channel, () => {
      for (const message of messages) {
        if (log.ids.has(message.id)) continue;
        this.#insert(channel, log, { id: message.id, node: this.#messageNode(message, channel) });
      }
    });
    if (channel === this.#current) this.#fillScreen();
  }

  /**
   * Pages back from the newest message until reaching `floor`, the newest one already shown (null: just
   * the latest page), adding what was said in between.
   */
  async catchUp(channel, floor) {
    let before;
    for (;;) {
      const page = await this.#fetchOlder(channel, before, CATCH_UP_PAGE);
      this.add(channel, floor === null ? page : page.filter((message) => message.id > floor));
      const oldest = page.at(-1);
      if (floor === null || page.length < CATCH_UP_PAGE || oldest.id <= floor) return;
      before = oldest.id;
    }
  }

  /** A deleted message goes at once; its id stays known, so no replay or page of history brings it back. */
  remove(channel, id) {
    const log = this.#log(channel);
    log.ids.add(id);
    const index = log.items.findIndex((item) => item.id === id);
    if (index < 0) return;
    const { node } = log.items[index];
    if (node.contains(document.activeElement)) this.#container.focus(); // a keyboard user stays in the list
    node.remove();
    log.items.splice(index, 1);
  }

  /** The channel's chat was cleared: every line shown so far goes (the server's history hides them too). */
  clear(channel) {
    const log = this.#log(channel);
    for (const item of log.items) item.node.remove();
    log.items = [];
    log.exhausted = true; // nothing older is shown any more
  }

  /** Who may do what changed (a role or a moderator list): the buttons on the channel's messages follow. */
  refreshActions(channel) {
    for (const { id, node } of this.#log(channel).items) {
      if (id === undefined) continue;
      node.querySelector('.actions')?.remove();
      withActions(node, this.#actions(channel, { id, from: node.dataset.from }));
    }
  }

  notice(channel, text) {
    this.#append(channel, { node: noticeNode(text) });
  }

  #log(channel) {
    let log = this.#logs.get(channel);
    if (!log) {
      log = { items: [], ids: new Set(), newest: null, oldest: null, exhausted: false, loading: false };
      this.#logs.set(channel, log);
    }
    return log;
  }

  #append(channel, item) {
    const log = this.#log(channel);
    this.#keepBottom(channel, () => {
      log.items.push(item);
      if (channel === this.#current) this.#container.append(item.node);
    });
  }

  /** Before the first message with a larger id; ids grow, so this walks back only a step or two. */
  #insert(channel, log, item) {
    let index = log.items.length;
    for (let i = log.items.length - 1; i >= 0; i--) {
      const other = log.items[i].id;
      if (other === undefined) continue;
      if (other < item.id) break;
      index = i;
    }
    log.items.splice(index, 0, item);
    this.#remember(log, item.id);
    if (channel === this.#current) {
      this.#container.insertBefore(item.node, log.items[index + 1]?.node ?? null);
    }
  }

  #remember(log, id) {
    log.ids.add(id);
    if (log.newest === null || id > log.newest) log.newest = id;
    if (log.oldest === null || id < log.oldest) log.oldest = id;
  }

  /** A reader at the bottom follows new lines; one who scrolled up is left where they are. */
  #keepBottom(channel, change) {
    const box = this.#container;
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_EDGE_PX;
    change();
    if (channel === this.#current && atBottom) box.scrollTop = box.scrollHeight;
  }

  async #loadOlder() {
    const channel = this.#current;
    const log = this.#log(channel);
    if (log.loading || log.exhausted || log.oldest === null) return;
    log.loading = true;
    try {
      const older = await this.#fetchOlder(channel, log.oldest, OLDER_PAGE);
      if (older.length < OLDER_PAGE) log.exhausted = true;
      if (this.#logs.get(channel) !== log) return; // left meanwhile
      this.#prepend(channel, log, older);
    } catch (error) {
      console.warn(`Could not load older messages of ${channel}:`, error.message);
    } finally {
      log.loading = false;
    }
    if (channel === this.#current) this.#fillScreen();
  }

  /** Older messages go on top; the reader keeps seeing the same lines. */
  #prepend(channel, log, newestFirst) {
    const items = newestFirst.filter((m) => !log.ids.has(m.id)).reverse()
      .map((message) => ({ id: message.id, node: this.#messageNode(message, channel) }));
    items.forEach((item) => this.#remember(log, item.id));
    log.items.unshift(...items);
    if (channel !== this.#current) return;
    const box = this.#container;
    const fromBottom = box.scrollHeight - box.scrollTop;
    box.prepend(...items.map((item) => item.node));
    box.scrollTop = box.scrollHeight - fromBottom;
  }

  /** A list too short to scroll could never reach "scrolled to the top": load more right away. */
  #fillScreen() {
    const box = this.#container;
    if (box.clientHeight > 0 && box.scrollHeight <= box.clientHeight) this.#loadOlder();
  }

  /**
   * A message with the actions allowed on it. `tag` (e.g. "not encrypted") goes before the sender; a
   * message with `unreadable` (why) instead of `text` shows why in place of its text; `media`, a voice or
   * video message, plays under it.
   */
  #messageNode({ id, from, text, at, tag, unreadable, media }, channel) {
    const node = el('div', 'message');
    node.dataset.id = id;
    node.dataset.from = from;
    const me = this.#me();
    if (Boolean(me) && from.toLowerCase() === me.toLowerCase()) node.classList.add('mine');
    const body = el('span', unreadable === undefined ? 'text' : 'text unreadable', unreadable);
    const { nodes, mentioned } = unreadable === undefined ? richText(text, me) : { nodes: [], mentioned: false };
    body.append(...nodes);
    node.classList.toggle('mentioned', mentioned && !node.classList.contains('mine'));
    node.append(timeEl(at), ...(tag ? [el('span', 'tag', tag)] : []), el('span', 'from', from), body);
    if (media) node.append(mediaNode(media));
    withActions(node, this.#actions(channel, { id, from }));
    return node;
  }
}

/**
 * Adds a message's buttons. A message that has some can take focus (Tab, or a tap on a touch screen):
 * its buttons show while the pointer is over it or focus is in it, and only then can they be reached.
 */
function withActions(node, actions) {
  if (actions) {
    node.append(actions);
    node.tabIndex = 0;
  } else {
    node.removeAttribute('tabindex');
  }
}

function noticeNode(text) {
  const node = el('div', 'notice');
  node.append(timeEl(Date.now()), el('span', 'text', text));
  return node;
}

/**
 * The muted line for a channel event, or null for events that are not shown.
 * @param me the signed-in name: what happens to oneself is said to "You"
 */
export function noticeText(event, me) {
  const reason = event.reason ? `: ${event.reason}` : '';
  const you = event.user !== undefined && event.user === me;
  const who = you ? 'You' : event.user;
  switch (event.type) {
    case 'join': return `${event.user} joined ${event.channel}`;
    case 'part': return event.reason === 'quit' ? `${event.user} quit` : `${event.user} left ${event.channel}`;
    case 'kick': return `${event.user} was kicked by ${event.by}${reason}`;
    case 'rename': return `${event.from} is now known as ${event.to}`;
    case 'status': return `${event.user} is now ${event.status}`;
    case 'mode': return 'registeredOnly' in event
      ? `${event.by} made ${event.channel} ${event.registeredOnly ? 'registered-only' : 'open to everyone'}`
      : `${event.by} changed the modes of ${event.channel}`;
    case 'stream': return event.live
      ? `${event.channel} is live now${event.source ? ` (${event.source})` : ''}`
      : `The live stream in ${event.channel} stopped`;
    case 'moderator': return `${who} ${you ? 'are' : 'is'} ${event.moderator ? 'now a' : 'no longer a'} moderator of ${event.channel} (by ${event.by})`;
    case 'timeout': return `${who} ${you ? 'were' : 'was'} timed out in ${event.channel} for ${duration(event.seconds)} by ${event.by}${reason}`;
    case 'untimeout': return `${who} may talk in ${event.channel} again (by ${event.by})`;
    case 'ban': return `${who} ${you ? 'were' : 'was'} banned from ${event.channel} by ${event.by}${reason}`;
    case 'unban': return `${who} ${you ? 'are' : 'is'} no longer banned from ${event.channel} (by ${event.by})`;
    case 'clear': return `Chat cleared by ${event.by}`;
    case 'slow': return event.seconds > 0
      ? `Slow mode in ${event.channel}: one message per ${duration(event.seconds)} (set by ${event.by})`
      : `Slow mode in ${event.channel} is off (set by ${event.by})`;
    case 'topic': return event.topic ? `${event.by} set the topic: ${event.topic}` : `${event.by} cleared the topic`;
    case 'channeldeleted': return `${event.channel} was deleted by ${event.by}`;
    default: return null;
  }
}

/** What a session event about a channel tells the user, and the channel it takes them out of (if any). */
export function sessionNotice(event) {
  const why = (text) => (text ? `: ${text}` : '.');
  switch (event.type) {
    case 'banned': return { out: event.channel, text: `You were banned from ${event.channel} by ${event.by}${why(event.reason)}` };
    case 'parted':
      if (event.reason === 'deleted') return { out: event.channel, text: `${event.channel} was deleted by ${event.by}` };
      if (event.reason === 'kicked') return { out: event.channel, text: `You were kicked out of ${event.channel} by ${event.by}${why(event.message)}` };
      return null;
    case 'invited': return { text: `${event.by} invites you to ${event.channel}.` };
    default: return null;
  }
}

/** 600 -> "10 min", 90 -> "90 s", 7200 -> "2 h". */
function duration(seconds) {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
