// Two nodes on one Redis (JsSdkClusterIT starts them): a client given both addresses, on the first when it is killed.
import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {HeraldClient} from '../src/index.js';
import {CLUSTER_SKIP, WS_URL, WS_URL_2, WebSocket, api, collect, killFirstNode, next, token, uid} from '../testing/helpers.js';

/** Pushes to the user, and as many to a group of theirs, while the first node dies and the client moves. */
const DURING = 20;

const clients = [];
after(() => clients.forEach(client => client.close()));

test('a node killed under the client: it reconnects to the other node, gets every push once in seq order, and emits recovered', {skip: CLUSTER_SKIP, timeout: 60000}, async () => {
  const user = uid('failover');
  const group = `room-${user}`;
  await api('/api/groups/join', {group, uid: user});
  const herald = new HeraldClient({urls: [WS_URL, WS_URL_2], uid: user, token: token(user, [group]), WebSocket,
    minReconnectDelay: 20, maxReconnectDelay: 200, timeout: 4000});
  clients.push(herald);
  const pushes = collect(herald);
  const sessions = [];
  herald.on('connected', session => sessions.push(session));
  const lost = [];
  herald.on('lost', event => lost.push(event));
  await herald.connect();
  assert.equal(herald.url, WS_URL);
  assert.deepEqual(Object.keys(sessions[0].streams).sort(), ['all', `group:${group}`, `user:${user}`]);

  // One push to the user and one to the group, through the second node's API, seq n on each stream.
  const pushPair = async n => {
    assert.equal((await api('/api/push', {uid: user, id: `${user}:u-${n}`, data: n})).seq, n);
    assert.equal((await api('/api/broadcast', {group, id: `${user}:g-${n}`, data: n})).seq, n);
  };
  // Pushes flowing: relayed to the first node, where the client is.
  for (let n = 1; n <= 3; n++) {
    await pushPair(n);
  }
  await pushes.until(6);

  const disconnected = next(herald, 'disconnected');
  const recovered = next(herald, 'recovered', 20000);
  killFirstNode();
  // The pushes go on at once, while the first node dies and the client moves: some before its login on the second
  // node (recovered from the history in Redis), some after (live there).
  for (let n = 4; n < 4 + DURING; n++) {
    await pushPair(n);
  }
  const {code} = await disconnected;
  assert.equal(code, 1006, 'the connection died with its node');
  assert.deepEqual((await recovered).streams.sort(), ['all', `group:${group}`, `user:${user}`]);
  const last = 4 + DURING;
  await pushPair(last);
  await pushes.until(2 * last, 20000);

  const expected = Array.from({length: last}, (_, i) => i + 1);
  const of = stream => pushes.filter(push => push.stream === stream);
  assert.deepEqual(of(`user:${user}`).map(push => push.id), expected.map(n => `${user}:u-${n}`),
    'every push to the user once, in order');
  assert.deepEqual(of(`user:${user}`).map(push => push.seq), expected);
  assert.deepEqual(of(`group:${group}`).map(push => push.id), expected.map(n => `${user}:g-${n}`),
    'every push to the group once, in order');
  assert.deepEqual(of(`group:${group}`).map(push => push.seq), expected);
  assert.equal(pushes.length, 2 * last, 'nothing else');
  assert.equal(herald.url, WS_URL_2);
  assert.equal(sessions.length, 2);
  assert.notEqual(sessions[1].node, sessions[0].node, 'logged in on the other node');
  assert.equal(sessions[1].recovered, true);
  assert.deepEqual(lost, []);
  assert.deepEqual([herald.positions.get(`user:${user}`).seq, herald.positions.get(`group:${group}`).seq], [last, last]);
  herald.close();
});
