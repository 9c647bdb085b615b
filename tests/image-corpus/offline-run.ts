// Child-process script for the offline test: decodes a QR code and OCRs a printed key with the network
// blocked (see no-network.cjs), then reports what it read and which modules it loaded.
import { createRequire } from 'node:module';
import { readQr } from '../../src/image/qr.js';
import { drawQr } from './qr-images.js';

const require = createRequire(import.meta.url);
const loaded = () => Object.keys(require.cache).some((path) => path.includes(`${'tesseract.js'}/`));

const mode = process.argv[2];
const qrText = (await readQr(await drawQr('https://example.com/a', { px: 200 })))[0] ?? null;
const afterQr = loaded();
let key: string | null = null;
if (mode === 'ocr') {
  const { drawKey } = await import('./key-images.js');
  const { ocrSecret } = await import('../../src/image/ocr.js');
  const { terminateOcr } = await import('../../src/image/ocr-worker.js');
  const image = await drawKey('JBSW Y3DP EHPK 3PXP', {
    font: 'DejaVu Sans Mono',
    size: 20,
    label: 'Setup key',
  });
  key = (await ocrSecret(image))?.secret ?? null;
  await terminateOcr();
}
process.stdout.write(`${JSON.stringify({ qrText, tesseractLoadedByQr: afterQr, key })}\n`);
