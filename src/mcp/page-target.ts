import type { Browser, Page } from 'playwright-core';
import { TwoFactorError } from '../errors.js';

/** Where an agent's browser listens when nothing else is said: Chrome's usual remote-debugging port. */
export const DEFAULT_CDP_ENDPOINT = 'http://127.0.0.1:9222';

/** A URL as a person would name the page: origin and path, never the query (it may hold a token). */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    // about:blank, data: and the like have no origin worth showing.
    return parsed.origin === 'null'
      ? `${parsed.protocol}${parsed.pathname}`
      : `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.slice(0, 80);
  }
}

/** How long a page named by URL may take to show up on this connection after the agent navigated. */
const SETTLE_MS = 3000;

/**
 * `find()` now, or after the next navigation or new page on this connection, until one is found or
 * SETTLE_MS passed: event driven, no polling.
 */
async function settle<T>(browser: Browser, find: () => T[]): Promise<T[]> {
  let found = find();
  if (found.length > 0) return found;
  const deadline = Date.now() + SETTLE_MS;
  while (found.length === 0 && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, deadline - Date.now());
      const contexts = browser.contexts();
      const pagesNow = contexts.flatMap((context) => context.pages());
      function done() {
        clearTimeout(timer);
        for (const context of contexts) context.off('page', done);
        for (const page of pagesNow) page.off('framenavigated', done);
        resolve();
      }
      for (const context of contexts) context.on('page', done);
      for (const page of pagesNow) page.on('framenavigated', done);
    });
    found = find();
  }
  return found;
}

/**
 * Holds one CDP connection to the agent's browser, opened on first use and again after the browser went
 * away, so each tool call costs no connection set-up. Closing it disconnects; the agent's browser stays.
 */
export class BrowserConnection {
  readonly endpoint: string;
  #browser: Promise<Browser> | undefined;

  constructor(endpoint: string) {
    this.endpoint = endpoint;
  }

  async browser(): Promise<Browser> {
    if (this.#browser) {
      const browser = await this.#browser.catch(() => undefined);
      if (browser?.isConnected()) return browser;
    }
    this.#browser = this.#connect();
    return this.#browser;
  }

  async #connect(): Promise<Browser> {
    const { chromium } = await import('playwright-core');
    try {
      return await chromium.connectOverCDP(this.endpoint, { timeout: 10_000 });
    } catch (error) {
      this.#browser = undefined;
      throw new TwoFactorError(
        'PW2FA_NO_BROWSER',
        `No browser answered at ${this.endpoint}. Start Chrome with --remote-debugging-port (or point --cdp-endpoint / PW2FA_CDP_ENDPOINT at it).`,
        { cause: error },
      );
    }
  }

  /**
   * The page a tool acts on: the one whose URL starts with `pageUrl`, else the page that has focus, else
   * the newest. Two pages matching `pageUrl` is an error, not a guess.
   */
  async page(pageUrl?: string): Promise<Page> {
    const browser = await this.browser();
    const pages = () => browser.contexts().flatMap((context) => context.pages());
    if (pageUrl !== undefined) {
      // The agent's own connection may have seen a navigation this one has not been told of yet.
      const matching = await settle(browser, () => pages().filter((page) => page.url().startsWith(pageUrl)));
      if (matching.length === 1 && matching[0]) return matching[0];
      const open = pages()
        .map((page) => shown(page.url()))
        .join(', ');
      throw new TwoFactorError(
        'PW2FA_NO_PAGE',
        matching.length === 0
          ? `No open page starts with ${shown(pageUrl)}. Open pages: ${open || 'none'}.`
          : `${matching.length} open pages start with ${shown(pageUrl)}; give a longer pageUrl. Open pages: ${open}.`,
      );
    }
    const all = pages();
    if (all.length === 0) {
      throw new TwoFactorError('PW2FA_NO_PAGE', `The browser at ${this.endpoint} has no open page.`);
    }
    const focused = await Promise.all(
      all.map((page) => page.evaluate(() => document.hasFocus()).catch(() => false)),
    );
    const index = focused.lastIndexOf(true);
    return all[index >= 0 ? index : all.length - 1] as Page;
  }

  async close(): Promise<void> {
    const browser = await this.#browser?.catch(() => undefined);
    this.#browser = undefined;
    // On a CDP connection this only disconnects: the agent's browser and its pages stay open.
    await browser?.close().catch(() => undefined);
  }
}
