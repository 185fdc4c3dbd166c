// The REST API (/api/...) over fetch. Failures become ApiError with the server's code and message.
import { token } from './session.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let onUnauthorized = () => {};

/** handler(token) runs when an authenticated request gets 401: that token is expired or forged. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** `body` goes as JSON; `raw` (a Blob or bytes) as it is, described by `headers`. */
async function request(method, path, { body, raw, headers = {}, auth = false } = {}) {
  const bearer = auth ? token() : null;
  const sent = { ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if (bearer) sent.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    // Relative URL, so the page also works behind a proxy that mounts it under a path.
    response = await fetch(path, { method, headers: sent, body: body === undefined ? raw : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server.');
  }
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  // A 401 from login means a wrong password, not a dead token: only authenticated calls sign out.
  if (response.status === 401 && bearer) onUnauthorized(bearer);
  throw new ApiError(response.status, data?.error ?? `HTTP_${response.status}`,
    data?.message ?? `The server answered ${response.status}.`);
}

export const login = (username, password) => request('POST', 'api/login', { body: { username, password } });
export const register = (username, password) => request('POST', 'api/register', { body: { username, password } });
export const visitor = (name) => request('POST', 'api/visitor', { body: { name } });

export const channels = () => request('GET', 'api/channels', { auth: true });
export const createChannel = (name, topic) => request('POST', 'api/channels', { body: { name, topic }, auth: true });

/** The channels live right now, with their viewer counts; needs no sign-in. */
export const live = () => request('GET', 'api/live');

/** The video library: titles sorted, each with its renditions smallest first; needs no sign-in. */
export const videos = () => request('GET', 'api/videos');
/** Deletes a live stream's recording (its streamer, the channel's owner or an admin). */
export const deleteVideo = (title) => request('DELETE', `api/videos/${encodeURIComponent(title)}`, { auth: true });

/** A new stream key for OBS: {key, url (OBS's Server), publishUrl}; the channel's previous key stops working. */
export const streamKey = (channel) =>
  request('POST', `api/channels/${encodeURIComponent(channel.replace(/^#/, ''))}/streamkey`, { auth: true });

/** Messages of a channel, newest first; `before` is an exclusive message id. */
export async function messages(channel, { before, limit }) {
  const query = new URLSearchParams({ limit });
  if (before !== undefined) query.set('before', before);
  const name = encodeURIComponent(channel.replace(/^#/, ''));
  const answer = await request('GET', `api/channels/${name}/messages?${query}`, { auth: true });
  return answer.messages;
}

// ---- the public-key directory and conversations (end-to-end encrypted direct messages)

export const publishKey = (device, publicKey) => request('PUT', 'api/keys', { body: { device, publicKey }, auth: true });
export const userKeys = (name) => request('GET', `api/users/${encodeURIComponent(name)}/keys`, { auth: true });
/** One key by id, revoked or not: old messages name the key they were made with. */
export const key = (id) => request('GET', `api/keys/${id}`, { auth: true });
export const revokeKey = (id) => request('DELETE', `api/keys/${id}`, { auth: true });
export const conversations = () => request('GET', 'api/conversations', { auth: true });

/** Private messages with one person, newest first; `before` is an exclusive message id. */
export async function conversation(name, { before, limit = 50 } = {}) {
  const query = new URLSearchParams({ limit });
  if (before !== undefined) query.set('before', before);
  const answer = await request('GET', `api/conversations/${encodeURIComponent(name)}/messages?${query}`, { auth: true });
  return answer.messages;
}

// ---- voice and video messages

/**
 * Uploads a recording: as recorded (`type` audio/webm, video/mp4, ...) for a channel, or sealed for a
 * direct message (application/octet-stream, its kind and duration in headers). Resolves to {id, url, kind, durationMs, size}.
 */
export function uploadRecording(data, { type, kind, durationMs }) {
  const headers = kind === undefined ? { 'Content-Type': type }
    : { 'Content-Type': 'application/octet-stream', 'X-Media-Kind': kind, 'X-Media-Duration-Ms': String(Math.max(1, Math.round(durationMs))) };
  return request('POST', 'api/media', { raw: data, headers, auth: true });
}

/** A recording's bytes (for one to decrypt here); who may fetch it is the server's rule. */
export async function recordingBytes(id) {
  let response;
  try {
    response = await fetch(`media/${id}`, { headers: { Authorization: `Bearer ${token()}` } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server.');
  }
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, 'The recording is gone or not yours to play.');
  return response.arrayBuffer();
}

// ---- the admin page (/admin): admins only, everyone else gets 403

export const adminUsers = () => request('GET', 'api/admin/users', { auth: true });
export const adminAccounts = () => request('GET', 'api/admin/accounts', { auth: true });
/** The connection log's last `limit` records, oldest first. */
export const adminConnections = (limit) => request('GET', `api/admin/connections?limit=${limit}`, { auth: true });
export const webhooks = () => request('GET', 'api/admin/webhooks', { auth: true });
/** {url, secret?, messages}: resolves to the hook with its secret, which is shown this once. */
export const addWebhook = (hook) => request('POST', 'api/admin/webhooks', { body: hook, auth: true });
export const removeWebhook = (id) => request('DELETE', `api/admin/webhooks/${id}`, { auth: true });
