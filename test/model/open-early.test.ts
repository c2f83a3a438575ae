// Models opened ahead of need (the command line does it as soon as it has read its options):
// the audit that asks for the same model with the same options takes the open session over,
// failures included; what no audit took is released.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as sessions from '../../src/model/model-session.js';
import { openOnnxModel, openOnnxModelEarly, releaseEarlyModels } from '../../src/model/open-model.js';
import { sharedRoot } from './helpers.js';
import * as M from './models.js';

const adult = path.join(sharedRoot, 'models/adult-logreg/model.onnx');

describe('openOnnxModelEarly', () => {
  it('hands its session to the next open of the same path and options, once', async () => {
    const spy = vi.spyOn(sessions, 'openWorkerSession');
    try {
      openOnnxModelEarly(adult, { inferenceThreads: 1 });
      openOnnxModelEarly(adult, { inferenceThreads: 1 }); // already under way: not opened twice
      expect(spy).not.toHaveBeenCalled(); // the file is read first
      // the same file by another spelling of its path is the same model
      const taken = await openOnnxModel(path.relative(process.cwd(), adult), { inferenceThreads: 1 });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(taken.session.inputs.map((i) => i.name)).toContain('age');
      // taken: the next open opens anew
      const again = await openOnnxModel(adult, { inferenceThreads: 1 });
      expect(spy).toHaveBeenCalledTimes(2);
      expect(again.session).not.toBe(taken.session);
      await Promise.all([taken.session.release(), again.session.release()]);
    } finally {
      spy.mockRestore();
    }
  });

  it('is not taken by an open with other options, and is released by releaseEarlyModels', async () => {
    const original = sessions.openWorkerSession;
    const opened: { release: () => Promise<void> }[] = [];
    const spy = vi.spyOn(sessions, 'openWorkerSession').mockImplementation(async (...args) => {
      const session = await original(...args);
      opened.push(session);
      return session;
    });
    try {
      openOnnxModelEarly(adult, { inferenceThreads: 1, intraOpThreads: 1 });
      const other = await openOnnxModel(adult, { inferenceThreads: 0 });
      await other.session.release();
      await vi.waitFor(() => expect(opened).toHaveLength(1));
      const release = vi.spyOn(opened[0], 'release');
      await releaseEarlyModels();
      expect(release).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    // nothing is left to take: the next open with those options opens anew, and works
    const fresh = await openOnnxModel(adult, { inferenceThreads: 1, intraOpThreads: 1 });
    expect(fresh.session.outputs.length).toBeGreaterThan(0);
    await fresh.session.release();
  });

  it('passes its failure to the open that takes it, with the file named', async () => {
    const file = M.tempModel('early-bad-op.onnx', M.unknownOperator());
    openOnnxModelEarly(file, { inferenceThreads: 1 });
    await expect(openOnnxModel(file, { inferenceThreads: 1 })).rejects.toThrow(/^cannot load onnx model: .*early-bad-op\.onnx \(/);
    openOnnxModelEarly(path.join(sharedRoot, 'no-such-model.onnx'));
    await expect(openOnnxModel(path.join(sharedRoot, 'no-such-model.onnx'))).rejects.toThrow(/^cannot read model: .*no-such-model\.onnx \(no such file\)/);
    // a failure nobody took is dropped quietly
    openOnnxModelEarly(file, { inferenceThreads: 1 });
    await expect(releaseEarlyModels()).resolves.toBeUndefined();
  });
});
