import type { DatasetCard, DatasetVariant } from './dataset-card.js';
import { textTable } from './list-datasets.js';

const n = (x: number): string => x.toLocaleString('en-US');
const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');

function formatVariant(card: DatasetCard, name: string, v: DatasetVariant): string[] {
  const isDefault = name === card.defaultVariant;
  const refs = [
    isDefault ? card.id : `${card.id}:${name}`,
    ...(isDefault ? Object.keys(v.splits ?? {}).map((s) => `${card.id}:${s}`) : []),
  ];
  const out = [`variant ${name}${isDefault ? ' (default)' : ''}: ${v.title}`];
  out.push(`  address as: ${refs.join(', ')}`);
  out.push(`  task: ${v.task}`);
  const label = v.label;
  out.push(
    `  label: ${label.column}` +
      (label.favourable !== undefined ? `, favourable outcome ${label.favourable}` : '') +
      (label.values ? ` (values ${label.values.join(', ')})` : ''),
  );
  out.push('  protected attributes:');
  for (const p of v.protected) {
    const privileged =
      p.privileged.length > 0 ? `privileged ${p.privileged.join(', ')}` : 'no conventional privileged group';
    const unprivileged = p.unprivileged
      ? `unprivileged ${p.unprivileged.join(', ')}`
      : p.privileged.length > 0
        ? 'unprivileged: all other values'
        : '';
    out.push(
      `    - ${p.feature}: ${[privileged, unprivileged].filter(Boolean).join('; ')}${p.source ? ` [${p.source}]` : ''}`,
    );
    if (p.note) out.push(`      ${p.note}`);
  }
  out.push(`  rows: ${n(v.rows.raw)} as read, ${n(v.rows.standard)} after the standard preprocessing`);
  for (const [s, split] of Object.entries(v.splits ?? {})) {
    out.push(
      `    split ${s}: ${n(split.rows.raw)} as read, ${n(split.rows.standard)} after preprocessing (${split.description})`,
    );
  }
  out.push(
    `  files read: ${v.tables.map((t) => t.file + (t.split ? ` (${t.split})` : '') + (t.skip ? ` skipping ${t.skip} line${t.skip > 1 ? 's' : ''}` : '')).join(', ')}`,
  );
  const f = v.format;
  out.push(
    `  format: delimiter ${JSON.stringify(f.delimiter)}, ${f.header ? 'header row' : 'no header row'}, quote ${JSON.stringify(f.quote)}, ` +
      `${f.lineEnding.toUpperCase()} line endings, missing values: empty${f.missing.map((m) => `, ${JSON.stringify(m)}`).join('')}`,
  );
  for (const note of f.notes ?? []) out.push(`    - ${note}`);
  out.push(v.filters.length === 0 ? '  standard filters: none' : '  standard filters:');
  for (const filter of v.filters) {
    const rule =
      filter.sql ??
      `no missing value in ${filter.complete === '*' ? 'any column' : (filter.complete ?? []).join(', ')}`;
    out.push(`    - ${rule}: ${filter.description}${filter.source ? ` [${filter.source}]` : ''}`);
  }
  if (v.derived.length > 0) out.push('  derived columns:');
  for (const d of v.derived)
    out.push(
      `    - ${d.name} (${d.type}) = ${d.sql}`,
      `      ${d.description}${d.source ? ` [${d.source}]` : ''}`,
    );
  out.push(
    `  columns (${v.columns.filter((c) => !c.drop).length} streamed${v.derived.length > 0 ? ` + ${v.derived.length} derived` : ''}):`,
  );
  const rows = v.columns.map((c) => {
    let description = c.description ?? '';
    if (c.header !== undefined) description = `[header ${JSON.stringify(c.header)}] ${description}`;
    if (c.drop) description = `[not streamed] ${description}`;
    if (c.codes)
      description += ` (codes: ${Object.entries(c.codes)
        .map(([k, m]) => `${k} = ${m}`)
        .join('; ')})`;
    return [c.name, c.type, description.trim()];
  });
  out.push(indent(textTable(['name', 'type', 'description'], rows).trimEnd(), '    '));
  for (const note of v.notes ?? []) out.push(`  note: ${note}`);
  return out;
}

/**
 * The whole card in human form (`assay datasets info`): provenance, licence and citation,
 * files with sizes, digests and download sources, then each variant (or only `variant`):
 * label, protected attributes, row counts, parse options, filters, derived columns, columns.
 *
 * @example formatCard(loadCatalogue().get('adult')!) // 'adult — UCI Adult (Census Income)\n…'
 */
export function formatCard(card: DatasetCard, variant?: string): string {
  const out = [`${card.id} — ${card.title}`, card.summary, ''];
  out.push(`publisher: ${card.publisher}`, `homepage: ${card.homepage}`);
  if (card.doi) out.push(`doi: https://doi.org/${card.doi}`);
  const l = card.licence;
  out.push(
    `licence: ${l.spdx ?? 'not stated'}${l.spdx ? ` (${l.name})` : ''}${l.url ? ` ${l.url}` : ''} — ` +
      (l.redistributable ? 'may be redistributed with attribution' : 'keep cached only, never package it'),
  );
  out.push(`  ${l.note}`, `citation: ${card.citation}`);
  if (card.references?.length) out.push('references:', ...card.references.map((r) => `  - ${r}`));
  out.push('files:');
  for (const f of card.files) {
    out.push(`  ${f.name} (${f.role}, ${n(f.bytes)} bytes) sha256 ${f.sha256}`);
    for (const s of f.sources) out.push(`    from ${s.url}${s.member ? ` → ${s.member.join(' → ')}` : ''}`);
    if (f.note) out.push(`    note: ${f.note}`);
  }
  for (const [name, v] of Object.entries(card.variants)) {
    if (variant !== undefined && name !== variant) continue;
    out.push('', ...formatVariant(card, name, v));
  }
  return out.join('\n') + '\n';
}
