import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateReport } from '../../src/report/index.js';
import { REPO } from './fixtures.js';

/** The built CLI (npm test builds before running vitest). */
export const BIN = resolve(REPO, 'dist/cli/bin.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `assay …` as a user would, in a child process. */
export function assay(args: string[], env: Record<string, string> = {}): CliRun {
  if (!existsSync(BIN)) throw new Error(`build first: ${BIN} is missing (npm run build)`);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
    timeout: 120_000,
  });
  // Every report a test makes must validate against the published schema.
  const at = args.indexOf('--out');
  const report = at >= 0 && args[0] !== 'report' ? join(args[at + 1], 'audit.json') : null;
  if (report !== null && existsSync(report)) {
    const { errors } = validateReport(JSON.parse(readFileSync(report, 'utf8')));
    if (errors.length > 0) throw new Error(`${report} does not match the report schema: ${errors.slice(0, 3).join('; ')}`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'assay-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Files in a folder (empty when it does not exist). */
export function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
