import { test as base } from '@playwright/test';
import {
  createRelayHandler,
  type RelayHandler,
  type RelayHandlerOptions,
} from '../../../src/relay/handler.js';
import type { RelayStore } from '../../../src/relay/store.js';

export const KEY = 'test-relay-key-0123456789';
export const JSON_HEADERS = { 'x-api-key': KEY, 'content-type': 'application/json' };

/** `relay`: an in-process relay with the test key, closed afterwards. `make`: one with other options. */
export const test = base.extend<{
  relay: RelayHandler;
  make: (options?: Partial<RelayHandlerOptions>) => RelayHandler;
}>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  make: async ({}, use) => {
    const made: RelayHandler[] = [];
    await use((options = {}) => {
      const relay = createRelayHandler({ apiKey: KEY, ...options });
      made.push(relay);
      return relay;
    });
    await Promise.all(made.map((relay) => relay.close()));
  },
  relay: async ({ make }, use) => {
    await use(make());
  },
});

export { expect } from '@playwright/test';

/** `POST /v1/credentials/totp` with the test key. */
export function push(relay: RelayHandler, body: unknown, headers: Record<string, string> = JSON_HEADERS) {
  return relay.request('/v1/credentials/totp', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A GET with the test key. */
export function get(relay: RelayHandler, path: string, init: RequestInit = {}) {
  return relay.request(path, { ...init, headers: { 'x-api-key': KEY, ...init.headers } });
}

/** Resolves once the store lists a waiting run for `identifier` — event-driven, no sleeps. */
export async function waitingFor(relay: { store: RelayStore }, identifier: string, count = 1): Promise<void> {
  const listed = async () =>
    (await relay.store.waiting()).filter((run) => run.identifier === identifier).length >= count;
  if (await listed()) return;
  await new Promise<void>((resolve) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    void relay.store
      .subscribe(async (event) => {
        if (done || event.type !== 'waiting' || !(await listed())) return;
        done = true;
        unsubscribe?.();
        resolve();
      })
      .then(async (off) => {
        unsubscribe = off;
        if (done) off();
        else if (await listed()) {
          done = true;
          off();
          resolve();
        }
      });
  });
}

/** Whether a promise is still pending after everything already queued has run. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const winner = await Promise.race([
    promise.then(
      () => null,
      () => null,
    ),
    new Promise((r) => setImmediate(() => r(marker))),
  ]);
  return winner === marker;
}
