import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../src/io/open-source.js';
import { readAll, sharedDir } from './fixtures.js';

const path = join(sharedDir, 'models/adult-logreg/predictions.csv');

describe.skipIf(!existsSync(path))('adult-logreg predictions.csv (../shared)', () => {
  it('reads all 16,281 rows with scores exact as float64', async () => {
    const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
    const header = lines[0].split(',');
    const scoreAt = header.indexOf('score');
    const sexAt = header.indexOf('sex');
    const { rows, sizes } = await readAll(await openSource(path, { columns: ['score', 'sex', 'y_true'] }));
    expect(rows).toHaveLength(16_281);
    expect(sizes).toEqual([16_281]);
    // every score is the double nearest to its decimal text (what Number() parses)
    for (let i = 0; i < rows.length; i++) {
      const fields = lines[i + 1].split(',');
      expect(rows[i].score).toBe(Number(fields[scoreAt]));
      expect(rows[i].sex).toBe(fields[sexAt]);
    }
    expect(rows[0].score).toBe(0.0024013807162706568);
    expect(new Set(rows.map((r) => r.y_true))).toEqual(new Set([0, 1]));
  });
});
