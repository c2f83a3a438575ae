// The assay command-line program: commands and exit codes. `bin.ts` runs it.
import { Command, CommanderError } from 'commander';
import { AuditError, oneLine } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { registerAudit } from './commands/audit.js';
import { registerMerge } from './commands/merge.js';
import { registerDatasets } from './commands/datasets.js';
import { registerInspect } from './commands/inspect.js';
import { registerSchema } from './commands/schema.js';
import { registerReport } from './commands/report.js';
import { registerSql } from './commands/sql.js';
import { registerFinalize } from './commands/finalize.js';

/** Builds the program; command modules are small and import their heavy parts lazily. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('assay')
    .description('Audit machine-learning models for accuracy, fairness and robustness.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  // Each command registers itself; keep one line per command.
  registerAudit(program);
  registerMerge(program);
  registerDatasets(program);
  registerInspect(program);
  registerSchema(program);
  registerReport(program);
  registerSql(program);
  registerFinalize(program);
  return program;
}

/** Exit codes: 0 ok, 1 policy breached, 2 bad input or usage, 3 internal error. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof AuditError) {
      process.stderr.write(`assay: ${oneLine(error)}\n`);
      return 2;
    }
    process.stderr.write(`assay: internal error: ${oneLine(error)}\n`);
    if (process.env.ASSAY_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 3;
  }
}

