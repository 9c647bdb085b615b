import { expect, test } from '@playwright/test';

test('the configured Chromium renders a local page', async ({ page }) => {
  await page.setContent('<h1>Enter the 6-digit code</h1><input autocomplete="one-time-code">');
  await expect(page.getByRole('heading')).toHaveText('Enter the 6-digit code');
});
