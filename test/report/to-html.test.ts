import { describe, expect, it } from 'vitest';
import { evaluateObligations } from '../../src/obligations/evaluate-obligations.js';
import { loadProfile } from '../../src/obligations/profiles.js';
import { escapeHtml } from '../../src/report/escape-html.js';
import { messages, type Messages } from '../../src/report/i18n.js';
import { toHTML } from '../../src/report/to-html.js';
import { adultResult, hostileResult, manyGroupsResult, regressionResult, XSS } from './fixtures.js';

const HANGUL = /[\uac00-\ud7a3]/;
const adult = adultResult();
adult.obligations = evaluateObligations(adult, { profile: loadProfile('kr-aiba/hiring') });
const en = toHTML(adult, { lang: 'en' });
const ko = toHTML(adult, { lang: 'ko' });

// Assertions on whole pages report the needle only (a failure must not print the page).
const expectIn = (page: string, needle: string) =>
  expect(page.includes(needle), `page should contain ${needle}`).toBe(true);
const expectNotIn = (page: string, needle: string) =>
  expect(page.includes(needle), `page should not contain ${needle}`).toBe(false);
const expectMatch = (page: string, re: RegExp) => expect(re.test(page), `page should match ${re}`).toBe(true);
const expectNoMatch = (page: string, re: RegExp) =>
  expect(re.exec(page)?.[0] ?? null, `page should not match ${re}`).toBeNull();

/** Every string leaf of the messages (functions called with sample arguments). */
function leaves(m: unknown, path = ''): [string, string][] {
  if (typeof m === 'string') return [[path, m]];
  if (typeof m === 'function') {
    const f = m as (...a: unknown[]) => string;
    return [
      [
        path,
        String(
          f.length === 4
            ? f(1, 2, 3, 4)
            : f.length === 3
              ? f('selection', 'X', 'Y')
              : f.length === 2
                ? f(3, 7)
                : f('X'),
        ),
      ],
    ];
  }
  if (Array.isArray(m)) return m.flatMap((x, i) => leaves(x, `${path}[${i}]`));
  if (m && typeof m === 'object')
    return Object.entries(m).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [];
}

describe('toHTML', () => {
  it('is one self-contained page: strict CSP, no script, no external resource', () => {
    for (const html of [en, ko]) {
      expect(html.startsWith('<!doctype html>\n<html lang=')).toBe(true);
      expectIn(
        html,
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
      );
      expectNoMatch(html, /<script/i);
      expectNoMatch(html, /<(link|img|iframe|object|embed)\b/i);
      expectNoMatch(html, /\bsrc=/i);
      expectNoMatch(html, /@import|url\(/i);
      // The only attribute URLs are in-page anchors and links to sources (navigation, not loads).
      for (const [, url] of html.matchAll(/href="([^"]*)"/g)) expect(url).toMatch(/^(#|https?:\/\/)/);
    }
    expectIn(en, '<html lang="en">');
    expectIn(ko, '<html lang="ko">');
  });

  it('is pure and deterministic', () => {
    expect(toHTML(adult, { lang: 'en' })).toBe(en);
  });

  it('opens with the verdict: what was audited, the profile, the breached duties', () => {
    const verdict = en.slice(
      en.indexOf('<section id="verdict"'),
      en.indexOf('</section>', en.indexOf('<section id="verdict"')),
    );
    expectIn(verdict, 'of 38 duties breached');
    expectIn(verdict, 'kr-aiba/hiring');
    expectIn(verdict, 'predictions.csv');
    expectIn(verdict, 'Art 34(1)1');
    expectIn(verdict, 'Set up and run a risk-management plan');
    expectMatch(
      verdict,
      /Impact ratio: <strong>0\.049<\/strong> for sex &amp; race = Female &amp; Amer-Indian-Eskimo \(≥ 0\.800\)/,
    );
    expect(en.indexOf('id="verdict"')).toBeLessThan(en.indexOf('id="obligations"'));
  });

  it('has every section, with the LL144 table, charts and the glossary', () => {
    for (const id of [
      'obligations',
      'll144',
      'performance',
      'groups',
      'disparities',
      'aif360',
      'curves',
      'data',
      'robustness',
      'warnings',
      'methodology',
      'glossary',
    ]) {
      expectIn(en, `<section id="${id}" aria-labelledby="${id}-h">`);
    }
    expectIn(en, 'Selection rates by sex × race/ethnicity (sex &amp; race)');
    expectIn(en, 'excluded: under the 2% share');
    expectIn(en, 'Rows left out because their category is unknown: 0.');
    expectIn(en, 'Median score of the full sample: 0.101.');
    expectIn(en, '<a href="#m-selection_rate">Selection rate</a>');
    expectIn(en, '<div class="term" id="m-selection_rate">');
    expectIn(en, 'Research summary, not legal advice.');
  });

  it('is accessible: captions, scoped headers, labelled charts', () => {
    const tables = en.match(/<table\b/g)?.length ?? 0;
    expect(tables).toBeGreaterThan(10);
    expect(en.match(/<caption>/g)?.length).toBe(tables);
    expectNoMatch(en, /<th>/); // every header cell has a scope
    const svgs = en.match(/<svg\b[^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(10);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      const [, ids] = /aria-labelledby="([^"]+)"/.exec(svg) ?? [];
      for (const id of ids.split(' ')) expectIn(en, `id="${id}"`);
    }
    const ids = [...en.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expectIn(en, '@media print');
  });

  it('translates every fixed string into Korean', () => {
    const enLeaves = leaves(messages('en'));
    const koLeaves = new Map(leaves(messages('ko')));
    expect([...koLeaves.keys()].sort()).toEqual(enLeaves.map(([k]) => k).sort());
    const same = new Set(['brand', 'lang', 'audited.tool', 'col.pValue', 'col.id', 'forGroup', 'forFeature']); // names, or only punctuation around data
    for (const [key, text] of enLeaves) {
      if (same.has(key)) continue;
      expect(koLeaves.get(key), key).toMatch(HANGUL);
      // …and no English fixed string leaks into the Korean page.
      if (text.length >= 12 && !/[()]/.test(text)) expect(ko.includes(escapeHtml(text)), key).toBe(false);
    }
    expectIn(ko, '판정 요약');
    expectIn(ko, '위험관리방안의 수립·운영');
  });

  it('escapes data everywhere: payloads in group, column, path and robustness names stay text', () => {
    const r = hostileResult();
    r.obligations = evaluateObligations(r, { profile: loadProfile('kr-aiba/hiring') });
    for (const lang of ['en', 'ko'] as const) {
      const html = toHTML(r, { lang });
      expectNotIn(html, XSS.img);
      expectNotIn(html, '<script');
      expectNoMatch(html, /<svg onload/i);
      expectNotIn(html, 'Tom &amp; Jerry');
      expectIn(html, escapeHtml(XSS.img));
      expectIn(html, 'Tom &amp;amp; Jerry &amp; co');
      expectIn(html, escapeHtml(XSS.script));
    }
  });

  it('renders a regression result with no groups, curves, profile or robustness', () => {
    const html = toHTML(regressionResult(), { lang: 'en' });
    expectIn(html, 'No profile or policy was applied');
    expectIn(html, 'No per-group metrics (no sensitive features were given).');
    expectIn(html, 'No ROC or calibration curves');
    expectIn(html, 'The robustness stage did not run for this audit.');
    expectNotIn(html, 'id="ll144"');
  });

  it('says when the obligations section is malformed instead of failing', () => {
    const r = { ...regressionResult(), obligations: { nonsense: true } };
    expect(toHTML(r, { lang: 'en' })).toContain(
      'The obligations section of this report is not in the expected shape',
    );
  });

  it('stays under 2 MB for thousands of groups, and says what it capped', () => {
    const big = manyGroupsResult(5000);
    big.obligations = evaluateObligations(big, { profile: loadProfile('kr-aiba/hiring') });
    const html = toHTML(big, { lang: 'ko' });
    expect(Buffer.byteLength(html)).toBeLessThan(2_000_000);
    // (booleans, not toContain: a failure must not print a 2 MB page)
    expect(html.includes(escapeHtml(messages('ko').capped(50, 5000)))).toBe(true);
    expect(html.includes(escapeHtml(messages('ko').cappedSeries(8, 5000)))).toBe(true);
    expect(html.includes(escapeHtml(messages('ko').cappedFeatures(24, 2000)))).toBe(true);
  });
});

describe('messages', () => {
  it('has the same keys in both languages', () => {
    const keys = (m: Messages) =>
      leaves(m)
        .map(([k]) => k)
        .sort();
    expect(keys(messages('ko'))).toEqual(keys(messages('en')));
  });
});
