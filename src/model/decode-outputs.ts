import { AuditError } from '../core/errors.js';
import { LITTLE_ENDIAN } from './column-numbers.js';
import type { ModelOutput } from './model.js';
import type { OutputPlan } from './plan-outputs.js';

/** An output tensor as the runtime returns it (onnxruntime's `Tensor` has this shape). */
export interface OutputTensor {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** Probabilities may exceed [0, 1] by float32 rounding; anything beyond this is not a probability. */
const PROBABILITY_SLACK = 1e-5;
const TWO_32 = 4294967296;

/** Numeric tensor data as float64 (int64 labels arrive as BigInt64Array). */
function toFloat64(name: string, data: unknown, count: number): Float64Array {
  const out = new Float64Array(count);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    if (LITTLE_ENDIAN) {
      const lo = new Uint32Array(data.buffer, data.byteOffset, count * 2);
      const hi = data instanceof BigInt64Array ? new Int32Array(data.buffer, data.byteOffset, count * 2) : lo;
      for (let i = 0; i < count; i++) {
        const h = hi[2 * i + 1];
        // out[i] = Number(data[i]), exact while |value| < 2^53
        if (h > 0x1fffff || h < -0x200000)
          throw new AuditError(`output ${name} holds the integer ${data[i]}, too large to represent exactly`);
        out[i] = h * TWO_32 + lo[2 * i];
      }
    } else {
      for (let i = 0; i < count; i++) out[i] = Number(data[i]);
    }
    return out;
  }
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    out.set((data as Float32Array).subarray(0, count));
    return out;
  }
  throw new AuditError(`output ${name} is not numeric`);
}

function checkRows(name: string, tensor: OutputTensor, rows: number, width: number): void {
  const size =
    Array.isArray(tensor.data) || ArrayBuffer.isView(tensor.data)
      ? (tensor.data as ArrayLike<unknown>).length
      : -1;
  if (tensor.dims[0] !== rows || size !== rows * width) {
    throw new AuditError(
      `output ${name} has shape [${tensor.dims.join(', ')}] for a batch of ${rows} rows (expected [${rows}${width === 1 ? '' : `, ${width}`}])`,
    );
  }
}

/**
 * Turns the fetched output tensors of one batch into predictions and scores, following the plan:
 *
 * - regression: prediction = the value (float64), score = null;
 * - classifiers: prediction = the label output (numbers for integer labels, text otherwise), or the
 *   class with the highest probability when there is no label output (ties: the first class);
 *   score = probability of the positive class (`1 − p` / `p` for a one-column sigmoid output), or
 *   null without a probability output or positive class.
 *
 * Throws `AuditError` naming the output when a tensor has the wrong number of rows, when a
 * "probability" lies outside [0, 1] (likely logits: choose another `scoreOutput` or the regression
 * task), or when an int64 label is beyond 2^53. NaN probabilities pass through.
 * @example decodeOutputs(plan, await session.run(feeds, plan.fetches), batch.numRows)
 */
export function decodeOutputs(
  plan: OutputPlan,
  results: Readonly<Record<string, OutputTensor>>,
  rows: number,
): ModelOutput {
  if (plan.kind === 'regression') {
    const name = plan.scoreOutput!;
    const tensor = results[name];
    checkRows(plan.scoreName ?? name, tensor, rows, 1);
    return { prediction: toFloat64(plan.scoreName ?? name, tensor.data, rows), score: null };
  }

  let probabilities: Float32Array | Float64Array | null = null;
  let width = 0;
  if (plan.scoreOutput !== null) {
    const name = plan.scoreName ?? plan.scoreOutput;
    const tensor = results[plan.scoreOutput];
    width = tensor.dims.length >= 2 ? tensor.dims[1] : 1;
    checkRows(name, tensor, rows, width);
    if (!(tensor.data instanceof Float32Array || tensor.data instanceof Float64Array))
      throw new AuditError(`output ${name} is not a float tensor`);
    probabilities = tensor.data;
    for (let i = 0; i < probabilities.length; i++) {
      const p = probabilities[i];
      if (p < -PROBABILITY_SLACK || p > 1 + PROBABILITY_SLACK) {
        throw new AuditError(
          `output ${name} is not a probability (value ${p} in row ${Math.floor(i / width) + 1}); choose another --score-output, --score-output none to audit its labels alone, or the regression task`,
        );
      }
    }
  }

  let prediction: Float64Array | string[];
  if (plan.labelOutput !== null) {
    const name = plan.labelName ?? plan.labelOutput;
    const tensor = results[plan.labelOutput];
    checkRows(name, tensor, rows, 1);
    if (Array.isArray(tensor.data))
      prediction = tensor.data.every((v) => typeof v === 'string') ? tensor.data : tensor.data.map(String);
    else prediction = toFloat64(name, tensor.data, rows);
  } else {
    const p = probabilities!;
    const classes = plan.classes ?? [];
    const picks = new Int32Array(rows);
    if (plan.singleProbability) {
      for (let i = 0; i < rows; i++) picks[i] = p[i] > 0.5 ? 1 : 0;
    } else {
      for (let i = 0; i < rows; i++) {
        let best = 0;
        for (let c = 1; c < width; c++) if (p[i * width + c] > p[i * width + best]) best = c;
        picks[i] = best;
      }
    }
    if (plan.classKind === 'int') {
      const values = Float64Array.from(classes, Number);
      prediction = Float64Array.from(picks, (c) => values[c]);
    } else {
      prediction = Array.from(picks, (c) => classes[c]);
    }
  }

  let score: Float64Array | null = null;
  if (probabilities !== null && plan.positiveIndex >= 0) {
    score = new Float64Array(rows);
    if (plan.singleProbability) {
      if (plan.positiveIndex === 1) score.set(probabilities.subarray(0, rows));
      else for (let i = 0; i < rows; i++) score[i] = 1 - probabilities[i];
    } else {
      // score[i] = probabilities[i, positiveIndex]
      for (let i = 0, at = plan.positiveIndex; i < rows; i++, at += width) score[i] = probabilities[at];
    }
  }
  return { prediction, score };
}
