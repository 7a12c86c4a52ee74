// What the tests share: the node under test (from the environment JsSdkIT sets), HS256 tokens, the API, npm's ws
// for Node versions without a global WebSocket, and a TCP proxy the tests cut, hold and restore under the client.
import {createHmac} from 'node:crypto';
import {createRequire} from 'node:module';
import net from 'node:net';

export const WS_URL = process.env.HERALD_TEST_WS;
export const API = process.env.HERALD_TEST_API;
const SECRET = process.env.HERALD_TEST_SECRET;

/** Why the tests cannot run here, or null: they need a node (JsSdkIT starts one). */
export const SKIP = WS_URL && API && SECRET ? false : 'no node: set HERALD_TEST_WS, HERALD_TEST_API, HERALD_TEST_SECRET (JsSdkIT does)';

/** A second node on the same Redis as the first (WS_URL), whose API is API: JsSdkClusterIT and JsSdkChromiumIT. */
export const WS_URL_2 = process.env.HERALD_TEST_WS_2;
/** The pid of the first node's process, which the cluster tests kill: one started for that. */
const KILL_PID = Number(process.env.HERALD_TEST_KILL_PID);
export const CLUSTER_SKIP = SKIP || (WS_URL_2 && KILL_PID > 0 ? false
  : 'no cluster: set HERALD_TEST_WS_2 and HERALD_TEST_KILL_PID too (JsSdkClusterIT does)');

/** Kills the first node with SIGKILL, as a crash would. */
export function killFirstNode() {
  process.kill(KILL_PID, 'SIGKILL');
}

/** Resolves once `ms` milliseconds have passed. */
export const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

export const WebSocket = loadWebSocket();

function loadWebSocket() {
  if (typeof globalThis.WebSocket === 'function') {
    return globalThis.WebSocket;
  }
  const where = process.env.HERALD_TEST_WS_MODULE
    || new URL('../../../cli/src/test/node/node_modules/ws', import.meta.url).pathname;
  return createRequire(import.meta.url)(where);
}

let users = 0;
/** A user of the test's own, so its streams start at seq 1. */
export function uid(name) {
  users += 1;
  return `${name}-${process.pid}-${users}-${Date.now()}`;
}

const base64url = value => Buffer.from(value).toString('base64url');

/** An HS256 token for sub, signed with the node's secret, expiring in `seconds` (its exp is whole seconds). */
export function token(sub, groups = [], seconds = 300) {
  const header = base64url(JSON.stringify({alg: 'HS256', typ: 'JWT'}));
  const payload = base64url(JSON.stringify({sub, exp: Math.floor(Date.now() / 1000) + seconds, groups}));
  const signature = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export async function api(path, body) {
  const response = await fetch(API + path, {
    signal: AbortSignal.timeout(5000),
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${text}`);
  }
  return JSON.parse(text).data;
}

/** Resolves with the next value of the client's event; rejects, naming it, where none comes within 5 s. */
export function next(client, name, wait = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${name}' event within ${wait} ms`));
    }, wait);
    const off = client.on(name, value => {
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/**
 * A WebSocket class (for the client's WebSocket option) that records the frames its sockets send and receive, parsed:
 * `sent` and `received`; until(predicate, what) resolves once predicate() holds, checked after each frame.
 */
export function recorder() {
  const sent = [];
  const received = [];
  const waiters = new Set();
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.predicate()) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };
  class Recording extends WebSocket {
    constructor(url) {
      super(url);
      this.addEventListener('message', event => {
        received.push(JSON.parse(event.data));
        check();
      });
    }

    send(text) {
      sent.push(JSON.parse(text));
      check();
      super.send(text);
    }
  }
  return {
    WebSocket: Recording,
    sent,
    received,
    until(predicate, what, wait = 5000) {
      if (predicate()) {
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const waiter = {predicate, resolve: () => {
          clearTimeout(timer);
          resolve();
        }};
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`not within ${wait} ms: ${what}`));
        }, wait);
        waiters.add(waiter);
      });
    },
  };
}

/** Collects the pushes a client emits; until(n) resolves once n have come. */
export function collect(client) {
  const pushes = [];
  const waiters = [];
  client.on('push', push => {
    pushes.push(push);
    for (const waiter of [...waiters]) {
      if (pushes.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(pushes);
      }
    }
  });
  pushes.until = (count, wait = 5000) => pushes.length >= count ? Promise.resolve(pushes)
    : new Promise((resolve, reject) => {
      const waiter = {count, resolve: value => {
        clearTimeout(timer);
        resolve(value);
      }};
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`${pushes.length} pushes of ${count} within ${wait} ms: ${pushes.map(push => push.id)}`));
      }, wait);
      waiters.push(waiter);
    });
  return pushes;
}

/**
 * A TCP proxy in front of the node's client port. cut() destroys its connections and refuses new ones (the client
 * sees 1006) until restore(); hold() keeps what clients send from the node until release().
 */
export async function proxy() {
  const target = new URL(WS_URL);
  const pairs = new Set();
  let open = true;
  let held = null;
  const server = net.createServer(client => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair = {client, upstream};
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', chunk => held ? held.push([upstream, chunk]) : upstream.write(chunk));
    upstream.on('data', chunk => client.write(chunk));
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${server.address().port}${target.pathname}`,
    cut() {
      open = false;
      for (const {client, upstream} of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore() {
      open = true;
    },
    hold() {
      held = [];
    },
    release() {
      const chunks = held || [];
      held = null;
      for (const [upstream, chunk] of chunks) {
        upstream.write(chunk);
      }
    },
    close() {
      this.cut();
      return new Promise(resolve => server.close(resolve));
    },
  };
}
