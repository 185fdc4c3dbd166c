// Slash commands typed in the message box, as telnet users have them: each becomes one chat command for
// the channel being read. Only the spelling is checked here; who may do what is the server's to say.
const NAME = '\\S+';
const COMMANDS = [
  // [usage, pattern, (match, channel) => command body]
  ['/msg <name> <text>', /(?!)/, null], // composer.js sends private messages; here only to say how
  ['/timeout <name> [seconds] [reason]', new RegExp(`^(${NAME})(?:\\s+(\\d{1,9}))?(?:\\s+(.+))?$`, 's'),
    ([, name, seconds, reason], channel) => ({ type: 'timeout', channel, name, ...(seconds && { seconds: Number(seconds) }), ...(reason && { reason }) })],
  ['/untimeout <name>', new RegExp(`^(${NAME})$`), ([, name], channel) => ({ type: 'untimeout', channel, name })],
  ['/ban <name> [reason]', new RegExp(`^(${NAME})(?:\\s+(.+))?$`, 's'),
    ([, name, reason], channel) => ({ type: 'ban', channel, name, ...(reason && { reason }) })],
  ['/unban <name>', new RegExp(`^(${NAME})$`), ([, name], channel) => ({ type: 'unban', channel, name })],
  ['/mod <name>', new RegExp(`^(${NAME})$`), ([, name], channel) => ({ type: 'mod', channel, name })],
  ['/unmod <name>', new RegExp(`^(${NAME})$`), ([, name], channel) => ({ type: 'unmod', channel, name })],
  ['/clear', /^$/, (match, channel) => ({ type: 'clear', channel })],
  ['/slow <seconds>|off', /^(\d{1,9}|off)$/, ([, seconds], channel) => ({ type: 'slow', channel, seconds: seconds === 'off' ? 0 : Number(seconds) })],
  ['/topic [text]', /^(.*)$/s, ([, topic], channel) => ({ type: 'topic', channel, topic })],
  ['/delete <message id>', /^(\d{1,18})$/, ([, id], channel) => ({ type: 'delete', channel, id: Number(id) })],
];

export const SLASH_USAGE = `Commands: ${COMMANDS.map(([usage]) => usage).join(', ')}`;

/**
 * The chat command a line starting with "/" asks for in `channel`, or null when the line is no slash
 * command (it does not start with "/", or with "//", which says a line starting with "/").
 * @throws Error saying how to use the command, or which ones there are, when the line cannot be one
 */
export function slashCommand(text, channel) {
  const parts = /^\/([a-z]+)(?:\s+(.*))?$/is.exec(text);
  if (!text.startsWith('/') || text.startsWith('//')) return null;
  const found = parts && COMMANDS.find(([usage]) => usage.split(' ')[0] === `/${parts[1].toLowerCase()}`);
  if (!found) throw new Error(`Unknown command. ${SLASH_USAGE}`);
  const [usage, pattern, build] = found;
  const match = pattern.exec((parts[2] ?? '').trim());
  if (!match) throw new Error(`Usage: ${usage}`);
  return build(match, channel);
}
