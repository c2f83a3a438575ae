import type { OnnxInspection } from './onnx-model.js';

function table(rows: string[][], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    (
      indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')
    ).trimEnd(),
  );
}

/**
 * The text `assay inspect` prints for a model: file, producer, opsets and domains, metadata,
 * operators, inputs and outputs with types and shapes, ZipMap outputs, whether onnxruntime-node
 * loads the model and how assay reads its outputs, and (with data) which columns feed which
 * inputs, with the conversion or the problem. Pure: returns the text, ending with a newline.
 *
 * Degenerate cases: empty metadata prints `(none)`; no data prints no mapping section.
 * @example process.stdout.write(formatInspection(await inspectOnnxModel('model.onnx')))
 */
export function formatInspection(info: OnnxInspection, dataName?: string): string {
  const lines: string[] = [];
  const field = (name: string, value: string) => lines.push(`${name.padEnd(13)}${value}`);
  field('model', `${info.file} (${info.bytes.toLocaleString('en-US')} bytes, sha256 ${info.sha256})`);
  const producer =
    [info.producer.name, info.producer.version].filter((s) => s !== '').join(' ') || '(unknown)';
  field(
    'producer',
    `${producer}; ir_version ${info.irVersion}, model_version ${info.modelVersion}${info.domain ? `, domain ${info.domain}` : ''}`,
  );
  if (info.graphName) field('graph', info.graphName);
  field('opsets', info.opsets.map((o) => `${o.domain} ${o.version}`).join(', ') || '(none)');
  const meta = Object.entries(info.metadata);
  field(
    'metadata',
    meta.length === 0 ? '(none)' : meta.map(([k, v]) => `${k}: ${v.replace(/\s*\n\s*/g, ' ')}`).join('; '),
  );
  if (info.docString) field('doc', info.docString.replace(/\s*\n\s*/g, ' '));
  const domains = [...new Set(info.operators.map((o) => o.domain))];
  field(
    'operators',
    domains
      .map(
        (d) =>
          `${d}: ${info.operators
            .filter((o) => o.domain === d)
            .map((o) => (o.count > 1 ? `${o.opType} ×${o.count}` : o.opType))
            .join(', ')}`,
      )
      .join('; ') || '(none)',
  );
  field('initializers', `${info.initializers}${info.externalData ? ' (some stored in external files)' : ''}`);

  lines.push('', 'inputs');
  lines.push(...table(info.inputs.map((v) => [v.name, v.type, v.shape])));
  lines.push('', 'outputs');
  lines.push(...table(info.outputs.map((v) => [v.name, v.type, v.shape])));
  for (const z of info.zipMaps)
    lines.push(
      `  ${z.output} is a ZipMap; assay reads ${z.tensor} [N, ${z.classes.length}] instead (classes ${z.classes.join(', ')})`,
    );

  lines.push('');
  const r = info.runtime;
  if (!r.loads) {
    field('onnxruntime', `does not load: ${r.error ?? 'unknown error'}`);
  } else if (r.kind === null) {
    field('onnxruntime', `loads; outputs not usable: ${r.error ?? 'unknown error'}`);
  } else {
    const what =
      r.kind === 'regression' ? 'regressor' : `${r.kind === 'binary' ? 'binary' : 'multi-class'} classifier`;
    const classes = r.classes ? `, classes ${r.classes.join(', ')}` : '';
    const positive =
      r.kind === 'regression'
        ? ''
        : r.positive !== null
          ? `, positive class ${r.positive}`
          : ', no positive class (no score)';
    const from =
      r.kind === 'regression'
        ? `; value from ${r.scoreOutput}`
        : `; label from ${r.labelOutput ?? 'the most probable class'}, score from ${r.scoreOutput ?? '(none)'}`;
    field('onnxruntime', `loads; ${what}${classes}${positive}${from}`);
  }

  if (info.mapping) {
    lines.push('', `columns → inputs${dataName ? ` (${dataName})` : ''}`);
    const via = { name: 'same name', 'sanitised-name': 'sanitised name', 'input-map': 'input map' } as const;
    lines.push(
      ...table(
        info.mapping.map((m) => {
          if (m.error !== null) return [m.input, '✗', m.error];
          return [
            m.input,
            '←',
            `${m.columns!.join(', ')} (${m.via ? via[m.via] : ''}; ${[...new Set(m.conversions)].join('; ')})`,
          ];
        }),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
