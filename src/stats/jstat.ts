import { createRequire } from 'node:module';

/**
 * The part of jStat (the `jstat` package, which ships no type declarations) that
 * assay uses, typed. jStat is a CommonJS/UMD bundle, so it is loaded with `require`.
 */
export interface JStat {
  normal: { inv(p: number, mean: number, sd: number): number };
  studentt: { inv(p: number, dof: number): number };
  beta: { inv(p: number, alpha: number, beta: number): number };
  hypgeom: { pdf(k: number, population: number, successes: number, draws: number): number };
}

const require = createRequire(import.meta.url);

/**
 * The jStat library object. Internal to `src/stats/`: other layers call the typed
 * wrappers in `distributions.ts` instead.
 *
 * @example jstat.normal.inv(0.975, 0, 1) // 1.959963984540054
 */
export const jstat = require('jstat') as JStat;
