import { expect, test } from '@playwright/test';
import {
  groupsAreRegular,
  isBase32Candidate,
  plausibleKeyLength,
  resolveConfusions,
} from '../../../src/image/base32-candidate.js';

test.describe('resolveConfusions', () => {
  const vectors: [string, string, string][] = [
    ['upper case with groups', 'JBSW Y3DP EHPK 3PXP', 'JBSWY3DPEHPK3PXP'],
    ['zero, one and eight in an upper-case key', 'JBSW Y3DP 0HPK 1PX8', 'JBSWY3DPOHPKIPXB'],
    ['a stroke in a lower-case key is an l', 'jbsw y3dp 1hpk |pxp', 'JBSWY3DPLHPKLPXP'],
    ['a capital I among lower case is an l', 'jbsw Ibbq', 'JBSWLBBQ'],
    ['nine in lower case is a g', 'jbsw 9bbq', 'JBSWGBBQ'],
    ['dashes, padding and dots', 'JBSW-Y3DP.EHPK_3PXP==', 'JBSWY3DPEHPK3PXP'],
  ];
  for (const [title, input, expected] of vectors) {
    test(`maps ${title}`, () => {
      expect(resolveConfusions(input)).toBe(expected);
    });
  }
});

test('accepts key lengths that whole bytes encode to, from 16 to 128 characters', () => {
  expect([16, 26, 32, 52, 103].map(plausibleKeyLength)).toEqual([true, true, true, true, true]);
  expect([0, 15, 17, 25, 30, 129].map(plausibleKeyLength)).toEqual([
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
});

test('tells keys from prose and from strings outside the alphabet', () => {
  expect(isBase32Candidate('JBSW Y3DP EHPK 3PXP')).toBe(true);
  expect(isBase32Candidate('jbswy3dpehpk3pxp')).toBe(true);
  expect(isBase32Candidate('Scan the QR code')).toBe(false);
  expect(isBase32Candidate('JBSW Y3DP EHPK 3PX')).toBe(false); // 15 characters
  expect(isBase32Candidate('JBSW Y3DP EHPK 3PX#')).toBe(false);
});

test('sees a lost or doubled character in uneven groups', () => {
  expect(groupsAreRegular('JBSW Y3DP EHPK 3PX')).toBe(true);
  expect(groupsAreRegular('JBSWY3DPEHPK3PXP')).toBe(true);
  expect(groupsAreRegular('JBSW Y3DDP EHPK')).toBe(false);
  expect(groupsAreRegular('JBS Y3DP EHPK')).toBe(false);
});
