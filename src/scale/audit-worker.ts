// Worker thread of `auditStateParallel`: a ChunkRunner fed by the main thread's messages. The
// worker may start before the audit is planned (see `worker-pool.ts`): its first message is
// the setup.
import { parentPort } from 'node:worker_threads';
import { ChunkRunner } from './chunk-runner.js';
import type { WorkerRequest } from './worker-protocol.js';

const port = parentPort!;
let runner: ChunkRunner | null = null;
port.on('message', (request: WorkerRequest) => {
  if (request.type === 'setup') {
    runner = new ChunkRunner(
      request.setup,
      (reply, transfer) => port.postMessage(reply, transfer),
      () => port.close(),
    );
    return;
  }
  if (runner === null) {
    if (request.type === 'stop') port.close();
    return;
  }
  runner.handle(request);
});
