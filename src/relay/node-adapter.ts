import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Wraps a Node request as a Web `Request`. The body is streamed, not buffered, so the handler can refuse
 * a huge one after the first bytes; cancelling the stream discards the rest instead of destroying the
 * socket, so the refusal still reaches the client. The signal aborts when the client goes away.
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
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
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
