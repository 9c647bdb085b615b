import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type Asset, loadAssets } from './assets.js';
import type { SiteContext } from './context.js';
import { createMailer } from './mailer.js';
import { notFound, Router } from './router.js';
import { registerEmailRoutes } from './routes/email.js';
import { registerEnrollRoutes } from './routes/enroll.js';
import { registerIframeRoutes } from './routes/iframe.js';
import { registerLoginRoutes } from './routes/login.js';
import { registerOutcomeRoutes } from './routes/outcomes.js';
import { registerPasskeyRoutes } from './routes/passkey.js';
import { registerPushRoutes } from './routes/push.js';
import { registerRememberRoutes } from './routes/remember.js';
import { registerSecondFactorRoutes } from './routes/second-factor.js';
import { registerSmsRoutes } from './routes/sms.js';
import { registerSpaRoutes } from './routes/spa.js';
import { SessionStore } from './sessions.js';
import { UserStore } from './users.js';

export interface DemoSiteOptions {
  /** Port of the main origin; `0` (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Port of the second origin that serves the cross-origin 2FA frame; default a free one. */
  altPort?: number;
  /** SMTP server the `email` and `magic-link` variants send through (no TLS, no auth). */
  smtp?: { host: string; port: number };
  /**
   * Push relay the `sms` variant's texts are forwarded to, as a phone's SMS-forwarder app would
   * (`POST /v1/credentials/totp` with the whole message).
   */
  smsForwarder?: { url: string; apiKey: string };
}

export interface DemoSite {
  /** The site, e.g. `http://127.0.0.1:4455`. */
  readonly url: string;
  /** A second origin (another port, and `localhost` when bound to 127.0.0.1, so another site too). */
  readonly altUrl: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function serveAssets(router: Router, assets: ReadonlyMap<string, Asset>): Router {
  const send = (name: string) => {
    const asset = assets.get(name);
    return asset ? { status: 200, headers: { 'content-type': asset.type }, body: asset.body } : notFound();
  };
  return router
    .get('/styles.css', () => send('styles.css'))
    .get('/assets/:file', (r) => send(r.params.file ?? ''));
}

/**
 * Starts the demo site: a stand-in third-party web app with every 2FA variant, on two loopback origins.
 * Independent of `src/` on purpose — it verifies codes with `otpauth`, which cross-checks the library.
 *
 * @example
 * const site = await startDemoSite({ port: 0 });
 * await page.goto(`${site.url}/login/totp`);
 * await site.close();
 */
export async function startDemoSite(options: DemoSiteOptions = {}): Promise<DemoSite> {
  const host = options.host ?? '127.0.0.1';
  const assets = await loadAssets();
  const main = new Router();
  const alt = new Router();
  const mainServer = createServer((request, response) => void main.handle(request, response));
  const altServer = createServer((request, response) => void alt.handle(request, response));
  const mainPort = await listen(mainServer, options.port ?? 0, host);
  let altPort: number;
  try {
    altPort = await listen(altServer, options.altPort ?? 0, host);
  } catch (error) {
    await stop(mainServer);
    throw error;
  }

  const shownHost = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host;
  // `localhost` is another site than `127.0.0.1` for the browser, so the frame is cross-site (out of process).
  const altHost = shownHost === '127.0.0.1' ? 'localhost' : shownHost;
  const mailer = options.smtp ? createMailer(options.smtp) : null;
  const ctx: SiteContext = {
    sessions: new SessionStore(),
    users: new UserStore(),
    origins: { main: origin(shownHost, mainPort), alt: origin(altHost, altPort) },
    mailer,
    smsForwarder: options.smsForwarder ?? null,
    challenges: new Map(),
  };

  serveAssets(main, assets);
  serveAssets(alt, assets);
  registerSpaRoutes(main, ctx);
  registerIframeRoutes(main, alt, ctx);
  registerEmailRoutes(main, ctx);
  registerSmsRoutes(main, ctx);
  registerEnrollRoutes(main, ctx);
  registerPasskeyRoutes(main, ctx); // before /2fa/:variant, which would answer /2fa/passkey with 404
  registerPushRoutes(main, ctx); // these two before /2fa/:variant as well
  registerRememberRoutes(main, ctx);
  registerOutcomeRoutes(main, ctx); // before /2fa/:variant too
  registerSecondFactorRoutes(main, ctx);
  registerLoginRoutes(main, ctx);

  return {
    url: ctx.origins.main,
    altUrl: ctx.origins.alt,
    async close() {
      mailer?.close();
      await Promise.all([stop(mainServer), stop(altServer)]);
    },
  };
}

async function cli(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4455' },
      host: { type: 'string', default: '127.0.0.1' },
      'alt-port': { type: 'string' },
      'smtp-host': { type: 'string', default: '127.0.0.1' },
      'smtp-port': { type: 'string' },
    },
  });
  const site = await startDemoSite({
    port: Number(values.port),
    host: values.host,
    ...(values['alt-port'] ? { altPort: Number(values['alt-port']) } : {}),
    ...(values['smtp-port']
      ? { smtp: { host: values['smtp-host'], port: Number(values['smtp-port']) } }
      : {}),
  });
  console.log(`Demo site: ${site.url}  (second origin for the 2FA frame: ${site.altUrl})`);
  const shutdown = () => void site.close();
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`Could not start the demo site: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
