// A live stream from this browser to its viewers' browsers, peer to peer (WebRTC): one RTCPeerConnection
// per direct viewer, offered from here when the server's tracker says so. The server only passes offers,
// answers and ICE candidates on. While the server relays the stream to other viewers, records it or serves
// it over HLS it asks for it, and the same camera and microphone are recorded to it (relayupload.js).
import { RelayUpload } from './relayupload.js';

export class PeerSender {
  #channel;
  #command;
  #stream; // Promise of the camera and microphone
  #relayUrl;
  #peers = new Map(); // viewer's peer id -> {connection, queue}
  #relay = null;
  #relayWanted = false; // by the tracker: someone watches through the server
  #serverWants = false; // by the ingest: the server records the stream or serves it over HLS
  #onProblem;

  /**
   * @param stream Promise of the MediaStream to send
   * @param relayUrl the media ingest WebSocket URL, for the server's relay
   * @param onProblem (message) => void: something viewers will miss (the relay upload failed)
   */
  constructor({ channel, command, stream, relayUrl, onProblem }) {
    this.#channel = channel;
    this.#command = command;
    this.#stream = stream;
    this.#relayUrl = relayUrl;
    this.#onProblem = onProblem;
  }

  /** @return whether the session event was for this stream (peer, signal, relay) */
  onEvent(event) {
    if (event.channel !== this.#channel) return false;
    if (event.type === 'peer' && event.action === 'connect') this.#connect(event.peer, event.iceServers ?? []);
    else if (event.type === 'peer' && event.action === 'close') this.#close(event.peer);
    else if (event.type === 'signal') this.#signalled(event);
    else if (event.type === 'relay') {
      this.#relayWanted = event.wanted;
      this.#updateRelay();
    }
    else return false;
    return true;
  }

  /** Whether the server needs the recording for itself (HLS, the library), as its ingest says. */
  setServerWants(wanted) {
    this.#serverWants = wanted;
    this.#updateRelay();
  }

  stop() {
    for (const peer of [...this.#peers.keys()]) this.#close(peer);
    this.#relayWanted = false;
    this.#serverWants = false;
    this.#updateRelay();
  }

  async #connect(peer, iceServers) {
    this.#close(peer); // a viewer asking again (it reloaded its page) starts afresh
    const connection = new RTCPeerConnection({ iceServers });
    const entry = { connection, queue: Promise.resolve() };
    this.#peers.set(peer, entry);
    connection.onicecandidate = ({ candidate }) => {
      if (candidate) this.#send(peer, { candidate: candidate.toJSON() });
    };
    connection.onconnectionstatechange = () => {
      if (connection.connectionState === 'failed' && this.#peers.get(peer) === entry) this.#close(peer); // it falls back to the relay
    };
    const stream = await this.#stream;
    if (this.#peers.get(peer) !== entry) return;
    stream.getTracks().forEach((track) => connection.addTrack(track, stream));
    entry.queue = entry.queue.then(async () => {
      await connection.setLocalDescription(); // the offer
      this.#send(peer, { sdp: connection.localDescription.toJSON() });
    }).catch((error) => console.warn(`Could not offer the stream to ${peer}:`, error.message));
  }

  /** The viewer's answer and candidates, applied in order (a candidate needs the answer first). */
  #signalled({ peer, data }) {
    const entry = this.#peers.get(peer);
    if (!entry) return;
    const { connection } = entry;
    entry.queue = entry.queue.then(() => (data.sdp ? connection.setRemoteDescription(data.sdp) : connection.addIceCandidate(data.candidate)))
      .catch((error) => console.warn('A viewer\'s signal did not apply:', error.message));
  }

  #close(peer) {
    const entry = this.#peers.get(peer);
    if (!entry) return;
    this.#peers.delete(peer);
    entry.connection.close();
  }

  #send(peer, data) {
    this.#command({ type: 'signal', channel: this.#channel, peer, data })
      .catch((error) => console.warn('A signal to a viewer was refused:', error.message));
  }

  async #updateRelay() {
    if (!this.#relayWanted && !this.#serverWants) {
      this.#relay?.stop();
      this.#relay = null;
      return;
    }
    if (this.#relay) return;
    const relay = new RelayUpload(this.#relayUrl, this.#onProblem);
    this.#relay = relay;
    const stream = await this.#stream;
    if (this.#relay === relay) relay.start(stream);
  }
}
