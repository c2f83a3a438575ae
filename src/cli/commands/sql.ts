import { Option, type Command } from 'commander';
import { collect } from '../parse-options.js';

/** Options of `assay sql` as commander parses them. */
export interface SqlCommandOptions {
  dialect: 'duckdb' | 'spark' | 'trino';
  table: string;
  label: string;
  prediction?: string;
  score?: string;
  weight?: string;
  threshold?: string;
  sensitive: string[];
  positive?: string;
  task?: 'classification' | 'regression';
  calibrationBins?: string;
  scores: 'exact' | 'binned';
  labelType: 'number' | 'boolean' | 'text';
  predictionType?: 'number' | 'boolean' | 'text';
}


/** Registers `assay sql`: print the stats-table SQL for a warehouse. Work in `../run-sql.ts`. */
export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('print the SQL that computes an audit\'s sufficient statistics in a warehouse (finish with assay finalize)')
    .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices(['duckdb', 'spark', 'trino']).makeOptionMandatory())
    .requiredOption('--table <name>', 'table (or catalog.schema.table) holding the prediction log')
    .requiredOption('--label <column>', 'ground-truth column')
    .option('--prediction <column>', 'predicted label (or value, for regression)')
    .option('--score <column>', 'score: probability of the positive class')
    .option('--weight <column>', 'sample-weight column')
    .option('--threshold <x>', 'predict score > x instead of reading --prediction')
    .option('--sensitive <column>', 'sensitive feature (repeatable)', collect, [])
    .option('--positive <value>', 'positive class of label and prediction (default 1/true)')
    .addOption(new Option('--task <task>', 'what the model does').choices(['classification', 'regression']))
    .option('--calibration-bins <n>', 'reliability bins (default 10)')
    .addOption(new Option('--scores <mode>', 'scores per distinct value (exact AUC) or in 65,536 bins (bounded AUC, small result)').choices(['exact', 'binned']).default('binned'))
    .addOption(new Option('--label-type <type>', 'type of the label column in the warehouse').choices(['number', 'boolean', 'text']).default('number'))
    .addOption(new Option('--prediction-type <type>', 'type of the prediction column (default: the label type)').choices(['number', 'boolean', 'text']))
    .action(async (options: SqlCommandOptions) => {
      const { runSql } = await import('../run-sql.js');
      process.exitCode = runSql(options);
    });
}
