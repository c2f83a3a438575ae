// hashFile: sha256 and size, inline for small files and on a thread of its own for large ones.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HASH_IN_THREAD_BYTES, hashFile } from '../../src/api/audit.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-hash-'));

describe('hashFile', () => {
  it('hashes small files and files large enough for a thread alike', async () => {
    for (const size of [0, 1000, HASH_IN_THREAD_BYTES + 12_345]) {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 7919) & 0xff;
      const path = join(dir, `f${size}`);
      writeFileSync(path, bytes);
      expect(await hashFile(path)).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: size });
    }
  });

  it('fails on a missing file', async () => {
    await expect(hashFile(join(dir, 'nope'))).rejects.toThrow(/nope/);
  });
});
