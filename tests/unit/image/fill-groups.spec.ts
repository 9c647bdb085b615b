import { expect, test } from '@playwright/test';
import { fillShortGroups } from '../../../src/image/fill-groups.js';

test('puts back a character the LSTM dropped from a middle group, from the shape reading', () => {
  // The shape reading merged `rv` into `m` and misread `f`: neither changes the vote.
  expect(
    fillShortGroups('wbrv lcxc pgsg nuzq xqa 6fjc fgdk iznx', 'wbm lcxc pgsg nuzq lxqa 66jc fgdk iznx'),
  ).toBe('wbrv lcxc pgsg nuzq lxqa 6fjc fgdk iznx');
  // A shape reading that missed the group gaps still lines up character by character.
  expect(fillShortGroups('pslu cuoj 232 lugb ow7z z7nt 6d3q pzvg', 'pslucuoj2f32lugbow7zz7nt6d3gpbg')).toBe(
    'pslu cuoj 2f32 lugb ow7z z7nt 6d3q pzvg',
  );
});

test('fills a short last group only when that gives a length sites hand out', () => {
  // 31 characters is a possible key but no site's: 32 is.
  expect(fillShortGroups('2bkl bltl tur6 tpr2 yqjn yd5k ja3t yim', '2bkl bltl tur6mr2yrmnyd5kja3tyi5m')).toBe(
    '2bkl bltl tur6 tpr2 yqjn yd5k ja3t yi5m',
  );
  // 26 characters (16 bytes) ends in a group of two: nothing is missing.
  expect(fillShortGroups('JBSW Y3DP EHPK 3PXP JBSW Y3', 'JBSW Y3DP EHPK 3PXP JBSW Y3Q')).toBe(
    'JBSW Y3DP EHPK 3PXP JBSW Y3',
  );
});

test('leaves full groups, a first character the shape reading adds, and readings too far apart', () => {
  expect(fillShortGroups('JBSW Y3DP EHPK 3PXP', 'JBSWW Y3DP EHPK 3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
  expect(fillShortGroups('JBSW Y3DP EHPK 3PXP', 'QJBSW Y3DP EHPK 3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
  // Three groups short is not a dropped character or two: the vote stands.
  expect(fillShortGroups('JBS Y3D EHP 3PXP', 'JBSW Y3DP EHPK 3PXP')).toBe('JBS Y3D EHP 3PXP');
  expect(fillShortGroups('JBSWY3DPEHPK3PX', 'JBSWY3DPEHPK3PXP')).toBe('JBSWY3DPEHPK3PX');
});
