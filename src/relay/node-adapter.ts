import type { IncomingMessage, ServerResponse } from 'node:http';
import { RelayHttpError } from './http-error.js';

// The Fetch standard refuses these methods outright; `new Request` would throw on them.
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Wraps a Node request as a Web `Request`. The body is streamed, not buffered, so the handler can refuse
 * a huge one after the first bytes; cancelling the stream discards the rest instead of destroying the
 * socket, so the refusal still reaches the client. The signal aborts when the client goes away.
 * A request target or method a Web `Request` cannot represent (`//`, `*`, `TRACE` …) is refused with a
 * {@link RelayHttpError} (400 or 405) before anything else sees it, so it never ends in a 500.
 *
 * @example
 * const request = toWebRequest(req, res, `http://${req.headers.host}`);
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse, origin: string): Request {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
    throw new RelayHttpError(405, 'method_not_allowed', 'The relay answers GET and POST only.', undefined, {
      allow: 'GET, POST',
    });
  }
  const url = requestUrl(req.url ?? '/', origin);
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * The URL of a request target. Origin-form (`/path?query`) keeps its path as sent — `//` included, which
 * `new URL('//', base)` would read as a host — and absolute-form (`http://host/path`, RFC 9112 §3.2.2)
 * contributes only its path and query; anything else (`*`, garbage) is a 400.
 */
function requestUrl(target: string, origin: string): URL {
  let path = target;
  if (!target.startsWith('/')) {
    if (!/^https?:\/\//i.test(target) || !URL.canParse(target)) {
      throw new RelayHttpError(
        400,
        'bad_request',
        'The request target must be a path such as /v1/credentials/totp.',
      );
    }
    const absolute = new URL(target);
    path = `${absolute.pathname}${absolute.search}`;
  }
  const url = new URL(origin);
  const query = path.indexOf('?');
  url.pathname = query === -1 ? path : path.slice(0, query);
  url.search = query === -1 ? '' : path.slice(query);
  return url;
}

function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let stopped = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (stopped) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.on('end', () => {
          if (!stopped) controller.close();
        });
        req.on('error', (error) => {
          if (!stopped) controller.error(error);
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        // Drain and drop the rest rather than destroy the socket the response has to go out on.
        stopped = true;
        req.resume();
      },
    },
    { highWaterMark: 4 },
  );
}

/**
 * Writes a Web `Response` to a Node response. Event streams are streamed with backpressure and cancelled
 * when the client disconnects (that is how they learn the page went away).
 */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // Ordinary answers are small: send them in one write with a Content-Length.
    const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
    res.writeHead(response.status, {
      ...headers,
      ...(body ? { 'content-length': String(body.byteLength) } : {}),
    });
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  const reader = response.body.getReader();
  const onClose = () => {
    reader.cancel().catch(() => {});
  };
  res.on('close', onClose);
  try {
    res.flushHeaders();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const settle = () => {
            res.off('drain', settle);
            res.off('close', settle);
            resolve();
          };
          res.on('drain', settle);
          res.on('close', settle);
        });
      }
      if (res.destroyed) break;
    }
  } catch {
    // The client went away mid-stream; nothing is left to tell it.
  } finally {
    res.off('close', onClose);
    res.end();
  }
}
