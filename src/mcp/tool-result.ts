import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isTwoFactorError } from '../errors.js';

/** A tool's answer: the same data as JSON text (for hosts that show text) and as structured content. */
export function toolResult(data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
}

/**
 * A failed tool call as the model sees it. Our errors' messages are written for people and never hold a
 * code or a secret; anything else is reduced to its class name, since its message might.
 */
export function toolError(error: unknown): CallToolResult {
  const text = isTwoFactorError(error)
    ? `${error.code}: ${error.message}`
    : `Unexpected ${error instanceof Error ? error.name : 'error'}; run with PW2FA_DEBUG=1 to see it on stderr.`;
  // stdout carries the protocol: debugging output goes to stderr only, and only when asked for.
  if (!isTwoFactorError(error) && process.env.PW2FA_DEBUG)
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  return { content: [{ type: 'text', text }], isError: true };
}
