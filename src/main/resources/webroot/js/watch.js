// Watching a channel's live stream the way the server's tracker says: straight from the streamer's
// browser (WebRTC, with sound), through the server (relayplayer.js, with sound) when the streamer has no
// direct slot left or the direct connection does not come up within a few seconds, or as JPEG frames
// (viewer.js) for sources that are not a browser (the server's camera, a video).
import { playWithSound, RelayPlayer } from './relayplayer.js';

const DIRECT_TIMEOUT_MS = 5000; // a direct connection not up by then is not coming: ask for the relay
const STATS_MS = 1000;

export class Watching {
  #channel;
  #command;
  #video;
  #relayUrl;
  #frames;
  #path = null; // 'direct', 'relay' or 'frames' once known
  #connection = null;
  #queue = Promise.resolve();
  #streamer = null;
  #player = null;
  #timer = null;
  #statsTimer = null;
  #stats = { fps: null, latency: null };
  #closed = false;

  /**
   * @param video the <video> that plays a direct or relayed stream
   * @param relayUrl the relay's WebSocket URL
   * @param frames () => void: watch as JPEG frames instead (the panel's Viewer)
   */
  constructor({ channel, command, video, relayUrl, frames }) {
    this.#channel = channel;
    this.#command = command;
    this.#video = video;
    this.#relayUrl = relayUrl;
    this.#frames = frames;
    this.#start().catch((error) => {
      console.warn(`Could not watch ${channel} with sound:`, error.message);
      this.#watchFrames();
    });
  }

  get path() {
    return this.#path;
  }

  /** {fps, latency} of a direct or relayed stream (nulls until known). */
  get stats() {
    return this.#path === 'relay' ? { fps: null, latency: this.#player?.latency ?? null } : this.#stats;
  }

  /** The streamer's offer and candidates, or its leaving. @return whether the event was for this stream */
  onEvent(event) {
    if (event.channel !== this.#channel || !this.#connection) return false;
    if (event.type === 'signal' && event.peer === this.#streamer) this.#signalled(event.data);
    else if (event.type === 'peer' && event.action === 'close' && event.peer === this.#streamer) this.#endDirect();
    else return false;
    return true;
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#endDirect();
    this.#player?.close();
    if (this.#path === 'direct' || this.#path === 'relay') this.#command({ type: 'unwatch', channel: this.#channel }).catch(() => {});
    this.#video.srcObject = null;
  }

  async #start() {
    const reply = await this.#command({ type: 'watch', channel: this.#channel });
    if (this.#closed) return;
    if (reply.path === 'direct') this.#watchDirect(reply);
    else if (reply.path === 'relay') this.#watchRelayed();
    else this.#watchFrames();
  }

  #watchFrames() {
    this.#path = 'frames';
    if (!this.#closed) this.#frames();
  }

  /** Waits for the streamer's offer; gives up on the direct path if it is not connected in time. */
  #watchDirect({ peer, iceServers }) {
    this.#path = 'direct';
    this.#streamer = peer;
    const connection = new RTCPeerConnection({ iceServers });
    this.#connection = connection;
    connection.ontrack = ({ streams }) => {
      if (this.#video.srcObject !== streams[0]) {
        this.#video.srcObject = streams[0];
        playWithSound(this.#video);
      }
    };
    connection.onicecandidate = ({ candidate }) => {
      if (candidate) this.#send({ candidate: candidate.toJSON() });
    };
    connection.onconnectionstatechange = () => {
      if (connection.connectionState === 'connected') clearTimeout(this.#timer);
      if (connection.connectionState === 'failed' && this.#connection === connection) this.#fallBack();
    };
    this.#timer = setTimeout(() => this.#connection === connection && this.#fallBack(), DIRECT_TIMEOUT_MS);
    this.#statsTimer = setInterval(() => this.#readStats(connection), STATS_MS);
  }

  #signalled(data) {
    const connection = this.#connection;
    this.#queue = this.#queue.then(async () => {
      if (data.candidate) {
        await connection.addIceCandidate(data.candidate);
        return;
      }
      await connection.setRemoteDescription(data.sdp);
      await connection.setLocalDescription(); // the answer
      this.#send({ sdp: connection.localDescription.toJSON() });
    }).catch((error) => console.warn('The streamer\'s signal did not apply:', error.message));
  }

  /** The direct connection failed or never came up: the server relays the stream instead. */
  async #fallBack() {
    this.#endDirect();
    try {
      await this.#command({ type: 'relay', channel: this.#channel });
      if (!this.#closed) this.#watchRelayed();
    } catch (error) {
      console.warn('No relay either:', error.message);
      this.#watchFrames();
    }
  }

  #watchRelayed() {
    this.#path = 'relay';
    this.#player = new RelayPlayer(this.#relayUrl, this.#video);
  }

  #endDirect() {
    clearTimeout(this.#timer);
    clearInterval(this.#statsTimer);
    this.#connection?.close();
    this.#connection = null;
  }

  #send(data) {
    this.#command({ type: 'signal', channel: this.#channel, peer: this.#streamer, data })
      .catch((error) => console.warn('A signal to the streamer was refused:', error.message));
  }

  /** Frames per second received, and latency: half the round trip plus what the jitter buffer holds. */
  async #readStats(connection) {
    const report = await connection.getStats();
    let rtt = null;
    let video = null;
    report.forEach((stat) => {
      if (stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded') rtt = stat.currentRoundTripTime ?? rtt;
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') video = stat;
    });
    const buffered = video?.jitterBufferEmittedCount ? (video.jitterBufferDelay / video.jitterBufferEmittedCount) * 1000 : null;
    this.#stats = {
      fps: video?.framesPerSecond ?? null,
      latency: rtt === null || buffered === null ? null : Math.round((rtt * 1000) / 2 + buffered),
    };
  }
}
