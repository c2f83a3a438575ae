// Input buffers handed back by the inference threads are filled again for later batches: only
// buffers of the exact size are reused, within a bound, and the results do not change.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyModel } from '../../src/model/apply-model.js';
import * as buffers from '../../src/model/input-buffers.js';
import { dropInputBuffers, giveInputBuffers, inputBuffer } from '../../src/model/input-buffers.js';
import { loadOnnxModel } from '../../src/model/onnx-model.js';
import { collect, readCsvTable, sharedRoot, stream, inBatches } from './helpers.js';

afterEach(() => dropInputBuffers());

describe('input buffers', () => {
  it('gives back a kept buffer of the exact size once, else a new zeroed one', () => {
    const kept = new ArrayBuffer(64);
    new Uint8Array(kept).fill(7);
    giveInputBuffers([kept, new ArrayBuffer(0)]);
    expect(inputBuffer(32)).not.toBe(kept);
    const again = inputBuffer(64);
    expect(again).toBe(kept);
    expect(new Uint8Array(again)[0]).toBe(7); // old contents remain: the fill overwrites them
    const fresh = inputBuffer(64);
    expect(fresh).not.toBe(kept);
    expect(new Uint8Array(fresh).every((b) => b === 0)).toBe(true);
  });

  it('keeps at most 64 MiB, and nothing after dropInputBuffers', () => {
    const big = Array.from({ length: 5 }, () => new ArrayBuffer(16 * 2 ** 20));
    giveInputBuffers(big);
    const back = Array.from({ length: 5 }, () => inputBuffer(16 * 2 ** 20));
    expect(back.filter((b) => big.includes(b))).toHaveLength(4);
    giveInputBuffers([new ArrayBuffer(8)]);
    dropInputBuffers();
    expect(inputBuffer(8).byteLength).toBe(8);
  });

  it('are handed back by the inference threads and refilled, with the results of a run in this thread', async () => {
    const file = path.join(sharedRoot, 'models/adult-logreg/model.onnx');
    const data = readCsvTable(path.join(sharedRoot, 'models/adult-logreg/predictions.csv'));
    const given = vi.spyOn(buffers, 'giveInputBuffers');
    const taken = vi.spyOn(buffers, 'inputBuffer');
    const run = async (inferenceThreads: number): Promise<number[]> => {
      const model = await loadOnnxModel(file, { columns: data.schema, inferenceThreads });
      try {
        const out = await collect(applyModel(model, stream(inBatches(data, 1000)), { batchSize: 500 }));
        return out.flatMap((b) => [...(b.getChild('__score')?.toArray() ?? [])] as number[]);
      } finally {
        await model.close();
      }
    };
    try {
      const threaded = await run(2);
      // every run gave its inputs back: one buffer per input (text as codes) and run
      const runs = Math.ceil(data.numRows / 500);
      const back = given.mock.calls.flatMap(([b]) => b);
      expect(given.mock.calls.length).toBe(runs);
      expect(back.length).toBe(runs * 14);
      // and later batches were filled into them
      const refilled = taken.mock.results.filter((r) => back.includes(r.value as ArrayBuffer));
      expect(refilled.length).toBeGreaterThan(runs * 14 * 0.5);
      expect(await run(0)).toEqual(threaded);
    } finally {
      given.mockRestore();
      taken.mockRestore();
    }
  });
});
