import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import {
  htmlPathFor,
  registerReport,
  runReport,
  type ReportCommandOptions,
} from '../../src/cli/commands/report.js';
import { registerSchema } from '../../src/cli/commands/schema.js';
import { AuditError } from '../../src/core/errors.js';
import { evaluateObligations } from '../../src/obligations/evaluate-obligations.js';
import { loadProfile } from '../../src/obligations/profiles.js';
import { toJSON } from '../../src/report/to-json.js';
import { reportSchemaText } from '../../src/report/validate-report.js';
import { isLinkBase } from '../../src/report/to-html.js';
import { adultResult, hostileResult } from './fixtures.js';

function program(): Command {
  const p = new Command().exitOverride();
  p.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerSchema(p);
  registerReport(p);
  return p;
}

/** Parses argv with the report command's action replaced by a spy: argv → options, nothing run. */
async function parsedReport(argv: string[]): Promise<[string, ReportCommandOptions]> {
  const p = program();
  const spy = vi.fn();
  p.commands.find((c) => c.name() === 'report')?.action(spy);
  await p.parseAsync(['node', 'assay', ...argv]);
  return spy.mock.calls[0] as [string, ReportCommandOptions];
}

describe('assay report: argv → options', () => {
  it.each([
    [['report', 'a.json'], 'a.json', { lang: 'en' }],
    [['report', 'out/audit.json', '--lang', 'ko'], 'out/audit.json', { lang: 'ko' }],
    [
      ['report', 'a.json', '--out', 'x.html', '--metrics-url', 'https://example.org/metrics/'],
      'a.json',
      { lang: 'en', out: 'x.html', metricsUrl: 'https://example.org/metrics/' },
    ],
  ])('%j', async (argv, file, options) => {
    const [f, o] = await parsedReport(argv);
    expect(f).toBe(file);
    expect(o).toEqual(options);
  });

  it('rejects an unknown language and a missing file argument', async () => {
    await expect(parsedReport(['report', 'a.json', '--lang', 'fr'])).rejects.toThrow(
      /Allowed choices are en, ko/,
    );
    await expect(parsedReport(['report'])).rejects.toThrow(/missing required argument/);
  });

  it('puts the HTML next to the JSON by default', () => {
    expect(htmlPathFor('out/audit.json', undefined)).toBe('out/audit.html');
    expect(htmlPathFor('out/audit.JSON', undefined)).toBe('out/audit.html');
    expect(htmlPathFor('out/audit', undefined)).toBe('out/audit.html');
    expect(htmlPathFor('a.json', 'b.html')).toBe('b.html');
  });
});

describe('assay report: re-rendering from JSON', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-report-cli-'));

  it('validates, renders and writes the HTML without recomputing', async () => {
    const r = adultResult();
    r.obligations = evaluateObligations(r, { profile: loadProfile('kr-aiba/hiring') });
    const json = path.join(dir, 'audit.json');
    writeFileSync(json, toJSON(r));
    const out = await runReport(json, { lang: 'ko' });
    expect(out).toBe(path.join(dir, 'audit.html'));
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>\n<html lang="ko">')).toBe(true);
    expect(html.includes('의무 38개 중 11개 기준 미달')).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]); // the atomic writer left no temporary file
  });

  it.each([
    ['missing.json', null, /^cannot read audit report .*missing\.json: no such file$/],
    ['broken.json', '{"schemaVersion": "1.0.0",', /^invalid json in .*broken\.json: /],
    [
      'other.json',
      '{"hello": "world"}',
      /^invalid audit report .*other\.json: \(root\): missing property schemaVersion \(and 14 more\)$/,
    ],
  ])('fails with one line for %s', async (name, content, pattern) => {
    const file = path.join(dir, name);
    if (content !== null) writeFileSync(file, content);
    const error = await runReport(file, { lang: 'en' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain('\n');
    expect(existsSync(file.replace(/\.json$/, '.html'))).toBe(false);
  });

  it('links the glossary only to an http(s) or relative --metrics-url', async () => {
    const file = path.join(dir, 'links.json');
    writeFileSync(file, toJSON(adultResult()));
    const html = readFileSync(
      await runReport(file, { lang: 'en', metricsUrl: 'https://example.org/metrics' }),
      'utf8',
    );
    expect(html).toContain('<a href="https://example.org/metrics/accuracy.md"');
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'JavaScript:void(0)']) {
      await expect(runReport(file, { lang: 'en', metricsUrl: url })).rejects.toThrow(
        `invalid --metrics-url: ${url} (expected an http(s) URL or a relative path)`,
      );
    }
    expect(isLinkBase('../metrics/')).toBe(true);
  });

  it('refuses to overwrite its input', async () => {
    const file = path.join(dir, 'same.json');
    writeFileSync(file, toJSON(hostileResult()));
    await expect(runReport(file, { lang: 'en', out: file })).rejects.toThrow(
      /refusing to overwrite the input/,
    );
  });
});

describe('assay schema', () => {
  it('prints the schema, or writes it with --out', async () => {
    const chunks: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      chunks.push(String(c));
      return true;
    });
    try {
      await program().parseAsync(['node', 'assay', 'schema']);
    } finally {
      write.mockRestore();
    }
    expect(chunks.join('')).toBe(reportSchemaText());
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'assay-schema-')), 'schema.json');
    await program().parseAsync(['node', 'assay', 'schema', '--out', out]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(reportSchemaText()));
  });
});
