// Shared parsing of the operator's YAML files (policy, attestations): one-line errors that
// name the file and the key path, e.g. `invalid policy p.yaml: thresholds.ece: expected a number`.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { AuditError, oneLine } from '../core/errors.js';
import { keyword } from '../core/keyword.js';

/** A YAML mapping as plain data. */
export type Mapping = Record<string, unknown>;

/** Builds errors for one file: `invalid <what> <source>: <path>: <problem>`. */
export class InputErrors {
  constructor(
    readonly what: string,
    readonly source: string | null,
  ) {}

  /** An `AuditError` about the value at `path`. */
  at(path: string, problem: string): AuditError {
    const where = path === '' ? '' : `${path}: `;
    return new AuditError(`invalid ${this.what}${this.source ? ` ${this.source}` : ''}: ${where}${problem}`);
  }

  /** `keyword()` with the file and path in the message. */
  resolve<T extends string>(path: string, what: string, name: string, allowed: readonly T[]): T {
    try {
      return keyword(what, name, allowed);
    } catch (error) {
      throw this.at(path, oneLine(error));
    }
  }
}

/** Short description of a value for messages (`"high"`, `a list`, `null`). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const s =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : typeof value;
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** Parses YAML text whose top level must be a mapping. */
export function parseMapping(text: string, errors: InputErrors): Mapping {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw errors.at('', `yaml: ${oneLine(doc.errors[0].message)}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw errors.at('', `yaml: ${oneLine(error)}`);
  }
  if (value === null || value === undefined) throw errors.at('', 'the file is empty');
  if (typeof value !== 'object' || Array.isArray(value))
    throw errors.at('', `expected a mapping at the top level, got ${describe(value)}`);
  return value as Mapping;
}

/** Checks that a mapping only has allowed keys (with "did you mean"). */
export function checkKeys(
  map: Mapping,
  path: string,
  what: string,
  allowed: readonly string[],
  errors: InputErrors,
): void {
  for (const k of Object.keys(map)) errors.resolve(path === '' ? k : `${path}.${k}`, what, k, allowed);
}

/** The value at `path` as a mapping. */
export function asMapping(value: unknown, path: string, errors: InputErrors): Mapping {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw errors.at(path, `expected a mapping, got ${describe(value)}`);
  return value as Mapping;
}

/** The value at `path` as a non-empty string (trimmed). */
export function asString(value: unknown, path: string, errors: InputErrors): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw errors.at(path, `expected a non-empty string, got ${describe(value)}`);
  return value.trim();
}

/** The value at `path` as a list of non-empty strings (a single string becomes a list of one). */
export function asStringList(value: unknown, path: string, errors: InputErrors): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw errors.at(path, `expected a list of strings, got ${describe(value)}`);
  return list.map((v, i) => asString(v, `${path}[${i}]`, errors));
}

/** The value at `path` as a finite number. */
export function asNumber(value: unknown, path: string, errors: InputErrors): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw errors.at(path, `expected a finite number, got ${describe(value)}`);
  return value;
}

/** The value at `path` as a boolean. */
export function asBoolean(value: unknown, path: string, errors: InputErrors): boolean {
  if (typeof value !== 'boolean') throw errors.at(path, `expected true or false, got ${describe(value)}`);
  return value;
}

/** Reads a file for a loader, with a one-line error naming it; returns its text and sha256. */
export async function readInput(path: string, what: string): Promise<{ text: string; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : oneLine(error);
    throw new AuditError(`cannot read ${what} ${path}: ${why}`);
  }
  return { text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}
