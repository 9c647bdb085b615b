import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { chromium } from 'playwright-core';
import { explainPrompt, type PromptExplanation } from '../detect/index.js';
import { TwoFactorError } from '../errors.js';
import { chromiumLaunchOptions } from '../playwright/index.js';
import { integerFlag } from './input.js';
import { printJson } from './output.js';

/** A file on disk becomes a file: URL; anything with a scheme is used as it is. */
export function pageAddress(target: string): string {
  if (existsSync(target)) return pathToFileURL(resolve(target)).href;
  if (/^(?:https?|file|data|about):/i.test(target)) return target;
  throw new TwoFactorError(
    'PW2FA_BAD_OPTION',
    `Expected a URL (https://…) or an HTML file, got ${JSON.stringify(target)}: no such file.`,
  );
}

/** The explanation as people read it: the prompt, why, then every candidate and frame. */
export function formatExplanation(explanation: PromptExplanation): string {
  const { prompt } = explanation;
  const lines: string[] = [];
  if (prompt) {
    const details = [
      prompt.codeLength ? `${prompt.codeLength} characters` : 'length not stated',
      prompt.charset,
      `${prompt.inputs.length} input(s)`,
      prompt.submit ? 'submit button found' : 'no submit button',
      `confidence ${prompt.confidence}`,
    ].filter(Boolean);
    lines.push(`prompt: ${prompt.kind} (${details.join(', ')})`);
  } else {
    lines.push('prompt: none');
  }
  lines.push(`why: ${explanation.summary}`);
  lines.push('', explanation.candidates.length ? 'candidates (best first):' : 'candidates: none');
  explanation.candidates.forEach((c, i) => {
    const boxes = c.boxes > 1 ? ` ×${c.boxes} boxes` : '';
    lines.push(`  ${i + 1}. ${c.status.padEnd(8)} ${String(c.score).padStart(5)}  ${c.field}${boxes}`);
    if (c.reasons.length && !c.why?.startsWith(c.reasons[0] ?? ''))
      lines.push(`       scored: ${c.reasons.join(', ')}`);
    if (c.why) lines.push(`       left out: ${c.why}`);
  });
  lines.push('', 'frames:');
  for (const f of explanation.frames) {
    const channel = f.channel
      ? ` [channel evidence: ${Object.entries(f.channel)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}]`
      : '';
    lines.push(`  ${f.url}${f.answered ? '' : ' (no answer)'}: ${f.verdict}${channel}`);
  }
  return lines.join('\n');
}

/**
 * Registers `inspect <url-or-html-file>`: load the page in Chromium and show what the detector sees —
 * the scored candidates, why the winner won, per frame. Reads markup only, never input values.
 */
export function registerInspectCommand(program: Command): void {
  program
    .command('inspect <target>')
    .description('show the 2FA prompt detection for a page: scored candidates and why the winner won')
    .option('--json', 'print the explanation as JSON')
    .option('--timeout <ms>', 'how long to wait for the page to load (default 30000)')
    .option('--wait <ms>', 'extra time after load, for pages that render the prompt late (default 0)')
    .action(async (target: string, options: { json?: boolean; timeout?: string; wait?: string }) => {
      const address = pageAddress(target);
      const timeout = integerFlag(options.timeout, 'timeout') ?? 30_000;
      const wait = integerFlag(options.wait, 'wait') ?? 0;
      const browser = await chromium.launch(chromiumLaunchOptions());
      try {
        const page = await browser.newPage();
        await page.goto(address, { waitUntil: 'load', timeout }).catch((error: unknown) => {
          const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
          throw new TwoFactorError('PW2FA_BAD_OPTION', `Could not load ${target}: ${reason}`);
        });
        if (wait > 0) await page.waitForTimeout(wait);
        const explanation = await explainPrompt(page);
        if (options.json) {
          // Locators do not serialise; the JSON keeps what the prompt is, not how to reach it.
          const { prompt, ...rest } = explanation;
          printJson({
            ...rest,
            prompt: prompt && {
              kind: prompt.kind,
              codeLength: prompt.codeLength,
              charset: prompt.charset ?? null,
              inputs: prompt.inputs.length,
              hasSubmit: prompt.submit !== null,
              confidence: prompt.confidence,
              frame: explanation.candidates.find((c) => c.status === 'winner')?.frame ?? null,
            },
          });
        } else {
          console.log(formatExplanation(explanation));
        }
      } finally {
        await browser.close();
      }
    });
}
