// The channels the server lists (GET /api/channels): the sidebar list, with the ones the user is in and
// has unread messages in, each channel's topic, and the form that creates a channel.
import * as api from './api.js';
import { $, renderChannels } from './ui.js';

export class ChannelDirectory {
  #channels = []; // as GET /api/channels last said

  async load() {
    try {
      this.#channels = await api.channels();
    } catch (error) {
      console.warn('Could not list channels:', error.message);
    }
  }

  topic(channel) {
    return this.#channels.find((listed) => listed.name === channel)?.topic ?? '';
  }

  /** A topic the server announced (or a join reply said) since the list was read. */
  setTopic(channel, topic) {
    const listed = this.#channels.find((entry) => entry.name === channel);
    if (listed) listed.topic = topic;
    else this.#channels.push({ name: channel, topic }); // joined before the list knew it
  }

  /** Lists every channel, with joined ones the server did not list (yet) added at the end. */
  render({ joined, current, unread }) {
    const listed = new Set(this.#channels.map((channel) => channel.name));
    const unlisted = [...joined].filter((name) => !listed.has(name)).map((name) => ({ name }));
    renderChannels([...this.#channels, ...unlisted], { joined, current, unread });
  }

  /** Creates the channel the form names. @return its name, or null when refused (the form says why) */
  async create() {
    const error = $('#new-channel-error');
    const name = channelName($('#new-channel-name').value);
    if (!name) {
      error.textContent = 'Choose a channel name.';
      return null;
    }
    error.textContent = '';
    try {
      const created = await api.createChannel(name, $('#new-channel-topic').value.trim());
      $('#new-channel-name').value = '';
      $('#new-channel-topic').value = '';
      return created?.name ?? name;
    } catch (failure) {
      error.textContent = failure.message;
      return null;
    }
  }
}

/** "Dev", "#dev" and " #Dev " all name #dev, as on the server. */
function channelName(input) {
  const bare = input.trim().toLowerCase().replace(/^#/, '');
  return bare ? `#${bare}` : '';
}
