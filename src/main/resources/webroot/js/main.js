// Entry point: the sign-in view, or straight to the chat with a saved token.
import { whenUnauthorized } from './api.js';
import { initAuth, showAuth } from './auth.js';
import { Chat } from './chat.js';
import { SESSION_ENDED } from './connection.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { $ } from './ui.js';

let chat = null;

function enterChat(session) {
  $('#auth').hidden = true;
  $('#chat').hidden = false;
  chat = new Chat(session, signOut);
}

/** Back to the sign-in view; `reason` says why when it was not the user's choice. */
function signOut(reason = '') {
  if (!chat) return;
  chat.stop();
  chat = null;
  clearSession();
  $('#chat').hidden = true;
  showAuth(reason);
}

// An answer to a request made with an older token must not sign out whoever signed in since.
whenUnauthorized((stale) => {
  if (stale === loadSession()?.token) signOut(SESSION_ENDED);
});
initAuth((session) => {
  saveSession(session);
  enterChat(session);
});

const saved = loadSession();
if (saved) enterChat(saved);
else showAuth();
