import { readCappedText } from '../channels/capped-text.js';
import { RelayHttpError } from './http-error.js';

/** Request bodies are small (a code, an SMS, one e-mail); anything bigger is refused with 413. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a request body as UTF-8, refusing it with 415 when its media type is not `mediaType` and with 413
 * as soon as it grows past `maxBytes` — a huge body is never buffered whole.
 *
 * @example
 * const text = await readBody(request, { mediaType: 'application/json', maxBytes: 65_536 });
 */
export async function readBody(
  request: Request,
  options: { mediaType: string; maxBytes: number },
): Promise<string> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== options.mediaType) {
    throw new RelayHttpError(
      415,
      'unsupported_media_type',
      `Send the body as ${options.mediaType} (got ${type ? JSON.stringify(type.slice(0, 60)) : 'no content-type'}).`,
    );
  }
  const tooLarge = () =>
    new RelayHttpError(
      413,
      'payload_too_large',
      `The body is larger than ${options.maxBytes} bytes.`,
      undefined,
      {
        connection: 'close',
      },
    );
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > options.maxBytes) throw tooLarge();
  const text = await readCappedText(request.body, options.maxBytes);
  if (text === null) throw tooLarge();
  return text;
}
