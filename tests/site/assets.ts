import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Asset {
  readonly type: string;
  readonly body: Uint8Array;
}

const SITE_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Browser modules under client/, served as /assets/<name>.js. */
const ENTRIES = [
  'split',
  'paste-only',
  'shadow',
  'delayed',
  'spa',
  'iframe-parent',
  'iframe-frame',
  'input-otp',
  'react-otp-input',
  'push',
  'passkey',
  'in-place',
] as const;

let assets: Promise<ReadonlyMap<string, Asset>> | undefined;

async function bundle(): Promise<ReadonlyMap<string, Asset>> {
  const entryPoints: Record<string, string> = {};
  for (const name of ENTRIES) {
    const ts = join(SITE_DIR, 'client', `${name}.ts`);
    entryPoints[name] = existsSync(ts) ? ts : `${ts}x`;
  }
  const result = await build({
    entryPoints,
    bundle: true,
    format: 'esm',
    // React and react-dom land in one shared chunk instead of twice.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outdir: join(SITE_DIR, 'dist'),
    write: false,
    minify: true,
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const files = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    files.set(basename(file.path), { type: 'text/javascript; charset=utf-8', body: file.contents });
  }
  const css = await readFile(join(SITE_DIR, 'public', 'styles.css'));
  files.set('styles.css', { type: 'text/css; charset=utf-8', body: css });
  return files;
}

/**
 * Bundles the site's browser code (hand-written widgets and the real `input-otp` / `react-otp-input`
 * components) with esbuild, in memory, once per process; later sites reuse the result.
 *
 * @example
 * const assets = await loadAssets();
 * assets.get('split.js') // → { type: 'text/javascript; charset=utf-8', body }
 */
export function loadAssets(): Promise<ReadonlyMap<string, Asset>> {
  assets ??= bundle().catch((error: unknown) => {
    assets = undefined;
    throw error;
  });
  return assets;
}
