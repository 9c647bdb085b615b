import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadConfig, sourcesFromConfig } from '../../../src/config/index.js';
import { TwoFactorError } from '../../../src/errors.js';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw2fa-config-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(text: string): string {
  const path = join(dir, 'pw2fa.config.json');
  writeFileSync(path, text);
  return path;
}

async function failure(path: string): Promise<TwoFactorError> {
  const error = await loadConfig(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TwoFactorError);
  return error as TwoFactorError;
}

test('a missing default file is an empty config; a missing named file is an error', async () => {
  const before = process.cwd();
  process.chdir(dir);
  try {
    await expect(loadConfig()).resolves.toEqual({ sources: {} });
  } finally {
    process.chdir(before);
  }
  expect((await failure(join(dir, 'nope.json'))).message).toBe(
    `Could not read the config file ${join(dir, 'nope.json')}.`,
  );
});

test('names the field that is wrong, and refuses keys it does not know', async () => {
  const badPort = await failure(file('{"sources":{"smtp":{"port":"2525"}}}'));
  expect(badPort.code).toBe('PW2FA_BAD_CONFIG');
  expect(badPort.message).toMatch(/invalid at sources\.smtp\.port/);
  expect((await failure(file('{"sources":{"relay":{"url":"http://x","apiKey":"k"}}}'))).message).toMatch(
    /invalid at sources\.relay/,
  );
  expect((await failure(file('{ not json'))).message).toMatch(/is not valid JSON/);
});

test('secrets come from the environment variable the file names, and a missing one is said plainly', async () => {
  const config = await loadConfig(
    file('{"sources":{"relay":{"url":"http://127.0.0.1:1","apiKeyEnv":"PW2FA_TEST_KEY"}}}'),
  );
  delete process.env.PW2FA_TEST_KEY;
  await expect(sourcesFromConfig(config)).rejects.toThrow(
    'The relay API key is read from $PW2FA_TEST_KEY, which is not set.',
  );
  process.env.PW2FA_TEST_KEY = 'a-relay-key-long-enough-for-the-relay';
  const started = await sourcesFromConfig(config);
  expect(started.sources.map((source) => source.name)).toEqual(['relay']);
  await started.close();
  delete process.env.PW2FA_TEST_KEY;
});

test('an smtp source listens where the config says, for the site under test to send to', async () => {
  const config = await loadConfig(file('{"sources":{"smtp":{"port":0}}}'));
  const started = await sourcesFromConfig(config);
  try {
    expect(started.inbox?.port).toBeGreaterThan(0);
    expect(started.sources).toEqual([started.inbox]);
  } finally {
    await started.close();
  }
});
