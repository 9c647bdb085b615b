import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { TwoFactorError } from '../errors.js';
import type { RelayErrorCode } from './http-error.js';

/**
 * Timeouts and caps for the relay's HTTP server. The defaults suit a small relay (a few CI machines, a
 * phone forwarder, a person at the web page): a client that sends its request slowly is cut within
 * seconds, and one address cannot hold every socket. Long-polls and event streams are not cut by them —
 * they wait *after* the request has arrived — so keep `maxConnectionsPerAddress` above the number of
 * workers one machine runs.
 */
export interface RelayConnectionLimits {
  /** The request line and headers must arrive within this many ms (default 10 000). */
  headersTimeoutMs?: number;
  /** The whole request, body included, must arrive within this many ms (default 20 000). */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this many ms (default 5000). */
  keepAliveTimeoutMs?: number;
  /** Most connections open at once from one client address (default 256); more get 429 and are closed. */
  maxConnectionsPerAddress?: number;
  /** Most connections open at once in total (default 1024); more get 429 and are closed. */
  maxConnections?: number;
  /** Largest request line plus headers, in bytes (default 16 384); bigger ones get 431. */
  maxHeaderBytes?: number;
}

export type ResolvedLimits = Required<RelayConnectionLimits>;

export const DEFAULT_CONNECTION_LIMITS: ResolvedLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerAddress: 256,
  maxConnections: 1024,
  maxHeaderBytes: 16_384,
};

/**
 * Fills in defaults and checks every limit up front (positive whole numbers; headers no later than the
 * request), so a bad value fails `RelayServer.start` with a clear message instead of a Node range error.
 *
 * @example
 * resolveLimits({ headersTimeoutMs: 5000 }).requestTimeoutMs // 20000
 */
export function resolveLimits(limits: RelayConnectionLimits): ResolvedLimits {
  const resolved = { ...DEFAULT_CONNECTION_LIMITS };
  for (const name of Object.keys(DEFAULT_CONNECTION_LIMITS) as (keyof ResolvedLimits)[]) {
    const value = limits[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new TwoFactorError('PW2FA_BAD_OPTION', `Expected \`${name}\` to be a positive whole number.`);
    }
    resolved[name] = value;
  }
  if (resolved.headersTimeoutMs > resolved.requestTimeoutMs) {
    throw new TwoFactorError(
      'PW2FA_BAD_OPTION',
      'Expected `headersTimeoutMs` to be at most `requestTimeoutMs` (the headers are part of the request).',
    );
  }
  return resolved;
}

/**
 * A complete HTTP/1.1 answer in the relay's JSON error shape, for the places where Node hands over a bare
 * socket (parse errors, timeouts, refused connections). Always `connection: close`.
 */
export function rawErrorResponse(
  status: number,
  code: RelayErrorCode,
  message: string,
  headers: Record<string, string> = {},
): string {
  const body = JSON.stringify({ error: { code, message } });
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    'cache-control: no-store',
    'x-content-type-options: nosniff',
    'connection: close',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** What Node reports on a socket before a request reaches the handler, as the relay answers it. */
function clientErrorAnswer(error: NodeJS.ErrnoException): [number, RelayErrorCode, string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'request_timeout', 'The request did not arrive in time; send it in one go.'];
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return [431, 'headers_too_large', 'The request headers are too large.'];
  }
  return [400, 'bad_request', 'The request is not valid HTTP/1.1.'];
}

/** Ends a socket with an answer, and destroys it if the client does not close its side soon. */
function refuse(socket: Duplex, answer: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(answer);
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * Applies the limits to a server: Node's own timeouts (checked every second rather than Node's 30 s),
 * a per-address and a total connection count, and JSON answers for requests Node refuses itself (bad
 * request lines, huge headers, `CONNECT`, slow clients). Returns a test for sockets refused at connect
 * time: their requests must not run (Node still parses what such a client sends).
 *
 * @example
 * const refused = guardConnections(server, resolveLimits({}));
 * server.on('request', (req, res) => { if (refused(req)) return; … });
 */
export function guardConnections(server: Server, limits: ResolvedLimits): (req: IncomingMessage) => boolean {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;

  const refusedSockets = new WeakSet<object>();
  const perAddress = new Map<string, number>();
  let total = 0;
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = perAddress.get(address) ?? 0;
    if (count >= limits.maxConnectionsPerAddress || total >= limits.maxConnections) {
      refusedSockets.add(socket);
      const scope = count >= limits.maxConnectionsPerAddress ? 'from this address' : 'in total';
      const message = `Too many connections ${scope}; close idle ones and retry shortly.`;
      refuse(socket, rawErrorResponse(429, 'too_many_connections', message, { 'retry-after': '1' }));
      return;
    }
    perAddress.set(address, count + 1);
    total++;
    socket.once('close', () => {
      total--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Node's own handler does the same check: never write over a response that has started.
    const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || current?.headersSent || refusedSockets.has(socket)) {
      socket.destroy();
      return;
    }
    const [status, code, message] = clientErrorAnswer(error);
    refuse(socket, rawErrorResponse(status, code, message));
  });

  // Node hands CONNECT to this event (not to the request handler) and drops the socket without a listener.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    refuse(
      socket,
      rawErrorResponse(405, 'method_not_allowed', 'The relay answers GET and POST only.', {
        allow: 'GET, POST',
      }),
    );
  });

  return (req) => refusedSockets.has(req.socket);
}
