// The columns `applyModel` appends to each batch by default (and the audit then reads): the
// model's prediction and its score. They are not read from the data.

/** The model's prediction column. */
export const PREDICTION_COLUMN = '__prediction';
/** The model's score column. */
export const SCORE_COLUMN = '__score';

/** Whether `column` is one a model adds, not one of the data's. */
export function isModelColumn(column: string): boolean {
  return column === PREDICTION_COLUMN || column === SCORE_COLUMN;
}
