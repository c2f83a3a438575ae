// Opens the HTML report in Debian's Chromium (playwright-core, no bundled browser): it must
// render, log no console error, request nothing but the page itself, keep hostile names inert,
// and print to PDF. Skipped, with a message, only when /usr/bin/chromium is absent
// (install it with `apt-get install -y chromium`; CI does).
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateObligations } from '../../src/obligations/evaluate-obligations.js';
import { loadProfile } from '../../src/obligations/profiles.js';
import { toHTML } from '../../src/report/to-html.js';
import { adultResult, hostileResult, XSS } from './fixtures.js';

// The page's DOM, as far as the callbacks below use it (the project compiles without the DOM lib;
// these callbacks run in the browser, where `document` is the real one).
interface El {
  textContent: string | null;
  firstChild: El | null;
  classList: { contains(name: string): boolean };
}
declare const document: {
  title: string;
  documentElement: { lang: string };
  body: { scrollHeight: number };
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
};

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Watched {
  page: Page;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

describe.skipIf(!hasChromium)('HTML report in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-browser-'));

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(
    html: string,
    how: 'file' | 'content',
    name: string,
  ): Promise<Watched & { url: string }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const w: Watched = { page, requests: [], errors: [], dialogs: [] };
    page.on('request', (r) => w.requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') w.errors.push(m.text());
    });
    page.on('pageerror', (e) => w.errors.push(e.message));
    page.on('dialog', (d) => {
      w.dialogs.push(d.message());
      void d.dismiss();
    });
    let url = 'about:blank';
    if (how === 'file') {
      const file = path.join(dir, name);
      writeFileSync(file, html);
      url = pathToFileURL(file).href;
      await page.goto(url, { waitUntil: 'load' });
    } else {
      await page.setContent(html, { waitUntil: 'load' });
    }
    return { ...w, url };
  }

  it('renders the Adult hiring report (en, ko) offline, without errors, and prints to PDF', async () => {
    const result = adultResult();
    result.obligations = evaluateObligations(result, { profile: loadProfile('kr-aiba/hiring') });
    for (const lang of ['en', 'ko'] as const) {
      const w = await open(toHTML(result, { lang }), 'file', `adult-${lang}.html`);
      expect(w.requests).toEqual([w.url]);
      expect(w.errors).toEqual([]);
      const facts = await w.page.evaluate(() => ({
        lang: document.documentElement.lang,
        verdict: document.querySelector('#verdict .verdict-line')?.textContent ?? '',
        charts: document.querySelectorAll('svg[role="img"] > title').length,
        tables: document.querySelectorAll('table > caption').length,
        height: document.body.scrollHeight,
        ll144Rows: document.querySelectorAll('#ll144 table.ll144 tbody tr').length,
      }));
      expect(facts.lang).toBe(lang);
      expect(facts.verdict).toMatch(
        lang === 'en' ? /11 of 38 duties breached/ : /의무 38개 중 11개 기준 미달/,
      );
      expect(facts.charts).toBeGreaterThan(10);
      expect(facts.tables).toBeGreaterThan(20);
      expect(facts.ll144Rows).toBe(2 + 5 + 10 + 2 + 5 + 10);
      const shot = path.join(dir, `adult-${lang}.png`);
      await w.page.screenshot({ path: shot, fullPage: false });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      const pdf = path.join(dir, `adult-${lang}.pdf`);
      await w.page.emulateMedia({ media: 'print' });
      await w.page.pdf({ path: pdf, format: 'A4', printBackground: true });
      expect(statSync(pdf).size).toBeGreaterThan(50_000);
      expect(w.requests).toEqual([w.url]);
      await w.page.close();
    }
  });

  it('keeps HTML and script payloads in names inert: shown as text, nothing runs', async () => {
    const result = hostileResult();
    result.obligations = evaluateObligations(result, { profile: loadProfile('kr-aiba/hiring') });
    for (const how of ['file', 'content'] as const) {
      const w = await open(toHTML(result, { lang: 'en' }), how, 'hostile.html');
      await w.page.waitForTimeout(200); // give any injected handler a chance to fire
      const dom = await w.page.evaluate(() => ({
        imgs: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
        svgs: [...document.querySelectorAll('svg')].filter((s) => !s.classList.contains('chart')).length,
        rowHeaders: [...document.querySelectorAll('th[scope="row"]')].map((th) => th.textContent ?? ''),
        labels: [...document.querySelectorAll('svg text.label')].map((t) => t.firstChild?.textContent ?? ''),
        warnings: document.querySelector('#warnings td')?.textContent ?? '',
        title: document.title,
      }));
      expect(w.dialogs).toEqual([]);
      expect(w.errors).toEqual([]);
      expect(dom).toMatchObject({ imgs: 0, scripts: 0, handlers: 0, svgs: 0 });
      for (const payload of [XSS.img, XSS.script, XSS.amp]) expect(dom.rowHeaders).toContain(payload);
      expect(dom.labels).toContain(XSS.amp);
      expect(dom.warnings).toBe(`column ${XSS.script} has odd values`);
      if (how === 'file') expect(w.requests).toEqual([w.url]);
      else expect(w.requests).toEqual([]);
      await w.page.close();
    }
  });
});

describe.skipIf(hasChromium)('HTML report in Chromium', () => {
  it.skip(`skipped: ${CHROMIUM} not found (apt-get install -y chromium)`, () => undefined);
});
