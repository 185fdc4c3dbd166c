// The video library: titles from GET /api/videos, watched here in a <video> (the server answers range
// requests, so seeking works), or played into the current channel's live stream for everyone.
import * as api from './api.js';
import { $, el } from './ui.js';

export class Library {
  #command;
  #channel = null;
  #role = null;
  #titles = []; // as GET /api/videos last said
  #title = null; // the picked {title, renditions}, or null
  #resolution = null; // of the rendition playing
  #resume = null; // {time, playing} while a resolution switch waits for the new file's metadata
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
    on('#resolution-select', 'change', (event) => this.#switchTo(event.target.value));
    on('#play-together-btn', 'click', () => this.#playTogether());
    on('#library-video', 'loadedmetadata', () => this.#resumed());
    on('#library-video', 'error', () => this.#failed());
    // The browser's own menu would offer "Save video as…": the library is for watching here.
    on('#library-video', 'contextmenu', (event) => event.preventDefault());
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
    $('#library-video').pause();
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
    this.#unload();
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
    if (!this.#title) return;
    const fresh = this.#titles.find((t) => t.title === this.#title.title);
    if (!fresh) {
      this.#unload();
      this.#showStatus('');
      this.#showError('That video is not in the library any more.');
      return;
    }
    this.#title = fresh;
    // A rendition that went away keeps playing what was already fetched, until the browser needs more.
    this.#renderResolutions();
  }

  #renderList() {
    $('#library-empty').hidden = this.#titles.length > 0;
    $('#video-list').replaceChildren(...this.#titles.map(({ title, renditions }) => {
      const item = el('li');
      item.dataset.title = title;
      const picked = title === this.#title?.title;
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
    this.#title = picked;
    this.#resume = null;
    const video = $('#library-video');
    // Shown and shaped like the video first: its rendered height decides which rendition fits.
    $('#library-player').hidden = false;
    const { width, height } = picked.renditions.at(-1);
    video.style.aspectRatio = width > 0 && height > 0 ? `${width} / ${height}` : '';
    const rendition = fitting(picked.renditions, video.getBoundingClientRect().height * (window.devicePixelRatio || 1));
    this.#setRendition(rendition);
    this.#renderResolutions();
    this.#renderList();
    this.#render();
    video.play().catch(() => {}); // a refused autoplay leaves the controls' play button to the user
  }

  /** Another resolution of the same title, from where the current one is. */
  #switchTo(resolution) {
    const rendition = this.#title?.renditions.find((r) => r.resolution === resolution);
    if (!rendition || resolution === this.#resolution) return;
    const video = $('#library-video');
    // A switch before the previous one loaded must not take the new file's 0 for the position.
    this.#resume ??= { time: video.currentTime, playing: !video.paused };
    this.#showError('');
    this.#setRendition(rendition);
  }

  #resumed() {
    const resume = this.#resume;
    if (!resume) return;
    this.#resume = null;
    const video = $('#library-video');
    if (resume.time > 0) video.currentTime = resume.time;
    if (resume.playing) video.play().catch(() => {});
  }

  #setRendition(rendition) {
    const video = $('#library-video');
    this.#resolution = rendition.resolution;
    video.dataset.title = this.#title.title;
    video.dataset.resolution = rendition.resolution;
    video.src = rendition.url;
  }

  #failed() {
    const video = $('#library-video');
    if (!this.#title || !video.getAttribute('src')) return; // emptied on purpose
    this.#resume = null;
    this.#showError(`${this.#title.title} (${this.#resolution}) cannot be played here: the file may be gone or damaged. Try refreshing.`);
  }

  #unload() {
    const video = $('#library-video');
    video.pause();
    video.removeAttribute('src');
    video.load(); // drops the connection and the buffered file
    delete video.dataset.title;
    delete video.dataset.resolution;
    this.#title = null;
    this.#resolution = null;
    this.#resume = null;
    $('#library-player').hidden = true;
    $('#resolution-select').replaceChildren();
    this.#renderList();
  }

  #renderResolutions() {
    const select = $('#resolution-select');
    select.replaceChildren(...(this.#title?.renditions ?? []).map(({ resolution }) => {
      const option = el('option', '', resolution);
      option.value = resolution;
      return option;
    }));
    if (this.#resolution) select.value = this.#resolution;
  }

  // ---- watching together

  async #playTogether() {
    if (!this.#title || !this.#channel || this.#playing) return;
    const channel = this.#channel;
    const { title } = this.#title;
    this.#showError('');
    this.#showStatus('');
    this.#playing = true;
    this.#render();
    try {
      const reply = await this.#command({ type: 'play', channel, title, resolution: this.#resolution });
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
    button.disabled = this.#playing || !this.#title;
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

/** The smallest rendition at least `pixels` tall, else the largest; renditions come smallest first. */
function fitting(renditions, pixels) {
  const bySize = [...renditions].sort((a, b) => a.height - b.height);
  return bySize.find((r) => r.height >= pixels) ?? bySize.at(-1);
}

/** m:ss of a title; its renditions are cuts of one video, so the longest stands for them all. */
function durationText(renditions) {
  const seconds = Math.max(...renditions.map((r) => (Number.isFinite(r.duration) ? r.duration : 0)));
  if (!(seconds > 0)) return '–';
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
