import { expect, test } from '@playwright/test';
import { findKeySpans, findLabels, isProse, mayBeGroup } from '../../../src/image/key-text.js';

const best = (lines: string[], lenient = false) => findKeySpans(lines, { lenient })[0]?.text ?? null;

test.describe('findKeySpans', () => {
  const vectors: [string, string[], string | null][] = [
    [
      'a grouped key under its label',
      ["Can't scan? Enter this key:", 'JBSW Y3DP EHPK 3PXP'],
      'JBSW Y3DP EHPK 3PXP',
    ],
    ['a key after a label on the same line', ['Secret key: JBSW-Y3DP-EHPK-3PXP'], 'JBSW Y3DP EHPK 3PXP'],
    [
      'a lower-case key of 32 characters',
      ['Secret key: jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp'],
      'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp',
    ],
    [
      'one block of characters',
      ['Your key', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'],
      'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    ],
    [
      'a key wrapped over two lines',
      ['JBSW Y3DP EHPK 3PXP JBSW', 'Y3DP EHPK 3PXP'],
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
    ],
    ['no key in instructions', ['Scan this code with your authenticator app'], null],
    ['no key in four-letter prose', ['this code with your', 'abcd'], null],
    [
      'no key in a set-up sentence',
      ['Unable to scan? You can use the setup key to manually configure your authenticator app.'],
      null,
    ],
  ];
  for (const [title, lines, expected] of vectors) {
    test(`finds ${title}`, () => {
      expect(best(lines)).toBe(expected);
    });
  }

  test('finds a misread line in lenient mode, to read it again', () => {
    expect(best(['Your secret key', 'YU4] 6FMX XB26 O0WH XwWUuQ G52M 4VE4 DOKA'], true)).toBe(
      'YU4 6FMX XB26 O0WH XwWUuQ G52M 4VE4 DOKA',
    );
    expect(best(['Your secret key', 'YU4] 6FMX XB26 O0WH XwWUuQ G52M 4VE4 DOKA']) ?? '').not.toContain(
      'XwWUuQ',
    );
  });
});

test('reads the issuer and account lines a page prints next to the key', () => {
  expect(findLabels(['Account: octocat@github.com', 'Issuer: GitHub', 'JBSW Y3DP EHPK 3PXP'])).toEqual({
    issuer: 'GitHub',
    account: 'octocat@github.com',
  });
  expect(findLabels(['JBSW Y3DP EHPK 3PXP'])).toEqual({ issuer: '', account: '' });
});

test('tells labels and prose from misread key groups', () => {
  expect(['key:', 'Secret', 'your', 'Code:'].map(isProse)).toEqual([true, true, true, true]);
  expect(['VJ5]', 'Icer', 'JBSW', 'y3dp'].map(isProse)).toEqual([false, false, false, false]);
});

test('takes Title-case misreads of a group for the key, never labels or stopwords', () => {
  expect(['Semy', 'Sops', '‘Sops', 'i330'].map((w) => mayBeGroup(w, 4))).toEqual([true, true, true, true]);
  expect(['key:', 'this', 'Enter', 'to'].map((w) => mayBeGroup(w, 4))).toEqual([false, false, false, false]);
});
