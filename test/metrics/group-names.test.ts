import {
  DateDay,
  DateMillisecond,
  Table,
  TimestampMicrosecond,
  TimestampNanosecond,
  TimestampSecond,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ValueDictionary, temporalText } from '../../src/metrics/columns.js';

// Expected texts: pandas' str() of the same values (Timestamp / datetime.date / datetime.time).
describe('group names', () => {
  it('write dates, timestamps and times as pandas does', () => {
    expect(temporalText('date', 1577836800n, 0, null)).toBe('2020-01-01');
    expect(temporalText('timestamp', 1577836800n, 0, null)).toBe('2020-01-01 00:00:00');
    expect(temporalText('timestamp', 1577836800500000n, 2, null)).toBe('2020-01-01 00:00:00.500000');
    expect(temporalText('timestamp', 1577836800000000001n, 3, null)).toBe('2020-01-01 00:00:00.000000001');
    expect(temporalText('timestamp', -1n, 2, 'UTC')).toBe('1969-12-31 23:59:59.999999+00:00');
    expect(temporalText('time', 45_000_250n, 1, null)).toBe('12:30:00.250000');
    // zoned: local time and offset, daylight saving included (pandas' str of a tz-aware Timestamp)
    expect(temporalText('timestamp', 1577881800n, 0, 'America/New_York')).toBe('2020-01-01 07:30:00-05:00');
    expect(temporalText('timestamp', 1593606600n, 0, 'America/New_York')).toBe('2020-07-01 08:30:00-04:00');
    expect(temporalText('timestamp', 1577881800n, 0, '+05:30')).toBe('2020-01-01 18:00:00+05:30');
    expect(temporalText('timestamp', 1577881800n, 0, 'Asia/Seoul')).toBe('2020-01-01 21:30:00+09:00');
  });

  it('name the groups of date and timestamp columns, not their epoch numbers', () => {
    const column = <
      T extends DateDay | DateMillisecond | TimestampSecond | TimestampMicrosecond | TimestampNanosecond,
    >(
      type: T,
      data: Int32Array | BigInt64Array,
    ) => makeVector(makeData({ type, length: data.length, nullCount: 0, data } as never));
    const table = new Table({
      day: column(new DateDay(), Int32Array.from([18262, 18263, 18262])),
      ms: column(new DateMillisecond(), BigInt64Array.from([1577836800000n, 1577923200000n, 1577836800000n])),
      s: column(new TimestampSecond('UTC'), BigInt64Array.from([1577836800n, 1577836801n, 1577836800n])),
      us: column(
        new TimestampMicrosecond(),
        BigInt64Array.from([1577836800000001n, 1577836800000000n, 1577836800000001n]),
      ),
      n: makeVector(Int32Array.from([1, 2, 3])),
    });
    const names = (name: 'day' | 'ms' | 's' | 'us' | 'n') => {
      const dictionary = new ValueDictionary();
      const codes = dictionary.encode(table.getChild(name)!);
      return [...codes].map((c) => dictionary.names[c]);
    };
    expect(names('day')).toEqual(['2020-01-01', '2020-01-02', '2020-01-01']);
    expect(names('ms')).toEqual(['2020-01-01', '2020-01-02', '2020-01-01']);
    expect(names('s')).toEqual([
      '2020-01-01 00:00:00+00:00',
      '2020-01-01 00:00:01+00:00',
      '2020-01-01 00:00:00+00:00',
    ]);
    expect(names('us')).toEqual([
      '2020-01-01 00:00:00.000001',
      '2020-01-01 00:00:00',
      '2020-01-01 00:00:00.000001',
    ]);
    expect(names('n')).toEqual(['1', '2', '3']);
  });

  it('never put the text (missing) in the group of missing values', () => {
    const dictionary = new ValueDictionary();
    const codes = dictionary.encode(makeVector(vectorFromArray(['(missing)', null, 'A'], new Utf8())));
    expect([...codes].map((c) => dictionary.names[c])).toEqual(['"(missing)"', '(missing)', 'A']);
  });
});
