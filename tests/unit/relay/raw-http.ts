import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** HTTP status of the first response, or null when the connection closed without one. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connecting until the relay closed the connection (or the answer was complete). */
  ms: number;
}

/**
 * Sends raw bytes to a loopback port and reads the first HTTP response, for requests no HTTP client
 * would send (`GET //`, `TRACE`, broken request lines). `localAddress` picks the client address
 * (any 127.x.y.z works on Linux), so per-address limits can be tested from one machine.
 */
export function rawRequest(
  port: number,
  bytes: string | Buffer,
  options: { localAddress?: string; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress ?? '127.0.0.1' });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parse(Buffer.concat(chunks).toString('latin1')), ms: performance.now() - started });
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 5000);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (complete(Buffer.concat(chunks).toString('latin1'))) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

/**
 * Opens a connection that sends `head` at once, then `request` one byte per `everyMs`; `answer` resolves
 * when the relay closes the connection (or after `giveUpMs`, when this side does).
 */
export function slowRequest(
  port: number,
  request: string,
  options: { everyMs: number; localAddress?: string; giveUpMs: number; head?: string },
): { socket: Socket; answer: Promise<RawAnswer> } {
  const started = performance.now();
  const socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress ?? '127.0.0.1' });
  const chunks: Buffer[] = [];
  const answer = new Promise<RawAnswer>((resolve) => {
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < request.length && socket.writable) socket.write(request[sent++] ?? '');
    }, options.everyMs);
    const giveUp = setTimeout(() => socket.destroy(), options.giveUpMs);
    if (options.head) socket.once('connect', () => socket.write(options.head ?? ''));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ ...parse(Buffer.concat(chunks).toString('latin1')), ms: performance.now() - started });
    });
  });
  return { socket, answer };
}

function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end))?.[1];
  if (length === undefined) return /^HTTP\/1\.1 (204|304)/.test(text);
  return Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length);
}

function parse(text: string): Omit<RawAnswer, 'ms'> {
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
  const end = text.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of text
    .slice(0, end === -1 ? undefined : end)
    .split('\r\n')
    .slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: status ? Number(status) : null, headers, body: end === -1 ? '' : text.slice(end + 4) };
}
