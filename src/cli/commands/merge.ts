import { Option, type Command } from 'commander';

/** Options of `assay merge` as commander parses them. */
export interface MergeCommandOptions {
  out: string;
  lang: 'en' | 'ko';
  html: boolean;
  quiet?: boolean;
}

/** Registers `assay merge`: finalise shard states into one audit. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge the partial states of shards (from `assay audit --emit-state`) into one audit')
    .argument('<state...>', 'state files')
    .option('--out <dir>', 'output folder', 'assay-report')
    .addOption(new Option('--lang <lang>', 'language of the HTML report').choices(['en', 'ko']).default('en'))
    .option('--no-html', 'write audit.json only')
    .option('--quiet', 'no summary')
    .action(async (states: string[], options: MergeCommandOptions, command: Command) => {
      const { runMerge } = await import('../run-merge.js');
      process.exitCode = await runMerge(states, options, command.parent?.args ?? []);
    });
}
