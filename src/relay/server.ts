import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RelaySource, RelaySourceOptions } from '../channels/relay-source.js';
import { createRelayHandler, type RelayHandler, type RelayHandlerOptions } from './handler.js';
import { toWebRequest, writeWebResponse } from './node-adapter.js';
import type { RelayStore } from './store.js';

export interface RelayServerOptions extends RelayHandlerOptions {
  /** Interface to listen on (default `127.0.0.1`: only this machine can push). */
  host?: string;
  /** Port (default 0: a free one, read it from `.port`). */
  port?: number;
}

/**
 * The push relay as an HTTP server (`pw2fa relay`): Skyvern-compatible `POST/GET /v1/credentials/totp`,
 * long-poll `GET /v1/wait`, `GET /v1/events`, the Twilio webhook and a page to push codes by hand.
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
    const handler = createRelayHandler(options);
    const host = options.host ?? '127.0.0.1';
    const server = createServer((req, res) => {
      void (async () => {
        try {
          const response = await handler.handle(toWebRequest(req, res, originOf(req, host)));
          await writeWebResponse(response, res);
          // A refused body (413) is being drained; a client that keeps sending is cut off.
          if (!req.complete) setTimeout(() => req.destroy(), 1000).unref();
        } catch {
          // Only a broken socket gets here (the handler answers every error itself).
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
        }
      })();
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
  handle(request: Request): Promise<Response> {
    return this.#handler.handle(request);
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
