import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InternalError, oneLine } from '../core/errors.js';
import type { LocalText } from '../obligations/types.js';

/** One metric's reference entry: the front matter of `metrics/<name>.md`. */
export interface MetricReference {
  name: string;
  title: LocalText;
  definition: LocalText;
  formula: string;
  ideal: string;
  range: string;
  /** Path of the full reference inside the package, e.g. `metrics/selection_rate.md`. */
  file: string;
}

let cache: Map<string, MetricReference> | null = null;

function str(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new InternalError(`metric reference ${where}: expected text`);
  return value;
}

function localText(value: unknown, where: string): LocalText {
  const v = value as Partial<LocalText> | null;
  if (!v || typeof v.en !== 'string' || typeof v.ko !== 'string')
    throw new InternalError(`metric reference ${where}: expected en and ko text`);
  return { en: v.en, ko: v.ko };
}

/**
 * The metric reference shipped in `metrics/` (one Markdown file per metric, YAML front matter
 * between `---` lines), read once and cached. The HTML report's glossary shows it. A build
 * carries it parsed already (`dist/metric-reference.json`, written by `npm run build` from the
 * same files: parsing sixty YAML headers costs a report some 20 ms); from the sources, the
 * files are parsed.
 * An unreadable or malformed file is an `InternalError` (the files ship with assay).
 *
 * @example metricReference().get('selection_rate')?.title.en // 'Selection rate'
 */
export function metricReference(): ReadonlyMap<string, MetricReference> {
  if (cache) return cache;
  const built = readBuilt();
  cache = new Map((built ?? parseMetricReference()).map((m) => [m.name, m]));
  return cache;
}

/** The parsed reference a build carries beside the compiled modules, or null (running from the sources). */
function readBuilt(): MetricReference[] | null {
  let text: string;
  try {
    text = readFileSync(new URL('../metric-reference.json', import.meta.url), 'utf8');
  } catch {
    return null;
  }
  return JSON.parse(text) as MetricReference[];
}

/**
 * Parses `metrics/*.md` (in file-name order): what {@link metricReference} gives, and what the
 * build writes to `dist/metric-reference.json`.
 */
export function parseMetricReference(): MetricReference[] {
  const dir = new URL('../../metrics/', import.meta.url);
  const out: MetricReference[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
    if (!m) throw new InternalError(`metric reference metrics/${file}: missing front matter`);
    let fm: Record<string, unknown>;
    try {
      fm = parse(m[1]) as Record<string, unknown>;
    } catch (error) {
      throw new InternalError(`metric reference metrics/${file}: ${oneLine(error)}`);
    }
    const name = str(fm.name, `${file} name`);
    if (`${name}.md` !== file)
      throw new InternalError(`metric reference metrics/${file}: name ${name} does not match the file name`);
    out.push({
      name,
      title: localText(fm.title, file),
      definition: localText(fm.definition, file),
      formula: str(fm.formula, `${file} formula`),
      ideal: str(fm.ideal, `${file} ideal`),
      range: str(fm.range, `${file} range`),
      file: `metrics/${file}`,
    });
  }
  return out;
}
