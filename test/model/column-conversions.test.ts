import {
  Bool,
  Decimal,
  Float16,
  Float32,
  Int8,
  LargeUtf8,
  Uint64,
  Utf8,
  makeVector,
  vectorFromArray,
  type Data,
  type Vector,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnNumbers } from '../../src/model/column-numbers.js';
import { copyStrings } from '../../src/model/column-strings.js';
import { writeColumn } from '../../src/model/fill-input.js';

const dataOf = (v: Vector): Data => v.data[0] as Data;

function strings(data: Data): { out: string[]; missing: number } {
  const out = new Array<string>(data.length);
  return { missing: copyStrings(data, out, 0, 1), out };
}

describe('copyStrings', () => {
  it('decodes plain, sliced, non-ASCII and LargeUtf8 columns', () => {
    const words = ['a', 'bb', '', 'a', 'ü€', 'bb'];
    expect(strings(dataOf(vectorFromArray(words, new Utf8())))).toEqual({ out: words, missing: -1 });
    expect(strings(dataOf(vectorFromArray(words, new Utf8())).slice(2, 3))).toEqual({
      out: ['', 'a', 'ü€'],
      missing: -1,
    });
    expect(strings(dataOf(vectorFromArray(words, new LargeUtf8()))).out).toEqual(words);
  });

  it('decodes many distinct values', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `id-${i % 4000}`);
    expect(strings(dataOf(vectorFromArray(words, new Utf8()))).out).toEqual(words);
  });

  it('decodes a long categorical column', () => {
    const words = Array.from({ length: 3000 }, (_, i) => ['Male', 'Female'][i % 2]);
    expect(strings(dataOf(vectorFromArray(words, new Utf8()))).out).toEqual(words);
  });

  it('maps dictionary indices and reports the first missing value', () => {
    expect(strings(dataOf(vectorFromArray(['x', 'y', 'x'])))).toEqual({ out: ['x', 'y', 'x'], missing: -1 });
    expect(strings(dataOf(vectorFromArray(['x', null, 'y']))).missing).toBe(1);
    expect(strings(dataOf(vectorFromArray(['x', 'y', null], new Utf8()))).missing).toBe(2);
  });

  it('stays right when a categorical start is followed by many new values (full lookup table)', () => {
    const words = [
      ...Array.from({ length: 2500 }, (_, i) => `c${i % 1000}`),
      ...Array.from({ length: 6000 }, (_, i) => `n${i}`),
      ...Array.from({ length: 500 }, (_, i) => `c${i % 7}`),
    ];
    expect(strings(dataOf(vectorFromArray(words, new Utf8()))).out).toEqual(words);
  });

  it('tells apart values whose hashed bytes are equal (same length, ends and middle)', () => {
    const words = Array.from({ length: 400 }, (_, i) => `abcd${'abcdefghij'[i % 10]}Zefgh`);
    expect(strings(dataOf(vectorFromArray(words, new Utf8()))).out).toEqual(words);
  });

  it('decodes non-ASCII values on both paths (shared and plain)', () => {
    const few = Array.from({ length: 3000 }, (_, i) => ['Zürich', 'Genève', 'Łódź'][i % 3]);
    const many = Array.from({ length: 3000 }, (_, i) => `é${i}`);
    expect(strings(dataOf(vectorFromArray(few, new Utf8()))).out).toEqual(few);
    expect(strings(dataOf(vectorFromArray(many, new Utf8()))).out).toEqual(many);
  });

  it('decodes a dictionary of 200,000 words', () => {
    const words = Array.from({ length: 200_000 }, (_, i) => `w${i}`);
    const { out, missing } = strings(dataOf(vectorFromArray(words)));
    expect(missing).toBe(-1);
    expect(out[0]).toBe('w0');
    expect(out[199_999]).toBe('w199999');
  });

  it('writes strided into a packed tensor', () => {
    const dest = new Array<string>(6);
    copyStrings(dataOf(vectorFromArray(['a', 'b', 'c'], new Utf8())), dest, 1, 2);
    expect(dest[1]).toBe('a');
    expect(dest[3]).toBe('b');
    expect(dest[5]).toBe('c');
  });
});

describe('columnNumbers', () => {
  it('reads 64-bit integers exactly up to 2^53, signed and unsigned', () => {
    const big = [0n, -1n, 2n ** 53n, -(2n ** 40n) - 7n, 123456789012n];
    expect([...columnNumbers(dataOf(makeVector(BigInt64Array.from(big))))]).toEqual(big.map(Number));
    expect([...columnNumbers(dataOf(vectorFromArray([1n, 2n ** 63n], new Uint64())))]).toEqual([1, 2 ** 63]);
  });

  it('reads float16, float32, int8, bool (with a bit offset), decimals and missing values', () => {
    expect([...columnNumbers(dataOf(vectorFromArray([0.5, -2], new Float16())))]).toEqual([0.5, -2]);
    expect([...columnNumbers(dataOf(vectorFromArray([0.1], new Float32())))]).toEqual([Math.fround(0.1)]);
    expect([...columnNumbers(dataOf(vectorFromArray([-5, null, 7], new Int8())))]).toEqual([-5, NaN, 7]);
    expect([
      ...columnNumbers(dataOf(vectorFromArray([true, false, true, true], new Bool())).slice(1, 3)),
    ]).toEqual([0, 1, 1]);
    const dec = vectorFromArray([new Uint32Array([12345, 0, 0, 0])], new Decimal(2, 9, 128));
    expect([...columnNumbers(dataOf(dec))]).toEqual([123.45]);
  });
});

describe('writeColumn into int64', () => {
  it('writes negative and large whole numbers from float64 exactly', () => {
    const values = [0, -1, 2 ** 40 + 3, -(2 ** 52) + 1, 7];
    const dest = new BigInt64Array(values.length);
    writeColumn(dataOf(makeVector(Float64Array.from(values))), dest, 0, 1, {
      elemType: 'int64',
      column: 'c',
      input: 'i',
    });
    expect([...dest]).toEqual(values.map(BigInt));
  });

  it('refuses 2^53 and beyond from float64 (no longer exact), and uint64 beyond int64', () => {
    const dest = new BigInt64Array(1);
    expect(() =>
      writeColumn(dataOf(makeVector(Float64Array.from([2 ** 53]))), dest, 0, 1, {
        elemType: 'int64',
        column: 'c',
        input: 'i',
      }),
    ).toThrow(
      /^a value beyond ±2\^53, which assay cannot carry exactly \(read as 9007199254740992, possibly rounded; row 1 of the batch\)/,
    );
    expect(() =>
      writeColumn(dataOf(vectorFromArray([2n ** 63n], new Uint64())), dest, 0, 1, {
        elemType: 'int64',
        column: 'c',
        input: 'i',
      }),
    ).toThrow(
      'value 9223372036854775808 (out of range, row 1 of the batch) in column c cannot feed tensor(int64) input i',
    );
  });
});
