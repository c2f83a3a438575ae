/**
 * The lower and upper limit of a confidence interval, `[lower, upper]` with
 * `lower ≤ upper`: the same shape as `Interval` in the JSON report
 * (`src/audit/types.ts`), so a value of this type can be stored there as is.
 *
 * @example const ci: Bounds = [0.41, 0.59];
 */
export type Bounds = [lower: number, upper: number];
