// The chat demo's page (examples/chat/index.html), on the JS SDK (sdk/js, served by chat.py as /herald-client.js).
//
// Rooms are Herald groups; a message is a group push that chat.py makes for the chat.send command; who is online in a
// room is a group push too, {room, online, v}, that chat.py sends when it changes (the newest v wins). The SDK keeps
// each stream's position (a room's from the moment its join is answered) and recovers what was missed at every
// reconnect; the status line says how that went. Where the page knows several nodes it gives the SDK all of them
// (urls): a reconnect tries the next, so a page whose node died moves to another. The page itself only shows things:
// a room's history (chat.history) when it is joined, who is online, and how a recovery went. After a reconnect that
// lost history it joins again the rooms the node forgot (see lost()). User text only ever goes into textContent.
import {HeraldClient} from './herald-client.js';

/** The rooms chat.py's /auth lets everyone join. */
const ROOMS = ['lobby', 'random'];
const GROUP = 'group:';

const rooms = new Map(ROOMS.map(name => [name, {
  name,
  joined: false,
  entries: [],          // messages (by seq) and the page's own notes, in order
  epoch: null,          // of the room's stream, where known: its seqs start again when it changes
  base: 0,              // added to the seqs of this epoch, so that they come after those of the epochs before
  ids: new Set(),       // push ids shown: each message once, whether it came live, from history or replayed
  unread: 0,
  loading: false,       // while its history is being read
  loaded: false,        // its history was read since it was joined: a reconnect only asks who is online
  online: [],
  v: 0,                 // the version of the online list shown
}]));

let herald = null;
let uid = null;
let current = null;
/** Whether the client had positions when its connection went: its next login recovers them (recovered or lost). */
let recovering = false;
/** While a recovery replays: the last seq to come of each stream, and how many messages it brought. */
let replay = null;
/** Rooms the page was in that the last login did not list: left on another device, or forgotten by the node. */
let forgotten = [];

const $ = id => document.getElementById(id);

function setStatus(text, kind) {
  const status = $('status');
  status.textContent = text;
  status.className = kind;
}

/**
 * ?ws=URL alone; else chat.py's list, from its ?node=N-th or a random one (the SDK tries them in this order, the next
 * after each connection that failed or closed); else port 8080 of the page's host.
 */
function webSocketUrls(config) {
  const params = new URLSearchParams(location.search);
  if (params.get('ws')) {
    return [params.get('ws')];
  }
  const listed = config.ws || [];
  if (listed.length === 0) {
    return [`ws://${location.hostname}:8080/ws`];
  }
  const node = Number(params.get('node'));
  const first = node >= 1 && node <= listed.length ? node - 1 : Math.floor(Math.random() * listed.length);
  return [...listed.slice(first), ...listed.slice(0, first)];
}

async function start(event) {
  event.preventDefault();
  uid = $('name').value.trim();
  if (!uid) {
    return;
  }
  const config = await fetch('config.json').then(response => response.json()).catch(() => ({}));
  const urls = webSocketUrls(config);
  // A demo: chat.py's /auth lets any non-empty token in. A real page gets a token from its backend.
  herald = new HeraldClient({urls, uid, token: 'demo', device: 'web', maxReconnectDelay: 4000});
  herald.on('connected', connected);
  herald.on('disconnected', disconnected);
  herald.on('recovered', recovered);
  herald.on('lost', lost);
  herald.on('push', pushed);
  herald.on('error', error => console.warn('herald:', error && error.message ? error.message : error));
  herald.on('stopped', ({code, reason}) =>
    setStatus(`stopped: ${reason} (${code}); reload the page to try again`, 'stopped'));
  $('login').hidden = true;
  $('chat').hidden = false;
  $('me').textContent = 'as ' + uid;
  setStatus(`connecting to ${urls[0]}…`, 'connecting');
  try {
    await herald.connect();
  } catch (error) {
    // stopped: the 'stopped' handler has said why
  }
}

function connected(session) {
  setStatus(recovering ? `reconnected to node ${session.node}, recovering…` : `connected to node ${session.node}`,
    recovering ? 'connecting' : 'connected');
  forgotten = [];
  if (session.streams) {
    // Membership is the user's and outlives connections: the login says which rooms the user is in.
    for (const room of rooms.values()) {
      const position = session.streams[GROUP + room.name];
      if (room.joined && position === undefined) {
        forgotten.push(room);
      }
      room.joined = position !== undefined;
      if (room.joined) {
        setEpoch(room, position.epoch);
      } else {
        room.online = [];  // who was there is unknown until the room is joined again
        room.loaded = false;
      }
    }
  }
  const joined = [...rooms.values()].filter(room => room.joined);
  const first = current === null;
  if (first) {
    current = joined.length > 0 ? joined[0].name : ROOMS[0];
  }
  render();
  if (first && joined.length === 0) {
    enter(ROOMS[0]);
    return;
  }
  for (const room of joined) {
    if (room.loaded) {
      who(room);
    } else {
      // Its history was never read (the first login, or a drop while it was read).
      load(room);
    }
  }
}

function disconnected({code, reason}) {
  recovering = herald.positions.size > 0;
  const carried = replay ? replay.messages : 0;
  replay = {upTo: new Map(), left: new Map(), messages: carried, waiting: true};
  setStatus(`disconnected (${code}${reason ? ': ' + reason : ''}), reconnecting…`, 'connecting');
}

function recovered({streams}) {
  const session = herald.session;
  for (const stream of streams) {
    const to = session.streams && session.streams[stream] ? session.streams[stream].seq : 0;
    const from = herald.positions.has(stream) ? herald.positions.get(stream).seq : to;
    if (to > from) {
      replay.upTo.set(stream, to);
      replay.left.set(stream, to);
    }
  }
  // A room joined that had no position (a drop before the join was answered, or a node that gives none) was not in
  // since: its history is read again, but what it held no more is not vouched for.
  replay.uncovered = [...rooms.values()].filter(room => room.joined && !streams.includes(GROUP + room.name))
    .map(room => '#' + room.name);
  replay.waiting = false;
  replay.node = session.node;
  replayed();
}

/** Says how the recovery is going, and ends it once every stream has come up to where the login found it. */
function replayed() {
  for (const [stream, to] of replay.left) {
    if (herald.positions.has(stream) && herald.positions.get(stream).seq >= to) {
      replay.left.delete(stream);
    }
  }
  const n = replay.messages;
  const missed = n === 0 ? 'nothing missed' : `${n} missed message${n === 1 ? '' : 's'} recovered`;
  if (replay.left.size === 0 && replay.uncovered.length > 0) {
    setStatus(`reconnected to node ${replay.node}: ${missed}, but ${replay.uncovered.join(', ')} may miss messages `
      + 'sent meanwhile (the page had no position to recover it from)', 'lost');
    replay = null;
  } else if (replay.left.size === 0) {
    setStatus(`reconnected to node ${replay.node}: ${missed}, nothing lost`, 'connected');
    replay = null;
  } else {
    setStatus(`reconnected to node ${replay.node}, recovering… (${missed} so far)`, 'connecting');
  }
}

function lost({streams}) {
  replay = null;
  const names = streams.map(s => s.startsWith(GROUP) ? '#' + s.slice(GROUP.length) : s);
  setStatus(`reconnected to node ${herald.session.node}, but lost: the history of ${names.join(', ')} did not reach `
    + 'back, so messages sent meanwhile may be missing', 'lost');
  const listed = herald.session.streams || {};
  for (const stream of streams.filter(s => s.startsWith(GROUP))) {
    const room = rooms.get(stream.slice(GROUP.length));
    if (stream in listed && room) {
      note(room, 'messages may be missing here: the history did not reach back to the disconnect');
      load(room);
    }
  }
  // The node lost what it held, the rooms its users were in too (a node alone that restarted): the user never left
  // them, so join them again (the SDK forgot their streams, which the login reply no longer listed). The new epoch of
  // each room's stream comes with its history.
  for (const room of forgotten) {
    note(room, 'messages may be missing here: the node forgot this room and its history');
    room.epoch = null;
    room.base = lastOrder(room);
    enter(room.name);
  }
  forgotten = [];
}

function pushed(frame) {
  const room = rooms.get(frame.group);
  const data = frame.data;
  if (room && data && typeof data === 'object') {
    if (typeof data.text === 'string') {
      const fresh = addMessage(room, frame);
      if (fresh && replay && !replay.waiting && frame.seq <= (replay.upTo.get(frame.stream) || 0)) {
        replay.messages++;
      }
    } else if (Array.isArray(data.online)) {
      setOnline(room, data);
    }
  }
  if (replay && !replay.waiting) {
    replayed();
  }
}

/** Adds a message once (by its push id), in seq order; true where it is new to the page. */
function addMessage(room, frame, unread = true) {
  if (room.ids.has(frame.id)) {
    return false;
  }
  room.ids.add(frame.id);
  const order = typeof frame.seq === 'number' ? room.base + frame.seq : lastOrder(room) + 1;
  insert(room, {kind: 'message', order, frame});
  if (room.name === current) {
    renderMessages();
  } else if (unread) {
    room.unread++;
    renderRooms();
  }
  return true;
}

/** A line of the page's own (a refusal, a failure), after what the room shows now. */
function note(room, text, kind = 'system', sent = null) {
  insert(room, {kind, order: lastOrder(room) + 0.5, text, sent});
  if (room.name === current) {
    renderMessages();
  }
}

/** Records the epoch of the room's stream; a new one puts its messages after all the room shows. */
function setEpoch(room, epoch) {
  if (room.epoch !== null && room.epoch !== epoch) {
    room.base = lastOrder(room);
  }
  room.epoch = epoch;
}

function lastOrder(room) {
  return room.entries.length > 0 ? room.entries[room.entries.length - 1].order : 0;
}

function insert(room, entry) {
  let i = room.entries.length;
  while (i > 0 && room.entries[i - 1].order > entry.order) {
    i--;
  }
  room.entries.splice(i, 0, entry);
}

function setOnline(room, data) {
  // The same version is the same list: shown again where the page had cleared it (the room joined again).
  if (data.v >= room.v) {
    room.v = data.v;
    room.online = data.online.map(String);
    if (room.name === current) {
      renderOnline();
    }
  }
}

async function enter(name) {
  const room = rooms.get(name);
  room.loading = true;
  render();
  try {
    await herald.join(name);
  } catch (error) {
    room.loading = false;
    note(room, `could not join ${name}: ${error.message}`);
    return;
  }
  room.joined = true;
  render();
  await load(room);
}

/**
 * The room's history and who is in it, from chat.py, to show. Read after the join, the history holds every message
 * the connection did not get live (from the join on, the SDK recovers the room's stream after a drop).
 */
async function load(room) {
  room.loading = true;
  renderMessages();
  try {
    const [history, online] = await Promise.all([herald.send('chat.history', {room: room.name}),
      herald.send('chat.who', {room: room.name})]);
    setEpoch(room, history.epoch);
    history.messages.forEach(frame => addMessage(room, frame, false));
    setOnline(room, online);
    room.loaded = room.joined;
  } catch (error) {
    if (error.code !== 'DISCONNECTED') {
      note(room, `could not load ${room.name}: ${error.message}`);
    }
    // else the next login loads it again
  } finally {
    room.loading = false;
    renderMessages();
  }
}

async function who(room) {
  try {
    setOnline(room, await herald.send('chat.who', {room: room.name}));
  } catch (error) {
    console.warn('chat.who:', error.message);
  }
}

async function leave() {
  const room = rooms.get(current);
  if (!room.joined) {
    return;
  }
  try {
    await herald.leave(room.name);
  } catch (error) {
    note(room, `could not leave: ${error.message}`);
    return;
  }
  room.joined = false;
  room.loaded = false;
  room.online = [];
  herald.send('chat.who', {room: room.name}).catch(() => {});  // tells those still there
  render();
}

function switchTo(name) {
  current = name;
  const room = rooms.get(name);
  room.unread = 0;
  render();
  if (!room.joined) {
    enter(name);
  }
}

async function send(event) {
  event.preventDefault();
  const input = $('text');
  const text = input.value;
  const room = rooms.get(current);
  if (!text.trim()) {
    return;
  }
  if (!room.joined) {
    note(room, 'join the room first');
    return;
  }
  input.value = '';
  try {
    await herald.send('chat.send', {room: room.name, text});
  } catch (error) {
    if (error.code === 403) {
      note(room, error.message, 'refused', text);
    } else {
      note(room, `not sent (${error.code === 'DISCONNECTED' ? 'disconnected' : error.message}): ${text}`);
      if (!input.value) {
        input.value = text;
      }
    }
  }
}

function render() {
  renderRooms();
  renderMessages();
  renderOnline();
}

function renderRooms() {
  const list = $('rooms');
  list.replaceChildren(...[...rooms.values()].map(room => {
    const item = element('li', {className: [room.joined ? 'joined' : '', room.name === current ? 'current' : '']
      .join(' ').trim()});
    item.dataset.room = room.name;
    item.append(element('span', {className: 'name', textContent: '#' + room.name}));
    if (!room.joined) {
      item.append(element('span', {className: 'hint', textContent: 'join'}));
    } else if (room.unread > 0) {
      item.append(element('span', {className: 'badge', textContent: String(room.unread)}));
    }
    item.addEventListener('click', () => switchTo(room.name));
    return item;
  }));
}

function renderMessages() {
  const room = rooms.get(current);
  $('room-name').textContent = room ? '#' + room.name : '';
  $('leave').hidden = !room || !room.joined;
  if (!room) {
    return;
  }
  const list = $('messages');
  list.setAttribute('aria-busy', String(room.loading));
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  list.replaceChildren(...room.entries.map(entry => {
    if (entry.kind !== 'message') {
      const item = element('li', {className: 'system ' + entry.kind});
      if (entry.sent !== null) {
        item.append(element('span', {className: 'text', textContent: entry.sent}), ' ');
      }
      item.append(element('span', {className: 'why', textContent: entry.kind === 'refused'
        ? `(refused: ${entry.text})` : entry.text}));
      return item;
    }
    const {data, id, seq} = entry.frame;
    const item = element('li', {className: 'message' + (data.from === uid ? ' mine' : '')});
    item.dataset.id = id;
    item.dataset.seq = String(seq);
    item.append(element('span', {className: 'time', textContent: typeof data.at === 'number'
        ? new Date(data.at).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'}) : ''}),
      element('span', {className: 'from', textContent: String(data.from)}),
      element('span', {className: 'text', textContent: data.text}));
    return item;
  }));
  if (atBottom) {
    list.scrollTop = list.scrollHeight;
  }
}

function renderOnline() {
  const room = rooms.get(current);
  const list = $('online');
  if (!room || !room.joined) {
    list.replaceChildren(element('li', {className: 'note', textContent: 'join the room to see who is here'}));
    return;
  }
  list.replaceChildren(...room.online.map(name => {
    const item = element('li', {textContent: name + (name === uid ? ' (you)' : '')});
    item.dataset.uid = name;
    return item;
  }));
}

function element(tag, properties) {
  return Object.assign(document.createElement(tag), properties);
}

const params = new URLSearchParams(location.search);
if (params.get('uid')) {
  $('name').value = params.get('uid');
}
$('login').addEventListener('submit', start);
$('compose').addEventListener('submit', send);
$('leave').addEventListener('click', leave);
