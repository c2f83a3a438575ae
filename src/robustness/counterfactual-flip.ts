/** A counterfactual copy of one column: new level positions, and which rows were flipped. */
export interface FlippedLevels {
  /** Position in the level list of each row's counterfactual value (−1: left as is). */
  positions: Int32Array;
  /** 1 where the row was flipped, 0 where its value is missing or not among the levels. */
  flipped: Uint8Array;
}

/**
 * The counterfactual flip number `shift` (1 … m − 1) of a column with `m` levels: a row at level
 * position `p` gets level `(p + shift) mod m`. Shifts 1 … m − 1 together send every level to every
 * other level exactly once (`from → to` with `to = from + shift`), each copy changing every
 * flippable row, so m − 1 copies cover all m(m − 1) directed pairs.
 *
 * Deterministic (no randomness). Rows whose position is −1 (missing, or a value not among the
 * profiled levels) are not flipped and are marked 0 in `flipped`.
 * @example counterfactualFlip(Int32Array.of(0, 1, -1), 1, 2) // positions [1, 0, -1], flipped [1, 1, 0]
 */
export function counterfactualFlip(positions: Int32Array, shift: number, m: number): FlippedLevels {
  const n = positions.length;
  const out = new Int32Array(n);
  const flipped = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = positions[i];
    if (p < 0 || p >= m) {
      out[i] = -1;
      continue;
    }
    out[i] = (p + shift) % m;
    flipped[i] = 1;
  }
  return { positions: out, flipped };
}
