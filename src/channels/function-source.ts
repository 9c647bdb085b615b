/**
 * Your own code as a code source: read the code from an SMS gateway's API, a database, a prompt on the
 * terminal — anything that can answer a `CodeRequest`.
 */
import { z } from 'zod';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
import type { CodeKind, CodeRequest, CodeSource, ReceivedCode } from './source.js';

/** What the function returns: the code, or an object with a code and/or a magic link. */
export type CodeAnswer = string | { code?: string; link?: string };

export type CodeFunction = (request: CodeRequest) => Promise<CodeAnswer> | CodeAnswer;

export interface FunctionSourceOptions {
  /** Name for progress output and errors, as `function:<name>` (default: the function's name). */
  name?: string;
  /** Prompt kinds to answer (default: every kind typed into inputs: totp, sms, email, code, recovery). */
  accepts?: readonly CodeKind[];
}

const DEFAULT_KINDS: readonly CodeKind[] = ['totp', 'sms', 'email', 'code', 'recovery'];

const Answer = z.union([
  z.string().trim().min(1).max(4096),
  z
    .object({
      code: z.string().trim().min(1).max(4096).optional(),
      link: z
        .url({ protocol: /^https?$/ })
        .max(8192)
        .optional(),
    })
    .refine((answer) => answer.code !== undefined || answer.link !== undefined),
]);

/**
 * {@link CodeSource} around a function. The function gets the whole request (`kind`, `identifier`,
 * `since`, `signal`, `codeLength`, `rejected`) and returns the code — or `{ link }` for magic links.
 * A string that is an http(s) URL answers a magic-link prompt as the link. When the signal aborts, the
 * wait rejects at once with `TwoFactorAbortError`, even if the function ignores the signal.
 *
 * @example
 * const sms = new FunctionSource(async ({ identifier, since, signal }) => {
 *   const res = await fetch(`https://sms.example.com/latest?to=${identifier}&after=${since}`, { signal });
 *   return (await res.json()).code;
 * }, { name: 'sms-gateway', accepts: ['sms'] });
 */
export class FunctionSource implements CodeSource {
  readonly name: string;
  readonly #fn: CodeFunction;
  readonly #kinds: readonly CodeKind[];

  constructor(fn: CodeFunction, options: FunctionSourceOptions = {}) {
    if (typeof fn !== 'function') {
      throw new TwoFactorError(
        'PW2FA_BAD_OPTION',
        'Expected a function `(request) => code` for FunctionSource.',
      );
    }
    this.#fn = fn;
    this.#kinds = options.accepts ?? DEFAULT_KINDS;
    this.name = `function:${options.name ?? (fn.name || 'anonymous')}`;
  }

  accepts(kind: CodeKind): boolean {
    return this.#kinds.includes(kind);
  }

  /**
   * Calls the function and checks its answer.
   *
   * @example
   * const { code } = await source.waitForCode({ kind: 'sms', since: Date.now(), signal });
   */
  async waitForCode(request: CodeRequest): Promise<ReceivedCode> {
    const { signal } = request;
    const aborted = () =>
      new TwoFactorAbortError(`Stopped waiting for ${this.name}: the wait was aborted.`, {
        cause: signal.reason,
      });
    if (signal.aborted) throw aborted();
    let onAbort: (() => void) | undefined;
    const abort = new Promise<never>((_, reject) => {
      onAbort = () => reject(aborted());
      signal.addEventListener('abort', onAbort, { once: true });
    });
    let answer: unknown;
    try {
      answer = await Promise.race([Promise.resolve().then(() => this.#fn(request)), abort]);
    } catch (error) {
      if (error instanceof TwoFactorError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new TwoFactorError('PW2FA_CHANNEL_FAILED', `${this.name} failed: ${reason.slice(0, 200)}`, {
        cause: error,
      });
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
    return { ...this.#check(answer, request.kind), source: this.name, receivedAt: Date.now() };
  }

  #check(answer: unknown, kind: CodeKind): { code?: string; link?: string } {
    const parsed = Answer.safeParse(answer);
    if (!parsed.success) {
      const got = answer === null ? 'null' : Array.isArray(answer) ? 'an array' : typeof answer;
      throw new TwoFactorError(
        'PW2FA_CHANNEL_FAILED',
        `${this.name} returned ${got}; expected a non-empty string or { code } / { link: 'https://…' }.`,
      );
    }
    const value = parsed.data;
    if (typeof value !== 'string') {
      return {
        ...(value.code !== undefined ? { code: value.code } : {}),
        ...(value.link ? { link: value.link } : {}),
      };
    }
    return kind === 'magic-link' && /^https?:\/\//i.test(value) ? { link: value } : { code: value };
  }
}
