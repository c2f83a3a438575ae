import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('native dependency boundary', () => {
  it('only src/model/onnx.ts imports onnxruntime-node', () => {
    const importers = sources(path.join(repoRoot, 'src'))
      .filter((f) =>
        /from\s+['"]onnxruntime-node['"]|import\(\s*['"]onnxruntime-node['"]\s*\)|require\(\s*['"]onnxruntime-node['"]/.test(
          readFileSync(f, 'utf8'),
        ),
      )
      .map((f) => path.relative(repoRoot, f));
    expect(importers).toEqual(['src/model/onnx.ts']);
  });
});
