// The library's player: a picked title plays over HLS, adaptively ("Auto", or a quality the viewer keeps to),
// or, where HLS cannot play, as the mp4 file of one resolution (the server answers range requests, so seeking
// works), switching files from the same position.
import { $, el } from './ui.js';
import { VodPlayer } from './vodplayer.js';

export class LibraryPlayer {
  #title = null; // the picked {title, renditions}, or null
  #resolution = null; // chosen: 'auto' (over HLS) or a rendition's
  #vod = null; // the VodPlayer while the title plays over HLS
  #resume = null; // {time, playing} while a file switch waits for the new file's metadata
  #showError;

  /** @param showError (message) => void, '' clears */
  constructor({ signal, showError }) {
    this.#showError = showError;
    const on = (selector, type, handler) => $(selector).addEventListener(type, handler, { signal });
    on('#resolution-select', 'change', (event) => this.#switchTo(event.target.value));
    on('#library-video', 'loadedmetadata', () => this.#resumed());
    on('#library-video', 'error', () => this.#failed());
    // The browser's own menu would offer "Save video as…": the library is for watching here.
    on('#library-video', 'contextmenu', (event) => event.preventDefault());
  }

  /** The picked {title, renditions}, or null. */
  get title() {
    return this.#title;
  }

  /** The resolution chosen by hand, or null while the player chooses. */
  get resolution() {
    return this.#resolution === 'auto' ? null : this.#resolution;
  }

  play(picked) {
    this.unload();
    this.#title = picked;
    const video = $('#library-video');
    // Shown and shaped like the video first: its rendered height decides which rendition fits.
    $('#library-player').hidden = false;
    const { width, height } = picked.renditions.at(-1);
    video.style.aspectRatio = width > 0 && height > 0 ? `${width} / ${height}` : '';
    video.dataset.title = picked.title;
    if (VodPlayer.supported) this.#playAdaptive();
    else this.#setRendition(this.#fitting());
    this.#renderResolutions();
    video.play().catch(() => {}); // a refused autoplay leaves the controls' play button to the user
  }

  /** The library was listed again: the title's renditions may have changed. */
  refresh(fresh) {
    this.#title = fresh;
    // A rendition that went away keeps playing what was already fetched, until the browser needs more.
    this.#renderResolutions();
  }

  pause() {
    $('#library-video').pause();
  }

  unload() {
    this.#vod?.close();
    this.#vod = null;
    const video = $('#library-video');
    video.pause();
    video.removeAttribute('src');
    video.load(); // drops the connection and the buffered file
    for (const key of ['title', 'resolution', 'playing']) delete video.dataset[key];
    this.#title = null;
    this.#resolution = null;
    this.#resume = null;
    $('#library-player').hidden = true;
    $('#resolution-select').replaceChildren();
  }

  /** Over HLS: the player picks among the renditions; if it cannot play them, the fitting mp4 file plays. */
  #playAdaptive() {
    const video = $('#library-video');
    this.#resolution = 'auto';
    video.dataset.resolution = 'auto';
    const vod = new VodPlayer(this.#title.title, video, {
      onLevel: (resolution) => {
        video.dataset.playing = resolution;
        this.#renderResolutions();
      },
      onFatal: (details) => {
        if (this.#vod !== vod) return;
        console.warn('HLS failed, playing the mp4 file:', details);
        vod.close();
        this.#vod = null;
        delete video.dataset.playing;
        this.#resume ??= { time: video.currentTime, playing: !video.paused };
        this.#setRendition(this.#fitting());
        this.#renderResolutions();
      },
    });
    this.#vod = vod;
  }

  /** Another resolution of the same title, from where the current one is. */
  #switchTo(resolution) {
    if (this.#vod) {
      this.#vod.choose(resolution);
      this.#resolution = resolution;
      $('#library-video').dataset.resolution = resolution;
      return;
    }
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
    video.dataset.resolution = rendition.resolution;
    video.src = rendition.url;
  }

  #failed() {
    const video = $('#library-video');
    if (!this.#title || this.#vod || !video.getAttribute('src')) return; // emptied on purpose, or hls.js tells
    this.#resume = null;
    this.#showError(`${this.#title.title} (${this.#resolution}) cannot be played here: the file may be gone or damaged. Try refreshing.`);
  }

  /** The smallest rendition at least as tall as the player, else the largest. */
  #fitting() {
    const pixels = $('#library-video').getBoundingClientRect().height * (window.devicePixelRatio || 1);
    const bySize = [...this.#title.renditions].sort((a, b) => a.height - b.height);
    return bySize.find((r) => r.height >= pixels) ?? bySize.at(-1);
  }

  #renderResolutions() {
    const playing = $('#library-video').dataset.playing;
    const choices = [...(this.#vod ? [{ resolution: 'auto', text: playing ? `Auto (${playing})` : 'Auto' }] : []),
      ...(this.#title?.renditions ?? [])];
    const select = $('#resolution-select');
    select.replaceChildren(...choices.map(({ resolution, text }) => {
      const option = el('option', '', text ?? resolution);
      option.value = resolution;
      return option;
    }));
    if (this.#resolution) select.value = this.#resolution;
  }
}
