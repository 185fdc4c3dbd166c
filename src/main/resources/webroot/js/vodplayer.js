// A library title played adaptively: its master playlist (/hls/vod/<title>/master.m3u8) lists every
// rendition, and hls.js picks one by the measured bandwidth ("Auto") or keeps the one the viewer chose,
// switching at once without losing the position.
import Hls from '../webjars/hls.js/1.4.12/dist/hls.mjs';

export class VodPlayer {
  #hls;

  /** Whether this browser can play the library over HLS through hls.js. */
  static get supported() {
    return Hls.isSupported();
  }

  /**
   * @param onLevel (resolution) => void: the rendition now on screen, e.g. "480p"
   * @param onFatal (details) => void: HLS cannot play this title (the caller plays the mp4 files instead)
   */
  constructor(title, video, { onLevel, onFatal }) {
    // No worker: it would need a blob: script, which the page's CSP does not allow.
    this.#hls = new Hls({ enableWorker: false, capLevelToPlayerSize: true });
    this.#hls.on(Hls.Events.ERROR, (event, data) => {
      if (data.fatal) onFatal(data.details);
    });
    this.#hls.on(Hls.Events.LEVEL_SWITCHED, (event, { level }) => onLevel(resolutionOf(this.#hls.levels[level])));
    this.#hls.loadSource(new URL(`hls/vod/${encodeURIComponent(title)}/master.m3u8`, location.href).href);
    this.#hls.attachMedia(video);
  }

  /** "auto", or a resolution such as "480p" to keep to. */
  choose(resolution) {
    const level = this.#hls.levels.findIndex((l) => resolutionOf(l) === resolution);
    // currentLevel switches now (flushing what is buffered); -1 gives the choice back to hls.js.
    this.#hls.currentLevel = resolution === 'auto' ? -1 : level;
    // Chosen by hand, the size of the player no longer caps it.
    this.#hls.capLevelToPlayerSize = resolution === 'auto';
  }

  close() {
    this.#hls.destroy();
  }
}

/** The rendition a level plays: the master playlist lists each as <resolution>/index.m3u8. */
function resolutionOf(level) {
  return level ? decodeURIComponent(new URL(level.uri).pathname.split('/').at(-2)) : '';
}
