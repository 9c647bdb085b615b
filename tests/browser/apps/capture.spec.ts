// The captures of failing real-app pages are committed: nothing that could be a secret or a code may stay in.
import { expect, test } from '@playwright/test';
import { redact } from './capture.js';

test('blanks typed values, inline images, printed keys and codes in a captured page', () => {
  const page = [
    '<input name="twofa_code" value="482913">',
    '<img id="twofa_code" src="data:image/png;base64,iVBORw0KGgo=">',
    '<code>JBSW Y3DP EHPK 3PXP JBSW Y3DP</code>',
    '<p>Your code is 55512345</p>',
    '<meta name="csrf-token" content="abc+def==">',
    '<p>Code is invalid or outdated.</p>',
  ].join('\n');
  const out = redact(page);
  for (const secret of ['482913', 'iVBORw0KGgo', 'JBSW Y3DP', '55512345', 'abc+def']) {
    expect(out.includes(secret), 'a secret-shaped value is left in the capture').toBe(false);
  }
  expect(out).toContain('Code is invalid or outdated.');
  expect(out).toContain('name="twofa_code"');
});
