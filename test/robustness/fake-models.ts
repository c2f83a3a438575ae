import type { RecordBatch } from 'apache-arrow';
import type { Model, ModelOutput } from '../../src/model/model.js';

/** Numbers of a column of a batch (null → NaN), whatever its Arrow type. */
export function numbersOf(batch: RecordBatch, name: string): Float64Array {
  const v = batch.getChild(name)!;
  const out = new Float64Array(batch.numRows);
  for (let i = 0; i < out.length; i++) {
    const x: unknown = v.get(i);
    out[i] = x === null || x === undefined ? Number.NaN : Number(x);
  }
  return out;
}

/** Text of a column of a batch (null stays null). */
export function textsOf(batch: RecordBatch, name: string): (string | null)[] {
  const v = batch.getChild(name)!;
  return Array.from({ length: batch.numRows }, (_, i) => {
    const x = v.get(i) as string | number | null | undefined;
    return x === null || x === undefined ? null : String(x);
  });
}

/** A fake classifier: a function of each row, with call accounting. */
export class FakeModel implements Model {
  readonly kind = 'binary' as const;
  readonly classes = ['0', '1'];
  readonly positive = '1';
  calls = 0;
  rows = 0;

  constructor(
    readonly inputColumns: string[],
    private readonly scoreOf: (batch: RecordBatch) => Float64Array,
    private readonly batched = true,
  ) {
    if (!batched) this.predictBatches = undefined;
  }

  predict(batch: RecordBatch): Promise<ModelOutput> {
    this.calls++;
    this.rows += batch.numRows;
    const score = this.scoreOf(batch);
    const prediction = Float64Array.from(score, (p) => (p > 0.5 ? 1 : 0));
    return Promise.resolve({ prediction, score });
  }

  predictBatches?: (batches: readonly RecordBatch[]) => Promise<ModelOutput> = async (batches) => {
    this.calls++;
    const parts = batches.map((b) => {
      this.rows += b.numRows;
      return this.scoreOf(b);
    });
    const score = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      score.set(p, at);
      at += p.length;
    }
    await Promise.resolve();
    return { prediction: Float64Array.from(score, (p) => (p > 0.5 ? 1 : 0)), score };
  };

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A model whose score is logistic in one numeric column only: σ(slope · (x − centre)). */
export function oneFeatureModel(inputs: string[], feature: string, slope = 1, centre = 0, batched = true): FakeModel {
  return new FakeModel(
    inputs,
    (batch) => Float64Array.from(numbersOf(batch, feature), (x) => 1 / (1 + Math.exp(-slope * (x - centre)))),
    batched,
  );
}
