import { expect, test } from '@playwright/test';
import {
  groupsAreRegular,
  isBase32Candidate,
  plausibleKeyLength,
  resolveConfusions,
  trimStrays,
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

test.describe('trimStrays', () => {
  test('drops a colon read as strokes glued to the first group', () => {
    expect(trimStrays('IIJBSW Y3DP EHPK 3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(trimStrays('lwkiu mqt5 znqb u7n7')).toBe('wkiu mqt5 znqb u7n7');
  });
  test("drops the label's last letters read as a short group of their own", () => {
    expect(trimStrays('2y abwx klfv i5c2 gbok')).toBe('abwx klfv i5c2 gbok');
  });
  test('keeps a first group that lost a character: the rest is no key on its own', () => {
    expect(trimStrays('JBW Y3DP EHPK 3PXP')).toBe('JBW Y3DP EHPK 3PXP');
  });
  test('keeps keys whose first group is as long as the rest, blocks, and uneven readings', () => {
    expect(trimStrays('IBSW Y3DP EHPK 3PXP')).toBe('IBSW Y3DP EHPK 3PXP');
    expect(trimStrays('JBSWY3DPEHPK3PXP')).toBe('JBSWY3DPEHPK3PXP');
    expect(trimStrays('IIJBSW Y3DDP EHPK 3PXP')).toBe('IIJBSW Y3DDP EHPK 3PXP');
  });
});
