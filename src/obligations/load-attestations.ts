import { OBLIGATION_IDS } from './catalogue.js';
import type { Attestation, AttestationSet } from './types.js';
import {
  InputErrors,
  asMapping,
  asString,
  asStringList,
  checkKeys,
  describe,
  parseMapping,
  readInput,
} from './yaml-input.js';

const KEYS = ['version', 'organisation', 'attestations'];
const ITEM_KEYS = ['id', 'covers', 'statement', 'by', 'date', 'evidence'];

function isoDate(value: unknown, path: string, errors: InputErrors): string {
  // YAML 1.2 (the `yaml` package's default) keeps 2026-03-01 a string; a Date would mean a 1.1 schema.
  const s = value instanceof Date ? value.toISOString().slice(0, 10) : asString(value, path, errors);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    throw errors.at(path, `expected a date YYYY-MM-DD, got ${describe(s)}`);
  return s;
}

/**
 * Parses and validates an attestations file (YAML): the operator's declarations about duties
 * assay cannot measure (human oversight, notices given, documents kept). The report cites them;
 * assay does not verify them.
 *
 * Shape: `version: 1` (optional), `organisation` (optional), and `attestations`: a list of
 * `{ id?, covers: [catalogue ids], statement, by, date: YYYY-MM-DD, evidence?: [paths or URLs] }`.
 * Ids default to `A1`, `A2`, … and must be unique. Errors are one line naming the file and path.
 *
 * @example
 * parseAttestations('attestations:\n  - covers: [kr-aiba/art34-1-4/human-oversight]\n    statement: Two reviewers confirm every rejection.\n    by: Head of HR\n    date: 2026-03-01\n', 'a.yaml').attestations[0].id // 'A1'
 */
export function parseAttestations(text: string, source: string | null = null): AttestationSet {
  const errors = new InputErrors('attestations', source);
  const map = parseMapping(text, errors);
  checkKeys(map, '', 'attestations key', KEYS, errors);
  if (map.version !== undefined && map.version !== 1)
    throw errors.at('version', `unsupported version ${describe(map.version)} (expected 1)`);
  const organisation =
    map.organisation === undefined || map.organisation === null
      ? null
      : asString(map.organisation, 'organisation', errors);
  if (!Array.isArray(map.attestations))
    throw errors.at('attestations', `expected a list, got ${describe(map.attestations)}`);
  const seen = new Set<string>();
  const attestations: Attestation[] = map.attestations.map((raw: unknown, i: number) => {
    const path = `attestations[${i}]`;
    const item = asMapping(raw, path, errors);
    checkKeys(item, path, 'attestation key', ITEM_KEYS, errors);
    const id =
      item.id === undefined
        ? `A${i + 1}`
        : asString(typeof item.id === 'number' ? String(item.id) : item.id, `${path}.id`, errors);
    if (seen.has(id)) throw errors.at(`${path}.id`, `duplicate id ${id}`);
    seen.add(id);
    if (item.covers === undefined)
      throw errors.at(`${path}.covers`, 'missing: list the catalogue ids this declaration bears on');
    const covers = asStringList(item.covers, `${path}.covers`, errors).map((c, j) =>
      errors.resolve(`${path}.covers[${j}]`, 'obligation', c, OBLIGATION_IDS),
    );
    if (covers.length === 0) throw errors.at(`${path}.covers`, 'expected at least one catalogue id');
    return {
      id,
      covers: [...new Set(covers)],
      statement: asString(item.statement, `${path}.statement`, errors),
      by: asString(item.by, `${path}.by`, errors),
      date: isoDate(item.date, `${path}.date`, errors),
      evidence:
        item.evidence === undefined || item.evidence === null
          ? []
          : asStringList(item.evidence, `${path}.evidence`, errors),
    };
  });
  return { source, sha256: null, organisation, attestations };
}

/**
 * Reads and validates an attestations file (see {@link parseAttestations}); records its path and sha256.
 * @example const attestations = await loadAttestations('policies/examples/attestations.yaml');
 */
export async function loadAttestations(path: string): Promise<AttestationSet> {
  const { text, sha256 } = await readInput(path, 'attestations');
  return { ...parseAttestations(text, path), sha256 };
}
