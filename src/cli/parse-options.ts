import { AuditError } from '../core/errors.js';

/** Parses an integer option, naming it in the error. */
export function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isInteger(x)) throw new AuditError(`invalid --${name}: ${value} (expected an integer)`);
  return x;
}

/** Parses a number option, naming it in the error. */
export function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x)) throw new AuditError(`invalid --${name}: ${value} (expected a number)`);
  return x;
}

/** Parses `feature=value` pairs. */
export function pairOption(name: string, values: string[]): { feature: string; value: string }[] {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new AuditError(`invalid --${name}: ${v} (expected feature=value)`);
    return { feature: v.slice(0, at), value: v.slice(at + 1) };
  });
}

/** Commander reducer for repeatable options: collects every value in order. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
