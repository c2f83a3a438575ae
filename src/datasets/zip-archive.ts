import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { AuditError, oneLine } from '../core/errors.js';

/** One entry of a zip archive's central directory. */
export interface ZipEntry {
  /** The entry's path inside the archive, `/`-separated as stored. */
  name: string;
  /** 0 = stored, 8 = deflate (the only two assay extracts). */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  directory: boolean;
  /** The raw name bytes, compared with the local header's copy on extraction. */
  nameBytes: Buffer;
}

/** The parsed central directory of an archive file. */
export interface ZipArchive {
  path: string;
  /** The archive as named in messages (its URL, or outer archive and member). */
  label: string;
  entries: ZipEntry[];
  /** Where the central directory starts: every entry's data must end before it. */
  centralDirectoryOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const WINDOWS_REPARSE_POINT = 0x400;

function corrupt(label: string, what: string): never {
  throw new AuditError(`corrupt zip archive ${label}: ${what}`);
}

function toSafeNumber(value: bigint, label: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) corrupt(label, 'zip64 size out of range');
  return Number(value);
}

async function readAt(
  handle: Awaited<ReturnType<typeof open>>,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * Rejects an entry name that could leave the extraction folder or is not a plain file:
 * an absolute path (`/x`, `\x`, `C:x`), a `..` segment (with `/` or `\` as separator), a NUL
 * byte, or a symbolic link (Unix mode `S_IFLNK`, or a Windows reparse point).
 *
 * @throws AuditError `unsafe archive entry in <label>: <name> (<reason>)`
 * @example assertSafeEntry('../etc/passwd', 20, 0, 'x.zip') // throws: … (path escapes the folder)
 */
export function assertSafeEntry(
  name: string,
  versionMadeBy: number,
  externalAttributes: number,
  label: string,
): void {
  const unsafe = (reason: string): never => {
    throw new AuditError(`unsafe archive entry in ${label}: ${JSON.stringify(name)} (${reason})`);
  };
  if (name.includes('\0')) unsafe('NUL byte in the name');
  const normalised = name.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised)) unsafe('absolute path');
  if (normalised.split('/').includes('..')) unsafe('path escapes the folder');
  const host = versionMadeBy >>> 8;
  const mode = externalAttributes >>> 16;
  // Unix (3) and macOS (19) hosts keep the st_mode in the high 16 bits of the external attributes.
  if ((host === 3 || host === 19) && (mode & S_IFMT) === S_IFLNK) unsafe('symbolic link');
  if ((externalAttributes & WINDOWS_REPARSE_POINT) !== 0 && host === 0) unsafe('symbolic link');
}

/**
 * Reads the central directory of a zip archive (PKWARE APPNOTE 6.3: end-of-central-directory
 * record, zip64 records and extra fields) and checks every entry with {@link assertSafeEntry},
 * so an archive with any unsafe entry is refused as a whole before anything is extracted.
 *
 * @param label the archive's name in messages (e.g. its URL)
 * @throws AuditError for a file that is not a zip archive, a corrupt or multi-disk one, or an
 *   unsafe entry
 * @example (await readZipArchive('/tmp/a.zip', 'a.zip')).entries.map((e) => e.name)
 */
export async function readZipArchive(path: string, label: string): Promise<ZipArchive> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 0xffff + 22);
    const tail = await readAt(handle, size - tailLength, tailLength);
    // The record is 22 bytes plus a comment of up to 65,535 bytes: search backwards for the
    // signature whose comment length reaches exactly the end of the file.
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new AuditError(`not a zip archive: ${label}`);
    const eocdOffset = size - tailLength + at;
    let diskNumber = tail.readUInt16LE(at + 4);
    let entryCount = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      if (eocdOffset < 20) corrupt(label, 'zip64 locator missing');
      const locator = await readAt(handle, eocdOffset - 20, 20);
      if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) corrupt(label, 'zip64 locator missing');
      const recordOffset = toSafeNumber(locator.readBigUInt64LE(8), label);
      const record = await readAt(handle, recordOffset, 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD)
        corrupt(label, 'zip64 end record missing');
      diskNumber = record.readUInt32LE(16);
      entryCount = toSafeNumber(record.readBigUInt64LE(32), label);
      cdSize = toSafeNumber(record.readBigUInt64LE(40), label);
      cdOffset = toSafeNumber(record.readBigUInt64LE(48), label);
    }
    if (diskNumber !== 0) throw new AuditError(`unsupported zip archive ${label}: spans several disks`);
    if (cdSize > MAX_CENTRAL_DIRECTORY)
      throw new AuditError(`unsupported zip archive ${label}: central directory of ${cdSize} bytes`);
    if (cdOffset + cdSize > eocdOffset) corrupt(label, 'central directory out of bounds');
    const cd = await readAt(handle, cdOffset, cdSize);
    if (cd.length !== cdSize) corrupt(label, 'central directory truncated');
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < entryCount; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
        corrupt(label, `central directory entry ${n + 1} is damaged`);
      const versionMadeBy = cd.readUInt16LE(p + 4);
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const diskStart = cd.readUInt16LE(p + 34);
      const externalAttributes = cd.readUInt32LE(p + 38);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      const end = p + 46 + nameLength + extraLength + commentLength;
      if (end > cd.length) corrupt(label, `central directory entry ${n + 1} is damaged`);
      const nameBytes = Buffer.from(cd.subarray(p + 46, p + 46 + nameLength));
      // Bit 11: the name is UTF-8; otherwise CP437, read here as Latin-1 (identical for ASCII).
      const name = nameBytes.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1');
      const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length;) {
        const id = extra.readUInt16LE(e);
        const length = extra.readUInt16LE(e + 2);
        if (id === 0x0001) {
          // The zip64 field holds, in this order, only the values whose 32-bit field is saturated.
          let q = e + 4;
          const next = (): number => {
            if (q + 8 > e + 4 + length) corrupt(label, `zip64 field of ${name} is short`);
            const v = toSafeNumber(extra.readBigUInt64LE(q), label);
            q += 8;
            return v;
          };
          if (uncompressedSize === 0xffffffff) uncompressedSize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
        }
        e += 4 + length;
      }
      if (diskStart !== 0 && diskStart !== 0xffff)
        throw new AuditError(`unsupported zip archive ${label}: spans several disks`);
      assertSafeEntry(name, versionMadeBy, externalAttributes, label);
      entries.push({
        name,
        method,
        flags,
        crc32: crc,
        compressedSize,
        size: uncompressedSize,
        localHeaderOffset,
        directory: name.endsWith('/'),
        nameBytes,
      });
      p = end;
    }
    return { path, label, entries, centralDirectoryOffset: cdOffset };
  } finally {
    await handle.close();
  }
}

/**
 * Finds the entry for `member`: the file entry with exactly that path, else the only file
 * entry with that base name (outside `__MACOSX/`), else the only one with that base name
 * ignoring case. Publishers move files between folders of their archives; the checksum
 * proves the right bytes were taken.
 *
 * @throws AuditError when no entry or several entries match
 * @example findZipEntry(archive, 'adult.data').name // 'adult/adult.data'
 */
export function findZipEntry(archive: ZipArchive, member: string): ZipEntry {
  const files = archive.entries.filter((e) => !e.directory);
  const base = (name: string): string => name.slice(name.lastIndexOf('/') + 1);
  const wanted = base(member);
  const candidates = [
    files.filter((e) => e.name === member),
    files.filter((e) => base(e.name) === wanted && !e.name.split('/').includes('__MACOSX')),
    files.filter(
      (e) => base(e.name).toLowerCase() === wanted.toLowerCase() && !e.name.split('/').includes('__MACOSX'),
    ),
  ];
  for (const found of candidates) {
    if (found.length === 1) return found[0];
    if (found.length > 1)
      throw new AuditError(
        `ambiguous member ${member} in ${archive.label}: ${found.map((e) => e.name).join(', ')}`,
      );
  }
  throw new AuditError(`no member ${member} in ${archive.label}`);
}

/** Counts, bounds and CRC-checks the bytes flowing to the output file. */
class EntryGuard extends Transform {
  received = 0;
  crc = 0;

  constructor(
    private readonly limit: number,
    private readonly tooLarge: () => AuditError,
    private readonly onBytes?: (received: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.limit) {
      callback(this.tooLarge());
      return;
    }
    this.crc = crc32(chunk, this.crc);
    this.onBytes?.(this.received);
    callback(null, chunk);
  }
}

/**
 * Extracts one entry to `dest` (created; it must not exist), streaming: the stored or
 * deflated data passes through a guard that stops as soon as more bytes come out than the
 * entry declares or than `maxBytes` (a zip bomb), and the CRC-32 and size are checked at the
 * end. The entry's name never becomes a path: the caller chooses `dest`. On failure `dest`
 * may hold a partial file, which the caller removes.
 *
 * @throws AuditError for an encrypted entry, an unsupported compression method, a declared
 *   size above `maxBytes`, a local header that disagrees with the central directory, or data
 *   that does not inflate to the declared size and CRC
 * @example await extractZipEntry(archive, findZipEntry(archive, 'adult.data'), '/tmp/x.part', 10_000_000)
 */
export async function extractZipEntry(
  archive: ZipArchive,
  entry: ZipEntry,
  dest: string,
  maxBytes: number,
  onBytes?: (received: number) => void,
): Promise<void> {
  const what = `${entry.name} in ${archive.label}`;
  if ((entry.flags & 0x1) !== 0) throw new AuditError(`unsupported zip entry ${what}: encrypted`);
  if (entry.method !== 0 && entry.method !== 8)
    throw new AuditError(`unsupported zip entry ${what}: compression method ${entry.method}`);
  if (entry.size > maxBytes)
    throw new AuditError(`zip entry too large: ${what} (${entry.size} bytes, at most ${maxBytes} expected)`);
  if (entry.method === 0 && entry.compressedSize !== entry.size)
    corrupt(archive.label, `stored entry ${entry.name} has two sizes`);
  const handle = await open(archive.path, 'r');
  let dataStart: number;
  try {
    const header = await readAt(handle, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL)
      corrupt(archive.label, `local header of ${entry.name} is damaged`);
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    const localName = await readAt(handle, entry.localHeaderOffset + 30, nameLength);
    // Two different names for one entry is a known trick to fool extractors: refuse it.
    if (!localName.equals(entry.nameBytes))
      corrupt(archive.label, `local header of ${entry.name} names another file`);
    dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength;
  } finally {
    await handle.close();
  }
  if (dataStart + entry.compressedSize > archive.centralDirectoryOffset)
    corrupt(archive.label, `data of ${entry.name} out of bounds`);
  const guard = new EntryGuard(
    Math.min(entry.size, maxBytes),
    () =>
      new AuditError(
        `corrupt zip archive ${archive.label}: ${entry.name} inflates beyond its declared ${entry.size} bytes`,
      ),
    onBytes,
  );
  const input =
    entry.compressedSize === 0
      ? [Buffer.alloc(0)]
      : createReadStream(archive.path, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  try {
    if (entry.method === 8)
      await pipeline(input, createInflateRaw(), guard, createWriteStream(dest, { flags: 'wx' }));
    else await pipeline(input, guard, createWriteStream(dest, { flags: 'wx' }));
  } catch (error) {
    if (error instanceof AuditError) throw error;
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_'))
      corrupt(archive.label, `${entry.name} does not inflate (${oneLine(error)})`);
    throw error;
  }
  if (guard.received !== entry.size)
    corrupt(archive.label, `${entry.name} has ${guard.received} bytes, ${entry.size} declared`);
  if (guard.crc >>> 0 !== entry.crc32 >>> 0) corrupt(archive.label, `${entry.name} fails its CRC-32 check`);
}
