import { InvalidArgumentError, type Command } from 'commander';
import type { FetchProgress } from '../../datasets/fetch-session.js';

interface LocationFlags {
  mirror?: string;
  cacheDir?: string;
}

interface FetchFlags extends LocationFlags {
  all?: boolean;
  baseUrl?: string;
  force?: boolean;
  timeout?: number;
}

const MIRROR_HELP =
  'mirror folder or http(s) URL holding <mirror>/<id>/<file> (default $ASSAY_DATASETS_MIRROR)';
const CACHE_HELP =
  'cache folder (default $ASSAY_CACHE_DIR, else $XDG_CACHE_HOME/assay/datasets, else ~/.cache/assay/datasets)';

function seconds(value: string): number {
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return s;
}

/**
 * A one-line progress display on stderr while files download, only when stderr is a terminal
 * and `CI` is unset; otherwise undefined (no output at all).
 */
function terminalProgress(): ((event: FetchProgress) => void) | undefined {
  if (process.stderr.isTTY !== true || process.env.CI) return undefined;
  let last = 0;
  return (event) => {
    const now = performance.now();
    if (!event.done && now - last < 100) return;
    last = now;
    const mb = (b: number): string => (b / 1e6).toFixed(1);
    const size = event.total
      ? `${mb(event.received)} / ${mb(event.total)} MB (${Math.floor((100 * event.received) / event.total)} %)`
      : `${mb(event.received)} MB`;
    process.stderr.write(`\r\x1b[K${event.phase} ${event.file} ${size}`);
    if (event.done) process.stderr.write('\r\x1b[K');
  };
}

/**
 * Registers `assay datasets list | info | fetch | verify | path`; each action imports its
 * implementation from `src/datasets/` lazily. Failures are `AuditError`s (exit 2).
 *
 * @example registerDatasets(program); // assay datasets fetch adult --mirror /data/mirror
 */
export function registerDatasets(program: Command): void {
  const datasets = program
    .command('datasets')
    .description('open auditing datasets by name: list, describe, fetch (verified by sha256), verify, locate')
    .addHelpText(
      'after',
      '\nA dataset is named <id> (its default variant) or <id>:<variant-or-split>, e.g. adult, adult:test, compas:violent.\n' +
        "Environment: ASSAY_CACHE_DIR, XDG_CACHE_HOME, ASSAY_DATASETS_MIRROR, ASSAY_DATASETS_BASE_URL (replaces the publishers' host).",
    );

  datasets
    .command('list')
    .description(
      'list the datasets: id, rows after standard preprocessing, label, protected attributes, licence',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { listDatasets, formatDatasetList } = await import('../../datasets/list-datasets.js');
      const entries = listDatasets();
      process.stdout.write(
        options.json ? `${JSON.stringify(entries, null, 2)}\n` : formatDatasetList(entries),
      );
    });

  datasets
    .command('info')
    .description(
      'show a dataset card: provenance, licence, citation, files, label, protected attributes, preprocessing, columns',
    )
    .argument('<dataset>', 'dataset id, or <id>:<variant>')
    .option('--json', 'print the card as JSON')
    .action(async (ref: string, options: { json?: boolean }) => {
      const { parseDatasetRef } = await import('../../datasets/parse-dataset-ref.js');
      const { formatCard } = await import('../../datasets/format-card.js');
      const target = parseDatasetRef(ref);
      const only = ref.includes(':') ? target.variantName : undefined;
      if (options.json) {
        const card =
          only === undefined ? target.card : { ...target.card, variants: { [only]: target.variant } };
        process.stdout.write(`${JSON.stringify(card, null, 2)}\n`);
      } else {
        process.stdout.write(formatCard(target.card, only));
      }
    });

  datasets
    .command('fetch')
    .description('download datasets into the cache, verify their sha256, extract archives safely')
    .argument('[datasets...]', 'dataset ids (all files) or <id>:<variant> (the files it reads)')
    .option('--all', 'fetch every dataset')
    .option('--mirror <dir|url>', MIRROR_HELP)
    .option('--cache-dir <dir>', CACHE_HELP)
    .option('--base-url <url>', "replace the publishers' scheme and host (default $ASSAY_DATASETS_BASE_URL)")
    .option('--force', 'download again even when a verified copy is cached')
    .option('--timeout <seconds>', 'longest wait for data from a server', seconds, 30)
    .action(async (refs: string[], options: FetchFlags) => {
      const { AuditError } = await import('../../core/errors.js');
      const { fetchDataset } = await import('../../datasets/fetch-dataset.js');
      const { loadCatalogue } = await import('../../datasets/catalogue.js');
      if (options.all) refs = [...loadCatalogue().keys()];
      if (refs.length === 0)
        throw new AuditError('no dataset to fetch (name one, or use --all; see assay datasets list)');
      const onProgress = terminalProgress();
      for (const ref of refs) {
        const fetched = await fetchDataset(ref, {
          mirror: options.mirror,
          cacheDir: options.cacheDir,
          baseUrl: options.baseUrl,
          force: options.force,
          timeoutMs: (options.timeout ?? 30) * 1000,
          onProgress,
        });
        for (const f of fetched) {
          const how = f.status === 'cached' ? 'already cached' : `from ${f.from}`;
          process.stdout.write(
            `ok ${f.id}/${f.name} (${f.bytes.toLocaleString('en-US')} bytes, sha256 verified) ${how}\n`,
          );
        }
      }
    });

  datasets
    .command('verify')
    .description('check the size and sha256 of dataset files in the cache (or in a mirror folder)')
    .argument('[dataset]', 'dataset id or <id>:<variant> (default: every dataset present)')
    .option(
      '--mirror <dir>',
      'verify this mirror folder instead of the cache (default $ASSAY_DATASETS_MIRROR)',
    )
    .option('--cache-dir <dir>', CACHE_HELP)
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, options: LocationFlags & { json?: boolean }) => {
      const { AuditError } = await import('../../core/errors.js');
      const { verifyDatasets } = await import('../../datasets/verify-datasets.js');
      const report = await verifyDatasets(ref, { mirror: options.mirror, cacheDir: options.cacheDir });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const r of report.records)
          process.stdout.write(r.status === 'ok' ? `ok ${r.id}/${r.file}\n` : `FAILED ${r.message}\n`);
        for (const id of report.absent)
          process.stdout.write(`absent ${id} (no file in ${report.location})\n`);
        if (report.records.length === 0) process.stdout.write(`nothing to verify in ${report.location}\n`);
      }
      const failed = report.records.filter((r) => r.status !== 'ok');
      if (failed.length > 0) {
        const more = failed.length > 1 ? ` (and ${failed.length - 1} more)` : '';
        throw new AuditError(
          `verification failed for ${failed.length} of ${report.records.length} files: ${failed[0].message}${more}`,
        );
      }
    });

  datasets
    .command('path')
    .description('print the local path of the verified files of a dataset (cache, else mirror folder)')
    .argument('<dataset>', 'dataset id (all files) or <id>:<variant> (the files it reads)')
    .option('--mirror <dir>', MIRROR_HELP)
    .option('--cache-dir <dir>', CACHE_HELP)
    .action(async (ref: string, options: LocationFlags) => {
      const { parseDatasetRef } = await import('../../datasets/parse-dataset-ref.js');
      const { locateDatasetFiles, targetFiles } = await import('../../datasets/fetch-dataset.js');
      const { datasetLocations } = await import('../../datasets/dataset-locations.js');
      const target = parseDatasetRef(ref);
      const located = await locateDatasetFiles(
        target.card,
        targetFiles(target, !ref.includes(':')),
        datasetLocations(options),
        { download: false },
      );
      for (const f of located) process.stdout.write(`${f.path}\n`);
    });
}
