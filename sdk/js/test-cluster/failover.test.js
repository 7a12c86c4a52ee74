// Two nodes on one Redis (JsSdkClusterIT starts them): a client given both addresses, on the first when it is killed.
import {test, after} from 'node:test';
import assert from 'node:assert/strict';
import {HeraldClient} from '../src/index.js';
import {CLUSTER_SKIP, WS_URL, WS_URL_2, WebSocket, api, collect, killFirstNode, next, token, uid} from '../testing/helpers.js';

/** Pushes while the first node dies and the client moves to the second. */
const DURING = 30;

const clients = [];
after(() => clients.forEach(client => client.close()));

test('a node killed under the client: it reconnects to the other node, gets every push once in seq order, and emits recovered', {skip: CLUSTER_SKIP, timeout: 60000}, async () => {
  const user = uid('failover');
  const herald = new HeraldClient({urls: [WS_URL, WS_URL_2], uid: user, token: token(user), WebSocket,
    minReconnectDelay: 20, maxReconnectDelay: 200, timeout: 4000});
  clients.push(herald);
  const pushes = collect(herald);
  const sessions = [];
  herald.on('connected', session => sessions.push(session));
  const lost = [];
  herald.on('lost', event => lost.push(event));
  await herald.connect();
  assert.equal(herald.url, WS_URL);

  // Pushes flowing: through the second node's API, relayed to the first, where the client is.
  for (let n = 1; n <= 3; n++) {
    assert.equal((await api('/api/push', {uid: user, id: `${user}:f-${n}`, data: n})).delivered, 1);
  }
  await pushes.until(3);

  const disconnected = next(herald, 'disconnected');
  const recovered = next(herald, 'recovered', 20000);
  killFirstNode();
  // The pushes go on at once, while the first node dies and the client moves: some before its login on the second
  // node (recovered from the history in Redis), some after (live there).
  for (let n = 4; n < 4 + DURING; n++) {
    const answer = await api('/api/push', {uid: user, id: `${user}:f-${n}`, data: n});
    assert.equal(answer.seq, n, 'the push is the stream\'s n-th');
  }
  const {code} = await disconnected;
  assert.equal(code, 1006, 'the connection died with its node');
  assert.deepEqual((await recovered).streams.sort(), ['all', `user:${user}`]);
  const last = 4 + DURING;
  await api('/api/push', {uid: user, id: `${user}:f-${last}`, data: last});
  await pushes.until(last, 20000);

  const expected = Array.from({length: last}, (_, i) => i + 1);
  assert.deepEqual(pushes.map(push => push.id), expected.map(n => `${user}:f-${n}`), 'every push once, in order');
  assert.deepEqual(pushes.map(push => push.seq), expected);
  assert.deepEqual(pushes.map(push => push.data), expected);
  assert.equal(herald.url, WS_URL_2);
  assert.equal(sessions.length, 2);
  assert.notEqual(sessions[1].node, sessions[0].node, 'logged in on the other node');
  assert.equal(sessions[1].recovered, true);
  assert.deepEqual(lost, []);
  assert.equal(herald.positions.get(`user:${user}`).seq, last);
  herald.close();
});
