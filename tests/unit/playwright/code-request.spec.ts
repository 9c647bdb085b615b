import { expect, test } from '@playwright/test';
import type { CodeRequest, CodeSource } from '../../../src/channels/source.js';
import type { Prompt } from '../../../src/detect/index.js';
import { obtainCode } from '../../../src/playwright/obtain-code.js';

function recording(): { source: CodeSource; requests: CodeRequest[] } {
  const requests: CodeRequest[] = [];
  const source: CodeSource = {
    name: 'relay',
    accepts: () => true,
    waitForCode: async (request) => {
      requests.push(request);
      return { code: 'ABC123', source: 'relay', receivedAt: Date.now() };
    },
  };
  return { source, requests };
}

// Only what obtainCode reads; a frame is never touched without a notify target.
const prompt = (extra: Record<string, unknown>): Prompt =>
  ({
    kind: 'code',
    inputs: [],
    codeLength: 6,
    submit: null,
    text: '',
    confidence: 1,
    ...extra,
  }) as unknown as Prompt;

const wait = {
  since: 0,
  identifier: 'me@x.test',
  timeout: 5_000,
  outer: undefined,
  rejected: undefined,
  emit: () => {},
  notify: undefined,
};

test('every code request carries the prompt’s length and, when detection gives it, its charset', async () => {
  const { source, requests } = recording();
  await obtainCode(source, prompt({ charset: 'alphanumeric' }), wait);
  await obtainCode(source, prompt({}), wait);
  await obtainCode(source, prompt({ charset: 'emoji' }), wait); // not a charset we know: left out
  expect(
    requests.map((r) => [r.codeLength, 'charset' in r ? (r as { charset?: unknown }).charset : '-']),
  ).toEqual([
    [6, 'alphanumeric'],
    [6, '-'],
    [6, '-'],
  ]);
});
