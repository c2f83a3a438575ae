import { AuditError } from '../core/errors.js';

/**
 * Input checks shared by the functions of `src/stats/` (validate at the edge, keep
 * the cores simple). Every check throws an `AuditError` whose message names the
 * argument and the offending value.
 */

/**
 * Checks a confidence level: a number strictly between 0 and 1.
 * A level given as a percentage (`95`) gets a hint.
 *
 * @example checkLevel(0.95) // 0.95
 */
export function checkLevel(level: number): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    const hint =
      typeof level === 'number' && level > 1 && level < 100 ? ` (did you mean ${level / 100}?)` : '';
    throw new AuditError(`confidence level must be between 0 and 1 (exclusive): ${String(level)}${hint}`);
  }
  return level;
}

/**
 * Checks a count (possibly weighted, so not necessarily an integer): finite and ≥ 0.
 *
 * @example checkCount('n', 10) // 10
 */
export function checkCount(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new AuditError(`${name} must be a finite non-negative number: ${String(value)}`);
  }
  return value;
}

/**
 * Checks a successes/trials pair and returns the successes, clamped to `n` when
 * it exceeds `n` only by floating-point rounding (weighted sums added in a
 * different order). A real excess throws.
 *
 * @example checkSuccesses('x1', 3, 'n1', 10) // 3
 */
export function checkSuccesses(xName: string, x: number, nName: string, n: number): number {
  checkCount(xName, x);
  checkCount(nName, n);
  if (x > n) {
    // Weighted counts summed in another order may overshoot by a few ulps.
    if (x - n <= 1e-9 * n) return n;
    throw new AuditError(`${xName} must not exceed ${nName}: ${x} > ${n}`);
  }
  return x;
}

/**
 * Checks that `value` is an integer count (exact tests need whole numbers).
 *
 * @example checkInteger('a', 3) // 3
 */
export function checkInteger(name: string, value: number): number {
  checkCount(name, value);
  if (!Number.isSafeInteger(value)) {
    throw new AuditError(`${name} must be a whole number for an exact test: ${value}`);
  }
  return value;
}
