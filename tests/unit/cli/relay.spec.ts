import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { RelayClient } from '../../../src/relay/client.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'dist', 'src', 'cli', 'index.js');
const KEY = 'test-relay-key-0123456789';

function pw2fa(args: string[], env: Record<string, string> = {}, input?: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env } },
      (_e, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

let relay: ChildProcess;
let url: string;
test.beforeAll(async () => {
  relay = spawn(process.execPath, [CLI, 'relay', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', PW2FA_RELAY_KEY: KEY },
  });
  url = await new Promise<string>((resolve, reject) => {
    relay.stdout?.on('data', (chunk: Buffer) => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
      if (found?.[1]) resolve(found[1]);
    });
    relay.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
});
test.afterAll(() => {
  relay.kill('SIGTERM');
});

test('pw2fa relay serves on loopback and pw2fa push delivers a code from a whole SMS', async () => {
  const waiting = new RelayClient({ url, apiKey: KEY }).waitForCode({
    identifier: '+15551234567',
    since: Date.now() - 1000,
    signal: AbortSignal.timeout(10_000),
    kind: 'sms',
  });
  const push = await pw2fa(
    ['push', '+15551234567', '--url', url],
    { PW2FA_RELAY_KEY: KEY },
    'Acme: 482913 is your sign-in code.\n',
  );
  expect(push.stderr).toBe('');
  expect(push.stdout).toBe('Pushed a 6-character code for +15551234567.\n');
  expect((await waiting).code).toBe('482913');
});

test('pw2fa push --json masks the code in the answer', async () => {
  const push = await pw2fa(['push', 'me@example.test', 'Your code is 771204', '--url', url, '--json'], {
    PW2FA_RELAY_KEY: KEY,
  });
  expect(JSON.parse(push.stdout)).toMatchObject({ code: '••••••' });
  expect(push.stdout).not.toContain('771204');
});

test('user errors exit 1 with one line: no key, wrong key, no code in the message', async () => {
  const noKey = await pw2fa(['relay', '--port', '0']);
  expect(noKey.status).toBe(1);
  expect(noKey.stderr).toMatch(
    /^pw2fa: The relay will not start without an API key: pass --api-key <key> or set PW2FA_RELAY_KEY/,
  );

  const wrongKey = await pw2fa(['push', 'me@example.test', '123456', '--url', url, '--api-key', 'nope']);
  expect(wrongKey.status).toBe(1);
  expect(wrongKey.stderr.trim().split('\n')).toHaveLength(1);
  expect(wrongKey.stderr).not.toContain('nope');

  const noCode = await pw2fa(['push', 'me@example.test', 'hello there', '--url', url], {
    PW2FA_RELAY_KEY: KEY,
  });
  expect(noCode.status).toBe(1);
  expect(noCode.stderr).toMatch(
    /^pw2fa: The relay at .* answered 422 \(no_code: No verification code or link was found/,
  );
});
