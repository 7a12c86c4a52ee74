// The SDK in a real headless Chromium (Debian's /usr/bin/chromium, driven by npm's playwright-core): loaded as an ES
// module by a page served from 127.0.0.1 (page.html, and src/index.js as it is), on the browser's own WebSocket.
// Against two nodes on one Redis (JsSdkChromiumIT starts them); the last test kills the first. The page's log and a
// screenshot are left in HERALD_TEST_ARTIFACTS (cli/target under the IT).
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFile, writeFile, mkdir} from 'node:fs/promises';
import {createRequire} from 'node:module';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {CLUSTER_SKIP, WS_URL, WS_URL_2, api, delay, killFirstNode, proxy, token, uid} from '../testing/helpers.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CHROMIUM = '/usr/bin/chromium';
/** How long the page may take to show what a step awaits. */
const WAIT = 15000;
const ARTIFACTS = process.env.HERALD_TEST_ARTIFACTS || os.tmpdir();
const SDK = new URL('../src/index.js', import.meta.url);
const PAGE = new URL('./page.html', import.meta.url);

let server;
let browser;
let page;
const output = [];
/** The paths the page asked the server for. */
const requested = [];

before(async () => {
  if (CLUSTER_SKIP) {
    return;
  }
  const modules = process.env.HERALD_TEST_NODE_MODULES
    || new URL('../../../cli/src/test/node/node_modules', import.meta.url).pathname;
  const {chromium} = createRequire(import.meta.url)(path.join(modules, 'playwright-core'));
  server = http.createServer(async (request, response) => {
    requested.push(request.url);
    const file = request.url === '/' ? [PAGE, 'text/html'] : request.url === '/src/index.js' ? [SDK, 'text/javascript'] : null;
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (!file || request.method !== 'GET') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {'content-type': file[1] + '; charset=utf-8', 'cache-control': 'no-store'});
    response.end(await readFile(file[0]));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({executablePath: CHROMIUM, args: FLAGS});
  page = await browser.newPage({viewport: {width: 1200, height: 900}});
  page.on('console', message => output.push(`console ${message.type()}: ${message.text()}`));
  page.on('pageerror', error => output.push(`page error: ${error.message}`));
  // The page's getToken asks the test, which holds the secret.
  await page.exposeFunction('heraldToken', (user, seconds) => token(user, [], seconds));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.harnessReady === true, null, {timeout: WAIT});
});

after(async () => {
  try {
    if (page) {
      await mkdir(ARTIFACTS, {recursive: true});
      const log = await page.textContent('#log');
      await writeFile(path.join(ARTIFACTS, 'js-sdk-chromium.log'), log + '\n----- the browser -----\n' + output.join('\n') + '\n');
      await page.screenshot({path: path.join(ARTIFACTS, 'js-sdk-chromium.png'), fullPage: true});
    }
  } finally {
    if (browser) {
      await browser.close();
    }
    if (server) {
      server.close();
    }
  }
});

/** Waits until the page's client called name has emitted event (or 'push') count times. */
function until(name, event, count, wait = WAIT) {
  return page.waitForFunction(([name, event, count]) => window.harness.count(name, event) >= count,
    [name, event, count], {timeout: wait});
}

const pushes = name => page.evaluate(name => window.harness.pushes(name), name);
const events = (name, event) => page.evaluate(([name, event]) => window.harness.events(name, event), [name, event]);
const state = name => page.evaluate(name => window.harness.state(name), name);
const close = name => page.evaluate(name => window.harness.close(name), name);
const start = (name, options) => page.evaluate(([name, options]) => window.harness.start(name, options), [name, options]);

test('in Chromium: logs in, receives a push and acks it (the API awaiting the ack answers acked 1)', {skip: CLUSTER_SKIP, timeout: 30000}, async () => {
  const user = uid('chromium-ack');
  const session = await start('ack', {url: WS_URL, uid: user, token: token(user), device: 'chromium'});
  assert.equal(session.recovered, true);
  assert.equal(session.streams[`user:${user}`].seq, 0);

  const answer = await api('/api/push', {uid: user, id: `${user}:m-1`, data: {n: 1}, await: 'ack', timeout: '5s'});
  assert.deepEqual(answer, {id: `${user}:m-1`, delivered: 1, seq: 1, acked: 1});
  assert.deepEqual((await pushes('ack')).map(push => [push.id, push.stream, push.seq, push.data]),
    [[`${user}:m-1`, `user:${user}`, 1, {n: 1}]]);
  assert.equal((await state('ack')).positions[`user:${user}`].seq, 1);
  assert.deepEqual(requested.filter(url => url !== '/favicon.ico'), ['/', '/src/index.js'],
    'the SDK loads nothing else: no runtime dependencies in the browser');
  await close('ack');
});

test('in Chromium: getToken is asked again before the token expires, its answer sent with refresh: the connection outlives the first exp', {skip: CLUSTER_SKIP, timeout: 30000}, async () => {
  const user = uid('chromium-refresh');
  // The first token lives 4 s (3 to 4, exp being whole seconds), refreshed 2 s before it ends: read in the page (atob).
  const session = await start('refresh', {url: WS_URL, uid: user, tokenLifetimes: [4, 300], refreshBeforeExpiry: 2000});
  const first = (await state('refresh')).tokens[0];
  const firstExp = JSON.parse(Buffer.from(first.split('.')[1], 'base64url').toString()).exp;

  await delay(firstExp * 1000 + 1500 - Date.now());
  const {tokens, token: current, conn} = await state('refresh');
  assert.equal(tokens.length, 2, 'getToken asked at the connect and once before the expiry');
  assert.equal(current, tokens[1], 'the refresh was accepted');
  await api('/api/push', {uid: user, id: `${user}:r-1`, data: 1});
  await until('refresh', 'push', 1);
  assert.deepEqual(await events('refresh', 'disconnected'), []);
  assert.equal(conn, session.conn, 'the same connection');
  await close('refresh');
});

test('in Chromium: a connection cut under the client; it reconnects with since and gets pushes 1-7 once, in order', {skip: CLUSTER_SKIP, timeout: 30000}, async () => {
  const user = uid('chromium-cut');
  const gate = await proxy();
  try {
    await start('cut', {url: gate.url, uid: user, token: token(user)});
    await api('/api/push', {uid: user, id: `${user}:p-1`, data: 1});
    await until('cut', 'push', 1);

    gate.cut();
    await until('cut', 'disconnected', 1);
    assert.equal((await events('cut', 'disconnected'))[0].code, 1006);
    for (let n = 2; n <= 6; n++) {
      await api('/api/push', {uid: user, id: `${user}:p-${n}`, data: n});
    }
    gate.restore();
    await until('cut', 'recovered', 1);
    assert.deepEqual((await events('cut', 'recovered'))[0].streams.sort(), ['all', `user:${user}`]);
    await until('cut', 'push', 6);
    await api('/api/push', {uid: user, id: `${user}:p-7`, data: 7});
    await until('cut', 'push', 7);

    const received = await pushes('cut');
    assert.deepEqual(received.map(push => push.id), [1, 2, 3, 4, 5, 6, 7].map(n => `${user}:p-${n}`));
    assert.deepEqual(received.map(push => push.seq), [1, 2, 3, 4, 5, 6, 7]);
    const connected = await events('cut', 'connected');
    assert.equal(connected.length, 2);
    assert.equal(connected[1].recovered, true);
    assert.deepEqual(await events('cut', 'lost'), []);
    await close('cut');
  } finally {
    await gate.close();
  }
});

test('in Chromium: a node killed under the client; it reconnects to the other node, gets every push once in seq order, and emits recovered', {skip: CLUSTER_SKIP, timeout: 60000}, async () => {
  const user = uid('chromium-failover');
  const during = 30;
  await start('failover', {urls: [WS_URL, WS_URL_2], uid: user, token: token(user)});
  assert.equal((await state('failover')).url, WS_URL);
  for (let n = 1; n <= 3; n++) {
    assert.equal((await api('/api/push', {uid: user, id: `${user}:f-${n}`, data: n})).delivered, 1);
  }
  await until('failover', 'push', 3);

  await page.evaluate(() => window.harness.write('the test kills the first node'));
  killFirstNode();
  for (let n = 4; n < 4 + during; n++) {
    assert.equal((await api('/api/push', {uid: user, id: `${user}:f-${n}`, data: n})).seq, n);
  }
  await until('failover', 'recovered', 1, 20000);
  const last = 4 + during;
  await api('/api/push', {uid: user, id: `${user}:f-${last}`, data: last});
  await until('failover', 'push', last, 20000);

  const expected = Array.from({length: last}, (_, i) => i + 1);
  const received = await pushes('failover');
  assert.deepEqual(received.map(push => push.id), expected.map(n => `${user}:f-${n}`), 'every push once, in order');
  assert.deepEqual(received.map(push => push.seq), expected);
  assert.equal((await events('failover', 'disconnected'))[0].code, 1006);
  assert.deepEqual((await events('failover', 'recovered'))[0].streams.sort(), ['all', `user:${user}`]);
  const connected = await events('failover', 'connected');
  assert.equal(connected.length, 2);
  assert.notEqual(connected[1].node, connected[0].node, 'logged in on the other node');
  assert.deepEqual(await events('failover', 'lost'), []);
  assert.equal((await state('failover')).url, WS_URL_2);
  await close('failover');
});
