// Where a channel's live endpoints are, next to the page like the event bus (the API's paths are absolute).

/** ws(s)://host/live/<name>/<what>. */
export function liveUrl(channel, what) {
  const url = new URL(`live/${encodeURIComponent(channel.replace(/^#/, ''))}/${what}`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

/** The channel's live HLS playlist, next to the page. */
export function hlsUrl(channel) {
  return new URL(`hls/${encodeURIComponent(channel.replace(/^#/, ''))}/index.m3u8`, location.href).href;
}
