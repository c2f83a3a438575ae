import type { AuditResult } from '../audit/types.js';
import { InternalError } from '../core/errors.js';

/** A copy of `value` with object keys sorted (code-unit order), `undefined` members dropped. */
function canonical(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InternalError(`non-finite number in report at ${path}: ${value}`);
    // -0 and 0 print the same; keep the value as is.
    return value;
  }
  if (Array.isArray(value))
    return value.map((v, i) => (v === undefined ? null : canonical(v, `${path}[${i}]`)));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v, `${path}.${key}`);
    }
    return out;
  }
  throw new InternalError(`unserialisable ${typeof value} in report at ${path}`);
}

/**
 * Serialises an audit result as the JSON report: keys sorted at every level (code-unit order,
 * like RFC 8785), 2-space indent, LF line ends, one trailing newline. Pure and deterministic:
 * the same result gives the same bytes whatever order its objects were built in.
 * `undefined` members are dropped; NaN, ±Infinity, bigint or functions are an `InternalError`
 * naming the path (the engine writes `null` for undefined values).
 *
 * @example toJSON(result).endsWith('}\n') // true
 */
export function toJSON(result: AuditResult): string {
  return `${JSON.stringify(canonical(result, '$'), null, 2)}\n`;
}
