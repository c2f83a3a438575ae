import type { Command } from 'commander';

/** Options of `assay schema` as commander parses them. */
export interface SchemaCommandOptions {
  out?: string;
}

/**
 * Registers `assay schema`: prints the JSON Schema (draft 2020-12) that every `audit.json`
 * validates against, or writes it atomically with `--out`.
 */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of the audit report, audit.json')
    .option('--out <file>', 'write the schema to a file instead of stdout')
    .action(async (options: SchemaCommandOptions) => {
      const { reportSchemaText } = await import('../../report/validate-report.js');
      const text = reportSchemaText();
      if (options.out === undefined) {
        process.stdout.write(text);
        return;
      }
      const { writeFilesAtomic } = await import('../write-atomic.js');
      await writeFilesAtomic([{ path: options.out, content: text }]);
    });
}
