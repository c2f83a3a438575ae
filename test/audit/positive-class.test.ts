// The positive class given with --positive, on boolean and text labels: which rows it names.
import { Bool, Float64, Table, Utf8, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/api/audit.js';
import { AuditError } from '../../src/core/errors.js';
import { booleanLabel } from '../../src/metrics/columns.js';
import { batchesOf } from '../helpers/synthetic.js';

const booleans = () =>
  new Table({
    y: vectorFromArray([true, false, true, false], new Bool()),
    p: vectorFromArray([true, true, false, false], new Bool()),
    s: vectorFromArray([0.9, 0.8, 0.3, 0.1], new Float64()),
    g: vectorFromArray(['a', 'a', 'b', 'b'], new Utf8()),
  });

const overall = async (positive: string) => {
  const result = await audit({ data: batchesOf(booleans()), label: 'y', prediction: 'p', score: 's', sensitive: ['g'], positive });
  const value = (metric: string) => result.metrics.find((m) => m.metric === metric && m.feature === null)!.value;
  return { accuracy: value('accuracy'), selection: value('selection_rate'), recall: value('recall'), auc: value('roc_auc') };
};

describe('--positive on boolean labels', () => {
  it('names true by true, 1, yes (any case): the rows are read as they are', async () => {
    for (const positive of ['true', 'TRUE', '1', 'yes']) {
      expect(await overall(positive)).toEqual({ accuracy: 0.5, selection: 0.5, recall: 0.5, auc: 0.75 });
    }
  });

  it('names false by false, 0, no: the false rows are the positive ones', async () => {
    for (const positive of ['false', '0', 'no']) {
      // positives are rows 2 and 4, predicted positive rows 3 and 4; the score is read as given,
      // so it ranks positives (0.8, 0.1) above negatives (0.9, 0.3) in 1 pair of 4
      expect(await overall(positive)).toEqual({ accuracy: 0.5, selection: 0.5, recall: 0.5, auc: 0.25 });
    }
    expect(booleanLabel(false, 'No')).toBe(1);
    expect(booleanLabel(true, 'No')).toBe(0);
  });

  it('refuses a positive class that never occurs, as scikit-learn refuses such a pos_label', async () => {
    await expect(overall('hired')).rejects.toThrow(AuditError);
    const text = tableFromArrays({ y: ['hired', 'rejected', 'hired'], p: ['hired', 'hired', 'rejected'], g: ['a', 'b', 'a'] });
    await expect(
      audit({ data: batchesOf(text), label: 'y', prediction: 'p', sensitive: ['g'], positive: 'Hired' }),
    ).rejects.toThrow('the positive class Hired (--positive) never occurs in column y; labels are matched exactly, case included');
  });
});
