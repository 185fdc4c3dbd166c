// Client for the Vert.x event-bus bridge over the browser's own WebSocket (the SockJS raw transport).
// It owns the socket: JSON frames, replies matched by replyAddress, pings, and reconnecting with backoff.
const PING_EVERY_MS = 5000; // the server closes sockets that stay silent
const REPLY_TIMEOUT_MS = 10000; // a refused frame gets an "err" that may not name our replyAddress
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5000;
const UTF8 = new TextDecoder();

export class EventBus {
  #url;
  #onOpen;
  #onClose;
  #socket = null;
  #handlers = new Map(); // address -> function(body)
  #pending = new Map(); // replyAddress -> {resolve, reject, timer}
  #registering = new Map(); // address -> {resolve, reject, timer}, until "registered" or "err"
  #retryMs = RETRY_FIRST_MS;
  #pingTimer = null;
  #retryTimer = null;
  #closed = false;

  /** onOpen runs on every (re)connection; onClose(code, reason) on every drop, which is retried unless close() is called. */
  constructor(url, { onOpen, onClose }) {
    this.#url = url;
    this.#onOpen = onOpen;
    this.#onClose = onClose;
    this.#connect();
  }

  /** Sends to `address` and resolves with the reply body. */
  send(address, body) {
    if (this.#socket?.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error('Not connected to the server.'));
    }
    const replyAddress = randomHex(16); // the server takes at most 36 characters
    const reply = awaitAnswer(this.#pending, replyAddress, 'The server did not answer.');
    this.#write({ type: 'send', address, body, replyAddress });
    return reply;
  }

  /**
   * Listens to `address`; resolves once the server says the registration took effect, so that
   * nothing published from then on is missed. Registrations belong to one socket: after a
   * reconnect they must be made again.
   */
  register(address, handler) {
    if (this.#socket?.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error('Not connected to the server.'));
    }
    this.#handlers.set(address, handler);
    const registered = awaitAnswer(this.#registering, address, 'The server did not confirm listening.');
    this.#write({ type: 'register', address });
    return registered;
  }

  unregister(address) {
    if (this.#handlers.delete(address)) this.#write({ type: 'unregister', address });
  }

  /** Closes for good: no more callbacks, no reconnecting. */
  close() {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.close();
  }

  #connect() {
    const socket = new WebSocket(this.#url);
    // The bridge's raw WebSocket transport sends each frame as binary UTF-8 JSON.
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    socket.onopen = () => {
      this.#pingTimer = setInterval(() => this.#write({ type: 'ping' }), PING_EVERY_MS);
      this.#onOpen();
    };
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = (event) => this.#dropped(event.code, event.reason);
  }

  #write(frame) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  #receive(data) {
    let frame;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : UTF8.decode(data));
    } catch {
      return;
    }
    // The server talks to us, so this socket really works: the next drop may retry quickly again.
    this.#retryMs = RETRY_FIRST_MS;
    if (frame.type === 'rec' && this.#pending.has(frame.address)) {
      settle(this.#pending, frame.address, (answer) => answer.resolve(frame.body));
    } else if (frame.type === 'rec') {
      this.#handlers.get(frame.address)?.(frame.body);
    } else if (frame.type === 'registered') {
      settle(this.#registering, frame.address, (answer) => answer.resolve());
    } else if (frame.type === 'err') {
      this.#refused(frame);
    }
  }

  /** An "err" seldom names its frame; we only send permitted commands, so it is most likely a registration. */
  #refused(frame) {
    const reason = new Error(`The server refused that (${frame.body ?? frame.message}).`);
    if (this.#pending.has(frame.address)) {
      settle(this.#pending, frame.address, (answer) => answer.reject(reason));
      return;
    }
    const address = this.#registering.has(frame.address) ? frame.address : this.#registering.keys().next().value;
    if (address === undefined) {
      console.warn('Event bus refused a frame:', frame);
      return;
    }
    this.#handlers.delete(address);
    settle(this.#registering, address, (answer) => answer.reject(reason));
  }

  #dropped(code, reason) {
    clearInterval(this.#pingTimer);
    this.#socket = null;
    this.#handlers.clear();
    for (const waiting of [this.#pending, this.#registering]) {
      for (const key of [...waiting.keys()]) settle(waiting, key, (answer) => answer.reject(new Error('Connection lost.')));
    }
    if (this.#closed) return;
    this.#onClose(code, reason);
    if (this.#closed) return; // onClose may have given up (a refused token)
    this.#retryTimer = setTimeout(() => this.#connect(), this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
  }
}

/** A promise kept in `waiting` under `key` until settled, or rejected after REPLY_TIMEOUT_MS. */
function awaitAnswer(waiting, key, timeoutMessage) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(waiting, key, () => reject(new Error(timeoutMessage))), REPLY_TIMEOUT_MS);
    waiting.set(key, { resolve, reject, timer });
  });
}

function settle(waiting, key, action) {
  const answer = waiting.get(key);
  if (!answer) return;
  waiting.delete(key);
  clearTimeout(answer.timer);
  action(answer);
}

/** crypto.randomUUID needs a secure context (https or localhost); getRandomValues does not. */
export function randomHex(bytes) {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bridge's raw WebSocket, next to the page: ws(s)://host/eventbus/websocket?token=... */
export function bridgeUrl(token) {
  const url = new URL('eventbus/websocket', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.href;
}
