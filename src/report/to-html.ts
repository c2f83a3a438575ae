import type { AuditResult } from '../audit/types.js';
import { REGIMES } from '../obligations/catalogue.js';
import { PROFILES } from '../obligations/profiles.js';
import type { Lang, ObligationsSection } from '../obligations/types.js';
import { escapeHtml as e } from './escape-html.js';
import { formatInt, formatNumber } from './format.js';
import { RenderContext, findingText, statusBadge, table, thresholdText, valueCell } from './html-parts.js';
import { metricReference } from './metric-reference.js';
import { renderData, renderRobustness, renderWarnings } from './render-data.js';
import { renderLl144 } from './render-ll144.js';
import {
  renderAif360,
  renderCurves,
  renderDisparities,
  renderGroups,
  renderPerformance,
} from './render-metrics.js';
import { renderObligations } from './render-obligations.js';
import { STYLE } from './style.js';

/** Options of {@link toHTML}. */
export interface HtmlOptions {
  lang: Lang;
  /** Base URL of the metric reference (e.g. the repository's `metrics/` folder); the glossary links to it when given. */
  metricsBaseUrl?: string | null;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const KEY_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'roc_auc',
  'selection_rate',
  'mean_absolute_error',
  'r2_score',
];
const MAX_BREACHED = 10;

function narrow(value: unknown): { section: ObligationsSection | null; invalid: boolean } {
  if (value === undefined || value === null) return { section: null, invalid: false };
  const v = value as Partial<ObligationsSection>;
  const ok =
    typeof value === 'object' &&
    Array.isArray(v.obligations) &&
    Array.isArray(v.checks) &&
    typeof v.summary === 'object' &&
    v.summary !== null &&
    typeof v.policy === 'object' &&
    v.policy !== null;
  return ok ? { section: value as ObligationsSection, invalid: false } : { section: null, invalid: true };
}

function shortHash(sha: string | null): string {
  return sha ? `<code title="sha256 ${e(sha)}">sha256 ${e(sha.slice(0, 12))}…</code>` : '';
}

function audited(ctx: RenderContext): string {
  const t = ctx.t;
  const r = ctx.result;
  const items: [string, string][] = [];
  for (const input of r.provenance.inputs) {
    if (input.role !== 'model' && input.role !== 'data' && input.role !== 'spec') continue;
    items.push([t.audited[input.role], `${e(input.path ?? '—')} ${shortHash(input.sha256)}`]);
  }
  items.push([t.audited.task, e(t.task[r.task])]);
  items.push([t.audited.rows, formatInt(r.rows)]);
  items.push([t.audited.label, `<code>${e(r.settings.label)}</code>`]);
  if (r.settings.positive !== null)
    items.push([t.audited.positive, `<code>${e(r.settings.positive)}</code>`]);
  if (r.settings.threshold !== null) items.push([t.audited.threshold, formatNumber(r.settings.threshold)]);
  items.push([
    t.audited.sensitive,
    r.settings.sensitive.length > 0
      ? r.settings.sensitive.map((s) => `<code>${e(s)}</code>`).join(', ')
      : e(t.audited.none),
  ]);
  const ob = ctx.obligations;
  if (ob?.profile) {
    const def = PROFILES.find((p) => p.id === ob.profile?.id);
    items.push([
      t.audited.profile,
      `<code>${e(ob.profile.id)}</code> — ${e(def ? def.title[ctx.lang] : ob.profile.title)}`,
    ]);
  }
  if (ob?.policy.source)
    items.push([t.audited.policy, `${e(ob.policy.source)} ${shortHash(ob.policy.sha256)}`]);
  if (ob?.attestations?.source)
    items.push([t.audited.attestations, `${e(ob.attestations.source)} ${shortHash(ob.attestations.sha256)}`]);
  items.push([t.audited.created, e(r.createdAt)]);
  items.push([t.audited.tool, `${e(r.provenance.tool)} ${e(r.provenance.version)}`]);
  return `<dl class="audited">${items.map(([k, v]) => `<div class="kv"><dt>${e(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

function keyFigures(ctx: RenderContext): string {
  const t = ctx.t;
  const items: string[] = [];
  for (const name of KEY_METRICS) {
    const m = ctx.result.metrics.find((x) => x.metric === name && x.feature === null && x.group === null);
    if (m) items.push(`<li>${ctx.metricLink(name)}: <strong>${valueCell(m.value, m.ci)}</strong></li>`);
  }
  const ir = ctx.obligations?.checks.find((c) => c.measure === 'impact_ratio');
  if (ir?.worst)
    items.push(
      `<li>${e(t.worstImpactRatio)}: ${findingText(ctx, ir.worst)} (${e(thresholdText(ir.threshold))})</li>`,
    );
  return items.length > 0 ? `<h3>${e(t.keyFigures)}</h3><ul class="figures">${items.join('')}</ul>` : '';
}

function verdict(ctx: RenderContext): string {
  const t = ctx.t;
  const ob = ctx.obligations;
  let cls = 'none';
  let line = e(t.verdictNone);
  let breachedBlock = '';
  let chips = '';
  if (ob) {
    const total = ob.obligations.length;
    const breached = ob.obligations.filter((o) => o.status === 'breached');
    cls = ob.breached ? 'breached' : 'clear';
    line =
      breached.length > 0
        ? `✗ ${e(t.verdictBreached(breached.length, total))}`
        : `✓ ${e(t.verdictClear(total))}`;
    if (ob.breached && breached.length === 0)
      line += ` — ${e(t.verdictFailOn(ob.policy.failOn.map((s) => t.status[s]).join(', ')))}`;
    chips = `<p class="chips">${(Object.keys(ob.summary) as (keyof typeof ob.summary)[])
      .filter((s) => ob.summary[s] > 0)
      .map((s) => `${statusBadge(ctx, s)} ${ob.summary[s]}`)
      .join(' ')}</p>`;
    if (breached.length > 0) {
      const items = breached.slice(0, MAX_BREACHED).map((o) => {
        const regime = REGIMES.find((r) => r.id === o.regime);
        const short = regime ? regime.short[ctx.lang] : o.regime;
        const article = o.article.split(';')[0];
        return `<li><span class="regime">${e(short)}</span> <span class="article">${e(article)}</span> ${e(ctx.dutyTitle(o.id, o.title))}</li>`;
      });
      const more =
        breached.length > MAX_BREACHED ? `<li>${e(t.andMore(breached.length - MAX_BREACHED))}</li>` : '';
      const failed = ob.checks
        .filter((c) => c.status === 'fail' && breached.some((o) => o.failedChecks.includes(c.measure)))
        .map(
          (c) =>
            `<li>${e(ctx.measureLabel(c.measure))}: ${c.worst ? `${findingText(ctx, c.worst)} ` : ''}(${e(thresholdText(c.threshold))})</li>`,
        );
      breachedBlock =
        `<h3>${e(t.breachedList)}</h3><ul class="breached">${items.join('')}${more}</ul>` +
        `<h3>${e(t.failedChecks)}</h3><ul class="figures">${failed.join('')}</ul>`;
    }
  } else if (ctx.obligationsInvalid) line = e(t.notEvaluatedShape);
  return (
    `<section id="verdict" class="verdict v-${cls}" aria-labelledby="verdict-h"><h2 id="verdict-h">${e(t.sections.verdict)}</h2>` +
    `<p class="verdict-line">${line}</p>${chips}<div class="verdict-grid"><div>${audited(ctx)}</div><div>${breachedBlock}${keyFigures(ctx)}</div></div>` +
    (ob ? `<p class="disclaimer small">${e(t.disclaimer)}</p>` : '') +
    `</section>`
  );
}

function methodology(ctx: RenderContext): string {
  const t = ctx.t;
  const s = ctx.result.settings;
  const item = (x: unknown): string => {
    if (typeof x === 'string' || typeof x === 'number') return e(x);
    const p = x as { feature?: unknown; value?: unknown };
    return `${e(String(p.feature))} = ${e(String(p.value))}`;
  };
  const show = (v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(item).join(', ');
    if (typeof v === 'boolean') return e(v ? t.yes : t.no);
    if (typeof v === 'number') return formatNumber(v);
    return `<code>${item(v)}</code>`;
  };
  const settingRows = Object.keys(t.settingNames)
    .filter((k) => k in s)
    .map((k) => [
      e(t.settingNames[k]),
      k === 'task' ? e(t.task[s.task]) : show((s as unknown as Record<string, unknown>)[k]),
    ]);
  const methods = Object.keys(ctx.result.methods)
    .sort()
    .map((k) => [`<code>${e(k)}</code>`, e(ctx.result.methods[k])]);
  const inputs = ctx.result.provenance.inputs.map((i) => [
    e(i.role),
    e(i.path ?? '—'),
    i.sha256 ? `<code class="hash">${e(i.sha256)}</code>` : '—',
    i.bytes === null ? '—' : formatInt(i.bytes),
  ]);
  const p = ctx.result.provenance;
  return (
    `<h2 id="methodology-h">${e(t.sections.methodology)}</h2>` +
    table(e(t.settingsCaption), [t.col.setting, t.col.value].map(e), settingRows) +
    (methods.length > 0 ? table(e(t.methodsCaption), [t.col.key, t.col.value].map(e), methods) : '') +
    table(e(t.inputsCaption), [t.col.role, t.col.path, 'sha256', t.col.bytes].map(e), inputs) +
    `<dl class="audited"><div class="kv"><dt>${e(t.audited.tool)}</dt><dd>${e(p.tool)} ${e(p.version)} (Node ${e(p.node)})</dd></div>` +
    `<div class="kv"><dt>${e(t.audited.seed)}</dt><dd>${formatInt(p.seed)}</dd></div>` +
    (p.command
      ? `<div class="kv"><dt>${e(t.audited.command)}</dt><dd><pre>${e(p.command)}</pre></dd></div>`
      : '') +
    `</dl><h3>${e(t.limitationsTitle)}</h3><ul>${t.limitations.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`
  );
}

/** A base for glossary links: an http(s) URL or a relative path (no other scheme, e.g. `javascript:`). */
export function isLinkBase(base: string): boolean {
  return (
    /^https?:\/\/[^\s"'<>]+$/i.test(base) || (!/^[a-z][a-z0-9+.-]*:/i.test(base) && !/[\s"'<>]/.test(base))
  );
}

function glossary(ctx: RenderContext, base: string | null): string {
  const t = ctx.t;
  const ref = metricReference();
  const names = [...ctx.usedMetrics].filter((n) => ref.has(n) && /^[a-z0-9_]+$/.test(n)).sort();
  if (names.length === 0) return '';
  const items = names.map((n) => {
    const m = ref.get(n);
    if (!m) return '';
    const file =
      base !== null && isLinkBase(base)
        ? `<a href="${e(base.replace(/\/?$/, '/') + n)}.md" rel="noreferrer noopener">${e(m.file)}</a>`
        : `<code>${e(m.file)}</code>`;
    return (
      `<div class="term" id="m-${n}"><dt>${e(m.title[ctx.lang])} <code>${e(n)}</code></dt>` +
      `<dd>${e(m.definition[ctx.lang])}<br><span class="small">${e(t.formula)}: <code>${e(m.formula)}</code> · ${e(t.range)}: ${e(m.range)} · ${e(t.reference)}: ${file}</span></dd></div>`
    );
  });
  return `<h2 id="glossary-h">${e(t.sections.glossary)}</h2><p class="small">${e(t.glossaryIntro)}</p><dl class="glossary">${items.join('')}</dl>`;
}

/**
 * Renders an audit result as one self-contained HTML page, in English or Korean. Pure: no
 * I/O besides the metric reference shipped with assay, same input → same string.
 *
 * The page has no scripts, no external fonts, styles or images, and a strict CSP meta tag
 * (`default-src 'none'; style-src 'unsafe-inline'; img-src data:`), so it opens offline and
 * makes no network request. Every string from data (group, column and file names, values,
 * attestations, robustness records) is escaped with {@link escapeHtml}. Order: the verdict
 * (what was audited, against which profile, which duties are breached and the figures behind
 * them), obligations, the NYC LL144 table (hiring profiles), overall performance, metrics by
 * group with interval whiskers, disparities against thresholds, AIF360, ROC and calibration
 * curves, data, robustness, warnings, methodology and limitations, and a metric glossary.
 * Charts are inline SVG with `role="img"`, `<title>` and `<desc>`; tables have captions and
 * `scope`d headers. Long tables and many curves are capped (a note on the page says so; the
 * JSON keeps everything), which keeps a report for thousands of groups well under 2 MB.
 * A malformed `obligations` section is not rendered and the page says so.
 *
 * @example const html = toHTML(result, { lang: 'ko' }); // '<!doctype html><html lang="ko">…'
 */
export function toHTML(result: AuditResult, options: HtmlOptions): string {
  const lang: Lang = options.lang === 'ko' ? 'ko' : 'en';
  const { section, invalid } = narrow(result.obligations);
  const ctx = new RenderContext(result, lang, section, invalid, options.metricsBaseUrl ?? null);
  const t = ctx.t;
  const sections: [keyof typeof t.sections, string][] = [
    ['obligations', renderObligations(ctx)],
    ['ll144', renderLl144(ctx)],
    ['performance', renderPerformance(ctx)],
    ['groups', renderGroups(ctx)],
    ['disparities', renderDisparities(ctx)],
    ['aif360', renderAif360(ctx)],
    ['curves', renderCurves(ctx)],
    ['data', renderData(ctx)],
    ['robustness', renderRobustness(ctx)],
    ['warnings', renderWarnings(ctx)],
    ['methodology', methodology(ctx)],
  ];
  const top = verdict(ctx);
  sections.push(['glossary', glossary(ctx, ctx.metricsBaseUrl)]);
  const present = sections.filter(([, html]) => html !== '');
  const nav = `<nav aria-label="${e(t.contents)}"><h2>${e(t.contents)}</h2><ol><li><a href="#verdict">${e(t.sections.verdict)}</a></li>${present
    .map(([id]) => `<li><a href="#${id}">${e(t.sections[id])}</a></li>`)
    .join('')}</ol></nav>`;
  const body = present
    .map(([id, html]) => `<section id="${id}" aria-labelledby="${id}-h">${html}</section>`)
    .join('\n');
  const profile = section?.profile ? ` — ${section.profile.id}` : '';
  const heading = `${t.brand} · ${t.docTitle}`;
  return (
    `<!doctype html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="assay ${e(result.provenance.version)}">\n` +
    `<title>${e(heading + profile)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<header><p class="brand">${e(t.brand)}</p><h1>${e(t.docTitle)}</h1><p class="meta">${e(result.createdAt)} · ${e(t.task[result.task])} · ${e(t.rowsUnit(formatInt(result.rows)))}${e(profile)}</p></header>\n` +
    `<main>\n${top}\n${nav}\n${body}\n</main>\n` +
    `<footer><p>${e(t.footer(result.provenance.version))}</p></footer>\n</body>\n</html>\n`
  );
}
