import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditError, oneLine } from '../core/errors.js';
import { checkFile, describeCheck } from './check-file.js';
import type { CardFileSource, DatasetCard, DatasetFile } from './dataset-card.js';
import { isUrl, rewriteUrl, type DatasetLocations } from './dataset-locations.js';
import { downloadFile } from './download-file.js';
import { extractZipEntry, findZipEntry, readZipArchive, type ZipArchive } from './zip-archive.js';

/** Progress of one file: bytes received (downloads) or written (extraction). */
export interface FetchProgress {
  /** `<id>/<file>`. */
  file: string;
  phase: 'download' | 'extract' | 'copy';
  /** Where the bytes come from (URL, archive member or mirror path). */
  from: string;
  received: number;
  total?: number;
  /** Set on the last event of a file. */
  done?: boolean;
}

/** Tuning of a fetch; every field has a default. */
export interface FetchTuning {
  /** Longest wait for data from a server, in ms (default 30,000). */
  timeoutMs?: number;
  /** Largest archive downloaded or extracted, in bytes (default 1 GiB). */
  maxArchiveBytes?: number;
  /** Re-fetch files already in the cache (default false: verified copies are kept). */
  force?: boolean;
  onProgress?: (event: FetchProgress) => void;
}

/** A verified file in the cache. */
export interface FetchedFile {
  id: string;
  name: string;
  path: string;
  bytes: number;
  sha256: string;
  /** `cached`: a verified copy was already there; `fetched`: it was just obtained. */
  status: 'cached' | 'fetched';
  /** Where it came from: a URL, `<url> → member`, or a mirror path. */
  from: string;
}

const STALE_MS = 60 * 60 * 1000;
const GiB = 1024 * 1024 * 1024;

/**
 * Brings verified files into the cache, one fetch run at a time. Every file is written to a
 * temporary name inside the cache (so the final rename stays on one file system), checked
 * against the card's size and sha256, and renamed only then; any failure removes the
 * temporary file, so the cache never holds a partial or unverified file. An archive serving
 * several files is downloaded once per run into a private temporary folder, which
 * {@link FetchSession.close} removes.
 *
 * @example
 * const session = new FetchSession(datasetLocations({ mirror: '/data/mirror' }));
 * try { await session.ensure(card, card.files[0]); } finally { await session.close(); }
 */
export class FetchSession {
  private readonly archives = new Map<string, Promise<ZipArchive>>();
  private tmpDir: string | undefined;
  private readonly timeoutMs: number;
  private readonly maxArchiveBytes: number;

  constructor(
    private readonly locations: DatasetLocations,
    private readonly tuning: FetchTuning = {},
  ) {
    this.timeoutMs = tuning.timeoutMs ?? 30_000;
    this.maxArchiveBytes = tuning.maxArchiveBytes ?? GiB;
  }

  /**
   * The verified cache copy of `file`: kept when already verified (unless `force`), otherwise
   * obtained from the mirror when one is set (and only from it), else from the card's sources
   * in order (the next source is tried when one fails, checksum mismatches included).
   *
   * @throws AuditError naming the file and every failed source
   */
  async ensure(card: DatasetCard, file: DatasetFile): Promise<FetchedFile> {
    const dir = join(this.locations.cacheDir, card.id);
    const dest = join(dir, file.name);
    const record = (status: FetchedFile['status'], from: string): FetchedFile => ({
      id: card.id,
      name: file.name,
      path: dest,
      bytes: file.bytes,
      sha256: file.sha256,
      status,
      from,
    });
    if (!this.tuning.force && (await checkFile(dest, file)).status === 'ok') return record('cached', dest);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new AuditError(`cannot create the dataset cache folder ${dir}: ${oneLine(error)}`);
    }
    await sweepStale(dir);
    const failures: string[] = [];
    for (const candidate of this.candidates(card, file)) {
      const tmp = join(dir, `.${file.name}.${randomBytes(6).toString('hex')}.part`);
      try {
        await candidate.obtain(tmp);
        const check = await checkFile(tmp, file);
        if (check.status !== 'ok')
          throw new AuditError(describeCheck({ ...check, path: candidate.from }, file));
        await rename(tmp, dest);
        const { phase, from } = candidate;
        this.tuning.onProgress?.({
          file: `${card.id}/${file.name}`,
          phase,
          from,
          received: file.bytes,
          total: file.bytes,
          done: true,
        });
        return record('fetched', from);
      } catch (error) {
        await rm(tmp, { force: true });
        if (!(error instanceof AuditError)) throw error;
        failures.push(oneLine(error));
      }
    }
    // When no source could be reached at all, say how to work offline.
    const unreachable = failures.every((f) => f.startsWith('cannot download'));
    const hint = unreachable ? ' (offline? give a folder holding the files with --mirror <dir> or ASSAY_DATASETS_MIRROR)' : '';
    throw new AuditError(`cannot fetch ${card.id}/${file.name}: ${failures.join('; ')}${hint}`);
  }

  /** Removes the run's temporary archives. */
  async close(): Promise<void> {
    if (this.tmpDir !== undefined) await rm(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = undefined;
    this.archives.clear();
  }

  private candidates(
    card: DatasetCard,
    file: DatasetFile,
  ): { from: string; phase: FetchProgress['phase']; obtain: (tmp: string) => Promise<void> }[] {
    const label = `${card.id}/${file.name}`;
    const progress = (phase: FetchProgress['phase'], from: string) => (received: number, total?: number) =>
      this.tuning.onProgress?.({ file: label, phase, from, received, total: total ?? file.bytes });
    const mirror = this.locations.mirror;
    if (mirror !== undefined && isUrl(mirror)) {
      const url = `${mirror}/${encodeURIComponent(card.id)}/${encodeURIComponent(file.name)}`;
      return [
        {
          from: url,
          phase: 'download',
          obtain: (tmp) => this.download(url, tmp, file.bytes, progress('download', url)),
        },
      ];
    }
    if (mirror !== undefined) {
      const path = join(mirror, card.id, file.name);
      return [
        {
          from: path,
          phase: 'copy',
          obtain: async (tmp) => {
            try {
              await copyFile(path, tmp, constants.COPYFILE_EXCL);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'ENOENT')
                throw new AuditError(`not in the mirror: ${path}`);
              throw new AuditError(`cannot copy ${path}: ${oneLine(error)}`);
            }
          },
        },
      ];
    }
    return file.sources.map((source) => {
      const url = rewriteUrl(source.url, this.locations.baseUrl);
      if (source.member === undefined) {
        return {
          from: url,
          phase: 'download' as const,
          obtain: (tmp: string) => this.download(url, tmp, file.bytes, progress('download', url)),
        };
      }
      const from = `${url} → ${source.member.join(' → ')}`;
      return {
        from,
        phase: 'extract' as const,
        obtain: (tmp: string) => this.extract(url, source, tmp, file.bytes, progress('extract', from)),
      };
    });
  }

  private async download(
    url: string,
    dest: string,
    maxBytes: number,
    onBytes: (received: number, total?: number) => void,
  ): Promise<void> {
    await downloadFile(url, dest, { timeoutMs: this.timeoutMs, maxBytes, onBytes });
  }

  private async extract(
    url: string,
    source: CardFileSource,
    dest: string,
    maxBytes: number,
    onBytes: (received: number) => void,
  ): Promise<void> {
    const members = source.member ?? [];
    let archive = await this.archive(url, [], () => this.fetchArchive(url));
    for (let level = 0; level < members.length - 1; level++) {
      const outer = archive;
      const path = members.slice(0, level + 1);
      archive = await this.archive(url, path, async () => {
        const inner = join(await this.tmp(), `${randomBytes(6).toString('hex')}.zip`);
        await extractZipEntry(outer, findZipEntry(outer, members[level]), inner, this.maxArchiveBytes);
        return readZipArchive(inner, `${outer.label} → ${members[level]}`);
      });
    }
    await extractZipEntry(
      archive,
      findZipEntry(archive, members[members.length - 1]),
      dest,
      maxBytes,
      onBytes,
    );
  }

  /** One promise per archive and run, so concurrent or later files reuse it (failures included). */
  private archive(url: string, path: string[], open: () => Promise<ZipArchive>): Promise<ZipArchive> {
    const key = JSON.stringify([url, ...path]);
    let found = this.archives.get(key);
    if (!found) {
      found = open();
      this.archives.set(key, found);
    }
    return found;
  }

  private async fetchArchive(url: string): Promise<ZipArchive> {
    const path = join(await this.tmp(), `${randomBytes(6).toString('hex')}.zip`);
    await downloadFile(url, path, {
      timeoutMs: this.timeoutMs,
      maxBytes: this.maxArchiveBytes,
      onBytes: (received, total) =>
        this.tuning.onProgress?.({
          file: url.slice(url.lastIndexOf('/') + 1),
          phase: 'download',
          from: url,
          received,
          total,
        }),
    });
    return readZipArchive(path, url);
  }

  private async tmp(): Promise<string> {
    if (this.tmpDir === undefined) {
      const root = join(this.locations.cacheDir, '.tmp');
      await mkdir(root, { recursive: true });
      await sweepStale(root);
      this.tmpDir = join(root, randomBytes(6).toString('hex'));
      await mkdir(this.tmpDir);
    }
    return this.tmpDir;
  }
}

/**
 * Removes temporary entries (`.part` files, run folders) left in `dir` by a process that was
 * killed, once nothing has written to them for an hour (a live download keeps its file fresh).
 */
async function sweepStale(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const isTemp = dir.endsWith('.tmp') || (name.startsWith('.') && name.endsWith('.part'));
    if (!isTemp) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true });
  }
}
