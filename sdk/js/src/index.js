// herald-client: a client of a Herald node over WebSocket (docs/PROTOCOL.md), for browsers and Node.
// No runtime dependencies: the browser's WebSocket, Node's global WebSocket (Node 22+), or the `ws` package (given
// as the WebSocket option, or imported lazily where there is no global one).

/** Close codes after which the client does not reconnect (4001 only where it has no getToken to ask again). */
export const STOP_CODES = Object.freeze({
  4001: 'unauthorized',
  4003: 'kicked',
  4010: 'replaced: too many connections for this user',
});

/** A command refused by the node (code is its reply's code), timed out ('TIMEOUT') or cut by a disconnect ('DISCONNECTED'). */
export class HeraldError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'HeraldError';
    this.code = code;
  }
}

const DEFAULTS = {
  minReconnectDelay: 250,
  maxReconnectDelay: 15000,
  timeout: 10000,
  dedupeSize: 1000,
  autoAck: true,
  refreshBeforeExpiry: 30000,
};

export class HeraldClient {
  /**
   * @param {object} options url or urls, uid, token or getToken, device, WebSocket, minReconnectDelay,
   *   maxReconnectDelay, timeout (ms, for commands), dedupeSize, autoAck, refreshBeforeExpiry (ms)
   */
  constructor(options) {
    const urls = options && (Array.isArray(options.urls) && options.urls.length > 0 ? [...options.urls]
      : options.url ? [options.url] : null);
    if (!urls || urls.some(url => typeof url !== 'string' || url === '') || !options.uid) {
      throw new TypeError('HeraldClient needs url (or urls, a non-empty array of addresses) and uid');
    }
    if (!options.token && typeof options.getToken !== 'function') {
      throw new TypeError('HeraldClient needs token or getToken');
    }
    this.options = {...DEFAULTS, ...options};
    /** The nodes' addresses, tried in this order: the next one after each connection that failed or closed. */
    this.urls = urls;
    /** The address of the current (or next) connection: urls[0] at first. */
    this.url = urls[0];
    this._urlIndex = 0;
    this.uid = options.uid;
    this.token = options.token || null;
    this.state = 'idle';
    /** The node's answer to the last login: conn, node, heartbeat, streams, recovered. */
    this.session = null;
    /** Each stream's position, {epoch, seq}, as the last login reply and every push since left it. */
    this.positions = new Map();
    this._handlers = new Map();
    this._pending = new Map();
    this._nextId = 1;
    this._attempts = 0;
    this._socket = null;
    this._timers = new Set();
    this._heartbeat = null;
    this._expiry = null;
    this._seen = new Set();
    this._seenOrder = [];
    this._closed = false;
  }

  /** Subscribes fn to an event; returns a function that unsubscribes it. */
  on(name, fn) {
    if (!this._handlers.has(name)) {
      this._handlers.set(name, new Set());
    }
    this._handlers.get(name).add(fn);
    return () => this.off(name, fn);
  }

  off(name, fn) {
    const set = this._handlers.get(name);
    if (set) {
      set.delete(fn);
    }
  }

  _emit(name, value) {
    const set = this._handlers.get(name);
    if (!set) {
      return;
    }
    for (const fn of [...set]) {
      try {
        fn(value);
      } catch (error) {
        if (name !== 'error') {
          this._emit('error', error);
        }
      }
    }
  }

  /** Starts connecting (and reconnecting); resolves at the first login, rejects where the client stops before. */
  connect() {
    if (this.state === 'idle' || this.state === 'closed') {
      this._closed = false;
      this._attempts = 0;
      this._open();
    }
    return new Promise((resolve, reject) => {
      if (this.state === 'connected') {
        resolve(this.session);
        return;
      }
      const offConnected = this.on('connected', session => {
        offConnected();
        offStopped();
        resolve(session);
      });
      const offStopped = this.on('stopped', event => {
        offConnected();
        offStopped();
        reject(new HeraldError(event.code, 'the client stopped: ' + event.reason));
      });
    });
  }

  /** Closes the connection with 1000 and stops reconnecting. */
  close() {
    this._closed = true;
    this._clearTimers();
    const socket = this._socket;
    if (socket) {
      this._lost(1000, 'closed by the client', false);
      try {
        socket.close(1000);
      } catch (ignored) {
        // closing already
      }
    }
    this._stop(1000, 'closed by the client');
  }

  /** Sends a command (forwarded to the node's upstream); resolves with the reply's data, or rejects. */
  send(cmd, data, options = {}) {
    const frame = {cmd};
    if (data !== undefined) {
      frame.data = data;
    }
    return this._request(frame, options.timeout).then(reply => reply.data);
  }

  /**
   * Joins a group (for every connection of the user). Where the reply gives the position the connection starts at in
   * the group's stream ({stream, epoch, seq}), it is kept, so that the group is recovered after a drop even before
   * its first push arrives.
   */
  join(group, options = {}) {
    return this._request({cmd: 'join', group}, options.timeout).then(reply => {
      this._joined(reply.data);
      return undefined;
    });
  }

  /** Leaves a group; its stream's position is forgotten (the next login would find it lost: not received). */
  leave(group, options = {}) {
    return this._request({cmd: 'leave', group}, options.timeout).then(() => {
      this.positions.delete('group:' + group);
      return undefined;
    });
  }

  _joined(data) {
    if (!data || typeof data.stream !== 'string' || typeof data.epoch !== 'string' || typeof data.seq !== 'number') {
      return;
    }
    const held = this.positions.get(data.stream);
    // A push of the group may have come before the reply and moved a position held already (the user was in the
    // group): a later seq of the same epoch is kept. One that came with no position held is replayed after a drop,
    // and dropped then as a duplicate.
    if (!held || held.epoch !== data.epoch || held.seq < data.seq) {
      this.positions.set(data.stream, {epoch: data.epoch, seq: data.seq});
    }
  }

  /** Sends a new token for this connection; once accepted, later logins use it too. */
  refresh(token, options = {}) {
    return this._request({cmd: 'refresh', token}, options.timeout).then(() => {
      this.token = token;
      this._scheduleExpiry(token);
    });
  }

  _request(frame, timeout, beforeLogin = false) {
    if (this.state !== 'connected' && !beforeLogin) {
      return Promise.reject(new HeraldError('DISCONNECTED', 'not connected'));
    }
    const id = String(this._nextId++);
    const socket = this._socket;
    return new Promise((resolve, reject) => {
      const wait = timeout === undefined ? this.options.timeout : timeout;
      const timer = setTimeout(() => {
        this._pending.delete(id);
        reject(new HeraldError('TIMEOUT', `no reply to ${frame.cmd} within ${wait} ms`));
      }, wait);
      this._pending.set(id, {resolve, reject, timer});
      try {
        socket.send(JSON.stringify({id, ...frame}));
      } catch (error) {
        clearTimeout(timer);
        this._pending.delete(id);
        reject(new HeraldError('DISCONNECTED', 'send failed: ' + error.message));
      }
    });
  }

  async _open() {
    this.state = 'connecting';
    let token;
    let WebSocketClass;
    try {
      token = typeof this.options.getToken === 'function' ? await this.options.getToken() : this.token;
      this.token = token;
      WebSocketClass = await webSocketClass(this.options.WebSocket);
    } catch (error) {
      this._emit('error', error);
      this._scheduleReconnect();
      return;
    }
    if (this._closed) {
      return;
    }
    let socket;
    try {
      socket = new WebSocketClass(this.url);
    } catch (error) {
      this._emit('error', error);
      this._nextUrl();
      this._scheduleReconnect();
      return;
    }
    this._socket = socket;
    socket.onopen = () => this._login(socket, token);
    socket.onmessage = event => {
      if (socket === this._socket) {
        this._read(event.data);
      }
    };
    socket.onerror = event => {
      if (socket === this._socket) {
        this._emit('error', event && event.error ? event.error : new Error('WebSocket error'));
      }
    };
    socket.onclose = event => {
      if (socket === this._socket) {
        this._lost(event.code, event.reason || '', true);
      }
    };
  }

  async _login(socket, token) {
    const frame = {cmd: 'login', uid: this.uid, token};
    if (this.options.device) {
      frame.device = this.options.device;
    }
    const since = {};
    for (const [stream, position] of this.positions) {
      since[stream] = {epoch: position.epoch, seq: position.seq};
    }
    const recovering = Object.keys(since).length > 0;
    if (recovering) {
      frame.since = since;
    }
    let reply;
    try {
      reply = await this._request(frame, this.options.timeout, true);
    } catch (error) {
      if (socket === this._socket) {
        this._emit('error', error);
        if (error.code !== 'DISCONNECTED') {
          // A refused login is followed by the node's close (4001, 4010), which decides what comes next.
          if (error.code === 'TIMEOUT') {
            this._drop(4000, 'login timed out');
          }
        }
      }
      return;
    }
    if (socket !== this._socket) {
      return;
    }
    const data = reply.data || {};
    this.session = data;
    this.state = 'connected';
    this._attempts = 0;
    // The reply lists streams (never none: a user's stream and all) unless the node has none or cannot reach them.
    const listed = data.streams && typeof data.streams === 'object' ? data.streams : {};
    const streamsListed = Object.keys(listed).length > 0;
    const lost = new Set(data.lost || []);
    if (recovering && data.recovered !== true && !streamsListed) {
      Object.keys(since).forEach(stream => lost.add(stream));
    }
    if (streamsListed) {
      // A stream the reply no longer lists (a group left elsewhere, or forgotten by a node that restarted alone) is
      // forgotten: reported lost this once, not at every later login.
      for (const stream of [...this.positions.keys()]) {
        if (!Object.prototype.hasOwnProperty.call(listed, stream)) {
          this.positions.delete(stream);
        }
      }
    }
    for (const [stream, position] of Object.entries(listed)) {
      // A stream recovered keeps the position sent: what it missed comes next, each push moving it on.
      if (!(stream in since) || lost.has(stream)) {
        this.positions.set(stream, {epoch: position.epoch, seq: position.seq});
      }
    }
    this._startHeartbeat(socket, data.heartbeat);
    this._scheduleExpiry(token);
    this._emit('connected', data);
    if (recovering) {
      if (data.recovered === true) {
        this._emit('recovered', {streams: Object.keys(since)});
      } else {
        this._emit('lost', {streams: [...lost]});
      }
    }
  }

  _read(text) {
    let frame;
    try {
      frame = JSON.parse(typeof text === 'string' ? text : String(text));
    } catch (error) {
      this._emit('error', new Error('a frame that is not JSON: ' + error.message));
      return;
    }
    if (frame.cmd === 'push') {
      this._push(frame);
      return;
    }
    if (frame.id !== undefined && this._pending.has(frame.id)) {
      const pending = this._pending.get(frame.id);
      this._pending.delete(frame.id);
      clearTimeout(pending.timer);
      if (frame.code >= 200 && frame.code < 300) {
        pending.resolve(frame);
      } else {
        const error = new HeraldError(frame.code, frame.msg || 'refused');
        error.reply = frame;
        pending.reject(error);
      }
    }
  }

  _push(frame) {
    if (typeof frame.stream === 'string' && typeof frame.seq === 'number') {
      const position = this.positions.get(frame.stream);
      if (position && frame.seq > position.seq) {
        position.seq = frame.seq;
      }
    }
    const duplicate = frame.id !== undefined && this._seen.has(frame.id);
    if (!duplicate) {
      if (frame.id !== undefined) {
        this._remember(frame.id);
      }
      this._emit('push', frame);
    }
    if (this.options.autoAck && frame.id !== undefined && this._socket) {
      try {
        this._socket.send(JSON.stringify({cmd: 'ack', id: frame.id}));
      } catch (ignored) {
        // the connection is going; the push is acked on the next one, where the node sends it again
      }
    }
  }

  _remember(id) {
    this._seen.add(id);
    this._seenOrder.push(id);
    if (this._seenOrder.length > this.options.dedupeSize) {
      this._seen.delete(this._seenOrder.shift());
    }
  }

  _startHeartbeat(socket, seconds) {
    if (!seconds || seconds <= 0) {
      return;
    }
    const every = seconds * 1000;
    this._heartbeat = setInterval(() => {
      if (socket !== this._socket) {
        return;
      }
      this._request({cmd: 'heartbeat'}, Math.min(every, this.options.timeout)).catch(error => {
        if (error.code === 'TIMEOUT' && socket === this._socket) {
          this._drop(4000, 'no heartbeat reply');
        }
      });
    }, every);
  }

  _scheduleExpiry(token) {
    if (this._expiry) {
      clearTimeout(this._expiry);
      this._timers.delete(this._expiry);
      this._expiry = null;
    }
    if (typeof this.options.getToken !== 'function') {
      return;
    }
    const exp = tokenExpiry(token);
    if (!exp) {
      return;
    }
    const wait = Math.max(0, exp * 1000 - Date.now() - this.options.refreshBeforeExpiry);
    if (wait > 2147483647) {
      return;
    }
    this._expiry = this._timer(async () => {
      this._expiry = null;
      try {
        await this.refresh(await this.options.getToken());
      } catch (error) {
        this._emit('error', error);
      }
    }, wait);
  }

  /** Drops the connection from this side (a dead connection) and reconnects. */
  _drop(code, reason) {
    const socket = this._socket;
    this._lost(code, reason, true);
    try {
      if (typeof socket.terminate === 'function') {
        socket.terminate();
      } else {
        socket.close(4000, reason);
      }
    } catch (ignored) {
      // gone already
    }
  }

  _lost(code, reason, reconnect) {
    const wasConnected = this.state === 'connected';
    this._socket = null;
    this.state = 'connecting';
    if (this._heartbeat) {
      clearInterval(this._heartbeat);
      this._heartbeat = null;
    }
    for (const [id, pending] of this._pending) {
      clearTimeout(pending.timer);
      pending.reject(new HeraldError('DISCONNECTED', `disconnected (${code})`));
      this._pending.delete(id);
    }
    if (wasConnected) {
      this._emit('disconnected', {code, reason});
    }
    if (!reconnect || this._closed) {
      return;
    }
    if (code in STOP_CODES && !(code === 4001 && typeof this.options.getToken === 'function')) {
      this._stop(code, reason || STOP_CODES[code]);
      return;
    }
    this._nextUrl();
    this._scheduleReconnect();
  }

  /** Moves on to the next address (round the list), for the next connection. */
  _nextUrl() {
    this._urlIndex = (this._urlIndex + 1) % this.urls.length;
    this.url = this.urls[this._urlIndex];
  }

  _stop(code, reason) {
    this._closed = true;
    this._clearTimers();
    const was = this.state;
    this.state = 'closed';
    if (was !== 'closed') {
      this._emit('stopped', {code, reason});
    }
  }

  _scheduleReconnect() {
    if (this._closed) {
      return;
    }
    this.state = 'connecting';
    const {minReconnectDelay, maxReconnectDelay} = this.options;
    const cap = Math.min(maxReconnectDelay, minReconnectDelay * 2 ** this._attempts);
    this._attempts = Math.min(this._attempts + 1, 30);
    const delay = Math.random() * cap;
    this._timer(() => this._open(), delay);
  }

  _timer(fn, delay) {
    const timer = setTimeout(() => {
      this._timers.delete(timer);
      fn();
    }, delay);
    this._timers.add(timer);
    return timer;
  }

  _clearTimers() {
    for (const timer of this._timers) {
      clearTimeout(timer);
    }
    this._timers.clear();
    this._expiry = null;
    if (this._heartbeat) {
      clearInterval(this._heartbeat);
      this._heartbeat = null;
    }
  }
}

/** The exp claim of a JWT, or null. */
function tokenExpiry(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = typeof atob === 'function' ? atob(part) : Buffer.from(part, 'base64').toString('binary');
    const exp = JSON.parse(json).exp;
    return typeof exp === 'number' ? exp : null;
  } catch (ignored) {
    return null;
  }
}

async function webSocketClass(given) {
  if (given) {
    return given;
  }
  if (typeof globalThis.WebSocket === 'function') {
    return globalThis.WebSocket;
  }
  const name = 'ws';
  const module = await import(/* webpackIgnore: true */ name);
  return module.default || module.WebSocket;
}
