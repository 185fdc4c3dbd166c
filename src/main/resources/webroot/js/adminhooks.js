// The admin page's webhooks: the list with each hook's delivery state, adding one (its secret is shown once) and
// removing one added here (those of STREAMROOM_WEBHOOKS are changed in the server's settings).
import * as api from './api.js';
import { actionButton, fillTable } from './admintable.js';
import { $ } from './ui.js';

/** @param act runs an action (a function returning a promise), shows its refusal and refreshes the page */
export function initHooks(act) {
  $('#hook-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const secret = $('#hook-secret').value.trim();
    const hook = { url: $('#hook-url').value.trim(), messages: $('#hook-messages').checked, ...(secret ? { secret } : {}) };
    act(async () => {
      const added = await api.addWebhook(hook);
      $('#hook-created').textContent = `Added ${added.url}. Its secret (shown only now): ${added.secret}`;
      $('#hook-form').reset();
    });
  });
}

export function renderHooks({ hooks }, act) {
  fillTable($('#hooks-rows'), hooks, {
    key: (h) => h.url,
    empty: 'No webhooks.',
    cells: (h) => [h.url, h.origin === 'setting' ? 'STREAMROOM_WEBHOOKS' : 'this page', h.messages ? 'yes' : '',
      h.failing ? `failing: ${h.lastError}` : `ok, ${h.waiting} waiting`, h.delivered, h.dropped + h.abandoned],
    buttons: (h) => (h.id == null ? [] : [actionButton('Remove', 'remove', () => act(() => api.removeWebhook(h.id)),
      { confirm: 'Remove?', target: h.url, className: 'warning' })]),
  });
}
