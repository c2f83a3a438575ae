import type { RecordBatch } from 'apache-arrow';

/** What the model is: decides how outputs become predictions and scores. */
export type ModelKind = 'binary' | 'multiclass' | 'regression';

/** Outputs of a model for one batch, row-aligned with the batch. */
export interface ModelOutput {
  /**
   * Predicted label per row, as the model's own class labels (numbers for int64 labels,
   * strings for string labels), or the regression value.
   */
  prediction: Float64Array | string[];
  /** Probability of the positive class (classifiers) per row; null when the model gives none. */
  score: Float64Array | null;
}

/**
 * A narrow model interface: a batch in, predictions and scores out. Only
 * `src/model/onnx.ts` knows ONNX; tests use fakes implementing this.
 */
export interface Model {
  readonly kind: ModelKind;
  /** Class labels in the order of the probability columns (classifiers), as strings. */
  readonly classes: string[] | null;
  /** Dataset columns the model reads (after input mapping). */
  readonly inputColumns: string[];
  predict(batch: RecordBatch): Promise<ModelOutput>;
  close(): Promise<void>;
}
