import { AuditError } from '../core/errors.js';
import { booleanOf } from '../metrics/boolean-names.js';
import type { ModelOutput } from '../model/model.js';

/** How a model's output becomes a positive / negative decision. */
export interface DecisionRule {
  /** The positive class as text (`1`, `>50K`); null: predictions must be 0/1 (or true/false, yes/no). */
  positive: string | null;
  /** When set, the decision is `score > threshold` (strict, as scikit-learn's predict at 0.5). */
  threshold: number | null;
}

/** Decisions of one batch: 1 where positive, and the scores when the model gives them. */
export interface Decisions {
  pred: Uint8Array;
  score: Float64Array | null;
}


/**
 * Turns a model's output for `rows` rows into decisions, with the rule the audit uses for a
 * prediction column: `score > threshold` when a threshold is set, else the predicted label is the
 * positive class (numbers compared as numbers). With no positive class the labels must be binary:
 * 1 / 0, or text such as `true` / `false`, `yes` / `no`.
 *
 * Throws `AuditError` for a row count that does not match, a threshold without scores, or a
 * non-binary label with no positive class (asking for `--positive`).
 * @example decideOutputs({ prediction: Float64Array.of(1, 0), score: null }, 2, { positive: null, threshold: null }, 'model.onnx')
 */
export function decideOutputs(output: ModelOutput, rows: number, rule: DecisionRule, model: string): Decisions {
  const { prediction, score } = output;
  if (prediction.length !== rows || (score !== null && score.length !== rows)) {
    throw new AuditError(`model ${model} returned ${prediction.length} predictions for ${rows} rows`);
  }
  const pred = new Uint8Array(rows);
  if (rule.threshold !== null) {
    if (score === null) throw new AuditError(`a decision threshold needs scores, but model ${model} gives none`);
    const t = rule.threshold;
    for (let i = 0; i < rows; i++) pred[i] = score[i] > t ? 1 : 0;
    return { pred, score };
  }
  if (!Array.isArray(prediction)) {
    const values = prediction;
    const p = rule.positive === null ? 1 : Number(rule.positive);
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      if (v === p) pred[i] = 1;
      else if (rule.positive === null && v !== 0) throw nonBinary(model, String(v));
    }
    return { pred, score };
  }
  const words = prediction;
  const positive = rule.positive;
  let last: string | null = null;
  let lastDecision = 0;
  for (let i = 0; i < rows; i++) {
    const w = words[i];
    if (w !== last) {
      last = w;
      if (positive !== null) lastDecision = w === positive ? 1 : 0;
      else {
        const bit = booleanOf(w);
        if (bit === null) throw nonBinary(model, w);
        lastDecision = bit;
      }
    }
    pred[i] = lastDecision;
  }
  return { pred, score };
}

function nonBinary(model: string, value: string): AuditError {
  return new AuditError(
    `model ${model} predicts classes other than 0 and 1 (e.g. ${JSON.stringify(value)}); pass --positive <class> to name the positive class`,
  );
}
