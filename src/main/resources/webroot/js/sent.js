// What this browser sent in encrypted direct messages, kept in IndexedDB by message id. A message is
// encrypted for the recipient's devices and our *other* devices only (the server takes no envelope for
// the sending device), so like Signal the sending device keeps its own copy to show it again later.
const DB_NAME = 'streamroom-sent';
const STORE = 'texts';

let opened = null;

function open() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  opened.catch(() => {
    opened = null; // try again next time
  });
  return opened;
}

const keyOf = (user, id) => `${user.toLowerCase()}:${id}`;

/** Keeps the text of message `id` that `user` sent from this browser. */
export async function rememberSent(user, id, text) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put({ key: keyOf(user, id), text });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/** The text `user` sent as message `id` from this browser, or null when it is not kept here. */
export async function sentText(user, id) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const request = db.transaction(STORE).objectStore(STORE).get(keyOf(user, id));
    request.onsuccess = () => resolve(request.result?.text ?? null);
    request.onerror = () => reject(request.error);
  });
}
