import type { Page } from 'playwright-core';
import { maskDigitRuns } from '../mask.js';
import { probeFrame } from './run-probe.js';

/**
 * A short, code-free summary of what the page shows — for error messages, like testing-library's DOM
 * excerpt: address without query string (it may carry tokens), title, headings, the start of the text,
 * and the visible inputs.
 *
 * @example
 * await describePage(page) // 'https://app.test/login — "Sign in" — headings: Sign in — inputs: input[name=user] …'
 */
export async function describePage(page: Page): Promise<string> {
  if (page.isClosed()) return 'the page is closed';
  let address = page.url();
  try {
    const url = new URL(address);
    address = url.origin === 'null' ? `${url.protocol}${url.pathname}` : `${url.origin}${url.pathname}`;
  } catch {
    // about:blank and data: URLs stay as they are.
  }
  const probe = await probeFrame(page.mainFrame());
  if (!probe) return `${address} (the page did not answer)`;
  const parts = [address];
  if (probe.title) parts.push(`title "${probe.title.slice(0, 80)}"`);
  if (probe.headings.length) parts.push(`headings: ${probe.headings.slice(0, 3).join(' | ').slice(0, 160)}`);
  if (probe.prose) parts.push(`text: "${probe.prose.slice(0, 200)}${probe.prose.length > 200 ? '…' : ''}"`);
  const inputs = probe.inputs
    .slice(0, 6)
    .map((i) => `input[type=${i.type}${i.name ? `][name=${i.name}` : ''}]`);
  parts.push(
    inputs.length ? `inputs: ${inputs.join(' ')}${probe.inputs.length > 6 ? ' …' : ''}` : 'no visible inputs',
  );
  const frames = page.frames().length;
  if (frames > 1) parts.push(`${frames - 1} iframe(s)`);
  return maskDigitRuns(parts.join(' — '));
}
