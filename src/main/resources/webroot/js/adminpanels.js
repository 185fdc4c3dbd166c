// The admin page's sections: who is online, accounts, channels, live streams, the library, the connection log and
// the figures at a glance. Every action is a chat command (the same ones telnet and the chat page send) or the API.
import { actionButton, fillTable } from './admintable.js';
import { $, el } from './ui.js';

const minutes = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

/** @param act {command(body), deleteVideo(title)}: run an action, show its refusal, refresh */
export function renderPanels(data, me, act) {
  if (data.glance) renderGlance(data.glance);
  if (data.users) renderUsers(data.users, me, act);
  if (data.accounts) renderAccounts(data.accounts, me, act);
  if (data.channels) renderChannels(data.channels, act);
  if (data.streams) renderStreams(data.streams, act);
  if (data.videos) renderLibrary(data.videos, act);
  if (data.log) $('#connlog').replaceChildren(...data.log.map((line) => el('li', '', line)));
}

function renderGlance({ health, users, streams, channels, accounts }) {
  const figures = [
    ['Health', health], ['Sessions', users], ['Live streams', streams], ['Channels', channels], ['Accounts', accounts],
  ];
  $('#glance').replaceChildren(...figures.map(([name, value]) => {
    const pair = el('div');
    const dd = el('dd', '', String(value ?? '?'));
    dd.id = `glance-${name.toLowerCase().replace(' ', '-')}`;
    if (name === 'Health') dd.dataset.state = value;
    pair.append(el('dt', '', name), dd);
    return pair;
  }));
}

function renderUsers(sessions, me, act) {
  fillTable($('#users-rows'), sessions, {
    key: (s) => s.name,
    empty: 'Nobody is online.',
    cells: (s) => [s.name, s.role, s.adapter, s.address, s.channels.join(' '), s.status],
    buttons: (s) => (s.name === me ? [] : [
      actionButton('Kick', 'kick', () => act.command({ type: 'kick', name: s.name, reason: 'kicked by an admin' }), { target: s.name }),
      actionButton('Ban', 'ban', () => act.command({ type: 'ban', name: s.name, server: true }),
        { confirm: `Ban ${s.name}?`, target: s.name, className: 'warning' }),
    ]),
  });
}

function renderAccounts(accounts, me, act) {
  fillTable($('#accounts-rows'), accounts, {
    key: (a) => a.name,
    empty: 'No accounts yet.',
    cells: (a) => [a.name, a.admin ? 'admin' : 'user', a.online ? 'yes' : '', a.banned ? 'banned' : ''],
    buttons: (a) => (a.name === me ? [] : [
      a.admin
        ? actionButton('Demote', 'demote', () => act.command({ type: 'removeadmin', name: a.name }), { target: a.name })
        : actionButton('Promote', 'promote', () => act.command({ type: 'addadmin', name: a.name }), { target: a.name }),
      a.banned
        ? actionButton('Unban', 'unban', () => act.command({ type: 'unban', name: a.name, server: true }), { target: a.name })
        : actionButton('Ban', 'ban', () => act.command({ type: 'ban', name: a.name, server: true }),
          { confirm: `Ban ${a.name}?`, target: a.name, className: 'warning' }),
    ]),
  });
}

function renderChannels(channels, act) {
  fillTable($('#channels-rows'), channels, {
    key: (c) => c.name,
    empty: 'No channels.',
    cells: (c) => [c.name, c.owner ?? '', c.members, c.registeredOnly ? 'registered users' : 'everyone'],
    buttons: (c) => [
      actionButton(c.registeredOnly ? 'Open to guests' : 'Registered only', 'mode',
        () => act.command({ type: 'mode', channel: c.name, registeredOnly: !c.registeredOnly }), { target: c.name }),
      ...(c.name === '#lobby' ? [] : [actionButton('Delete', 'delete', () => act.command({ type: 'deletechannel', channel: c.name }),
        { confirm: `Delete ${c.name}?`, target: c.name, className: 'warning' })]),
    ],
  });
}

function renderStreams(streams, act) {
  fillTable($('#streams-rows'), streams, {
    key: (s) => s.channel,
    empty: 'Nothing is live.',
    cells: (s) => [s.channel, s.source, s.viewers + s.hlsViewers + s.direct + s.relayed, Math.round(s.fps)],
    buttons: (s) => [actionButton('Stop', 'stop', () => act.command({ type: 'stopstream', channel: s.channel }), { target: s.channel, className: 'warning' })],
  });
}

function renderLibrary(titles, act) {
  fillTable($('#library-rows'), titles, {
    key: (t) => t.title,
    empty: 'The library is empty.',
    cells: (t) => [t.title, t.renditions.map((r) => r.resolution).join(' '), minutes(t.renditions[0]?.duration ?? 0)],
    // Only live streams' recordings can be deleted from here; the server says so for the operator's own files.
    buttons: (t) => [actionButton('Delete', 'delete', () => act.deleteVideo(t.title), { confirm: `Delete ${t.title}?`, target: t.title, className: 'warning' })],
  });
}
