// The figures under the live picture: how it reaches this page, how many watch, frames shown per second, and
// how far behind the capture clock the picture is.
import { $ } from './ui.js';

const PATH_TEXT = { direct: 'direct from the streamer', relay: 'through the server', hls: 'HLS', frames: 'pictures only' };

/**
 * @param path 'direct' | 'relay' | 'hls' | 'frames' | null
 * @param player what plays it: {fps, latency} (and {sound} over HLS: true, false, or null until known)
 * @param viewers everyone watching, or undefined when not known
 */
export function renderStats(path, player, viewers) {
  const av = path === 'direct' || path === 'relay' || path === 'hls';
  $('#live-av').hidden = !av;
  $('#live-video').hidden = av;
  const sound = path !== 'hls' || player.sound === null ? '' : player.sound ? ', with sound' : ', no sound';
  $('#live-path').textContent = (PATH_TEXT[path] ?? '') + sound;
  $('#live-path').dataset.path = path ?? '';
  $('#live-viewers').textContent = numberText(viewers);
  $('#live-fps').textContent = numberText(player?.fps === null ? undefined : Math.round(player?.fps ?? 0));
  $('#live-latency').textContent = numberText(player?.latency);
}

/** Everyone watching a stream of /api/live: pictures, peer to peer, relayed and HLS players. */
export function watching(stream) {
  return stream.viewers + (stream.direct ?? 0) + (stream.relayed ?? 0) + (stream.hlsViewers ?? 0);
}

function numberText(value) {
  return Number.isFinite(value) ? String(value) : '';
}
