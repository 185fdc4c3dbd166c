// A message's text as DOM nodes: http(s) links clickable, @name mentions marked, everything else plain text.
// Built with createElement and textContent only: nothing a user typed is ever parsed as HTML.
import { el } from './ui.js';

// Candidates only: each is checked again with the URL parser. Other schemes (javascript:, data:) never match.
const LINK = /\bhttps?:\/\/[^\s<>"]+/giu;
// Punctuation that usually ends the sentence around a link rather than the link itself.
const TRAILING = /[.,;:!?'")\]}>]+$/u;
// A nickname: a letter, then letters, digits, _ or - (2-20 in all); not part of an e-mail address.
const MENTION = /(?<![\w@.-])@([A-Za-z][A-Za-z0-9_-]{1,19})(?![A-Za-z0-9_-])/gu;

/**
 * @param text the message as typed
 * @param me the signed-in name; a mention of it (any case) sets `mentioned`
 * @returns {{nodes: Node[], mentioned: boolean}}
 */
export function richText(text, me) {
  const nodes = [];
  let mentioned = false;
  const plain = (part) => {
    for (const piece of mentions(part)) {
      if (typeof piece === 'string') {
        nodes.push(document.createTextNode(piece));
        continue;
      }
      const self = Boolean(me) && piece.name.toLowerCase() === me.toLowerCase();
      mentioned ||= self;
      const span = el('span', self ? 'mention me' : 'mention', piece.text);
      span.dataset.user = piece.name;
      nodes.push(span);
    }
  };
  let from = 0;
  for (const match of text.matchAll(LINK)) {
    const candidate = match[0].replace(TRAILING, '');
    const url = httpUrl(candidate);
    if (!url) continue;
    plain(text.slice(from, match.index));
    nodes.push(linkNode(url, candidate));
    from = match.index + candidate.length;
  }
  plain(text.slice(from));
  return { nodes, mentioned };
}

/** The parsed URL when it is a well-formed http or https address, else null. */
function httpUrl(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function linkNode(url, text) {
  const link = el('a', 'link', text);
  link.href = url.href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer'; // the opened page gets neither window.opener nor our address
  return link;
}

/** Splits text into plain strings and {name, text} mentions. */
function mentions(text) {
  const pieces = [];
  let from = 0;
  for (const match of text.matchAll(MENTION)) {
    if (match.index > from) pieces.push(text.slice(from, match.index));
    pieces.push({ name: match[1], text: match[0] });
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push(text.slice(from));
  return pieces;
}
