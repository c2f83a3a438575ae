import { Option, type Command } from 'commander';

/** Options of `assay report` as commander parses them. */
export interface ReportCommandOptions {
  out?: string;
  lang: 'en' | 'ko';
  metricsUrl?: string;
}

/** The HTML path for a report: `--out`, else the JSON's path with `.html` for `.json`. */
export function htmlPathFor(json: string, out: string | undefined): string {
  if (out !== undefined) return out;
  return /\.json$/i.test(json) ? json.replace(/\.json$/i, '.html') : `${json}.html`;
}

/**
 * Re-renders the HTML report from an `audit.json` without recomputing anything: reads it,
 * parses it, validates it against the report schema, renders it and writes the page
 * atomically. Every failure is one `AuditError` line (exit 2): unreadable file, invalid JSON,
 * a report that does not match the schema (first problem and how many more), or an output
 * path that is the input itself. Returns the path written.
 *
 * @example await runReport('out/audit.json', { lang: 'ko' }) // 'out/audit.html'
 */
export async function runReport(file: string, options: ReportCommandOptions): Promise<string> {
  const [fs, path, { AuditError, oneLine }, report, { writeFilesAtomic }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('../../core/errors.js'),
    import('../../report/index.js'),
    import('../write-atomic.js'),
  ]);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AuditError(
      `cannot read audit report ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : oneLine(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AuditError(`invalid json in ${file}: ${oneLine(error)}`);
  }
  const { valid, errors } = report.validateReport(json);
  if (!valid) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new AuditError(`invalid audit report ${file}: ${errors[0] ?? 'does not match the schema'}${more}`);
  }
  const out = htmlPathFor(file, options.out);
  if (path.resolve(out) === path.resolve(file))
    throw new AuditError(`refusing to overwrite the input ${file} with the HTML report (use --out)`);
  if (options.metricsUrl !== undefined && !report.isLinkBase(options.metricsUrl)) {
    throw new AuditError(`invalid --metrics-url: ${options.metricsUrl} (expected an http(s) URL or a relative path)`);
  }
  const html = report.toHTML(json as Parameters<typeof report.toHTML>[0], {
    lang: options.lang,
    metricsBaseUrl: options.metricsUrl ?? null,
  });
  await writeFilesAtomic([{ path: out, content: html }]);
  return out;
}

/** Registers `assay report <audit.json>`: the HTML report, re-rendered from the JSON. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'render the HTML report from an audit.json (validated against the schema first; nothing is recomputed)',
    )
    .argument('<audit.json>', 'JSON report written by assay audit')
    .option('--out <file>', 'HTML file to write (default: the JSON path with .html)')
    .addOption(new Option('--lang <lang>', 'language of the report').choices(['en', 'ko']).default('en'))
    .option('--metrics-url <url>', 'base URL of the metric reference (metrics/ folder) for glossary links')
    .action(async (file: string, options: ReportCommandOptions) => {
      const out = await runReport(file, options);
      process.stdout.write(`${out}\n`);
    });
}
