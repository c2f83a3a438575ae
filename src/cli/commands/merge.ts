import type { Command } from 'commander';

/** Registers `assay merge`: finalise shard states into one audit. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge the partial states of shards (from `assay audit --emit-state`) into one audit')
    .argument('<state...>', 'state files')
    .option('--out <dir>', 'output folder', 'assay-report')
    .option('--quiet', 'no summary')
    .action(async (states: string[], options: { out: string; quiet?: boolean }, command: Command) => {
      const { runMerge } = await import('../run-merge.js');
      process.exitCode = await runMerge(states, options, command.parent?.args ?? []);
    });
}
