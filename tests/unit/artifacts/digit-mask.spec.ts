// Page text quoted in errors and evidence: codes masked, while a footer's years and a date stay readable.
import { expect, test } from '@playwright/test';
import { maskDigitRuns } from '../../../src/mask.js';

test('masks every code-like run of four or more digits', () => {
  expect(maskDigitRuns('Your code is 493817.')).toBe('Your code is ••••••.');
  expect(maskDigitRuns('Code 2024 is invalid')).toBe('Code •••• is invalid');
  expect(maskDigitRuns('Use 1234-5678 to sign in')).toBe('Use ••••-•••• to sign in');
  expect(maskDigitRuns('codes: 20241203 and 12345678')).toBe('codes: •••••••• and ••••••••');
  expect(maskDigitRuns('Enter 123 456')).toBe('Enter 123 456'); // three-digit groups were never masked
});

test('leaves the years after a copyright sign and calendar dates readable', () => {
  expect(maskDigitRuns('Powered by Redmine © 2006-2024 Jean-Philippe Lang')).toBe(
    'Powered by Redmine © 2006-2024 Jean-Philippe Lang',
  );
  expect(maskDigitRuns('(c) 2019, 2020 Acme · Copyright 2025 Foo')).toBe(
    '(c) 2019, 2020 Acme · Copyright 2025 Foo',
  );
  expect(maskDigitRuns('Last sign-in 2026-12-03 from Berlin')).toBe('Last sign-in 2026-12-03 from Berlin');
});

test('a code next to a copyright year or a date is still masked', () => {
  expect(maskDigitRuns('© 2024 Acme. Your code: 493817')).toBe('© 2024 Acme. Your code: ••••••');
  expect(maskDigitRuns('© 202418')).toBe('© ••••••');
  expect(maskDigitRuns('2026-13-45 493817')).toBe('••••-13-45 ••••••');
  expect(maskDigitRuns('2026-12-031234')).toBe('••••-12-••••••');
});
