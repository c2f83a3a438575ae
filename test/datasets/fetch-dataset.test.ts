import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/core/errors.js';
import { loadCatalogue } from '../../src/datasets/catalogue.js';
import { fetchDataset } from '../../src/datasets/fetch-dataset.js';
import type { FetchProgress } from '../../src/datasets/fetch-session.js';
import { makeZip } from './helpers/zip-writer.js';
import { startPublisherServer, type PublisherServer } from './helpers/publisher-server.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const shared = resolve(repoRoot, '../shared/datasets');
const cards = loadCatalogue();
const root = mkdtempSync(join(tmpdir(), 'assay-fetch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
const freshDir = (name: string): string => {
  const dir = join(root, `${name}-${n++}`);
  mkdirSync(dir);
  return dir;
};
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const card = (id: string) => cards.get(id)!;
const urlPath = (url: string): string => new URL(url).pathname + new URL(url).search;
/** Every file below `dir`, relative, hidden ones included. */
const tree = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
        .sort()
    : [];

let server: PublisherServer;
beforeAll(async () => {
  server = await startPublisherServer(shared, cards.values());
});
afterAll(() => server.close());

/** A server of its own, for tests that change what the publisher serves. */
async function withServer<T>(fn: (s: PublisherServer) => Promise<T>): Promise<T> {
  const s = await startPublisherServer(shared, cards.values());
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

describe('fetchDataset from the publishers (served on 127.0.0.1)', () => {
  it('downloads the files, verifies them, and keeps verified copies', async () => {
    const cacheDir = freshDir('cache');
    const events: FetchProgress[] = [];
    const fetched = await fetchDataset('adult', {
      cacheDir,
      baseUrl: server.baseUrl,
      timeoutMs: 10_000,
      onProgress: (e) => events.push(e),
    });
    expect(fetched.map((f) => [f.name, f.status])).toEqual([
      ['adult.data', 'fetched'],
      ['adult.test', 'fetched'],
      ['adult.names', 'fetched'],
    ]);
    expect(fetched[0].from).toBe(`${server.baseUrl}/ml/machine-learning-databases/adult/adult.data`);
    for (const f of fetched) {
      expect(f.path).toBe(join(cacheDir, 'adult', f.name));
      expect(sha256(f.path)).toBe(card('adult').files.find((x) => x.name === f.name)!.sha256);
    }
    expect(tree(cacheDir)).toEqual(['adult/adult.data', 'adult/adult.names', 'adult/adult.test']);
    const done = events.filter((e) => e.done);
    expect(done.map((e) => [e.file, e.received])).toEqual([
      ['adult/adult.data', 3974305],
      ['adult/adult.test', 2003153],
      ['adult/adult.names', 5229],
    ]);

    const before = server.requests.length;
    const again = await fetchDataset('adult', { cacheDir, baseUrl: server.baseUrl });
    expect(again.map((f) => f.status)).toEqual(['cached', 'cached', 'cached']);
    expect(server.requests.length).toBe(before);
  });

  it('extracts members of nested zip archives, downloading each archive once', async () => {
    const cacheDir = freshDir('cache');
    const fetched = await fetchDataset('bank-marketing', { cacheDir, baseUrl: server.baseUrl });
    expect(fetched.map((f) => f.status)).toEqual(Array(6).fill('fetched'));
    expect(fetched[0].from).toBe(
      `${server.baseUrl}/static/public/222/bank+marketing.zip → bank-additional.zip → bank-additional/bank-additional-full.csv`,
    );
    expect(server.requests.filter((r) => r === '/static/public/222/bank+marketing.zip')).toHaveLength(1);
    for (const f of fetched) expect(sha256(f.path)).toBe(f.sha256);
    // the temporary archives are gone
    expect(tree(cacheDir)).toEqual(
      card('bank-marketing')
        .files.map((f) => `bank-marketing/${f.name}`)
        .sort(),
    );
  });

  it('fetches only what a variant reads (plus documentation) for <id>:<variant>', async () => {
    const cacheDir = freshDir('cache');
    const fetched = await fetchDataset('compas:violent', { cacheDir, baseUrl: server.baseUrl });
    expect(fetched.map((f) => f.name)).toEqual(['compas-scores-two-years-violent.csv']);
    const student = await fetchDataset('student-performance:por', { cacheDir, baseUrl: server.baseUrl });
    expect(student.map((f) => f.name)).toEqual(['student-por.csv', 'student.txt']);
  });

  it('falls back to the next source when one fails', async () => {
    await withServer(async (s) => {
      const [direct, zipped] = card('german-credit').files[0].sources;
      s.set(urlPath(direct.url), { status: 404 });
      const cacheDir = freshDir('cache');
      const [data] = await fetchDataset('german-credit', { cacheDir, baseUrl: s.baseUrl });
      expect(data.from).toBe(`${s.baseUrl}${urlPath(zipped.url)} → german.data`);
      expect(sha256(data.path)).toBe(card('german-credit').files[0].sha256);
    });
  });

  it('refuses a file whose checksum does not match, from every source, and keeps nothing', async () => {
    await withServer(async (s) => {
      const file = card('german-credit').files[0];
      const bytes = readFileSync(join(shared, 'german-credit', 'german.data'));
      bytes[1000] ^= 1; // one bit changed, same size
      s.set(urlPath(file.sources[0].url), bytes);
      s.set(urlPath(file.sources[1].url), makeZip([{ name: 'german.data', data: bytes }]));
      const cacheDir = freshDir('cache');
      const error = await fetchDataset('german-credit', { cacheDir, baseUrl: s.baseUrl }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuditError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(
        /^cannot fetch german-credit\/german\.data: checksum mismatch: http:\/\/127\.0\.0\.1:\d+\/ml\/machine-learning-databases\/statlog\/german\/german\.data \(sha256 [0-9a-f]{64}, expected b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871\); checksum mismatch: .*statlog\+german\+credit\+data\.zip → german\.data/,
      );
      expect(tree(cacheDir)).toEqual([]);
    });
  });

  it('replaces a corrupted cached copy, and re-downloads with force', async () => {
    const cacheDir = freshDir('cache');
    await fetchDataset('german-credit', { cacheDir, baseUrl: server.baseUrl });
    const path = join(cacheDir, 'german-credit', 'german.data');
    writeFileSync(path, 'tampered');
    const repaired = await fetchDataset('german-credit', { cacheDir, baseUrl: server.baseUrl });
    expect(repaired.map((f) => f.status)).toEqual(['fetched', 'cached', 'cached']);
    expect(sha256(path)).toBe(card('german-credit').files[0].sha256);
    const forced = await fetchDataset('german-credit', { cacheDir, baseUrl: server.baseUrl, force: true });
    expect(forced.map((f) => f.status)).toEqual(['fetched', 'fetched', 'fetched']);
  });

  it('reports an unreachable host in one line and keeps nothing', async () => {
    const closed = await startPublisherServer(shared, []);
    const baseUrl = closed.baseUrl;
    await closed.close(); // nothing listens on this port any more
    const cacheDir = freshDir('cache');
    await expect(fetchDataset('adult', { cacheDir, baseUrl })).rejects.toThrow(
      /^cannot fetch adult\/adult\.data: cannot download http:\/\/127\.0\.0\.1:\d+\/ml\/machine-learning-databases\/adult\/adult\.data: connect ECONNREFUSED 127\.0\.0\.1:\d+; cannot download http:\/\/127\.0\.0\.1:\d+\/static\/public\/2\/adult\.zip: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(offline\? give a folder holding the files with --mirror <dir> or ASSAY_DATASETS_MIRROR\)$/,
    );
    expect(tree(cacheDir)).toEqual([]);
  });

  it('gives up on a server that stops sending', async () => {
    await withServer(async (s) => {
      const file = card('law-school').files[0];
      s.set(urlPath(file.sources[0].url), 'hang');
      const cacheDir = freshDir('cache');
      await expect(
        fetchDataset('law-school', { cacheDir, baseUrl: s.baseUrl, timeoutMs: 300 }),
      ).rejects.toThrow(
        /^cannot fetch law-school\/law_data\.csv: cannot download http:\/\/127\.0\.0\.1:\d+\/s\/ca74he84aw6ed3z\/law_data\.csv\?dl=1: no data for 0\.3 s \(timed out\) \(offline\? give a folder holding the files with --mirror <dir> or ASSAY_DATASETS_MIRROR\)$/,
      );
      expect(tree(cacheDir)).toEqual([]);
    });
  });

  it('stops a download larger than the card says', async () => {
    await withServer(async (s) => {
      const file = card('law-school').files[0];
      s.set(urlPath(file.sources[0].url), Buffer.alloc(file.bytes + 1, 65));
      const cacheDir = freshDir('cache');
      await expect(fetchDataset('law-school', { cacheDir, baseUrl: s.baseUrl })).rejects.toThrow(
        `download too large: ${s.baseUrl}/s/ca74he84aw6ed3z/law_data.csv?dl=1 (${file.bytes + 1} bytes announced, at most ${file.bytes} expected)`,
      );
      expect(tree(cacheDir)).toEqual([]);
    });
  });

  it.each([
    ['../../evil.txt', 'path escapes the folder'],
    ['/tmp/evil.txt', 'absolute path'],
  ])('refuses an archive with the entry %s and writes nothing', async (name, reason) => {
    await withServer(async (s) => {
      const [primary, fallback] = card('student-performance').files[0].sources;
      const real = readFileSync(join(shared, 'student-performance', 'student-mat.csv'));
      s.set(
        urlPath(primary.url),
        makeZip([
          { name: 'student.zip', data: makeZip([{ name: 'student-mat.csv', data: real }]), method: 0 },
          { name, data: 'evil' },
        ]),
      );
      s.set(urlPath(fallback.url), { status: 404 });
      const cacheDir = freshDir('cache');
      const error = (await fetchDataset('student-performance:mat', { cacheDir, baseUrl: s.baseUrl }).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error).toBeInstanceOf(AuditError);
      expect(error.message).toContain(
        `unsafe archive entry in ${s.baseUrl}/static/public/320/student+performance.zip: ${JSON.stringify(name)} (${reason})`,
      );
      expect(error.message).toContain('00320/student.zip: HTTP 404');
      expect(tree(cacheDir)).toEqual([]);
      expect(tree(root).filter((p) => p.endsWith('evil.txt'))).toEqual([]);
      expect(existsSync('/tmp/evil.txt')).toBe(false);
    });
  });

  it('refuses an archive holding a symbolic link', async () => {
    await withServer(async (s) => {
      const [primary, fallback] = card('diabetes').files[0].sources;
      s.set(
        urlPath(primary.url),
        makeZip([{ name: 'diabetic_data.csv', data: '/etc/passwd', unixMode: 0o120777, method: 0 }]),
      );
      s.set(urlPath(fallback.url), { status: 404 });
      const cacheDir = freshDir('cache');
      await expect(fetchDataset('diabetes', { cacheDir, baseUrl: s.baseUrl })).rejects.toThrow(
        '"diabetic_data.csv" (symbolic link)',
      );
      expect(tree(cacheDir)).toEqual([]);
    });
  });
});

describe('fetchDataset from a mirror', () => {
  it('copies and verifies files from a mirror folder, never going to the network', async () => {
    const cacheDir = freshDir('cache');
    const fetched = await fetchDataset('compas', { cacheDir, mirror: shared, baseUrl: 'http://127.0.0.1:9' });
    expect(fetched.map((f) => [f.name, f.status, f.from])).toEqual(
      card('compas').files.map((f) => [f.name, 'fetched', join(shared, 'compas', f.name)]),
    );
    for (const f of fetched) expect(sha256(f.path)).toBe(f.sha256);
  });

  it('reads an http(s) mirror with the <id>/<file> layout', async () => {
    const cacheDir = freshDir('cache');
    const before = server.requests.length;
    const fetched = await fetchDataset('german-credit', { cacheDir, mirror: `${server.baseUrl}/mirror/` });
    expect(fetched[0].from).toBe(`${server.baseUrl}/mirror/german-credit/german.data`);
    expect(server.requests.slice(before)).toEqual(
      card('german-credit').files.map((f) => `/mirror/german-credit/${f.name}`),
    );
  });

  it('names the file a mirror folder lacks, and a corrupted mirror copy', async () => {
    const mirror = freshDir('mirror');
    mkdirSync(join(mirror, 'adult'));
    copyFileSync(join(shared, 'adult', 'adult.data'), join(mirror, 'adult', 'adult.data'));
    writeFileSync(join(mirror, 'adult', 'adult.test'), 'not the test file');
    const cacheDir = freshDir('cache');
    await expect(fetchDataset('adult', { cacheDir, mirror })).rejects.toThrow(
      `cannot fetch adult/adult.test: checksum mismatch: ${join(mirror, 'adult', 'adult.test')} (17 bytes, expected 2003153)`,
    );
    expect(tree(cacheDir)).toEqual(['adult/adult.data']);
    writeFileSync(join(mirror, 'adult', 'adult.test'), readFileSync(join(shared, 'adult', 'adult.test')));
    await expect(fetchDataset('adult', { cacheDir, mirror })).rejects.toThrow(
      `cannot fetch adult/adult.names: not in the mirror: ${join(mirror, 'adult', 'adult.names')}`,
    );
  });

  it('rejects unknown datasets with the nearest ids', async () => {
    await expect(fetchDataset('germancredit', { cacheDir: freshDir('cache') })).rejects.toThrow(
      'unknown dataset: germancredit (did you mean german-credit? expected one of:',
    );
  });
});
