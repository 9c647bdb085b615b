import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { ScrubError } from './scrub-error.js';

/** One file of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  time: number;
  date: number;
  /** The stored (compressed) bytes, a view into the archive. */
  raw: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_MARK = 0xffffffff;
const STORED = 0;
const DEFLATED = 8;
/** General-purpose flag bit 3: sizes follow the data. We write sizes up front, so it is cleared. */
const DATA_DESCRIPTOR = 0x0008;

function incomplete(path: string, why: string): ScrubError {
  return new ScrubError(
    path,
    `it is not a complete zip archive (${why}): the trace failed to write or is still being written`,
  );
}

/**
 * Reads a zip archive's entries without inflating them. Throws {@link ScrubError} for an archive that is
 * truncated, still being written, or uses zip64 (larger than 4 GB), which Playwright's traces never need.
 *
 * @example
 * for (const entry of readZip(buffer, 'trace.zip')) console.log(entry.name, entry.size);
 */
export function readZip(archive: Buffer, path: string): ZipEntry[] {
  let eocd = -1;
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 0xffff); i--) {
    if (archive.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw incomplete(path, 'no end-of-archive record');
  const count = archive.readUInt16LE(eocd + 10);
  const dirSize = archive.readUInt32LE(eocd + 12);
  const dirOffset = archive.readUInt32LE(eocd + 16);
  if (dirOffset === ZIP64_MARK || count === 0xffff) throw incomplete(path, 'zip64 is not supported');
  if (dirOffset + dirSize > eocd) throw incomplete(path, 'the directory points past its end');
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || archive.readUInt32LE(at) !== CENTRAL) throw incomplete(path, 'a damaged directory');
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localOffset = archive.readUInt32LE(at + 42);
    const compressedSize = archive.readUInt32LE(at + 20);
    if (localOffset + 30 > archive.length || archive.readUInt32LE(localOffset) !== LOCAL) {
      throw incomplete(path, 'an entry points outside the archive');
    }
    const dataStart =
      localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > archive.length) throw incomplete(path, 'an entry is cut short');
    entries.push({
      name: archive.toString('utf8', at + 46, at + 46 + nameLength),
      flags: archive.readUInt16LE(at + 8),
      method: archive.readUInt16LE(at + 10),
      time: archive.readUInt16LE(at + 12),
      date: archive.readUInt16LE(at + 14),
      crc: archive.readUInt32LE(at + 16),
      compressedSize,
      size: archive.readUInt32LE(at + 24),
      raw: archive.subarray(dataStart, dataStart + compressedSize),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's content. */
export function inflateEntry(entry: ZipEntry, path: string): Buffer {
  if (entry.method === STORED) return Buffer.from(entry.raw);
  if (entry.method === DEFLATED) return inflateRawSync(entry.raw);
  throw new ScrubError(
    path,
    `entry ${entry.name} uses compression method ${entry.method}, which is not supported`,
  );
}

/** An entry with new content, compressed quickly: scrubbed entries are small text. */
export function replaceContent(entry: ZipEntry, content: Buffer): ZipEntry {
  const raw = deflateRawSync(content, { level: 1 });
  return {
    ...entry,
    method: DEFLATED,
    flags: entry.flags & ~DATA_DESCRIPTOR,
    crc: crc32(content),
    size: content.length,
    compressedSize: raw.length,
    raw,
  };
}

/**
 * Writes entries as a zip archive. Untouched entries keep their compressed bytes as they were, so
 * rewriting a trace costs little more than copying it.
 *
 * @example
 * writeFileSync(tmp, writeZip(entries));
 */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const flags = entry.flags & ~DATA_DESCRIPTOR;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(entry.time, 10);
    local.writeUInt16LE(entry.date, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.compressedSize, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt16LE(entry.time, 12);
    central.writeUInt16LE(entry.date, 14);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.compressedSize, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, entry.raw);
    directory.push(central, name);
    offset += 30 + name.length + entry.raw.length;
  }
  const dirSize = directory.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...directory, end]);
}
