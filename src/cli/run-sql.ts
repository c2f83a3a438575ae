import { warehouseSql } from '../scale/stats-state.js';
import type { SqlCommandOptions } from './commands/sql.js';
import { intOption, numberOption } from './parse-options.js';

/** Runs `assay sql`: writes the stats-table SQL to stdout; returns the exit code. */
export function runSql(options: SqlCommandOptions): number {
  const sql = warehouseSql({
    dialect: options.dialect,
    table: options.table,
    label: options.label,
    prediction: options.prediction ?? null,
    score: options.score ?? null,
    weight: options.weight ?? null,
    threshold: numberOption('threshold', options.threshold) ?? null,
    sensitive: options.sensitive,
    positive: options.positive ?? null,
    task: options.task,
    calibrationBins: intOption('calibration-bins', options.calibrationBins),
    scores: options.scores,
    labelType: options.labelType,
    predictionType: options.predictionType,
  });
  process.stdout.write(sql);
  return 0;
}
