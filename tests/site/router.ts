import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler sees: the parsed URL, path parameters, cookies and a lazy body reader. */
export interface SiteRequest {
  readonly method: string;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
  /** `application/x-www-form-urlencoded` body as a flat record (last value wins). */
  form(): Promise<Record<string, string>>;
  /** JSON body; `undefined` when it does not parse. */
  json(): Promise<unknown>;
}

export interface SiteResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Uint8Array;
}

export type Handler = (request: SiteRequest) => SiteResponse | Promise<SiteResponse>;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

const MAX_BODY_BYTES = 64 * 1024;

export function htmlResponse(body: string, status = 200, headers: Record<string, string | string[]> = {}) {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

export function jsonResponse(value: unknown, status = 200, headers: Record<string, string | string[]> = {}) {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** 303 so that a POSTed form is followed by a GET, as browsers expect after a sign-in. */
export function redirect(location: string, headers: Record<string, string | string[]> = {}): SiteResponse {
  return { status: 303, headers: { location, ...headers }, body: '' };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed cookie from another app on the same host: ignore it like browsers' servers do.
    }
  }
  return cookies;
}

async function readBody(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function match(segments: string[], path: string[]): Record<string, string> | null {
  if (segments.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const actual = path[index] ?? '';
    if (segment.startsWith(':')) {
      if (!actual) return null;
      params[segment.slice(1)] = actual;
    } else if (segment !== actual) return null;
  }
  return params;
}

/**
 * A small method + path router over `node:http`. Patterns are literal segments and `:name` parameters.
 *
 * @example
 * const router = new Router().get('/login/:variant', (req) => htmlResponse(`<h1>${req.params.variant}</h1>`));
 * http.createServer((req, res) => router.handle(req, res));
 */
export class Router {
  readonly #routes: Route[] = [];

  get(pattern: string, handler: Handler): this {
    return this.#add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.#add('POST', pattern, handler);
  }

  #add(method: string, pattern: string, handler: Handler): this {
    this.#routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  async handle(message: IncomingMessage, response: ServerResponse): Promise<void> {
    let result: SiteResponse;
    try {
      result = await this.#dispatch(message);
    } catch {
      result = htmlResponse('<!doctype html><title>Server error</title><h1>Something went wrong</h1>', 500);
    }
    response.writeHead(result.status, { 'cache-control': 'no-store', ...result.headers });
    response.end(message.method === 'HEAD' ? undefined : result.body);
  }

  async #dispatch(message: IncomingMessage): Promise<SiteResponse> {
    const url = new URL(message.url ?? '/', `http://${message.headers.host ?? 'localhost'}`);
    const method = message.method === 'HEAD' ? 'GET' : (message.method ?? 'GET');
    let path: string[];
    try {
      path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return notFound();
    }
    let bodyText: Promise<string> | undefined;
    const body = () => {
      bodyText ??= readBody(message);
      return bodyText;
    };
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const params = match(route.segments, path);
      if (!params) continue;
      return route.handler({
        method,
        url,
        params,
        cookies: parseCookies(message.headers.cookie),
        headers: message.headers,
        form: async () => Object.fromEntries(new URLSearchParams(await body())),
        json: async () => {
          try {
            return JSON.parse(await body()) as unknown;
          } catch {
            return undefined;
          }
        },
      });
    }
    return notFound();
  }
}

export function notFound(): SiteResponse {
  return htmlResponse(
    '<!doctype html><title>Not found</title><link rel="stylesheet" href="/styles.css"><main class="card"><h1>Page not found</h1><p><a href="/">Back to the demo site</a></p></main>',
    404,
  );
}
