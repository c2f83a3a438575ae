import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The JSON Schema text of the report (`schema/audit-report.schema.json`), as shipped. */
export function reportSchemaText(): string {
  return readFileSync(new URL('../../schema/audit-report.schema.json', import.meta.url), 'utf8');
}

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled === null) {
    // strict mode would reject the annotation keywords we keep for readers (`description`).
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    compiled = ajv.compile(JSON.parse(reportSchemaText()) as object);
  }
  return compiled;
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties')
    return `${where}: unexpected property ${String(params.additionalProperty)}`;
  if (e.keyword === 'required') return `${where}: missing property ${String(params.missingProperty)}`;
  if (e.keyword === 'enum') return `${where}: must be one of ${JSON.stringify(params.allowedValues)}`;
  return `${where}: ${e.message ?? e.keyword}`;
}

/**
 * Validates a parsed JSON report against `schema/audit-report.schema.json` (JSON Schema draft
 * 2020-12, checked with ajv). Errors are one line each, `<JSON pointer>: <problem>`, in
 * schema order; `oneOf` noise from nullable fields is dropped when a more precise error exists.
 *
 * @example
 * validateReport(JSON.parse(toJSON(result))) // { valid: true, errors: [] }
 * validateReport({}) // { valid: false, errors: ['(root): missing property schemaVersion', …] }
 */
export function validateReport(json: unknown): { valid: boolean; errors: string[] } {
  const validate = validator();
  if (validate(json)) return { valid: true, errors: [] };
  const raw = validate.errors ?? [];
  // A failing `oneOf` (x or null) also reports each branch; keep the branch errors, drop the summary.
  const precise = raw.filter(
    (e) =>
      e.keyword !== 'oneOf' && !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'),
  );
  const errors = [...new Set((precise.length > 0 ? precise : raw).map(describeError))];
  return { valid: false, errors };
}
