// End-to-end encryption of direct messages. Each browser is a device with its own ECDH P-256 key pair:
// the private key is created non-extractable and kept in IndexedDB, so no script (ours included) can
// read it out; only the public key is published. A message is encrypted once per device that may read it
// (the recipient's devices and our own other ones): ECDH between our private key and that device's public
// key, HKDF-SHA-256 (info binds both key ids) to an AES-256-GCM key, a fresh random 96-bit nonce, and the
// sender, recipient and sender key id as additional data, so the server cannot relabel who wrote to whom.
// The sending device makes an envelope for itself too, so every device reads history the same way.
// A recording is encrypted once under a fresh AES-256-GCM key (sealRecording), and that key travels
// inside the envelopes like the text. Keys are static: there is no forward secrecy (a stolen device key
// opens its past messages).
import * as api from './api.js';

const DB_NAME = 'streamroom-e2e';
const STORE = 'devices';
const ECDH = { name: 'ECDH', namedCurve: 'P-256' };
const UTF8 = new TextEncoder();
const FROM_UTF8 = new TextDecoder();
const RECORDING = UTF8.encode('streamroom-recording-v1');

/** This browser's device for `user`: { keyPair, device, id, publicKey, fingerprint }, created and published on first use. */
export async function myDevice(user) {
  let record = await load(user);
  if (!record) {
    const keyPair = await crypto.subtle.generateKey(ECDH, false, ['deriveBits']);
    record = { user, keyPair, device: deviceName() };
    await save(record);
  }
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', record.keyPair.publicKey);
  const publicKey = { kty, crv, x, y };
  const published = await api.publishKey(record.device, publicKey);
  return { ...record, id: published.id, publicKey, fingerprint: await fingerprint(publicKey) };
}

/** "Chrome on Linux 3f9a": what the owner sees in their device list. */
function deviceName() {
  const ua = navigator.userAgent;
  const browser = /Firefox/.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrom/.test(ua) ? 'Chrome' : /Safari/.test(ua) ? 'Safari' : 'Browser';
  const system = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'a device';
  const tag = [...crypto.getRandomValues(new Uint8Array(2))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${browser} on ${system} ${tag}`;
}

/**
 * The safety number of a public JWK: SHA-256 of the uncompressed point, each 5-byte slice as a number
 * mod 100000, six groups. The server computes the same; people compare it aloud.
 */
export async function fingerprint(jwk) {
  const point = new Uint8Array(65);
  point[0] = 4;
  point.set(fromBase64(jwk.x), 1);
  point.set(fromBase64(jwk.y), 33);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', point));
  const groups = [];
  for (let g = 0; g < 6; g++) {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 256 + hash[g * 5 + i]; // 40 bits: exact in a double
    groups.push(String(value % 100000).padStart(5, '0'));
  }
  return groups.join(' ');
}

/** Encrypts `payload` (an object) for each key in `keys` ([{id, publicKey}]); returns the envelopes. */
export async function encrypt(me, from, to, keys, payload) {
  const plaintext = UTF8.encode(JSON.stringify(payload));
  return Promise.all(keys.map(async (key) => {
    const aes = await pairKey(me.keyPair.privateKey, key.publicKey, me.id, key.id);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: context(from, to, me.id) }, aes, plaintext);
    return { device: key.id, iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
  }));
}

/**
 * Opens the envelope made for this device: `message` is {from, to, device, envelopes}, `senderKey` the
 * sender device's public JWK. Resolves to the payload object; rejects when it was not made for us or was altered.
 */
export async function decrypt(me, message, senderKey) {
  const envelope = message.envelopes.find((e) => e.device === me.id);
  if (!envelope) throw new Error('This message was sent before this device existed.');
  const aes = await pairKey(me.keyPair.privateKey, senderKey, message.device, me.id);
  const plaintext = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(envelope.iv), additionalData: context(message.from, message.to, message.device) },
    aes, fromBase64(envelope.data));
  return JSON.parse(FROM_UTF8.decode(plaintext));
}

/**
 * A recording for a direct message, encrypted under a key of its own: resolves to {data} (the bytes to
 * upload) and {key, iv} (base64, to put in the message's payload).
 */
export async function sealRecording(blob) {
  const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: RECORDING }, aes, await blob.arrayBuffer());
  const key = new Uint8Array(await crypto.subtle.exportKey('raw', aes));
  return { data, key: toBase64(key), iv: toBase64(iv) };
}

/** The recorded bytes of a sealed recording; rejects when they were altered. */
export async function openRecording(data, { key, iv }) {
  const aes = await crypto.subtle.importKey('raw', fromBase64(key), 'AES-GCM', false, ['decrypt']);
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv), additionalData: RECORDING }, aes, data);
}

/** The AES key two devices share; the same from either side because the key ids go in sender-first. */
async function pairKey(privateKey, publicJwk, senderId, recipientId) {
  const theirs = await crypto.subtle.importKey('jwk', publicJwk, ECDH, false, []);
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: theirs }, privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: UTF8.encode(`streamroom-dm-v1 ${senderId}>${recipientId}`) },
    hkdf, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

function context(from, to, senderKeyId) {
  return UTF8.encode(`${from.toLowerCase()}>${to.toLowerCase()}#${senderKeyId}`);
}

function toBase64(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/** Standard or URL-safe base64 (JWK coordinates are URL-safe without padding). */
function fromBase64(text) {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

// ---- IndexedDB: one record per user name; CryptoKey objects are stored as they are (structured clone)

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'user' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function load(user) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).get(user.toLowerCase());
    request.onsuccess = () => resolve(request.result ?? null);
    request.onerror = () => reject(request.error);
  });
}

async function save(record) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put({ ...record, user: record.user.toLowerCase() });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}
