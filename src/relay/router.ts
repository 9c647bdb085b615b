import { RelayHttpError } from './http-error.js';

export type RouteHandler = (request: Request, url: URL) => Promise<Response> | Response;

/**
 * Exact-path routing by method, answering 404 for unknown paths and 405 (with `Allow`) for known paths
 * asked with the wrong method. HEAD is not mapped to GET on purpose: a HEAD long-poll would consume a
 * code nobody reads. The relay has a handful of fixed paths, so nothing fancier is needed.
 *
 * @example
 * const router = new Router().on('GET', '/healthz', () => json({ ok: true }));
 * const response = await router.route(request);
 */
export class Router {
  readonly #routes = new Map<string, Map<string, RouteHandler>>();

  on(method: string, path: string, handler: RouteHandler): this {
    const methods = this.#routes.get(path) ?? new Map<string, RouteHandler>();
    methods.set(method, handler);
    this.#routes.set(path, methods);
    return this;
  }

  async route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const methods = this.#routes.get(url.pathname);
    if (!methods) {
      throw new RelayHttpError(
        404,
        'not_found',
        `No such endpoint: ${request.method} ${url.pathname.slice(0, 100)}.`,
      );
    }
    const handler = methods.get(request.method);
    if (!handler) {
      const allow = [...methods.keys()].join(', ');
      throw new RelayHttpError(
        405,
        'method_not_allowed',
        `${url.pathname} accepts ${allow}, not ${request.method.slice(0, 20)}.`,
        undefined,
        { allow },
      );
    }
    return handler(request, url);
  }
}
