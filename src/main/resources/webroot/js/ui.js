// Small DOM helpers and the sidebars. Anything that came from a user goes through textContent only.

export const $ = (selector) => document.querySelector(selector);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const twoDigits = (n) => String(n).padStart(2, '0');

/** A <time> showing HH:MM in local time, with the full date on hover. */
export function timeEl(at) {
  const date = new Date(at);
  const node = el('time', 'time', `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`);
  node.dateTime = date.toISOString();
  node.title = date.toLocaleString();
  return node;
}

const CONNECTION_TEXT = {
  connecting: 'connecting…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  'too-many': 'too many tabs open: close one', // the server allows a few connections per user; retried with backoff
};

export function setConnection(state) {
  const node = $('#connection');
  node.dataset.state = state;
  node.textContent = CONNECTION_TEXT[state];
}

/** One li[data-channel] per channel; `joined`, `current` and `unread` become classes. */
export function renderChannels(channels, { joined, current, unread }) {
  $('#channel-list').replaceChildren(...channels.map(({ name, topic }) => {
    const item = el('li');
    item.dataset.channel = name;
    item.classList.toggle('joined', joined.has(name));
    item.classList.toggle('current', name === current);
    item.classList.toggle('unread', unread.has(name));
    const button = el('button', 'channel', name);
    button.type = 'button';
    if (topic) button.title = topic;
    if (name === current) button.setAttribute('aria-current', 'true');
    if (joined.has(name)) button.append(el('span', 'visually-hidden', ' (joined)'));
    item.append(button);
    return item;
  }));
}
