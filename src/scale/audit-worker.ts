// Worker thread of `auditStateParallel`: a ChunkRunner fed by the main thread's messages.
import { parentPort, workerData } from 'node:worker_threads';
import { ChunkRunner } from './chunk-runner.js';
import type { WorkerRequest, WorkerSetup } from './worker-protocol.js';

const port = parentPort!;
const runner = new ChunkRunner(
  workerData as WorkerSetup,
  (reply, transfer) => port.postMessage(reply, transfer),
  () => port.close(),
);
port.on('message', (request: WorkerRequest) => runner.handle(request));
