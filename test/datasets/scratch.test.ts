import { it } from 'vitest';
import { resolveDataset } from '../../src/datasets/resolve-dataset.js';
import { loadCatalogue } from '../../src/datasets/catalogue.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
it('scratch', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'assay-ds-'));
  for (const card of loadCatalogue().values()) {
    for (const v of Object.keys(card.variants)) {
      for (const filters of [true, false]) {
        const t0 = Date.now();
        const r = await resolveDataset(`${card.id}:${v}`, { mirror: '/work/shared/datasets', cacheDir, filters });
        let n = 0;
        let first: unknown;
        for await (const b of r.source.batches()) { if (n === 0) first = b.get(0)?.toJSON(); n += b.numRows; }
        await r.source.close();
        console.log(card.id, v, filters, n, Date.now() - t0, 'ms', r.source.schema.fields.map((f) => `${f.name}:${f.type}`).slice(0, 6).join(' '), JSON.stringify(first).slice(0, 200));
      }
    }
  }
});
