// The client against a scripted node: a WebSocket class of the test's own that answers as docs/PROTOCOL.md says, for
// what a real node does not do (yet) or cannot be made to do on cue: a join reply with the group's position, a login
// reply that no longer lists a stream, and addresses that refuse connections. Needs no node: these run everywhere.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {HeraldClient} from '../src/index.js';

/**
 * A node in the test: every socket the client opens is recorded with the frames it sends; login and join are
 * answered by `answer(frame, socket)` (a frame to send back, or nothing); sockets to a url in `refused` fail as a
 * connection refused does (close 1006 without open).
 */
function scriptedNode(answer, refused = new Set()) {
  const sockets = [];
  const waiters = [];
  class ScriptedSocket {
    constructor(url) {
      this.url = url;
      this.sent = [];
      this.closed = false;
      sockets.push(this);
      for (const waiter of [...waiters]) {
        if (sockets.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(this);
        }
      }
      queueMicrotask(() => refused.has(url) ? this.end(1006) : this.onopen && this.onopen({}));
    }

    send(text) {
      const frame = JSON.parse(text);
      this.sent.push(frame);
      const reply = answer(frame, this);
      if (reply) {
        queueMicrotask(() => this.deliver(reply));
      }
    }

    deliver(frame) {
      if (!this.closed) {
        this.onmessage({data: JSON.stringify(frame)});
      }
    }

    close(code = 1000) {
      this.end(code);
    }

    /** The connection ends as the node or the network ends it. */
    end(code, reason = '') {
      if (!this.closed) {
        this.closed = true;
        queueMicrotask(() => this.onclose && this.onclose({code, reason}));
      }
    }
  }
  return {
    WebSocket: ScriptedSocket,
    sockets,
    /** Resolves with the count-th socket opened (1 for the first). */
    opened(count) {
      return sockets.length >= count ? Promise.resolve(sockets[count - 1])
        : new Promise(resolve => waiters.push({count, resolve}));
    },
  };
}

const EPOCH = 'e-1';

function loginReply(frame, streams, extra = {}) {
  return {id: frame.id, cmd: 'login', code: 200, msg: 'ok',
    data: {conn: 'c-' + frame.id, node: 'scripted', heartbeat: 25, streams, recovered: true, ...extra}};
}

function client(node, options = {}) {
  return new HeraldClient({url: 'ws://node-1/ws', uid: 'alice', token: 'not-a-jwt', WebSocket: node.WebSocket,
    minReconnectDelay: 1, maxReconnectDelay: 5, timeout: 2000, ...options});
}

function nextEvent(herald, name) {
  return new Promise(resolve => {
    const off = herald.on(name, value => {
      off();
      resolve(value);
    });
  });
}

test('the join reply\'s position is kept and sent as since after a drop, before any push of the group came', {timeout: 5000}, async () => {
  const node = scriptedNode(frame => {
    if (frame.cmd === 'login') {
      return loginReply(frame, {'user:alice': {epoch: EPOCH, seq: 3}, all: {epoch: EPOCH, seq: 0}});
    }
    if (frame.cmd === 'join') {
      return {id: frame.id, cmd: 'join', code: 200, msg: 'ok', data: {stream: 'group:' + frame.group, epoch: EPOCH, seq: 7}};
    }
    return null;
  });
  const herald = client(node);
  try {
    await herald.connect();
    assert.equal(await herald.join('room1'), undefined);
    assert.deepEqual(herald.positions.get('group:room1'), {epoch: EPOCH, seq: 7});

    const reconnected = nextEvent(herald, 'connected');
    node.sockets[0].end(1006);
    await reconnected;
    const login = node.sockets[1].sent.find(frame => frame.cmd === 'login');
    assert.deepEqual(login.since, {
      'user:alice': {epoch: EPOCH, seq: 3},
      all: {epoch: EPOCH, seq: 0},
      'group:room1': {epoch: EPOCH, seq: 7},
    });
  } finally {
    herald.close();
  }
});

test('a join reply behind a push already received keeps the later seq; one of another epoch replaces the position', {timeout: 5000}, async () => {
  let joinSeq = 0;
  let joinEpoch = EPOCH;
  const node = scriptedNode((frame, socket) => {
    if (frame.cmd === 'login') {
      return loginReply(frame, {'user:alice': {epoch: EPOCH, seq: 0}, 'group:room1': {epoch: EPOCH, seq: 4}});
    }
    if (frame.cmd === 'join') {
      // The group's push goes out before the join's reply.
      socket.deliver({cmd: 'push', id: 'g-5', stream: 'group:room1', seq: 5, group: 'room1', data: 5});
      return {id: frame.id, cmd: 'join', code: 200, msg: 'ok', data: {stream: 'group:room1', epoch: joinEpoch, seq: joinSeq}};
    }
    return null;
  });
  const herald = client(node);
  try {
    await herald.connect();
    joinSeq = 4;
    await herald.join('room1');
    assert.deepEqual(herald.positions.get('group:room1'), {epoch: EPOCH, seq: 5});

    joinSeq = 2;
    joinEpoch = 'e-2';
    await herald.join('room1');
    assert.deepEqual(herald.positions.get('group:room1'), {epoch: 'e-2', seq: 2});
  } finally {
    herald.close();
  }
});

test('a join reply without a position (a node that sends none) leaves positions as they were; leave forgets the group', {timeout: 5000}, async () => {
  const node = scriptedNode(frame => {
    if (frame.cmd === 'login') {
      return loginReply(frame, {'user:alice': {epoch: EPOCH, seq: 0}, 'group:room2': {epoch: EPOCH, seq: 9}});
    }
    if (frame.cmd === 'join' || frame.cmd === 'leave') {
      return {id: frame.id, cmd: frame.cmd, code: 200, msg: 'ok'};
    }
    return null;
  });
  const herald = client(node);
  try {
    await herald.connect();
    await herald.join('room1');
    assert.deepEqual([...herald.positions.keys()].sort(), ['group:room2', 'user:alice']);
    await herald.leave('room2');
    assert.deepEqual([...herald.positions.keys()], ['user:alice']);
  } finally {
    herald.close();
  }
});

test('a stream the login reply no longer lists is forgotten: reported lost once, not sent as since again; a reply without streams forgets nothing', {timeout: 5000}, async () => {
  // Each login is answered with the next of these: the first lists the group; the second is a node alone that
  // restarted (new epochs, the user's groups forgotten); the third recovers; the fourth cannot reach its streams.
  const replies = [
    frame => loginReply(frame, {'user:alice': {epoch: EPOCH, seq: 3}, all: {epoch: EPOCH, seq: 1}, 'group:room1': {epoch: EPOCH, seq: 7}}),
    frame => loginReply(frame, {'user:alice': {epoch: 'e-2', seq: 0}, all: {epoch: 'e-2', seq: 0}},
      {recovered: false, lost: ['user:alice', 'all', 'group:room1']}),
    frame => loginReply(frame, {'user:alice': {epoch: 'e-2', seq: 0}, all: {epoch: 'e-2', seq: 0}}),
    frame => ({id: frame.id, cmd: 'login', code: 200, msg: 'ok', data: {conn: 'c-' + frame.id, node: 'scripted', heartbeat: 25}}),
  ];
  let logins = 0;
  const node = scriptedNode(frame => frame.cmd === 'login' ? replies[logins++](frame) : null);
  const herald = client(node);
  const events = [];
  herald.on('recovered', ({streams}) => events.push(['recovered', [...streams].sort()]));
  herald.on('lost', ({streams}) => events.push(['lost', [...streams].sort()]));
  const dropAndLogin = async count => {
    const reconnected = nextEvent(herald, 'connected');
    node.sockets[count - 2].end(1006);
    await reconnected;
    return node.sockets[count - 1].sent.find(frame => frame.cmd === 'login');
  };
  try {
    await herald.connect();
    assert.deepEqual(herald.positions.get('group:room1'), {epoch: EPOCH, seq: 7});

    let login = await dropAndLogin(2);
    assert.deepEqual(Object.keys(login.since).sort(), ['all', 'group:room1', 'user:alice']);
    assert.deepEqual(events, [['lost', ['all', 'group:room1', 'user:alice']]]);
    assert.deepEqual(Object.fromEntries(herald.positions), {'user:alice': {epoch: 'e-2', seq: 0}, all: {epoch: 'e-2', seq: 0}});

    login = await dropAndLogin(3);
    assert.deepEqual(login.since, {'user:alice': {epoch: 'e-2', seq: 0}, all: {epoch: 'e-2', seq: 0}});
    assert.deepEqual(events[1], ['recovered', ['all', 'user:alice']]);

    // No streams in the reply (the node cannot reach its stream store): nothing was recovered, nothing is forgotten.
    login = await dropAndLogin(4);
    assert.deepEqual(events[2], ['lost', ['all', 'user:alice']]);
    assert.deepEqual(Object.fromEntries(herald.positions), {'user:alice': {epoch: 'e-2', seq: 0}, all: {epoch: 'e-2', seq: 0}});
    assert.equal(events.length, 3);
  } finally {
    herald.close();
  }
});

test('urls: after a connection closes the next address is tried, round the list, past one that refuses', {timeout: 5000}, async () => {
  const refused = new Set(['ws://node-2/ws']);
  const node = scriptedNode(frame => frame.cmd === 'login'
    ? loginReply(frame, {'user:alice': {epoch: EPOCH, seq: 0}}) : null, refused);
  const herald = client(node, {url: undefined, urls: ['ws://node-1/ws', 'ws://node-2/ws', 'ws://node-3/ws']});
  try {
    assert.equal(herald.url, 'ws://node-1/ws');
    await herald.connect();
    const onThree = nextEvent(herald, 'connected');
    node.sockets[0].end(1006);
    await onThree;
    assert.equal(herald.url, 'ws://node-3/ws');
    const onOne = nextEvent(herald, 'connected');
    node.sockets[2].end(1001, 'going away');
    await onOne;
    assert.deepEqual(node.sockets.map(socket => socket.url), ['ws://node-1/ws', 'ws://node-2/ws', 'ws://node-3/ws', 'ws://node-1/ws']);
  } finally {
    herald.close();
  }
});

test('url or urls is required', () => {
  assert.throws(() => new HeraldClient({uid: 'alice', token: 't'}), TypeError);
  assert.throws(() => new HeraldClient({urls: [], uid: 'alice', token: 't'}), TypeError);
  assert.throws(() => new HeraldClient({urls: ['ws://a/ws', ''], uid: 'alice', token: 't'}), TypeError);
  assert.deepEqual(new HeraldClient({url: 'ws://a/ws', uid: 'alice', token: 't'}).urls, ['ws://a/ws']);
});

/** Lets the client's promises and the scripted sockets' microtasks run (timers are mocked, setImmediate is not). */
async function settle() {
  for (let round = 0; round < 5; round++) {
    await new Promise(resolve => setImmediate(resolve));
  }
}

test('reconnect: the wait doubles from minReconnectDelay up to maxReconnectDelay, times Math.random() (full jitter), and starts again after a login', {timeout: 5000}, async t => {
  t.mock.timers.enable({apis: ['setTimeout']});
  let random = 1;
  t.mock.method(Math, 'random', () => random);
  const refused = new Set(['ws://node-1/ws']);
  const node = scriptedNode(frame => frame.cmd === 'login' ? loginReply(frame, {'user:alice': {epoch: EPOCH, seq: 0}}) : null,
    refused);
  const herald = client(node, {minReconnectDelay: 100, maxReconnectDelay: 1000});
  try {
    const connected = herald.connect();
    await settle();
    assert.equal(node.sockets.length, 1);
    const waits = [100, 200, 400, 800, 1000, 1000];
    for (const [attempt, wait] of waits.entries()) {
      t.mock.timers.tick(wait - 1);
      await settle();
      assert.equal(node.sockets.length, attempt + 1, `not yet ${wait - 1} ms after attempt ${attempt + 1}`);
      t.mock.timers.tick(1);
      await settle();
      assert.equal(node.sockets.length, attempt + 2, `${wait} ms after attempt ${attempt + 1}`);
    }

    // The next attempt, a whole wait later, logs in.
    refused.clear();
    t.mock.timers.tick(1000);
    await settle();
    await connected;
    assert.equal(node.sockets.length, waits.length + 2);

    // After a login the waits start again from minReconnectDelay; with jitter, half of it where Math.random() gives 0.5.
    random = 0.5;
    node.sockets[node.sockets.length - 1].end(1006);
    await settle();
    t.mock.timers.tick(49);
    await settle();
    assert.equal(node.sockets.length, waits.length + 2);
    t.mock.timers.tick(1);
    await settle();
    assert.equal(node.sockets.length, waits.length + 3);
  } finally {
    herald.close();
  }
});
