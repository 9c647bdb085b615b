import { expect, test } from '@playwright/test';
import { charsetOf } from '../../../src/detect/charset.js';
import type { ProbedInput } from '../../../src/detect/probe.js';
import { probedInput } from './probed-input.js';

const field = (over: Partial<ProbedInput>): ProbedInput =>
  probedInput({ name: 'otp', autocomplete: 'one-time-code', ...over });

test.describe('charsetOf', () => {
  const NUMERIC: Array<[string, Partial<ProbedInput>]> = [
    ['inputmode=numeric', { inputMode: 'numeric' }],
    ['type=number', { type: 'number' }],
    ['type=tel', { type: 'tel' }],
    ['pattern [0-9]*', { pattern: '[0-9]*' }],
    ['pattern \\d{6}', { pattern: '\\d{6}' }],
    ['pattern [0-9]{6}', { pattern: '[0-9]{6}' }],
  ];
  for (const [name, over] of NUMERIC) {
    test(`${name} → numeric`, () => expect(charsetOf([field(over)])).toBe('numeric'));
  }

  const ALPHA: Array<[string, Partial<ProbedInput>]> = [
    ['pattern with a letter class', { pattern: '[A-Za-z0-9]{8}' }],
    ['base32-style pattern', { pattern: '[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}' }],
    ['\\w pattern', { pattern: '\\w{10}' }],
    ['mixed sample placeholder', { placeholder: '4F7K2Q' }],
    // The pattern is what the form validates: a numeric keyboard hint does not make letters invalid.
    ['letter pattern beats inputmode=numeric', { pattern: '[a-z0-9]{8}', inputMode: 'numeric' }],
  ];
  for (const [name, over] of ALPHA) {
    test(`${name} → alphanumeric`, () => expect(charsetOf([field(over)])).toBe('alphanumeric'));
  }

  const SILENT: Array<[string, Partial<ProbedInput>]> = [
    ['plain text input', {}],
    ['word placeholder', { placeholder: 'Enter code' }],
    ['digits-only placeholder', { placeholder: '123456' }],
    ['letters-only placeholder', { placeholder: 'XXXXXX' }],
  ];
  for (const [name, over] of SILENT) {
    test(`${name} → not stated`, () => expect(charsetOf([field(over)])).toBeUndefined());
  }

  test('split boxes: any box that takes letters makes the code alphanumeric', () => {
    const boxes = [field({ inputMode: 'numeric' }), field({ pattern: '[A-Z0-9]' }), field({ type: 'tel' })];
    expect(charsetOf(boxes)).toBe('alphanumeric');
    expect(charsetOf([field({ type: 'tel' }), field({})])).toBe('numeric');
  });
});
