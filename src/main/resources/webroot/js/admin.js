// Entry point of the admin page (/admin): with the token the chat page saved, it reads the admin endpoints
// (403 for anyone but an admin: the page then says "Admins only") and acts through the chat's own commands
// over the event-bus bridge, like the chat page, and the REST API.
import * as api from './api.js';
import { asking } from './admintable.js';
import { initHooks, renderHooks } from './adminhooks.js';
import { renderPanels } from './adminpanels.js';
import { Connection } from './connection.js';
import { loadSession } from './session.js';
import { $ } from './ui.js';

const REFRESH_MS = 5000;
const LOG_RECORDS = 50;

let me = '';
let connection = null;
let timer = null;

function showError(message) {
  $('#admin-error').textContent = message;
}

/** The server will not have us (any more): signed out, expired, or not an admin. */
function stop(note, text) {
  clearInterval(timer);
  connection?.close();
  connection = null;
  $('#admin-panels').hidden = true;
  $(note).hidden = false;
  if (text) $(note).textContent = text;
}

/** Runs an action, shows its refusal, then shows what changed. */
async function act(work) {
  showError('');
  try {
    await work();
  } catch (error) {
    showError(error.message);
  }
  await refresh();
}

const actions = {
  command: (body) => act(() => connection.command(body)),
  deleteVideo: (title) => act(() => api.deleteVideo(title)),
};

async function health() {
  try {
    const answer = await fetch('health');
    return (await answer.json()).status;
  } catch {
    return 'DOWN';
  }
}

async function refresh() {
  if (!connection || asking()) return; // a button waits for its second click
  const [users, accounts, channels, streams, videos, hooks, log, status] = await Promise.allSettled([api.adminUsers(),
    api.adminAccounts(), api.channels(), api.live(), api.videos(), api.webhooks(), api.adminConnections(LOG_RECORDS), health()]);
  if (users.status === 'rejected' && users.reason.status === 403) {
    stop('#admin-denied'); // demoted meanwhile
    return;
  }
  const value = (settled) => (settled.status === 'fulfilled' ? settled.value : null);
  const glance = {
    health: value(status), users: value(users)?.length, streams: value(streams)?.length,
    channels: value(channels)?.length, accounts: value(accounts)?.length,
  };
  renderPanels({ glance, users: value(users), accounts: value(accounts), channels: value(channels), streams: value(streams),
    videos: value(videos), log: value(log) }, me, actions);
  if (value(hooks)) renderHooks(value(hooks), act);
}

async function start({ token, user }) {
  me = user.name ?? '';
  $('#admin-me').textContent = me;
  api.whenUnauthorized(() => stop('#admin-signin'));
  try {
    await api.adminUsers();
  } catch (error) {
    if (error.status === 403) stop('#admin-denied');
    else if (error.status !== 401) showError(error.message);
    return;
  }
  connection = new Connection(token, {
    hello: (hello) => {
      me = hello.name;
      $('#admin-me').textContent = `${me} (${hello.role})`;
      refresh(); // this page is online now, as a web session
    },
    sessionEvent: (event) => {
      if (event.type === 'kicked') stop('#admin-signin', `You were kicked by ${event.by}.`);
      else if (event.type === 'demoted') stop('#admin-denied', `Admins only: ${event.by} removed your admin role.`);
    },
    ended: (reason) => stop('#admin-signin', reason),
  });
  initHooks(act);
  $('#admin-panels').hidden = false;
  await refresh();
  timer = setInterval(refresh, REFRESH_MS);
}

const saved = loadSession();
if (saved) start(saved);
else $('#admin-signin').hidden = false;
