import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Table, tableFromArrays, type RecordBatch } from 'apache-arrow';
import type { AuditSettings } from '../../src/audit/types.js';

/** Repository root and the shared folder beside it. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = resolve(REPO, '../shared');

/** Model ids that have an oracle in shared/. */
export function oracleModels(): string[] {
  return ['adult-logreg', 'compas-gbdt'].filter((id) => {
    try {
      readFileSync(resolve(SHARED, 'oracle', `${id}.json`));
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Parses a simple CSV (no quoting) into an Arrow table: columns whose every value is a
 * number become Float64, the rest Utf8. For tests only (the product reads CSV with DuckDB).
 */
export function simpleCsvTable(path: string): Table {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const cols: string[][] = header.map(() => []);
  for (const line of lines.slice(1)) line.split(',').forEach((v, i) => cols[i].push(v));
  const arrays: Record<string, Float64Array | string[]> = {};
  header.forEach((name, i) => {
    const numeric = cols[i].every((v) => v !== '' && Number.isFinite(Number(v)));
    arrays[name] = numeric ? Float64Array.from(cols[i], Number) : cols[i];
  });
  return tableFromArrays(arrays);
}

/** The table's rows re-cut into record batches of `size` rows (the whole table when size is 0). */
export function inBatches(table: Table, size: number): RecordBatch[] {
  if (size <= 0) return table.batches;
  const out: RecordBatch[] = [];
  for (let start = 0; start < table.numRows; start += size) {
    out.push(...table.slice(start, Math.min(start + size, table.numRows)).batches);
  }
  return out;
}

/** Async iterable over batches. */
export async function* asAsync(batches: RecordBatch[]): AsyncIterable<RecordBatch> {
  for (const b of batches) yield b;
  await Promise.resolve();
}

export interface OracleRecord {
  metric: string;
  feature: string | null;
  group?: string | null;
  method?: string;
  privileged?: string;
  favorable_label?: number | string;
  value: number | null;
  n?: number;
}

export interface Oracle {
  model: string;
  rows: number;
  positive_label: number;
  metrics: OracleRecord[];
  disparities: OracleRecord[];
  aif360: OracleRecord[];
  provenance: {
    sensitive_features: string[];
    aif360_groups: { feature: string; privileged: string; unprivileged: string }[];
    aif360_favorable_labels?: number[];
    task?: string;
  };
}

export function readOracle(id: string): Oracle {
  return JSON.parse(readFileSync(resolve(SHARED, 'oracle', `${id}.json`), 'utf8')) as Oracle;
}

/** Asserts |a − b| ≤ tol (or both null), with a message naming the record. */
export function close(actual: number | null | undefined, expected: number | null, tol: number): boolean {
  if (expected === null) return actual === null;
  if (actual === null || actual === undefined) return false;
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

/**
 * Settings of a classification audit of `y_true`, `y_pred` and `score` by `sensitive`, with the
 * defaults of `assay audit`; `overrides` replaces any of them.
 */
export function classificationSettings(sensitive: string[], overrides: Partial<AuditSettings> = {}): AuditSettings {
  return {
    task: 'classification',
    label: 'y_true',
    prediction: 'y_pred',
    score: 'score',
    weight: null,
    positive: null,
    threshold: null,
    sensitive,
    intersect: false,
    privileged: [],
    calibrationBins: 10,
    aucBudget: 1 << 22,
    confidenceLevel: 0.95,
    minGroupSize: 30,
    interval: 'wilson',
    bootstrap: 0,
    multipleComparison: 'holm',
    minGroupShare: null,
    seed: 0,
    ...overrides,
  };
}
