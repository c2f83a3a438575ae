// Building blocks shared by the HTML sections: the render context, tables, badges, links.
import type { AuditResult } from '../audit/types.js';
import { obligationById, OBLIGATION_IDS } from '../obligations/catalogue.js';
import type {
  CheckResult,
  Finding,
  Lang,
  ObligationsSection,
  ObligationStatus,
  Threshold,
} from '../obligations/types.js';
import { escapeHtml as e } from './escape-html.js';
import { formatNumber } from './format.js';
import { messages, type Messages } from './i18n.js';
import { metricReference } from './metric-reference.js';

/** Row and series caps that keep a report for many groups small (see `capNote`). */
export const CAPS = {
  features: 24,
  groupRows: 50,
  chartRows: 30,
  curves: 8,
  ll144Rows: 120,
  disparities: 300,
  aif360: 200,
  dataRows: 50,
  missing: 150,
  warnings: 150,
  findings: 40,
  robustnessRows: 100,
  robustnessCols: 12,
} as const;

/** Everything a section needs to render. */
export class RenderContext {
  readonly t: Messages;
  /** Metrics named in the page, for the glossary. */
  readonly usedMetrics = new Set<string>();
  private counter = 0;

  constructor(
    readonly result: AuditResult,
    readonly lang: Lang,
    readonly obligations: ObligationsSection | null,
    readonly obligationsInvalid: boolean,
    readonly metricsBaseUrl: string | null,
  ) {
    this.t = messages(lang);
  }

  /** A fresh element id for chart titles (never derived from data). */
  nextId(): string {
    this.counter += 1;
    return `c${this.counter}`;
  }

  /** The localised title of a metric, or its name when the reference has none. */
  metricTitle(name: string): string {
    return metricReference().get(name)?.title[this.lang] ?? name;
  }

  /** A metric name linked to its glossary entry (when the reference has one), escaped. */
  metricLink(name: string): string {
    const ref = metricReference().get(name);
    if (!ref) return `<code>${e(name)}</code>`;
    this.usedMetrics.add(name);
    return `<a href="#m-${name}">${e(ref.title[this.lang])}</a>`;
  }

  /** The localised label of a check's measure (`impact_ratio`, `accuracy_difference`, `data_summary`, …). */
  measureLabel(measure: string): string {
    const info = this.t.infoMeasures[measure];
    if (info) return info;
    const ref = metricReference();
    if (ref.has(measure)) {
      this.usedMetrics.add(measure);
      return ref.get(measure)?.title[this.lang] ?? measure;
    }
    const forms: [RegExp, (m: string) => string][] = [
      [/^(.+)_by_group$/, this.t.measureForms.byGroup],
      [/^(.+)_difference$/, this.t.measureForms.difference],
      [/^(.+)_ratio$/, this.t.measureForms.ratio],
    ];
    for (const [re, form] of forms) {
      const m = re.exec(measure);
      if (m && ref.has(m[1])) {
        this.usedMetrics.add(m[1]);
        return form(this.metricTitle(m[1]));
      }
    }
    return measure;
  }

  /** Localised title of a catalogue duty, falling back to the JSON's English title. */
  dutyTitle(id: string, fallback: string): string {
    return OBLIGATION_IDS.includes(id) ? obligationById(id).title[this.lang] : fallback;
  }
}

/** `≥ 0.800` / `≤ 0.100`. */
export function thresholdText(t: Threshold | null): string {
  if (!t) return '—';
  return `${t.bound === 'min' ? '≥' : '≤'} ${formatNumber(t.value)}`;
}

/** A status badge: symbol + text, so it never rests on colour alone. */
export function statusBadge(ctx: RenderContext, status: ObligationStatus): string {
  const symbol: Record<ObligationStatus, string> = {
    evidenced: '✓',
    breached: '✗',
    needs_attestation: '✎',
    insufficient_evidence: '?',
    not_applicable: '–',
  };
  return `<span class="badge s-${status}" title="${e(ctx.t.statusHelp[status])}"><span aria-hidden="true">${symbol[status]}</span> ${e(ctx.t.status[status])}</span>`;
}

/** A check-status tag. */
export function checkTag(ctx: RenderContext, c: CheckResult): string {
  return `<span class="tag k-${c.status}">${e(ctx.t.checkStatus[c.status])}</span>`;
}

/** Where a finding is: `for sex = Female`, `for race (Black vs White)`, or the metric/overall. */
export function findingPlace(ctx: RenderContext, f: Finding): string {
  if (f.feature !== null && f.group !== null) return ctx.t.forGroup(f.feature, f.group);
  if (f.feature !== null) {
    const pair =
      f.minGroup !== null && f.maxGroup !== null ? ` (${ctx.t.between(f.minGroup, f.maxGroup)})` : '';
    return ctx.t.forFeature(f.feature) + pair;
  }
  if (f.group !== null) return f.label !== null ? `${f.label}: ${f.group}` : f.group;
  return f.label ?? ctx.t.overall;
}

/** A finding as text: value and place (escaped). */
export function findingText(ctx: RenderContext, f: Finding): string {
  return `<strong>${formatNumber(f.value)}</strong> ${e(findingPlace(ctx, f))}`;
}

/** A semantic table: caption, column headers (`scope="col"`), first cell of each row a row header. */
export function table(caption: string, head: string[], rows: string[][], className = ''): string {
  const thead = `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`,
    )
    .join('');
  return `<div class="table-wrap"><table${className ? ` class="${className}"` : ''}><caption>${caption}</caption>${thead}<tbody>${body}</tbody></table></div>`;
}

/** Keeps the first `max` items; returns them and a note when some were dropped. */
export function cap<T>(ctx: RenderContext, items: T[], max: number): { shown: T[]; note: string } {
  if (items.length <= max) return { shown: items, note: '' };
  return { shown: items.slice(0, max), note: `<p class="cap">${e(ctx.t.capped(max, items.length))}</p>` };
}

/** A link to an external source: only http(s) URLs become links; anything else is text. */
export function sourceLink(url: string): string {
  if (/^https?:\/\/[^\s"'<>]+$/i.test(url)) {
    let host = url;
    try {
      host = new URL(url).host;
    } catch {
      host = url;
    }
    return `<a href="${e(url)}" rel="noreferrer noopener">${e(host)}</a>`;
  }
  return e(url);
}

/** A number cell with its interval underneath, when there is one. */
export function valueCell(value: number | null, ci: readonly [number, number] | null | undefined): string {
  const interval = ci ? `<span class="ci">[${formatNumber(ci[0])}, ${formatNumber(ci[1])}]</span>` : '';
  return `${formatNumber(value)}${interval}`;
}
