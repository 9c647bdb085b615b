import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RelaySource, RelaySourceOptions } from '../channels/relay-source.js';
import { guardConnections, type RelayConnectionLimits, resolveLimits } from './connection-guard.js';
import { settleDelivery } from './delivery.js';
import {
  createRelayHandler,
  type RelayHandler,
  type RelayHandlerOptions,
  type RelayRequestFrom,
} from './handler.js';
import { RelayHttpError } from './http-error.js';
import { toWebRequest, writeWebResponse } from './node-adapter.js';
import type { RelayStore } from './store.js';

/** Handler options plus the server's timeouts and connection caps (see {@link RelayConnectionLimits}). */
export interface RelayServerOptions extends RelayHandlerOptions, RelayConnectionLimits {
  /** Interface to listen on (default `127.0.0.1`: only this machine can push). */
  host?: string;
  /** Port (default 0: a free one, read it from `.port`). */
  port?: number;
}

/**
 * The push relay as an HTTP server (`pw2fa relay`): Skyvern-compatible `POST/GET /v1/credentials/totp`,
 * long-poll `GET /v1/wait` (acknowledged with `POST /v1/wait/ack`), `GET /v1/events`, the Twilio webhook
 * and a page to push codes by hand. Timeouts and connection caps (see {@link RelayConnectionLimits}) keep
 * slow or greedy clients from holding its sockets; malformed requests get a 4xx in the JSON error shape.
 *
 * @example
 * const relay = await RelayServer.start({ apiKey: process.env.PW2FA_RELAY_KEY! });
 * const source = relay.source({ identifier: 'me@example.com' }); // in-process, for TwoFactor's `sources`
 * // …forwarders POST to `${relay.url}/v1/credentials/totp`…
 * await relay.close();
 *
 * @example
 * // Several relays behind one URL share codes through Redis; the relay closes the store with itself.
 * const store = await RedisRelayStore.connect({ url: process.env.REDIS_URL! });
 * const shared = await RelayServer.start({ apiKey, store, closeStore: true, host: '0.0.0.0' });
 */
export class RelayServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly #server: Server;
  readonly #handler: RelayHandler;

  private constructor(server: Server, handler: RelayHandler, host: string, port: number) {
    this.#server = server;
    this.#handler = handler;
    this.host = host;
    this.port = port;
    const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    this.url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  }

  /** Starts listening; rejects (e.g. `EADDRINUSE`, missing API key) without leaving anything open. */
  static async start(options: RelayServerOptions): Promise<RelayServer> {
    const limits = resolveLimits(options);
    const handler = createRelayHandler(options);
    const host = options.host ?? '127.0.0.1';
    const server = createServer({
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node looks for overdue requests every 30 s by default; a small relay wants slow clients cut in seconds.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    });
    const refused = guardConnections(server, limits);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (refused(req)) return;
      void serve(handler, req, res, host);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await handler.close();
      throw error;
    }
    return new RelayServer(server, handler, host, (server.address() as AddressInfo).port);
  }

  get store(): RelayStore {
    return this.#handler.store;
  }

  /** Answers a request in-process, like {@link RelayHandler.handle}. */
  handle(request: Request, from?: RelayRequestFrom): Promise<Response> {
    return this.#handler.handle(request, from);
  }

  /** A code source that waits on this relay without HTTP, for `TwoFactor`'s `sources`. */
  source(options?: Omit<RelaySourceOptions, 'client' | 'url' | 'apiKey'>): RelaySource {
    return this.#handler.source(options);
  }

  /** Ends waits and event streams, stops listening and closes open connections. */
  async close(): Promise<void> {
    await this.#handler.close();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    // Long-polls and streams were just ended; give their last bytes a moment, then cut what is left.
    const cut = setTimeout(() => this.#server.closeAllConnections(), 500);
    await closed;
    clearTimeout(cut);
  }
}

async function serve(handler: RelayHandler, req: IncomingMessage, res: ServerResponse, host: string) {
  let response: Response | undefined;
  try {
    let request: Request;
    try {
      request = toWebRequest(req, res, originOf(req, host));
    } catch (error) {
      // A target or method no Web Request can carry: answered here, in the relay's error shape.
      if (!(error instanceof RelayHttpError)) throw error;
      response = error.toResponse();
      response.headers.set('connection', 'close');
      await writeWebResponse(response, res);
      return;
    }
    response = await handler.handle(request, { clientAddress: req.socket.remoteAddress ?? 'unknown' });
    await writeWebResponse(response, res);
    settleDelivery(response, await written(res));
    // A refused body (413) is being drained; a client that keeps sending is cut off.
    if (!req.complete) setTimeout(() => req.destroy(), 1000).unref();
  } catch {
    // Only a broken socket gets here (the handler answers every error itself).
    if (response) settleDelivery(response, false);
    res.destroy();
  }
}

/** Whether the response went out in full (`finish`) rather than the connection closing first. */
function written(res: ServerResponse): Promise<boolean> {
  if (res.writableFinished) return Promise.resolve(true);
  if (res.destroyed || res.socket === null || res.socket.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (delivered: boolean) => () => {
      res.off('finish', onFinish);
      res.off('close', onClose);
      resolve(delivered);
    };
    const onFinish = settle(true);
    const onClose = settle(false);
    res.once('finish', onFinish);
    res.once('close', onClose);
  });
}

function originOf(req: IncomingMessage, host: string): string {
  const fallback = `http://${host.includes(':') ? `[${host}]` : host}`;
  const claimed = req.headers.host;
  if (!claimed) return fallback;
  try {
    return new URL(`http://${claimed}`).origin;
  } catch {
    return fallback;
  }
}
