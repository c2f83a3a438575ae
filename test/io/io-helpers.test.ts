import { describe, expect, it } from 'vitest';
import { AuditError, InternalError } from '../../src/core/errors.js';
import { dedupeNames } from '../../src/io/dedupe-names.js';
import { DictionaryBuilder } from '../../src/io/dictionary-builder.js';
import { duckdbError } from '../../src/io/duckdb-error.js';
import { quoteIdentifier, quoteString } from '../../src/io/sql-quote.js';
import { tableFunctionSql } from '../../src/io/table-function-sql.js';
import { trimSql } from '../../src/io/trim-sql.js';

describe('DictionaryBuilder', () => {
  it('gives codes in order of first appearance, the empty string included', () => {
    const dict = new DictionaryBuilder();
    expect(['b', 'a', 'b', '', 'a', '', 'ü'].map((s) => dict.addString(s))).toEqual([0, 1, 0, 2, 1, 2, 3]);
    expect(dict.size).toBe(4);
    expect(dict.finish().toArray()).toEqual(['b', 'a', '', 'ü']);
    expect(dict.size).toBe(0);
    expect(dict.finish().length).toBe(0);
  });

  it('compares bytes, not hashes, and survives growth to many values', () => {
    const dict = new DictionaryBuilder();
    const n = 100_000;
    const codes = Array.from({ length: n }, (_, i) => dict.addString(`value-${i}`));
    expect(codes.every((code, i) => code === i)).toBe(true);
    const again = Array.from({ length: n }, (_, i) => dict.addString(`value-${n - 1 - i}`));
    expect(again.every((code, i) => code === n - 1 - i)).toBe(true);
    const values = Array.from(dict.finish());
    expect(values).toHaveLength(n);
    expect(values[12_345]).toBe('value-12345');
  });

  it('reads bytes at an offset of a larger buffer', () => {
    const dict = new DictionaryBuilder();
    const bytes = new TextEncoder().encode('xxabcxxabc');
    expect(dict.add(bytes, 2, 3)).toBe(0);
    expect(dict.add(bytes, 7, 3)).toBe(0);
    expect(dict.add(bytes, 7, 2)).toBe(1);
    expect(dict.finish().toArray()).toEqual(['abc', 'ab']);
  });
});

describe('dedupeNames', () => {
  it('suffixes repeats like DuckDB, skipping names already taken', () => {
    expect(dedupeNames(['a', 'b', 'a', 'a_1', 'a'])).toEqual({
      names: ['a', 'b', 'a_2', 'a_1', 'a_3'],
      renamed: [
        { original: 'a', renamed: 'a_2' },
        { original: 'a', renamed: 'a_3' },
      ],
    });
    expect(dedupeNames(['x', 'y'])).toEqual({ names: ['x', 'y'], renamed: [] });
  });
});

describe('sql quoting', () => {
  it('quotes identifiers and strings so that no text escapes them', () => {
    expect(quoteIdentifier('my "odd" col')).toBe('"my ""odd"" col"');
    expect(quoteString("it's")).toBe("'it''s'");
    expect(quoteString('a\\b')).toBe("'a\\b'");
    expect(() => quoteString('a\0b')).toThrow(AuditError);
    expect(tableFunctionSql({ reader: 'parquet', path: "x'); DROP TABLE t; --.parquet" })).toBe(
      "read_parquet('x''); DROP TABLE t; --.parquet')",
    );
    expect(
      tableFunctionSql({
        reader: 'csv',
        path: 'a.csv',
        csv: {
          delimiter: ';',
          naStrings: ["N'A", ''],
          columnNames: ['x"y'],
          columnTypes: { "x'y": 'double' },
        },
      }),
    ).toBe(
      `read_csv('a.csv', header=true, quote='"', delim=';', skip=0, comment='', auto_type_candidates=['BOOLEAN', 'BIGINT', 'DOUBLE', 'VARCHAR'], nullstr=['N''A', ''], names=['x"y'], types={'x''y': 'DOUBLE'})`,
    );
  });
});

describe('duckdbError', () => {
  it('rewrites a conversion error to one line naming file, column and value', () => {
    const message =
      'Conversion Error: CSV Error on Line: 7\nOriginal Line: 2,abc\nError when converting column "score". Could not convert string "abc" to \'DOUBLE\'\n\nColumn score is being converted as type DOUBLE\nThis type was either manually set or derived from an existing table.';
    const error = duckdbError(new Error(message), 'data.csv');
    expect(error).toBeInstanceOf(AuditError);
    expect(error.message).toBe(
      `data.csv: cannot read column score: "abc" is not a number (line 7; duckdb: could not convert string "abc" to 'DOUBLE')`,
    );
  });

  it('keeps the first paragraph of other errors, replaces paths, and passes assay errors through', () => {
    const error = duckdbError(
      new Error(
        'IO Error: No files found that match the pattern "/abs/x.csv"\n\nLINE 1: SELECT * FROM read_csv(\'/abs/x.csv\')\n ^',
      ),
      'x.csv',
      ['/abs/x.csv'],
    );
    expect(error.message).toBe('x.csv: IO Error: No files found that match the pattern "x.csv"');
    expect(duckdbError(new Error('INTERNAL Error: boom'), 'x')).toBeInstanceOf(InternalError);
    const own = new AuditError('mine');
    expect(duckdbError(own, 'x')).toBe(own);
  });
});

describe('trimSql', () => {
  it('drops trailing semicolons and comments, keeping quoted text', () => {
    expect(trimSql('SELECT 1;  -- done\n/* more */ ;\n', 'q')).toBe('SELECT 1');
    expect(trimSql("SELECT ';' AS a, '--' AS \"x;y\" -- note", 'q')).toBe(`SELECT ';' AS a, '--' AS "x;y"`);
    expect(trimSql("SELECT E'it\\'s;' AS a, $$;$$ AS b;", 'q')).toBe("SELECT E'it\\'s;' AS a, $$;$$ AS b");
  });

  it('refuses several statements and empty text', () => {
    expect(() => trimSql('SELECT 1; DROP TABLE t', 'q')).toThrow(
      'invalid sql query for q: expected one statement, found several',
    );
    expect(() => trimSql(' ; -- nothing', 'q')).toThrow('empty sql query for q');
  });
});
