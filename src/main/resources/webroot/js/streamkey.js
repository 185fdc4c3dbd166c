// The OBS panel under the live controls: a channel owner's stream key and the server to give OBS
// (POST /api/channels/{name}/streamkey; asking again makes a new key and the old one stops working).
import * as api from './api.js';
import { $ } from './ui.js';

export class StreamKeyPanel {
  #channel;
  #showError;

  /** @param channel () => the channel shown; @param showError (message) => void, '' clears */
  constructor({ channel, showError, signal }) {
    this.#channel = channel;
    this.#showError = showError;
    $('#stream-key-btn').addEventListener('click', () => this.#show(), { signal });
  }

  /** Hidden again, e.g. because another channel is shown: the key was that channel's. */
  hide() {
    $('#stream-key').hidden = true;
  }

  async #show() {
    this.#showError('');
    this.hide();
    try {
      const answer = await api.streamKey(this.#channel());
      $('#stream-key-url').textContent = answer.url;
      $('#stream-key-value').textContent = answer.key;
      $('#stream-key').hidden = false;
    } catch (error) {
      this.#showError(error.message);
    }
  }
}
