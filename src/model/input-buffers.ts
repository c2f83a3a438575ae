// Input buffers handed back by the inference threads once their runs are done, kept for the next
// batches: a model audit then fills the same few megabytes batch after batch instead of asking
// the system for fresh memory (page faults and zeroing) and the collector for its release.

/** Bytes of spare buffers kept at most (several calls' worth of inputs under way). */
const MAX_BYTES = 64 * 2 ** 20;

const spare = new Map<number, ArrayBuffer[]>();
let kept = 0;

/**
 * A buffer of `byteLength` bytes: a spare one when there is one (its old contents remain: the
 * caller overwrites every element), else a new one.
 * @example new BigInt64Array(inputBuffer(8 * n))
 */
export function inputBuffer(byteLength: number): ArrayBuffer {
  const buffer = spare.get(byteLength)?.pop();
  if (buffer === undefined) return new ArrayBuffer(byteLength);
  kept -= byteLength;
  return buffer;
}

/** Keeps buffers no run uses any more (those that do not fit the bound are left to the collector). */
export function giveInputBuffers(buffers: readonly ArrayBuffer[]): void {
  for (const buffer of buffers) {
    const n = buffer.byteLength;
    if (n === 0 || kept + n > MAX_BYTES) continue;
    const list = spare.get(n);
    if (list === undefined) spare.set(n, [buffer]);
    else list.push(buffer);
    kept += n;
  }
}

/** Drops every spare buffer (at the end of an audit, so that none outlives it). */
export function dropInputBuffers(): void {
  spare.clear();
  kept = 0;
}
