import { Option, type Command } from 'commander';
import { collect, type SettingsCommandOptions } from '../parse-options.js';
import type { GateOptions } from '../report-outputs.js';

/** Options of `assay finalize` as commander parses them (the shared audit settings and obligation inputs, and its own). */
export interface FinalizeCommandOptions extends SettingsCommandOptions, GateOptions {
  stats: string;
  label: string;
  labelType: 'number' | 'boolean' | 'text';
  lang: 'en' | 'ko';
  html: boolean;
  out: string;
  quiet?: boolean;
}


/** Registers `assay finalize`: the full audit from a stats table. Work in `../run-finalize.ts`. */
export function registerFinalize(program: Command): void {
  program
    .command('finalize')
    .description('build the complete audit from a stats table (the result of assay sql, exported as CSV or Parquet)')
    .requiredOption('--stats <file>', 'the stats table: CSV or Parquet')
    .requiredOption('--label <column>', 'ground-truth column (as given to assay sql)')
    .option('--prediction <column>', 'predicted label (or value, for regression)')
    .option('--score <column>', 'score: probability of the positive class')
    .option('--weight <column>', 'sample-weight column')
    .option('--threshold <x>', 'predict score > x instead of reading --prediction')
    .option('--sensitive <column>', 'sensitive feature (repeatable, same order as for assay sql)', collect, [])
    .option('--intersect', 'also audit the intersection of the sensitive features')
    .option('--positive <value>', 'positive class of label and prediction (default 1/true)')
    .option('--privileged <feature=value>', 'privileged group for AIF360-style comparisons (repeatable)', collect, [])
    .option('--favorable <value>', 'favourable label for AIF360-style comparisons (repeatable)', collect, [])
    .addOption(new Option('--task <task>', 'what the model does').choices(['classification', 'regression']))
    .option('--calibration-bins <n>', 'reliability bins (default 10; as given to assay sql)')
    .option('--min-group-size <n>', 'groups with fewer rows are flagged (default 30)')
    .option('--min-group-share <x>', 'groups with a smaller share of rows are flagged too')
    .option('--confidence <level>', 'confidence level (default 0.95)')
    .addOption(new Option('--interval <method>', 'interval for rates (default wilson)').choices(['wilson', 'clopper-pearson']))
    .addOption(new Option('--multiple-comparison <method>', 'control across disparity tests (default holm)').choices(['holm', 'benjamini-hochberg']))
    .option('--entropy-alpha <a>', 'alpha of generalized_entropy_index (default 2)')
    .option('--seed <n>', 'seed recorded in the provenance')
    .addOption(new Option('--label-type <type>', 'type of the label column in the warehouse').choices(['number', 'boolean', 'text']).default('number'))
    .option('--profile <id>', 'obligations profile, e.g. kr-aiba/hiring')
    .option('--policy <file.yaml>', 'thresholds and duties overriding the profile')
    .option('--attestations <file.yaml>', "the operator's attestations cited in the report")
    .option('--fail-on <policy>', 'exit 1 when this policy (a YAML file or a profile id) is breached')
    .addOption(new Option('--lang <lang>', 'language of the HTML report').choices(['en', 'ko']).default('en'))
    .option('--no-html', 'write audit.json only')
    .option('--out <dir>', 'output folder', 'assay-report')
    .option('--quiet', 'no summary')
    .action(async (options: FinalizeCommandOptions, command: Command) => {
      const { runFinalize } = await import('../run-finalize.js');
      process.exitCode = await runFinalize(options, command.parent?.args ?? []);
    });
}
