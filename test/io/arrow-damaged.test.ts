// Damaged Arrow IPC metadata must give a one-line error and exit code 2 — never an internal
// error, an out-of-memory crash or a read without end inside apache-arrow (found by fuzzing:
// a footer claiming 15 million children of a field, a record batch block pointing at another
// kind of message, a footer without its trailing magic).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ByteBuffer } from 'flatbuffers';
import { Footer } from 'apache-arrow/fb/footer';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../src/io/open-source.js';
import { assay, filesIn, tempDir } from '../helpers/cli.js';

function log(): Uint8Array {
  const n = 500;
  return tableToIPC(
    tableFromArrays({
      y: Float64Array.from({ length: n }, (_, i) => i % 2),
      p: Float64Array.from({ length: n }, (_, i) => (i >> 2) % 2),
      s: Float64Array.from({ length: n }, (_, i) => (i % 10) / 10),
      g: Array.from({ length: n }, (_, i) => `g${i % 3}`),
    }),
    'file',
  );
}

/** Where the footer starts and how long it is. */
function footerOf(bytes: Uint8Array): { start: number; length: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getInt32(bytes.length - 10, true);
  return { start: bytes.length - 10 - length, length };
}

/** The file with its first record batch block pointing at `offset` instead. */
function retarget(bytes: Uint8Array, offset: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const { start, length } = footerOf(out);
  const footer = Footer.getRootAsFooter(new ByteBuffer(out.subarray(start, start + length)));
  const block = footer.recordBatches(0)!;
  const old = block.offset();
  const view = new DataView(out.buffer);
  // the block struct's offset field: find the int64 in the footer and replace it
  for (let at = start; at + 8 <= start + length; at += 1) {
    if (view.getBigInt64(at, true) === old) {
      view.setBigInt64(at, BigInt(offset), true);
      return out;
    }
  }
  throw new Error('block offset not found');
}

const damaged: [string, (bytes: Uint8Array) => Uint8Array, RegExp][] = [
  ['without its trailing magic', (b) => b.subarray(0, b.length - 1), /truncated or corrupt arrow file \(no ARROW1 magic at its end\)/],
  [
    'with a footer length past the file',
    (b) => {
      const out = Uint8Array.from(b);
      new DataView(out.buffer).setInt32(out.length - 10, 0x7fffffff, true);
      return out;
    },
    /truncated or corrupt arrow file \(footer of 2147483647 bytes/,
  ],
  ['with a record batch block at the schema message', (b) => retarget(b, 8), /record batch 0: a message of another kind \(\w+\)/],
  ['with a record batch block past the end', (b) => retarget(b, b.length + 100), /record batch 0: a block of/],
];

describe('damaged arrow files', () => {
  const dir = tempDir();
  it.each(damaged)('%s: one line, exit 2, nothing written', (name, damage, message) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.arrow`);
    writeFileSync(path, damage(log()));
    const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
    const r = assay(['audit', '--data', path, '--label', 'y', '--prediction', 'p', '--score', 's', '--sensitive', 'g', '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(filesIn(out)).toEqual([]);
  });

  it('an intact file is counted from its blocks', async () => {
    const path = join(dir, 'intact.arrow');
    writeFileSync(path, log());
    const source = await openSource(path);
    expect(await source.countRows?.()).toBe(500);
    await source.close();
  });
});
