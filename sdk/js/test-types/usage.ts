// The types (index.d.ts) as an application uses them: JsSdkIT compiles this with tsc --strict (tsconfig.json here).
// Each @ts-expect-error is a use the types must refuse: tsc fails where one is accepted.
import {HeraldClient, HeraldError, STOP_CODES, type Push, type Session} from '../index.js';

const one = new HeraldClient({url: 'ws://127.0.0.1:8080/ws', uid: 'alice', token: 'jwt', device: 'web'});
const several = new HeraldClient({
  urls: ['ws://127.0.0.1:8080/ws', 'ws://127.0.0.1:8082/ws'],
  uid: 'alice',
  getToken: async () => 'jwt',
  minReconnectDelay: 250,
  maxReconnectDelay: 15000,
  timeout: 10000,
  dedupeSize: 1000,
  autoAck: true,
  refreshBeforeExpiry: 30000,
  WebSocket,
});
const addresses: readonly string[] = several.urls;
const address: string = several.url;
const state: 'idle' | 'connecting' | 'connected' | 'closed' = one.state;

one.on('push', (push: Push) => console.log(push.id, push.stream, push.seq, push.group, push.data));
one.on('connected', (session: Session) => console.log(session.conn, session.node, session.heartbeat, session.recovered));
one.on('disconnected', ({code, reason}) => console.log(code.toFixed(), reason.trim()));
one.on('recovered', ({streams}) => streams.map(stream => stream.length));
const off = one.on('lost', ({streams}) => streams.join());
off();
one.on('stopped', ({code}) => code in STOP_CODES);

async function use(): Promise<number> {
  const session = await one.connect();
  const position = one.positions.get('user:alice');
  console.log(session.streams, position && position.epoch + position.seq);
  await one.join('room1', {timeout: 1000});
  await one.leave('room1');
  await one.refresh('jwt');
  try {
    const reply = await one.send<{n: number}>('chat.send', {text: 'hi'}, {timeout: 5000});
    return reply.n;
  } catch (error) {
    if (error instanceof HeraldError && error.code === 'TIMEOUT') {
      return -1;
    }
    throw error;
  } finally {
    one.close();
  }
}

// @ts-expect-error urls is a list of addresses
new HeraldClient({urls: 'ws://127.0.0.1:8080/ws', uid: 'alice', token: 'jwt'});
// @ts-expect-error uid is required
new HeraldClient({url: 'ws://127.0.0.1:8080/ws', token: 'jwt'});
// @ts-expect-error a group is a string
one.join(1);
// @ts-expect-error no such event
one.on('reconnected', () => undefined);
// @ts-expect-error the client's addresses are read only
several.urls = [];

export {use, addresses, address, state};
