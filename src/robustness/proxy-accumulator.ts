import { correlationRatio } from './correlation-ratio.js';
import { cramersV } from './cramers-v.js';

/** Categories of a feature kept in a proxy table; beyond it the association is not computed. */
export const MAX_PROXY_CATEGORIES = 10_000;

/** The association of one feature with one sensitive feature. */
export interface ProxyValue {
  measure: 'cramers_v' | 'correlation_ratio';
  value: number | null;
  /** Rows with both values present. */
  n: number;
  /** Why the value is null, when it is. */
  note: string | null;
}

/**
 * Streams the association of one model input with one sensitive feature: a contingency table
 * (Cramér's V) for a categorical input, per-group moments (correlation ratio η) for a numeric one.
 * Rows where either value is missing are left out. Unweighted: it describes the data, not the model.
 * @example
 * const acc = new ProxyAccumulator('categorical', 0);
 * acc.addCodes(Int32Array.of(0, 1), Int32Array.of(0, 1));
 * acc.value(); // { measure: 'cramers_v', value: 1, n: 2, note: null }
 */
export class ProxyAccumulator {
  private readonly table: Float64Array[] = [];
  private readonly moments: { n: number; sum: number; sumSq: number }[] = [];
  private overflow = false;
  private rows = 0;

  /** `shift`: a value near the numeric feature's mean (its profiled mean), for precision. */
  constructor(
    readonly kind: 'categorical' | 'numeric',
    private readonly shift: number,
  ) {}

  /** Adds rows of a categorical feature (`codes`, −1 missing) against sensitive codes (`groups`, −1 missing). */
  addCodes(codes: Int32Array, groups: Int32Array): void {
    if (this.overflow) return;
    const table = this.table;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      const g = groups[i];
      if (c < 0 || g < 0) continue;
      if (c >= MAX_PROXY_CATEGORIES) {
        this.overflow = true;
        return;
      }
      let row = table[c];
      if (row === undefined || row.length <= g) {
        const bigger = new Float64Array(Math.max(g + 1, 4, (row?.length ?? 0) * 2));
        if (row !== undefined) bigger.set(row);
        row = table[c] = bigger;
      }
      row[g] += 1;
      this.rows++;
    }
  }

  /** Adds rows of a numeric feature (`values`, NaN missing) against sensitive codes (`groups`, −1 missing). */
  addNumbers(values: Float64Array, groups: Int32Array): void {
    const { moments, shift } = this;
    for (let i = 0; i < values.length; i++) {
      const g = groups[i];
      const v = values[i];
      if (g < 0 || !Number.isFinite(v)) continue;
      while (moments.length <= g) moments.push({ n: 0, sum: 0, sumSq: 0 });
      const d = v - shift;
      const m = moments[g];
      m.n++;
      m.sum += d;
      m.sumSq += d * d;
      this.rows++;
    }
  }

  /** Cramér's V or η so far. */
  value(): ProxyValue {
    if (this.kind === 'numeric') {
      const value = correlationRatio(this.moments);
      return { measure: 'correlation_ratio', value, n: this.rows, note: value === null ? 'undefined: constant feature or a single group' : null };
    }
    if (this.overflow) {
      return { measure: 'cramers_v', value: null, n: this.rows, note: `more than ${MAX_PROXY_CATEGORIES} categories` };
    }
    const table = Array.from(this.table, (row) => row ?? new Float64Array(0));
    const value = cramersV(table);
    return { measure: 'cramers_v', value, n: this.rows, note: value === null ? 'undefined: constant feature or a single group' : null };
  }
}
