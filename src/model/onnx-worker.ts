// The thread of a model's session (see `threadSession` in onnx-session.ts): it makes the
// session, runs it on the batches it receives and sends the outputs back.
import { parentPort } from 'node:worker_threads';
import { oneLine } from '../core/errors.js';
import { localSession } from './onnx.js';
import {
  buffersOf,
  type ModelSession,
  type SessionReply,
  type SessionRequest,
  type WireTensor,
} from './onnx-session.js';

let session: ModelSession | null = null;

async function answer(request: SessionRequest): Promise<{ reply: SessionReply; transfer: ArrayBuffer[] }> {
  switch (request.type) {
    case 'create': {
      session = await localSession(request.source);
      return {
        reply: {
          id: request.id,
          type: 'created',
          inputMetadata: [...session.inputMetadata],
          outputMetadata: [...session.outputMetadata],
        },
        transfer: [],
      };
    }
    case 'run': {
      if (session === null) throw new Error('no session');
      const results = (await session.run(request.feeds, request.fetches)) as Record<string, WireTensor>;
      return { reply: { id: request.id, type: 'ran', results }, transfer: buffersOf(Object.values(results)) };
    }
    case 'release': {
      await session?.release();
      session = null;
      return { reply: { id: request.id, type: 'released' }, transfer: [] };
    }
  }
}

parentPort!.on('message', (request: SessionRequest) => {
  answer(request).then(
    ({ reply, transfer }) => {
      try {
        parentPort!.postMessage(reply, transfer);
      } catch {
        parentPort!.postMessage(reply); // buffers that cannot move are copied
      }
    },
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        type: 'error',
        message: oneLine(error),
      } satisfies SessionReply),
  );
});
