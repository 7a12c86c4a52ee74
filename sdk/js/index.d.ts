// Types of herald-client (src/index.js), written by hand.

/** A stream's position as the node gives it: its epoch and the seq of the last push of it the client had. */
export interface Position {
  epoch: string;
  seq: number;
}

/** The data of the node's login reply. */
export interface Session {
  conn: string;
  node: string;
  /** Seconds between heartbeats. */
  heartbeat: number;
  streams?: Record<string, Position>;
  recovered: boolean;
  lost?: string[];
  [key: string]: unknown;
}

/** A push frame as the node sends it. */
export interface Push<T = unknown> {
  cmd: 'push';
  id: string;
  stream?: string;
  seq?: number;
  group?: string;
  data: T;
}

/**
 * The WebSocket the client uses: the browser's, Node 22's global one, or npm ws's. The client sets the four handlers
 * and reads `data` of a message event, `code` and `reason` of a close event; each WebSocket types its events its own
 * way, hence `any`.
 */
export type WebSocketConstructor = new (url: string) => {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
};

export interface HeraldClientOptions {
  /** ws:// or wss:// address of a node's /ws. Give url or urls. */
  url?: string;
  /**
   * Several nodes' addresses: the first is tried first, and after each connection that fails or closes the next one
   * (round the list, in the order given: shuffle it yourself to spread clients). Where given, url is not used.
   */
  urls?: string[];
  uid: string;
  /** A token; or getToken, asked at every (re)connect and before the token's exp. */
  token?: string;
  getToken?: () => string | Promise<string>;
  device?: string;
  /** Default: globalThis.WebSocket, else the `ws` package imported lazily. */
  WebSocket?: WebSocketConstructor;
  /** Milliseconds; the first reconnect waits at most this (full jitter), doubling per attempt. Default 250. */
  minReconnectDelay?: number;
  /** Milliseconds; the most a reconnect waits. Default 15000. */
  maxReconnectDelay?: number;
  /** Milliseconds a command waits for its reply by default (login and heartbeat too). Default 10000. */
  timeout?: number;
  /** How many recent push ids are remembered to drop a push seen twice. Default 1000. */
  dedupeSize?: number;
  /** Ack every push with an id (the node ignores acks it awaits none for). Default true. */
  autoAck?: boolean;
  /** With getToken: milliseconds before the token's exp that a new one is asked for and sent with refresh. Default 30000. */
  refreshBeforeExpiry?: number;
}

export interface CommandOptions {
  /** Milliseconds to wait for the reply; past it the promise rejects with code 'TIMEOUT'. */
  timeout?: number;
}

export interface HeraldEvents {
  connected: Session;
  disconnected: {code: number; reason: string};
  push: Push;
  /** The login with since recovered every stream: what was missed follows, before live pushes. */
  recovered: {streams: string[]};
  /** Streams whose history was lost: re-read their state from the backend. */
  lost: {streams: string[]};
  error: unknown;
  /** The client gave up: close() was called, or a close code in STOP_CODES. */
  stopped: {code: number; reason: string};
}

/** A refusal (the reply's numeric code, e.g. 403, 404, 429), 'TIMEOUT' or 'DISCONNECTED'. */
export class HeraldError extends Error {
  code: number | 'TIMEOUT' | 'DISCONNECTED';
  reply?: {id: string; cmd: string; code: number; msg: string; data?: unknown};
}

/** Close codes after which the client does not reconnect (4001 only without getToken). */
export const STOP_CODES: Readonly<Record<number, string>>;

export class HeraldClient {
  constructor(options: HeraldClientOptions);
  readonly state: 'idle' | 'connecting' | 'connected' | 'closed';
  /** The addresses tried in turn: urls, or [url]. */
  readonly urls: readonly string[];
  /** The address of the current connection, or of the next one while away. */
  readonly url: string;
  readonly session: Session | null;
  /** Each stream's position; sent as since on the next login. A stream a login reply does not list is forgotten. */
  readonly positions: Map<string, Position>;
  on<K extends keyof HeraldEvents>(name: K, fn: (value: HeraldEvents[K]) => void): () => void;
  off<K extends keyof HeraldEvents>(name: K, fn: (value: HeraldEvents[K]) => void): void;
  /** Connects (and keeps reconnecting); resolves with the first login's session. */
  connect(): Promise<Session>;
  /** Closes with 1000 and stops reconnecting. */
  close(): void;
  /** A command for the node's upstream; resolves with the reply's data. */
  send<T = unknown>(cmd: string, data?: unknown, options?: CommandOptions): Promise<T>;
  /** Joins a group; where the reply gives the group's position ({stream, epoch, seq}) it is kept in positions. */
  join(group: string, options?: CommandOptions): Promise<void>;
  /** Leaves a group and forgets its stream's position. */
  leave(group: string, options?: CommandOptions): Promise<void>;
  refresh(token: string, options?: CommandOptions): Promise<void>;
}
