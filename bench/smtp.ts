// E-mailed code (issue 7): SMTP message accepted by the embedded inbox → code typed into the page, with the
// inbox's push-driven wait vs a loop that checks the inbox once a second (the anchors' pattern).
import nodemailer from 'nodemailer';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions, SmtpInbox, typeCode } from '../dist/src/index.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const inbox = await SmtpInbox.start();
const transport = nodemailer.createTransport({
  host: inbox.host,
  port: inbox.port,
  secure: false,
  ignoreTLS: true,
});
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage();

async function round(
  i: number,
  wait: (to: string, since: number) => Promise<string>,
  p: Page,
): Promise<number> {
  await p.setContent('<h1>Check your email</h1><input autocomplete="one-time-code" maxlength="6">');
  const to = `bench+${i}-${Math.random().toString(36).slice(2)}@pw2fa.test`;
  const since = Date.now();
  const typed = wait(to, since).then((code) => typeCode({ inputs: [p.locator('input')] }, code));
  await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 300));
  const code = String(100000 + i);
  await transport.sendMail({
    from: 'site@example.test',
    to,
    subject: 'Your code',
    text: `Your sign-in code is ${code}.`,
  });
  const accepted = performance.now();
  await typed;
  return performance.now() - accepted;
}

const pushDriven = (to: string, since: number) =>
  inbox
    .waitForCode({ identifier: to, since, signal: AbortSignal.timeout(10_000), kind: 'email' })
    .then((r) => r.code ?? '');

async function pollEverySecond(to: string, since: number): Promise<string> {
  for (;;) {
    if (inbox.messages(to).length > 0) return pushDriven(to, since);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const ours: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < 25; i++) ours.push(await round(i, pushDriven, page));
for (let i = 0; i < 8; i++) baseline.push(await round(100 + i, pollEverySecond, page));
await browser.close();
transport.close();
await inbox.close();

writeBenchResult('smtp', {
  smtp_accepted_to_typed_p50_ms: metric(percentile(ours, 50), percentile(baseline, 50), 'ms'),
  smtp_accepted_to_typed_p95_ms: metric(percentile(ours, 95), percentile(baseline, 95), 'ms'),
});
