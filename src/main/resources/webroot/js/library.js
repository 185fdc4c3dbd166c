// The video library: titles from GET /api/videos, watched here (see LibraryPlayer), or played into the
// current channel's live stream for everyone.
import * as api from './api.js';
import { LibraryPlayer } from './libraryplayer.js';
import { $, el } from './ui.js';

export class Library {
  #command;
  #channel = null;
  #role = null;
  #titles = []; // as GET /api/videos last said
  #player;
  #epoch = 0; // bumped by every load: older answers are stale
  #playing = false; // a play command is on its way
  #stopped = false;

  /** @param command (body) => Promise of the reply, rejected with the server's message */
  constructor({ command, signal }) {
    this.#command = command;
    const on = (selector, type, handler) => $(selector).addEventListener(type, handler, { signal });
    on('#library-btn', 'click', () => (this.#isOpen ? this.close() : this.open()));
    on('#library-refresh-btn', 'click', () => this.#load());
    on('#library-close-btn', 'click', () => this.close());
    on('#video-list', 'click', (event) => {
      const item = event.target.closest('li[data-title]');
      if (item) this.#pick(item.dataset.title);
    });
    on('#play-together-btn', 'click', () => this.#playTogether());
    this.#player = new LibraryPlayer({ signal, showError: (message) => this.#showError(message) });
    this.#render();
  }

  get #isOpen() {
    return !$('#library').hidden;
  }

  /** Shows the library instead of the conversation; files come and go, so the list is asked for again. */
  open() {
    $('#library').hidden = false;
    $('#chat').classList.add('library-open');
    $('#library-btn').setAttribute('aria-pressed', 'true');
    this.#load();
  }

  /** Back to the chat; the video pauses, as nobody is looking at it. */
  close() {
    $('#library').hidden = true;
    $('#chat').classList.remove('library-open');
    $('#library-btn').setAttribute('aria-pressed', 'false');
    this.#player.pause();
  }

  /** The channel being read changed: "watch together" plays there. */
  setChannel(channel) {
    this.#channel = channel;
    this.#showStatus('');
    this.#render();
  }

  setRole(role) {
    this.#role = role;
    this.#render();
  }

  /** Signed out: no video, nothing left of the last list. */
  stop() {
    this.#stopped = true;
    this.close();
    this.#player.unload();
    this.#titles = [];
    $('#video-list').replaceChildren();
    $('#library-empty').hidden = true;
    this.#showError('');
    this.#showStatus('');
  }

  // ---- the list

  async #load() {
    const epoch = ++this.#epoch;
    const button = $('#library-refresh-btn');
    button.disabled = true;
    let titles;
    try {
      titles = await api.videos();
    } catch (error) {
      if (!this.#stopped && epoch === this.#epoch) this.#showError(`Could not list the videos: ${error.message}`);
      return;
    } finally {
      if (epoch === this.#epoch) button.disabled = false;
    }
    if (this.#stopped || epoch !== this.#epoch) return;
    this.#showError('');
    this.#titles = (Array.isArray(titles) ? titles : []).filter((t) => t?.title && t.renditions?.length);
    this.#refreshPicked();
    this.#renderList();
  }

  /** The picked title after a reload: its renditions may have changed, or it may be gone. */
  #refreshPicked() {
    const picked = this.#player.title;
    if (!picked) return;
    const fresh = this.#titles.find((t) => t.title === picked.title);
    if (!fresh) {
      this.#player.unload();
      this.#showStatus('');
      this.#showError('That video is not in the library any more.');
      return;
    }
    this.#player.refresh(fresh);
  }

  #renderList() {
    $('#library-empty').hidden = this.#titles.length > 0;
    $('#video-list').replaceChildren(...this.#titles.map(({ title, renditions }) => {
      const item = el('li');
      item.dataset.title = title;
      const picked = title === this.#player.title?.title;
      item.classList.toggle('current', picked);
      const button = el('button', 'video-title', title);
      button.type = 'button';
      if (picked) button.setAttribute('aria-current', 'true');
      item.append(
        button,
        el('span', 'video-duration', durationText(renditions)),
        el('span', 'video-resolutions', renditions.map((r) => r.resolution).join(' · ')),
      );
      return item;
    }));
  }

  // ---- watching here

  #pick(title) {
    const picked = this.#titles.find((t) => t.title === title);
    if (!picked) return;
    this.#showError('');
    this.#showStatus('');
    this.#player.play(picked);
    this.#renderList();
    this.#render();
  }

  // ---- watching together

  async #playTogether() {
    if (!this.#player.title || !this.#channel || this.#playing) return;
    const channel = this.#channel;
    const { title } = this.#player.title;
    this.#showError('');
    this.#showStatus('');
    this.#playing = true;
    this.#render();
    try {
      const reply = await this.#command({ type: 'play', channel, title, resolution: this.#player.resolution });
      if (this.#stopped) return;
      const playing = `${reply?.title ?? title}${reply?.resolution ? ` (${reply.resolution})` : ''}`;
      this.#showStatus(`Playing ${playing} in ${reply?.channel ?? channel}: close the library to watch it with everyone.`);
    } catch (error) {
      if (!this.#stopped) this.#showError(error.message);
    } finally {
      this.#playing = false;
      this.#render();
    }
  }

  #render() {
    const button = $('#play-together-btn');
    // Visitors cannot start a stream; the server would refuse them anyway.
    button.hidden = this.#role === 'visitor' || !this.#channel;
    button.disabled = this.#playing || !this.#player.title;
    button.textContent = `Play in ${this.#channel ?? 'this channel'} for everyone`;
    button.title = `Stream the selected video into ${this.#channel ?? 'this channel'}'s live video (channel owner or admin)`;
  }

  #showError(message) {
    $('#library-error').textContent = message;
  }

  #showStatus(message) {
    $('#library-status').textContent = message;
  }
}

/** m:ss of a title; its renditions are cuts of one video, so the longest stands for them all. */
function durationText(renditions) {
  const seconds = Math.max(...renditions.map((r) => (Number.isFinite(r.duration) ? r.duration : 0)));
  if (!(seconds > 0)) return '–';
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
