import { randomBytes } from 'node:crypto';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { RedactionRegistry } from './redaction-registry.js';
import { ScrubError } from './scrub-error.js';
import { inflateEntry, readZip, replaceContent, writeZip } from './zip.js';

/** Pictures and videos: a value typed into a page is never in their bytes as text (see mask-inputs.ts). */
const MEDIA = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.webm', '.mp4', '.woff', '.woff2', '.ttf']);
/** Larger files are not read whole; Playwright's own artifacts stay far below. */
const MAX_BYTES = 512 * 1024 * 1024;
/** Traces, blob reports: rewritten entry by entry. */
const ARCHIVES = new Set(['.zip']);

/** What scrubbing one file did. */
export interface ScrubResult {
  path: string;
  /** How many ranges were masked; 0 means the file was left as it was (not rewritten). */
  masked: number;
}

function isMediaBytes(bytes: Uint8Array): boolean {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xd8) return true; // JPEG
  if (a === 0x89 && b === 0x50 && c === 0x4e && d === 0x47) return true; // PNG
  if (a === 0x52 && b === 0x49 && c === 0x46 && d === 0x46) return true; // RIFF (WebP)
  if (a === 0x1a && b === 0x45 && c === 0xdf && d === 0xa3) return true; // WebM / Matroska
  return a === 0x47 && b === 0x49 && c === 0x46; // GIF
}

/**
 * Replaces `path` by `content` atomically: a sibling file is written, then renamed over it, so a reader
 * (the HTML reporter copying the trace) sees the old file or the new one, never half of one. Not fsynced:
 * surviving a power cut is not what a CI artifact needs, and syncing 20 MB costs more than the scrub.
 */
function replaceAtomically(path: string, content: Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.pw2fa-tmp`);
  try {
    const fd = openSync(temporary, 'wx', statSync(path).mode);
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
    throw new ScrubError(path, `could not replace it (${reason})`, { cause: error });
  }
}

function scrubArchive(path: string, archive: Buffer, registry: RedactionRegistry): number {
  const entries = readZip(archive, path);
  let masked = 0;
  const rewritten = entries.map((entry) => {
    if (MEDIA.has(extname(entry.name).toLowerCase()) || entry.size === 0) return entry;
    const content = inflateEntry(entry, path);
    if (isMediaBytes(content)) return entry;
    const count = registry.redact(content);
    if (count === 0) return entry;
    masked += count;
    return replaceContent(entry, content);
  });
  if (masked > 0) replaceAtomically(path, writeZip(rewritten));
  return masked;
}

/**
 * Masks every value the registry holds in one artifact: zip archives (traces, blob reports) entry by
 * entry, other text files as a whole; pictures and videos are left alone. A file is rewritten only when
 * something was masked, and then atomically (new file, rename), so a reader never sees half a file.
 * Throws {@link ScrubError} when the file cannot be read, parsed or replaced.
 *
 * @example
 * scrubFileSync('test-results/login/trace.zip', registry); // { path, masked: 7 }
 */
export function scrubFileSync(path: string, registry: RedactionRegistry): ScrubResult {
  if (registry.size === 0 || MEDIA.has(extname(path).toLowerCase())) return { path, masked: 0 };
  let content: Buffer;
  try {
    const { size } = statSync(path);
    if (size > MAX_BYTES) throw new ScrubError(path, `it is larger than ${MAX_BYTES} bytes`);
    content = readFileSync(path);
  } catch (error) {
    if (error instanceof ScrubError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? 'read failed';
    throw new ScrubError(path, `could not read it (${reason})`, { cause: error });
  }
  if (ARCHIVES.has(extname(path).toLowerCase()))
    return { path, masked: scrubArchive(path, content, registry) };
  if (isMediaBytes(content)) return { path, masked: 0 };
  const masked = registry.redact(content);
  if (masked > 0) replaceAtomically(path, content);
  return { path, masked };
}

/**
 * {@link scrubFileSync} on every file under `dir`. Keeps going after a failure and throws one
 * {@link ScrubError} naming every file that could not be scrubbed, after the others were done.
 *
 * @example
 * scrubDirectorySync(testInfo.outputDir, registry);
 */
export function scrubDirectorySync(
  dir: string,
  registry: RedactionRegistry,
  opts: { skip?: ReadonlySet<string> } = {},
): ScrubResult[] {
  const results: ScrubResult[] = [];
  const failures: ScrubError[] = [];
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return results; // nothing was written there
  }
  for (const name of names) {
    const path = join(dir, name);
    if (path.endsWith('.pw2fa-tmp') || opts.skip?.has(path)) continue;
    try {
      if (!statSync(path).isFile()) continue;
      results.push(scrubFileSync(path, registry));
    } catch (error) {
      if (error instanceof ScrubError) failures.push(error);
    }
  }
  const [first, ...more] = failures;
  if (first && more.length === 0) throw first;
  if (first) {
    throw new ScrubError(
      failures.map((failure) => failure.path).join(', '),
      `${failures.length} files failed; first: ${first.message}`,
    );
  }
  return results;
}
