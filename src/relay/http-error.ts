/** Machine-readable reasons in relay error bodies, `{ error: { code, message } }`. */
export type RelayErrorCode =
  | 'unauthorized'
  | 'bad_signature'
  | 'bad_json'
  | 'invalid_body'
  | 'invalid_query'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'no_code'
  | 'not_found'
  | 'method_not_allowed'
  | 'too_many_waiters'
  | 'twilio_disabled'
  | 'shutting_down'
  | 'store_unavailable'
  | 'internal'
  | 'bad_request'
  | 'request_timeout'
  | 'headers_too_large'
  | 'too_many_connections'
  | 'too_many_failures'
  | 'not_held';

/** One problem with a field, for validation errors. */
export interface RelayIssue {
  path: string;
  message: string;
}

/**
 * A request the relay refuses, thrown by routes and turned into a JSON error response by the handler.
 * Messages say what was expected and never echo a submitted code, key or body.
 *
 * @example
 * throw new RelayHttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
 */
export class RelayHttpError extends Error {
  override name = 'RelayHttpError';

  constructor(
    readonly status: number,
    readonly code: RelayErrorCode,
    message: string,
    readonly issues?: RelayIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toResponse(): Response {
    const body = {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
    return json(body, this.status, this.headers);
  }
}

/** A JSON response that is never cached and never sniffed as something else. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}
