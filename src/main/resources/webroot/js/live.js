// The live video panel of the current channel: whether it is live (GET /api/live and stream events),
// watching it (watch.js: peer to peer, relayed, or JPEG frames), the stats under the picture, and the
// buttons to go live (broadcast.js, peersend.js) and to stop a stream.
import * as api from './api.js';
import { Broadcast } from './broadcast.js';
import { HlsPlayer } from './hlsplayer.js';
import { hlsUrl, liveUrl } from './liveurls.js';
import { renderStats, watching } from './livestats.js';
import { PeerSender } from './peersend.js';
import { StreamKeyPanel } from './streamkey.js';
import { token } from './session.js';
import { $ } from './ui.js';
import { Viewer } from './viewer.js';
import { Watching } from './watch.js';

const POLL_MS = 2000;
const STATS_MS = 500; // the fps shown also has to fall when frames stop coming

export class LivePanel {
  #command;
  #current = null;
  #role = null;
  #live = null; // {source, viewers} while the current channel is live, else null
  #viewer = null; // JPEG frames
  #hls = null; // the stream's HLS, when it is not watched peer to peer
  #watching = null;
  #broadcast = null;
  #peers = null; // our broadcast's peer-to-peer side
  #session = null; // the chat session this page is, for the tracker
  #epoch = 0; // bumped by every channel switch and stream event: older /api/live answers are stale
  #pollTimer = null;
  #statsTimer = null;
  #stopped = false;
  #liveChannels = new Set(); // joined channels the user has been told are live
  #member = new Set(); // channels this session has joined: the tracker answers members only
  #streamKey;

  /** @param command (body) => Promise of the reply, rejected with the server's message */
  constructor({ command, signal }) {
    this.#command = command;
    const on = (selector, type, handler) => $(selector).addEventListener(type, handler, { signal });
    on('#go-live-btn', 'click', () => this.#toggleBroadcast());
    on('#stop-stream-btn', 'click', () => this.#stopStream());
    on('#live-rate', 'change', () => this.#broadcast?.setRate(chosenRate()));
    on('#live-size', 'change', () => this.#broadcast?.setSize(chosenSize()));
    this.#streamKey = new StreamKeyPanel({ channel: () => this.#current, showError: (m) => this.#showError(m), signal });
    this.#render();
  }

  /** The channel being read changed: watch its stream, if it has one. */
  show(channel) {
    if (channel === this.#current) return;
    this.#current = channel;
    this.#streamKey.hide(); // it was the other channel's
    this.#epoch++;
    this.#setLive(null);
    this.#showError('');
    this.#check();
  }

  /** Asks the server again, e.g. after a reconnect (a new chat `session`), when stream events may have been missed. */
  refresh(session) {
    this.#session = session;
    this.#member.clear(); // a new session: it joins its channels again, and watches again once it has
    this.#closeViewer();
    this.#check();
  }

  /** Peer-to-peer signalling of our broadcast or of what we watch. @return whether the event was for it */
  onEvent(event) {
    if (!['peer', 'signal', 'relay'].includes(event.type)) return false;
    if (!this.#peers?.onEvent(event)) this.#watching?.onEvent(event);
    return true;
  }

  setRole(role) {
    this.#role = role;
    this.#render();
  }

  /**
   * A join reply's `live` ({source} or null). @return the notice to show when the channel is live and
   * the user has not been told yet (a rejoin after a reconnect tells nothing new), else null
   */
  joined(channel, live) {
    this.#member.add(channel);
    if (channel === this.#current && this.#live && !this.#watching) this.#openWatching();
    const told = this.#liveChannels.has(channel);
    if (!live) this.#liveChannels.delete(channel);
    else this.#liveChannels.add(channel);
    return live && !told ? `${channel} is live now${live.source ? ` (${live.source})` : ''}` : null;
  }

  /** A {"type":"stream"} event of any joined channel. */
  onStream(event) {
    if (event.live) this.#liveChannels.add(event.channel);
    else this.#liveChannels.delete(event.channel);
    if (event.channel !== this.#current) return;
    this.#epoch++;
    if (event.live) {
      this.#closeViewer(); // a new stream: the old socket, if any, watched the previous one
      this.#setLive({ source: event.source ?? '', viewers: this.#live?.viewers });
      this.#check(); // for the viewer count
    } else {
      this.#setLive(null);
    }
  }

  /** We left `channel`: stop sending it our camera. */
  parted(channel) {
    this.#liveChannels.delete(channel);
    this.#member.delete(channel);
    if (this.#broadcast?.channel === channel) this.#stopBroadcast();
  }

  /** Signed out: camera off, sockets closed, no more timers. */
  stop() {
    this.#stopped = true;
    this.#stopBroadcast();
    this.#setLive(null);
    this.#showError('');
  }

  // ---- watching

  async #check() {
    const epoch = this.#epoch;
    let streams = null;
    try {
      streams = await api.live();
    } catch (error) {
      console.warn('Could not list live streams:', error.message);
    }
    if (this.#stopped || epoch !== this.#epoch) return; // a newer answer or event decides
    if (Array.isArray(streams)) {
      const stream = streams.find((s) => s.channel === this.#current);
      this.#setLive(stream ? { source: stream.source ?? '', viewers: watching(stream) } : null);
    }
    clearTimeout(this.#pollTimer);
    if (this.#live) this.#pollTimer = setTimeout(() => this.#check(), POLL_MS);
  }

  #setLive(live) {
    this.#live = live;
    if (live) {
      // Also (re)connects a frame viewer that dropped, at most once per poll.
      if (!this.#watching && this.#member.has(this.#current)) this.#openWatching();
      else if (this.#watching?.path === 'frames' && !this.#viewer && !this.#hls) this.#openViewer();
      if (this.#statsTimer === null) this.#statsTimer = setInterval(() => this.#renderStats(), STATS_MS);
    } else {
      this.#closeViewer();
      clearTimeout(this.#pollTimer);
      clearInterval(this.#statsTimer);
      this.#statsTimer = null;
    }
    this.#render();
  }

  #openViewer() {
    const viewer = new Viewer(liveUrl(this.#current, 'ws'), $('#live-video'), {
      onFrame: () => this.#renderStats(),
      onClose: () => {
        if (this.#viewer === viewer) this.#viewer = null;
      },
    });
    this.#viewer = viewer;
  }

  #openWatching() {
    this.#watching = new Watching({
      channel: this.#current,
      command: this.#command,
      video: $('#live-av'),
      relayUrl: liveUrl(this.#current, 'media').href,
      frames: () => this.#openHls(),
    });
  }

  /** A stream nobody sends peer to peer: HLS with sound, or JPEG frames if HLS cannot be played. */
  #openHls() {
    const player = new HlsPlayer(hlsUrl(this.#current), $('#live-av'), {
      onFatal: (details) => {
        if (this.#hls !== player) return;
        console.warn('HLS failed, showing pictures only:', details);
        player.close();
        this.#hls = null;
        this.#openViewer();
        this.#render();
      },
    });
    this.#hls = player;
    this.#render();
  }

  #closeViewer() {
    this.#viewer?.close();
    this.#viewer = null;
    this.#hls?.close();
    this.#hls = null;
    this.#watching?.close();
    this.#watching = null;
  }

  // ---- going live and stopping

  #toggleBroadcast() {
    this.#showError('');
    if (this.#broadcast) {
      this.#stopBroadcast();
      return;
    }
    const channel = this.#current;
    const url = liveUrl(channel, 'ingest');
    url.searchParams.set('token', token() ?? '');
    if (this.#session) url.searchParams.set('session', this.#session); // viewers connect to this page directly
    const relayUrl = liveUrl(channel, 'ingest/media');
    relayUrl.searchParams.set('token', token() ?? '');
    const broadcast = new Broadcast(channel, url.href, {
      rate: chosenRate(),
      size: chosenSize(),
      onEnd: (message) => {
        if (this.#broadcast !== broadcast) return;
        this.#stopBroadcast();
        this.#showError(message);
      },
      onMediaWanted: (wanted) => {
        if (this.#broadcast === broadcast) this.#peers?.setServerWants(wanted);
      },
    });
    this.#broadcast = broadcast;
    this.#peers = new PeerSender({ channel, command: this.#command, stream: broadcast.media, relayUrl: relayUrl.href,
      onProblem: (message) => this.#showError(message) });
    this.#render();
  }

  #stopBroadcast() {
    this.#broadcast?.stop();
    this.#broadcast = null;
    this.#peers?.stop();
    this.#peers = null;
    this.#render();
  }

  async #stopStream() {
    this.#showError('');
    try {
      await this.#command({ type: 'stopstream', channel: this.#current });
    } catch (error) {
      if (!this.#stopped) this.#showError(error.message);
    }
  }

  // ---- rendering

  #render() {
    const live = this.#live !== null;
    const visitor = this.#role === 'visitor';
    const streaming = this.#broadcast !== null;
    // Visitors can neither go live nor stop a stream: nothing to show them until there is something to watch.
    $('#live').hidden = visitor && !live;
    $('#live-panel').hidden = !live;
    $('#live-badge').hidden = !live;
    $('#live-source').textContent = live ? this.#live.source : '';
    $('#stop-stream-btn').hidden = !live;
    for (const id of ['#go-live-btn', '#live-rate', '#live-size', '#stream-key-btn']) $(id).hidden = visitor;
    const button = $('#go-live-btn');
    button.textContent = streaming ? 'Stop' : 'Go live';
    button.title = streaming ? `Stop sending your camera to ${this.#broadcast.channel}` : 'Stream your camera to this channel';
    button.classList.toggle('streaming', streaming);
    this.#renderStats();
  }

  #renderStats() {
    const path = this.#hls ? 'hls' : this.#watching?.path ?? null;
    const player = this.#hls ?? (path === 'direct' || path === 'relay' ? this.#watching.stats : this.#viewer ?? { fps: 0 });
    renderStats(path, player, this.#live?.viewers);
  }

  #showError(message) {
    $('#live-error').textContent = message;
  }
}

function chosenRate() {
  return Number($('#live-rate').value) || 15;
}

function chosenSize() {
  const [width, height] = $('#live-size').value.split('x').map(Number);
  return width && height ? { width, height } : { width: 640, height: 360 };
}

