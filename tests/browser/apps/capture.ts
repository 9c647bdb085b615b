/**
 * When a real-app test fails, the page it failed on is kept as tests/browser/apps/captures/<app>-<step>.html
 * so the miss can be reproduced without the app. Nothing secret goes in: typed values, inline images (a
 * set-up QR) and anything shaped like a printed base32 key are blanked before the file is written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

const CAPTURES = join(import.meta.dirname, 'captures');

/** Blanks what could be a secret or a code (capture.spec.ts checks it). */
export function redact(html: string): string {
  return html
    .replace(/\svalue="[^"]*"/g, ' value=""')
    .replace(/data:[a-z]+\/[a-z+.-]+;base64,[A-Za-z0-9+/=]+/g, 'data:,')
    .replace(/\b[A-Z2-7]{4}(?:\s?[A-Z2-7]{4}){3,}\b/g, '[key]')
    .replace(/\b\d{6,8}\b/g, '[digits]')
    .replace(/(name="authenticity_token"|name="csrf-token" content=)"[^"]*"/g, '$1""');
}

/** Writes the page's HTML (every frame's main document) when the test did not pass. */
export async function captureIfFailed(page: Page, testInfo: TestInfo, app: string): Promise<void> {
  const step = testInfo.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .split('-')
    .filter(Boolean)
    .slice(0, 5);
  const name = `${app}-${step.join('-')}`;
  if (testInfo.status === testInfo.expectedStatus || page.isClosed()) return;
  const html = await page.content().catch(() => null);
  if (html === null) return;
  mkdirSync(CAPTURES, { recursive: true });
  const file = join(CAPTURES, `${name}.html`);
  writeFileSync(
    file,
    `<!-- ${page.url().replace(/\/\/127\.0\.0\.1:\d+/, '//127.0.0.1')} -->\n${redact(html)}`,
  );
  await testInfo.attach(`${name}.html`, { path: file, contentType: 'text/html' });
}
