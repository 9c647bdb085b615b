// Issue 17, item 3, for videos: a video recorded while a code sits in a masked input never shows its digits.
// The recorded WebM is decoded with ffmpeg (what Playwright records with; `npm run setup -- ffmpeg`) and the
// input's box is searched frame by frame for ink. The control types the same code unmasked: its frames show it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, expect, test } from '@playwright/test';
import { maskInputs } from '../../../src/artifacts/index.js';

const SIZE = { width: 640, height: 360 };
// No caret and no focus ring: only typed text can put ink inside the box.
const PROMPT = `<style>
  body { margin: 40px; background: #fff }
  input { font: 40px monospace; width: 8ch; padding: 8px; color: #111; border: 2px solid #888; caret-color: transparent; outline: none }
</style><form><input id="otp" autocomplete="one-time-code" maxlength="6"></form>`;

/** Most dark pixels seen in any frame inside the input's box (its border excluded). */
async function inkInRecording(browser: Browser, mask: boolean): Promise<{ frames: number; ink: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pw2fa-video-'));
  try {
    const context = await browser.newContext({ viewport: SIZE, recordVideo: { dir, size: SIZE } });
    const page = await context.newPage();
    await page.setContent(PROMPT);
    const input = page.locator('#otp');
    const box = await input.boundingBox();
    if (!box) throw new Error('the input has no box');
    if (mask) await maskInputs([input]);
    await input.pressSequentially('493817');
    await expect(input).toHaveValue('493817');
    await page.waitForTimeout(1500); // frames with the code in the box
    const video = page.video();
    await context.close();
    const path = await video?.path();
    if (!path) throw new Error('no video was recorded');
    const inset = 6;
    const width = Math.floor(box.width) - 2 * inset;
    const height = Math.floor(box.height) - 2 * inset;
    const raw = execFileSync(
      'ffmpeg',
      [
        ...['-v', 'error', '-i', path],
        ...[
          '-vf',
          `crop=${width}:${height}:${Math.ceil(box.x) + inset}:${Math.ceil(box.y) + inset},format=gray`,
        ],
        ...['-f', 'rawvideo', '-'],
      ],
      { maxBuffer: 256 * 2 ** 20 },
    );
    const frameBytes = width * height;
    let ink = 0;
    for (let at = 0; at + frameBytes <= raw.length; at += frameBytes) {
      let dark = 0;
      for (let i = at; i < at + frameBytes; i++) if ((raw[i] ?? 255) < 128) dark++;
      ink = Math.max(ink, dark);
    }
    return { frames: Math.floor(raw.length / frameBytes), ink };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a video recorded while a code is in a masked input never shows the digits; unmasked, it does', async ({
  browser,
}) => {
  const control = await inkInRecording(browser, false);
  expect(control.frames).toBeGreaterThan(5);
  expect(control.ink).toBeGreaterThan(300); // six 40 px digits
  const masked = await inkInRecording(browser, true);
  console.log(
    `dark pixels in the input's box, most in one frame: unmasked ${control.ink}, masked ${masked.ink}`,
  );
  expect(masked.frames).toBeGreaterThan(5);
  expect(masked.ink).toBeLessThan(20);
});
