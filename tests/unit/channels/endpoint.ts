/**
 * A real HTTP endpoint on a free loopback port for the pull-source and webhook tests: checks the HMAC
 * signature like a receiver should (constant time, over the raw body), caps the body, records every
 * request, and answers what the test scripts.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../../src/channels/signature.js';

export interface RecordedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The `x-pw2fa-signature` verified under the endpoint's secret (false without a secret). */
  signed: boolean;
  at: number;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface Endpoint {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

/**
 * Starts the endpoint. With a `secret`, a request whose signature does not verify gets 401 before
 * `reply` is asked.
 */
export async function startEndpoint(
  secret: string | null,
  reply: (request: RecordedRequest, index: number) => Reply,
): Promise<Endpoint> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        headers: req.headers,
        body: body.toString('utf8'),
        signed: secret !== null && verifySignature(secret, body, req.headers['x-pw2fa-signature']),
        at: Date.now(),
      };
      requests.push(recorded);
      if (secret !== null && !recorded.signed) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
        return;
      }
      const answer = reply(recorded, requests.length - 1);
      res
        .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
        .end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/2fa/code?token=not-for-messages`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
