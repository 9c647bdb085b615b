import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { Coordinator } from '../coordination/coordinator.js';
import { waitForLease } from '../coordination/wait-for-lease.js';
import { TwoFactorError } from '../errors.js';
import type { JsonValue } from '../vault/entry.js';
import type { Vault } from '../vault/vault.js';

/**
 * Logged-in browser state per account, so most tests never see a login or a 2FA prompt: one worker logs
 * in, the state is kept encrypted in the vault (cookies are credentials — never a plain JSON file), and
 * every worker on the machine reuses it until it is too old or the site says it is logged out.
 */

export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface SessionLogin {
  /** Vault label the session is stored under (the account being logged into). */
  account: string;
  /** Logs in on a fresh page, second factor included (e.g. password form, then `twoFactor.handle()`). */
  login: (page: Page) => Promise<void>;
  /** Whether a page opened with a cached state is still logged in; checked once per worker per state. */
  isLoggedIn?: (page: Page) => Promise<boolean>;
  /** Log in again when the cached state is older than this (default 30 minutes). */
  maxAgeMs?: number;
  /** Options for the context the login (and the check) runs in, e.g. `baseURL`. */
  contextOptions?: BrowserContextOptions;
  signal?: AbortSignal;
}

interface Cached {
  state: StorageState;
  savedAt: number;
}

export const DEFAULT_SESSION_MAX_AGE_MS = 30 * 60_000;
/** A login (password, 2FA wait, redirects) holds the account's session lease at most this long when silent. */
const LOGIN_LEASE_TTL_MS = 15_000;
const DATA_KEY = 'session';

function isCached(value: JsonValue | undefined): value is JsonValue & { state: JsonValue; savedAt: number } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const state = value.state;
  return (
    typeof value.savedAt === 'number' &&
    !!state &&
    typeof state === 'object' &&
    !Array.isArray(state) &&
    Array.isArray(state.cookies) &&
    Array.isArray(state.origins)
  );
}

/**
 * @example
 * const sessions = new SessionCache({ vault: () => Vault.open(), coordinator: defaultCoordinator });
 * const state = await sessions.get(browser, { account: 'github', login: async (page) => { … } });
 * const context = await browser.newContext({ storageState: state });
 */
export class SessionCache {
  readonly #vault: () => Promise<Vault>;
  readonly #coordinator: (() => Promise<Coordinator>) | undefined;
  readonly #memory = new Map<string, Cached>();

  constructor(opts: { vault: () => Promise<Vault>; coordinator?: () => Promise<Coordinator> }) {
    this.#vault = opts.vault;
    this.#coordinator = opts.coordinator;
  }

  /**
   * A logged-in state for the account: from this worker's memory, else from the vault (checked with
   * `isLoggedIn`), else by logging in. Workers asking at once wait for the one that logs in.
   */
  async get(browser: Browser, opts: SessionLogin): Promise<StorageState> {
    const maxAge = opts.maxAgeMs ?? DEFAULT_SESSION_MAX_AGE_MS;
    const remembered = this.#memory.get(opts.account);
    if (remembered && Date.now() - remembered.savedAt < maxAge) return remembered.state;
    const coordinator = await this.#coordinator?.();
    const lease = coordinator
      ? await waitForLease(
          coordinator,
          this.#leaseKey(opts.account),
          LOGIN_LEASE_TTL_MS,
          opts.signal,
          'another worker’s login',
        )
      : undefined;
    try {
      const stored = await this.#read(opts.account);
      if (
        stored &&
        Date.now() - stored.savedAt < maxAge &&
        (await this.#stillLoggedIn(browser, stored, opts))
      ) {
        this.#memory.set(opts.account, stored);
        return stored.state;
      }
      const state = await this.#logIn(browser, opts);
      await this.save(opts.account, state);
      return state;
    } finally {
      await lease?.release();
    }
  }

  /** Stores a state (e.g. after a test answered a prompt again) for this worker and the others. */
  async save(account: string, state: StorageState): Promise<void> {
    const cached = { state, savedAt: Date.now() };
    this.#memory.set(account, cached);
    const value = JSON.parse(JSON.stringify(cached)) as JsonValue;
    await (await this.#vault()).update(account, (entry) => ({
      recoveryCodes: [],
      ...entry,
      data: { ...entry?.data, [DATA_KEY]: value },
    }));
  }

  /** Forgets the account's state here and in the vault: the next `get` logs in again. */
  async invalidate(account: string): Promise<void> {
    this.#memory.delete(account);
    const vault = await this.#vault();
    if (!(await vault.has(account))) return;
    await vault.update(account, (entry) => {
      if (!entry || !(DATA_KEY in entry.data)) return entry;
      const { [DATA_KEY]: _dropped, ...data } = entry.data;
      return { ...entry, data };
    });
  }

  async #read(account: string): Promise<Cached | undefined> {
    const entry = await (await this.#vault()).entry(account);
    const value = entry?.data[DATA_KEY];
    return isCached(value)
      ? { state: value.state as unknown as StorageState, savedAt: value.savedAt }
      : undefined;
  }

  async #stillLoggedIn(browser: Browser, cached: Cached, opts: SessionLogin): Promise<boolean> {
    if (!opts.isLoggedIn) return true;
    const context = await browser.newContext({ ...opts.contextOptions, storageState: cached.state });
    try {
      return await opts.isLoggedIn(await context.newPage());
    } finally {
      await context.close();
    }
  }

  async #logIn(browser: Browser, opts: SessionLogin): Promise<StorageState> {
    const context = await browser.newContext(opts.contextOptions);
    try {
      const page = await context.newPage();
      await opts.login(page);
      if (opts.isLoggedIn && !(await opts.isLoggedIn(page))) {
        throw new TwoFactorError(
          'PW2FA_BAD_OPTION',
          `The login for ${JSON.stringify(opts.account)} finished but \`isLoggedIn\` says the page is not logged in (${page.url().split('?')[0]}). Check the login steps or the check.`,
        );
      }
      return await context.storageState();
    } finally {
      await context.close();
    }
  }

  #leaseKey(account: string): string {
    return `session:${createHash('sha256').update(`pw2fa-session\0${account}`).digest('hex').slice(0, 32)}`;
  }
}
