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
  /**
   * The class whose probability is the score (classifiers), as one of `classes`; null or absent
   * when there is no score (regressors, multi-class models without a chosen class).
   */
  readonly positive?: string | null;
  /**
   * Predictions for one batch. `firstRow`, when the caller knows it, is the 0-based index in the
   * data of the batch's first row, so errors can name rows of the data rather than of the batch.
   */
  predict(batch: RecordBatch, firstRow?: number): Promise<ModelOutput>;
  /**
   * Optional: predictions for several batches in one call, row-aligned with their concatenation
   * (lets a runner merge small batches without copying them into one); `firstRow` as for `predict`.
   */
  predictBatches?(batches: readonly RecordBatch[], firstRow?: number): Promise<ModelOutput>;
  close(): Promise<void>;
}
