import { OBLIGATION_IDS, obligationById, REGIMES } from '../obligations/catalogue.js';
import { PROFILES } from '../obligations/profiles.js';
import type { CheckResult, ObligationResult } from '../obligations/types.js';
import { escapeHtml as e } from './escape-html.js';
import { formatInt, formatNumber } from './format.js';
import {
  CAPS,
  RenderContext,
  cap,
  checkTag,
  findingText,
  sourceLink,
  statusBadge,
  table,
  thresholdText,
} from './html-parts.js';

function evidenceCell(ctx: RenderContext, o: ObligationResult, checks: Map<string, CheckResult>): string {
  const t = ctx.t;
  const items: string[] = [];
  if (o.status === 'not_applicable' && o.notApplicableReason !== null) {
    const by = o.notApplicableBy ?? 'policy';
    let reason = o.notApplicableReason;
    if (by === 'profile' && ctx.obligations?.profile) {
      const profile = PROFILES.find((p) => p.id === ctx.obligations?.profile?.id);
      reason = profile?.notApplicable[o.id]?.[ctx.lang] ?? reason;
    } else if (by === 'auto') reason = t.reasons.no_scores;
    items.push(`<li>${e(t.notApplicableBy[by])}: ${e(reason)}</li>`);
  }
  const recorded: string[] = [];
  const missing: string[] = [];
  for (const name of o.checks) {
    const c = checks.get(name);
    const label = e(ctx.measureLabel(name));
    if (!c) {
      items.push(`<li>${label}: <span class="tag k-unavailable">${e(t.reasons.no_threshold)}</span></li>`);
      continue;
    }
    // Evidence without a threshold is summarised on one line; judged checks get a line each.
    if (c.threshold === null) {
      if (c.status === 'info') recorded.push(label);
      else missing.push(`${label} (${e(t.reasons[c.reason ?? ''] ?? c.reason ?? '')})`);
      continue;
    }
    let detail = '';
    if (c.worst) detail = ` — ${findingText(ctx, c.worst)} (${e(thresholdText(c.threshold))})`;
    else if (c.status === 'unavailable' && c.reason) detail = ` — ${e(t.reasons[c.reason] ?? c.reason)}`;
    const small =
      c.counts.insufficient > 0
        ? `<br><span class="small">${e(t.smallGroupsNotJudged(c.counts.insufficient))}</span>`
        : '';
    const name_ = o.failedChecks.includes(name) ? `<strong>${label}</strong>` : label;
    items.push(`<li>${name_}: ${checkTag(ctx, c)}${detail}${small}</li>`);
  }
  if (recorded.length > 0)
    items.push(`<li><span class="tag k-info">${e(t.checkStatus.info)}</span> ${recorded.join(', ')}</li>`);
  if (missing.length > 0)
    items.push(
      `<li><span class="tag k-unavailable">${e(t.checkStatus.unavailable)}</span> ${missing.join(', ')}</li>`,
    );
  const attestations = ctx.obligations?.attestations?.items ?? [];
  for (const id of o.attestations) {
    const a = attestations.find((x) => x.id === id);
    if (a) items.push(`<li class="attested">${e(t.attestedBy(a.id, a.by, a.date))}</li>`);
  }
  if (o.needsAttestation) items.push(`<li class="needs">${e(t.needsDeclaration)}</li>`);
  return items.length > 0 ? `<ul class="evidence">${items.join('')}</ul>` : '—';
}

function dutyCell(ctx: RenderContext, o: ObligationResult): string {
  const known = OBLIGATION_IDS.includes(o.id) ? obligationById(o.id) : null;
  const title = known ? known.title[ctx.lang] : o.title;
  const summary = known ? `<p class="small">${e(known.summary[ctx.lang])}</p>` : '';
  const caveatText = known?.caveat ? known.caveat[ctx.lang] : o.caveat;
  const caveat = caveatText
    ? `<p class="small caveat"><strong>${e(ctx.t.caveat)}:</strong> ${e(caveatText)}</p>`
    : '';
  const sources =
    o.sources.length > 0
      ? `<p class="small sources">${e(ctx.t.sources)}: ${o.sources.map(sourceLink).join(', ')}</p>`
      : '';
  return `<strong>${e(title)}</strong>${summary}${caveat}${sources}`;
}

function checksTable(ctx: RenderContext, checks: CheckResult[]): string {
  const t = ctx.t;
  const rows = checks.map((c) => [
    e(ctx.measureLabel(c.measure)) + `<br><code class="small">${e(c.measure)}</code>`,
    e(c.evidenceKind),
    e(thresholdText(c.threshold)),
    checkTag(ctx, c) +
      (c.status === 'unavailable' && c.reason
        ? `<br><span class="small">${e(t.reasons[c.reason] ?? c.reason)}</span>`
        : ''),
    c.worst ? findingText(ctx, c.worst) : '—',
    c.threshold
      ? e(t.countsText(c.counts.pass, c.counts.fail, c.counts.insufficient, c.counts.notSignificant))
      : String(c.findings.length),
  ]);
  return table(
    e(t.checksTitle),
    [t.col.measure, t.col.kind, t.col.threshold, t.col.status, t.col.worst, t.col.counts].map(e),
    rows,
  );
}

function failingTables(ctx: RenderContext, checks: CheckResult[]): string {
  const t = ctx.t;
  const out: string[] = [];
  for (const c of checks) {
    if (c.status !== 'fail') continue;
    const failing = c.findings.filter((f) => f.judgement === 'fail');
    const { shown, note } = cap(ctx, failing, CAPS.findings);
    const rows = shown.map((f) => [
      e(f.feature ?? t.overall),
      e(f.group ?? (f.minGroup !== null && f.maxGroup !== null ? t.between(f.minGroup, f.maxGroup) : '—')),
      `<strong>${formatNumber(f.value)}</strong>`,
      f.n === null ? '—' : formatInt(f.n),
      e(thresholdText(c.threshold)),
      f.excludedGroups > 0 ? e(t.groupsLeftOut(f.excludedGroups)) : '',
    ]);
    out.push(
      table(
        e(t.failingTitle(ctx.measureLabel(c.measure))),
        [t.col.feature, t.col.group, t.col.value, t.col.n, t.col.threshold, t.col.note].map(e),
        rows,
      ) + note,
    );
  }
  return out.join('');
}

function profileBlock(ctx: RenderContext): string {
  const t = ctx.t;
  const p = ctx.obligations?.profile;
  if (!p) return '';
  const def = PROFILES.find((x) => x.id === p.id);
  const title = def ? def.title[ctx.lang] : p.title;
  const desc = def ? `<p>${e(def.description[ctx.lang])}</p>` : '';
  const eu =
    p.euCounterparts.length > 0
      ? `<p><strong>${e(t.euCounterparts)}:</strong> ${p.euCounterparts
          .map((c) => {
            const label = def?.euCounterparts.find((x) => x.point === c.point)?.label[ctx.lang];
            const rel = t.relation[c.relation as 'equivalent' | 'partial' | 'none'] ?? c.relation;
            return `${e(c.point)}${label ? ` — ${e(label)}` : ''} (${e(rel)})`;
          })
          .join('; ')}</p>`
      : '';
  const conf = def?.area
    ? ` <span class="small">(${e(t.col.confidence)}: ${e(t.confidence[def.area.confidence])})</span>`
    : '';
  return `<div class="profile"><h3>${e(t.profileTitle)}: <code>${e(p.id)}</code></h3><p><strong>${e(title)}</strong>${conf}</p>${desc}${eu}</div>`;
}

function attestationsBlock(ctx: RenderContext): string {
  const t = ctx.t;
  const a = ctx.obligations?.attestations;
  if (!a) return `<h3>${e(t.attestationsTitle)}</h3><p>${e(t.noAttestations)}</p>`;
  const rows = a.items.map((x) => [
    e(x.id),
    x.covers.map((c) => `<code>${e(c)}</code>`).join('<br>'),
    e(x.statement),
    e(x.by),
    e(x.date),
    x.evidence.map(sourceLink).join('<br>') || '—',
  ]);
  const org = a.organisation ? ` (${e(a.organisation)})` : '';
  return (
    `<h3>${e(t.attestationsTitle)}${org}</h3><p class="small">${e(t.attestationsIntro)}</p>` +
    table(
      e(t.attestationsTitle),
      [t.col.id, t.col.covers, t.col.statement, t.col.by, t.col.date, t.col.documents].map(e),
      rows,
    )
  );
}

function caveatsBlock(ctx: RenderContext, regimes: Set<string>): string {
  const t = ctx.t;
  const def = PROFILES.find((x) => x.id === ctx.obligations?.profile?.id);
  const caveats = (def?.caveats ?? []).map((c) => `<li>${e(c[ctx.lang])}</li>`).join('');
  const status = REGIMES.filter((r) => regimes.has(r.id))
    .map(
      (r) =>
        `<li><strong>${e(r.name[ctx.lang])}</strong> — ${e(r.status[ctx.lang])} ${r.sources.map(sourceLink).join(', ')}</li>`,
    )
    .join('');
  return (
    (caveats ? `<h3>${e(t.caveatsTitle)}</h3><ul>${caveats}</ul>` : '') +
    (status ? `<h3>${e(t.regimesTitle)}</h3><ul class="small">${status}</ul>` : '')
  );
}

/**
 * The obligations section: the profile, one table per regime (article, duty with summary,
 * caveat and sources, status, the evidence behind it, confidence), the checks, the failing
 * figures, the declarations cited, caveats and the disclaimer. All data is escaped.
 */
export function renderObligations(ctx: RenderContext): string {
  const t = ctx.t;
  const head = `<h2 id="obligations-h">${e(t.sections.obligations)}</h2>`;
  if (ctx.obligationsInvalid) return `${head}<p>${e(t.notEvaluatedShape)}</p>`;
  const ob = ctx.obligations;
  if (!ob) return `${head}<p>${e(t.verdictNone)}</p>`;
  const checks = new Map(ob.checks.map((c) => [c.measure, c]));
  const parts: string[] = [head, `<p class="disclaimer">${e(t.disclaimer)}</p>`, profileBlock(ctx)];
  if (ob.obligations.length === 0) parts.push(`<p>${e(t.noObligations)}</p>`);
  const regimes = new Set(ob.obligations.map((o) => o.regime));
  const order = [
    ...REGIMES.map((r) => r.id as string),
    ...[...regimes].filter((r) => !REGIMES.some((x) => x.id === r)),
  ];
  for (const regime of order) {
    const list = ob.obligations.filter((o) => o.regime === regime);
    if (list.length === 0) continue;
    const def = REGIMES.find((r) => r.id === regime);
    const name = def ? def.name[ctx.lang] : regime;
    const rows = list.map((o) => [
      e(o.article),
      dutyCell(ctx, o),
      `${statusBadge(ctx, o.status)}<br><span class="small">${e(t.automatable[o.automatable])}</span>`,
      evidenceCell(ctx, o, checks),
      e(t.confidence[o.confidence]),
    ]);
    parts.push(
      table(
        e(name),
        [t.col.article, t.col.duty, t.col.status, t.col.evidence, t.col.confidence].map(e),
        rows,
        'duties',
      ),
    );
  }
  parts.push(`<h3>${e(t.checksTitle)}</h3><p class="small">${e(t.checksIntro)}</p>`);
  parts.push(checksTable(ctx, ob.checks));
  parts.push(failingTables(ctx, ob.checks));
  parts.push(attestationsBlock(ctx));
  parts.push(caveatsBlock(ctx, regimes));
  return parts.join('');
}
