import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/datasets/catalogue.js';
import { makeZip } from './helpers/zip-writer.js';
import { startPublisherServer, type PublisherServer } from './helpers/publisher-server.js';

// These tests run the built command line (`npm run build` first; `npm test` does).
const repoRoot = resolve(import.meta.dirname, '../..');
const bin = join(repoRoot, 'dist', 'cli', 'bin.js');
const shared = resolve(repoRoot, '../shared/datasets');
const root = mkdtempSync(join(tmpdir(), 'assay-cli-'));
let n = 0;
const freshDir = (): string => {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  return dir;
};
const files = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/bin.js …` without any ASSAY_* variable from the caller's environment. */
function assay(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ASSAY_') && k !== 'XDG_CACHE_HOME'),
  );
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...clean, HOME: root, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

let server: PublisherServer;
beforeAll(async () => {
  if (!existsSync(bin)) throw new Error('dist/cli/bin.js is missing: run `npm run build` before these tests');
  // A stale build would test old code: every source file of this feature must be older than its output.
  const sources = [
    join(repoRoot, 'src/cli/commands/datasets.ts'),
    ...readdirSync(join(repoRoot, 'src/datasets')).map((f) => join(repoRoot, 'src/datasets', f)),
  ];
  for (const src of sources) {
    const out = src.replace(join(repoRoot, 'src'), join(repoRoot, 'dist')).replace(/\.ts$/, '.js');
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs)
      throw new Error(`stale build: ${out} (run npm run build)`);
  }
  server = await startPublisherServer(shared, loadCatalogue().values());
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('assay datasets list / info', () => {
  it('prints the table of datasets', async () => {
    const run = await assay(['datasets', 'list']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+rows\s+label\s+protected\s+licence$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^adult\s+45,222\s+income-per-year = >50K\s+sex, race\s+CC-BY-4\.0$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^compas\s+6,172\s+two_year_recid = 0\s+sex, race\s+not stated \(cache only\)$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^communities-crime\s+1,994\s+ViolentCrimesPerPop \(regression\)\s+black_share\s+CC-BY-4\.0$/,
      ),
    );
    expect(lines).toHaveLength(15);
    const json = JSON.parse((await assay(['datasets', 'list', '--json'])).stdout) as { ref: string }[];
    expect(json.map((e) => e.ref)).toContain('bank-marketing:full');
  });

  it('shows a card in human form and as JSON', async () => {
    const human = await assay(['datasets', 'info', 'compas:violent']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('licence: not stated — keep cached only, never package it');
    expect(human.stdout).toContain("v_score_text <> 'N/A'");
    expect(human.stdout).not.toContain('variant two-year');
    const json = JSON.parse((await assay(['datasets', 'info', 'adult', '--json'])).stdout) as {
      id: string;
      variants: Record<string, unknown>;
    };
    expect(json.id).toBe('adult');
    expect(Object.keys(json.variants)).toEqual(['income']);
  });

  it('suggests the nearest ids for an unknown one (exit 2, one line)', async () => {
    const run = await assay(['datasets', 'info', 'adlt']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'assay: unknown dataset: adlt (did you mean adult? expected one of: adult, bank-marketing, communities-crime, compas, diabetes, german-credit, law-school, student-performance)\n',
    );
  });
});

describe('assay datasets verify', () => {
  it('passes for every dataset of the shared mirror', async () => {
    const run = await assay(['datasets', 'verify', '--mirror', shared]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(22);
    expect(run.stdout).toContain('ok compas/compas-scores-two-years-violent.csv\n');
    expect((await assay(['datasets', 'verify'], { ASSAY_DATASETS_MIRROR: shared })).code).toBe(0);
  });

  it('fails with a clear message on a copy with one byte changed', async () => {
    const mirror = freshDir();
    cpSync(join(shared, 'adult'), join(mirror, 'adult'), { recursive: true });
    const path = join(mirror, 'adult', 'adult.test');
    const bytes = readFileSync(path);
    bytes[5000] ^= 0x01;
    writeFileSync(path, bytes);
    const run = await assay(['datasets', 'verify', 'adult', '--mirror', mirror]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^ok adult\/adult\.data\nFAILED checksum mismatch: .*adult\.test \(sha256 [0-9a-f]{64}, expected a2a9044b/,
    );
    expect(run.stderr).toMatch(
      /^assay: verification failed for 1 of 3 files: checksum mismatch: \S+adult\.test \(sha256 [0-9a-f]{64}, expected a2a9044bc167a35b2361efbabec64e89d69ce82d9790d2980119aac5fd7e9c05\)\n$/,
    );
  });
});

describe('assay datasets fetch / path', () => {
  it('fetches through the publisher URLs, then locates and verifies the cache', async () => {
    const cacheDir = freshDir();
    const run = await assay([
      'datasets',
      'fetch',
      'german-credit',
      '--cache-dir',
      cacheDir,
      '--base-url',
      server.baseUrl,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' }); // no progress output: stderr is not a terminal
    expect(run.stdout).toContain(
      `ok german-credit/german.data (79,793 bytes, sha256 verified) from ${server.baseUrl}/ml/machine-learning-databases/statlog/german/german.data\n`,
    );
    const path = await assay(['datasets', 'path', 'german-credit'], { ASSAY_CACHE_DIR: cacheDir });
    expect(path).toMatchObject({
      code: 0,
      stdout: ['german.data', 'german.data-numeric', 'german.doc']
        .map((f) => `${join(cacheDir, 'german-credit', f)}\n`)
        .join(''),
    });
    expect((await assay(['datasets', 'verify', '--cache-dir', cacheDir])).stdout).toContain(
      'absent adult (no file in',
    );
    const again = await assay([
      'datasets',
      'fetch',
      'german-credit:credit',
      '--cache-dir',
      cacheDir,
      '--base-url',
      'http://127.0.0.1:9',
    ]);
    expect(again.stdout).toContain(
      'ok german-credit/german.data (79,793 bytes, sha256 verified) already cached\n',
    );
  });

  it('uses the environment: ASSAY_DATASETS_BASE_URL and XDG_CACHE_HOME', async () => {
    const xdg = freshDir();
    const run = await assay(['datasets', 'fetch', 'compas:violent'], {
      ASSAY_DATASETS_BASE_URL: server.baseUrl,
      XDG_CACHE_HOME: xdg,
    });
    expect(run.code).toBe(0);
    expect(files(join(xdg, 'assay', 'datasets'))).toEqual(['compas-scores-two-years-violent.csv']);
  });

  it('refuses a download whose checksum differs and keeps nothing (exit 2)', async () => {
    const s = await startPublisherServer(shared, loadCatalogue().values());
    try {
      const file = loadCatalogue().get('law-school')!.files[0];
      const bytes = readFileSync(join(shared, 'law-school', 'law_data.csv'));
      bytes[bytes.length - 3] ^= 0x01;
      s.set(new URL(file.sources[0].url).pathname + new URL(file.sources[0].url).search, bytes);
      const cacheDir = freshDir();
      const run = await assay([
        'datasets',
        'fetch',
        'law-school',
        '--cache-dir',
        cacheDir,
        '--base-url',
        s.baseUrl,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^assay: cannot fetch law-school\/law_data\.csv: checksum mismatch: http:\/\/127\.0\.0\.1:\d+\/s\/ca74he84aw6ed3z\/law_data\.csv\?dl=1 \(sha256 [0-9a-f]{64}, expected 778f7e05[0-9a-f]{56}\)\n$/,
      );
      expect(files(cacheDir)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses an archive entry escaping the cache folder (exit 2)', async () => {
    const s = await startPublisherServer(shared, loadCatalogue().values());
    try {
      const [primary, fallback] = loadCatalogue().get('diabetes')!.files[0].sources;
      s.set(
        new URL(primary.url).pathname,
        makeZip([
          { name: 'diabetic_data.csv', data: 'x' },
          { name: '../../../evil.csv', data: 'x' },
        ]),
      );
      s.set(new URL(fallback.url).pathname, makeZip([{ name: '/etc/cron.d/evil', data: 'x' }]));
      const cacheDir = freshDir();
      const run = await assay([
        'datasets',
        'fetch',
        'diabetes',
        '--cache-dir',
        cacheDir,
        '--base-url',
        s.baseUrl,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^assay: cannot fetch diabetes\/diabetic_data\.csv: unsafe archive entry in \S+: "\.\.\/\.\.\/\.\.\/evil\.csv" \(path escapes the folder\); unsafe archive entry in \S+dataset_diabetes\.zip: "\/etc\/cron\.d\/evil" \(absolute path\)\n$/,
      );
      expect(files(cacheDir)).toEqual([]);
      expect(files(root).filter((f) => f.includes('evil'))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('reports an unreachable URL in one line (exit 2)', async () => {
    const closed = await startPublisherServer(shared, []);
    await closed.close();
    const cacheDir = freshDir();
    const run = await assay([
      'datasets',
      'fetch',
      'compas',
      '--cache-dir',
      cacheDir,
      '--base-url',
      closed.baseUrl,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^assay: cannot fetch compas\/compas-scores-two-years\.csv: cannot download http:\/\/127\.0\.0\.1:\d+\/propublica\/\S+: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(offline\? give a folder holding the files with --mirror <dir> or ASSAY_DATASETS_MIRROR\)\n$/,
    );
    expect(files(cacheDir)).toEqual([]);
  });

  it('asks for a fetch when a file is not cached (exit 2), and finds files in a mirror', async () => {
    const cacheDir = freshDir();
    const missing = await assay(['datasets', 'path', 'adult', '--cache-dir', cacheDir]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'assay: not fetched: adult/adult.data (run assay datasets fetch adult)\n',
    });
    const mirrored = await assay(['datasets', 'path', 'adult:test', '--cache-dir', cacheDir], {
      ASSAY_DATASETS_MIRROR: shared,
    });
    expect(mirrored).toMatchObject({
      code: 0,
      stdout: `${join(shared, 'adult', 'adult.test')}\n${join(shared, 'adult', 'adult.names')}\n`,
    });
    expect(await assay(['datasets', 'fetch'])).toMatchObject({
      code: 2,
      stderr: 'assay: no dataset to fetch (name one, or use --all; see assay datasets list)\n',
    });
  });
});

describe('assay audit --data <regression variant>', () => {
  it('audits without the card privileged groups, which are for its classification variants', async () => {
    const out = freshDir();
    const run = await assay(['audit', '--data', 'law-school:zfya', '--mirror', shared, '--prediction', 'ZFYA', '--out', out, '--quiet', '--no-html']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as { task: string; aif360: unknown[] };
    expect(result.aif360).toEqual([]);
  });
});
