// The sign-in view: an account (sign in or register) or a visitor name.
import * as api from './api.js';
import { $ } from './ui.js';

const BUTTONS = ['#login-btn', '#register-btn', '#visitor-btn'];

/** @param onSignedIn called with {token, user} once the server accepted us */
export function initAuth(onSignedIn) {
  const attempt = async (call) => {
    showError('');
    BUTTONS.forEach((id) => { $(id).disabled = true; });
    try {
      onSignedIn(await call());
    } catch (error) {
      showError(error.message);
    } finally {
      BUTTONS.forEach((id) => { $(id).disabled = false; });
    }
  };
  const withAccount = (call) => {
    const name = $('#username').value.trim();
    const password = $('#password').value;
    if (!name || !password) showError('Enter a name and a password.');
    else attempt(() => call(name, password));
  };

  $('#login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    withAccount(api.login);
  });
  $('#register-btn').addEventListener('click', () => withAccount(api.register));
  $('#visitor-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('#visitor-name').value.trim();
    if (!name) showError('Choose a name to watch as a visitor.');
    else attempt(() => api.visitor(name));
  });
}

/** Shows the sign-in view, with why we are back here (kicked, session ended) if there is a reason. */
export function showAuth(reason = '') {
  $('#password').value = '';
  $('#auth').hidden = false;
  showError(reason);
  $('#username').focus();
}

function showError(message) {
  $('#auth-error').textContent = message;
}
