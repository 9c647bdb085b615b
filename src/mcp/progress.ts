import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { TwoFactorEvent } from '../playwright/index.js';

/** What the SDK hands a tool besides its arguments: the cancellation signal and a way to notify. */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Turns engine events into MCP progress notifications when the client asked for them (a `progressToken`
 * in the request). Events never carry a code, so neither do the notifications.
 */
export function progressSender<E = TwoFactorEvent>(
  extra: ToolExtra,
  format: (event: E) => string,
): (event: E) => void {
  const token = extra._meta?.progressToken;
  let step = 0;
  return (event) => {
    if (token === undefined) return;
    step += 1;
    const message = format(event);
    extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: step, message },
      })
      .catch(() => undefined); // a client that left is not the login's failure
  };
}
