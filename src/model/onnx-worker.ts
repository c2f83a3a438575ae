// Entry of the inference worker thread (see model-session.ts): an onnxruntime session of its own.
import { serveSessionWorker } from './onnx.js';

serveSessionWorker();
