// Rows of the admin page's tables, with their buttons. Anything that came from a user goes through textContent only.
import { el } from './ui.js';

/**
 * A button that acts on click; with `confirm`, the first click only asks (its text becomes the question) and the
 * second acts, as the chat page's Ban does. While a button asks, the page is not refreshed under it. `target`
 * names what it acts on, for screen readers ("Kick alice").
 */
export function actionButton(label, action, run, { confirm, target, className = 'secondary' } = {}) {
  const button = el('button', `small ${className}`, label);
  button.type = 'button';
  button.dataset.action = action;
  if (target) button.setAttribute('aria-label', `${label} ${target}`);
  button.addEventListener('click', () => {
    if (confirm && !button.dataset.armed) {
      button.dataset.armed = 'true';
      button.textContent = confirm;
      button.setAttribute('aria-label', confirm);
      return;
    }
    delete button.dataset.armed;
    button.disabled = true;
    run();
  });
  return button;
}

/** Whether a button waits for its second click: refreshing now would lose the question. */
export const asking = () => document.querySelector('button[data-armed]') !== null;

/** One tr per item: `key` names it (data-key), `cells` its texts, `buttons` its actions in the last cell. */
export function fillTable(tbody, items, { key, cells, buttons = () => [], empty }) {
  if (items.length === 0) {
    const cell = el('td', 'empty', empty);
    cell.colSpan = tbody.closest('table').querySelectorAll('thead th').length;
    const row = el('tr');
    row.append(cell);
    tbody.replaceChildren(row);
    return;
  }
  tbody.replaceChildren(...items.map((item) => {
    const row = el('tr');
    row.dataset.key = key(item);
    cells(item).forEach((text) => row.append(el('td', '', String(text ?? ''))));
    const actions = el('td', 'actions');
    actions.append(...buttons(item));
    row.append(actions);
    return row;
  }));
}
