/**
 * Assigns each row its finest group ("cell"): the combination of its codes in every
 * sensitive feature. Cells are numbered in order of first appearance; `tuples[cell]`
 * holds the feature codes. A dense lookup table keyed by the mixed-radix code is kept
 * while the product of dictionary sizes is small, a Map otherwise.
 */
export class CellIndex {
  readonly tuples: number[][] = [];
  private readonly byKey = new Map<string, number>();
  private table: Int32Array | null = null;
  private radices: number[] = [];

  get size(): number {
    return Math.max(this.tuples.length, 1);
  }

  /** Cell of a code tuple, adding it when new. */
  cellOf(codes: number[]): number {
    const key = codes.join(',');
    let cell = this.byKey.get(key);
    if (cell === undefined) {
      cell = this.tuples.length;
      this.byKey.set(key, cell);
      this.tuples.push(codes.slice());
    }
    return cell;
  }

  /** Cell of a code tuple, or undefined when it has none yet. */
  find(codes: number[]): number | undefined {
    return this.byKey.get(codes.join(','));
  }

  /** Cells of `length` rows given each feature's codes and dictionary sizes. */
  assign(codes: Int32Array[], sizes: number[], length: number, into?: Int32Array): Int32Array {
    // every entry is written below (or all are cell 0): a reused `into` is cleared only then
    const out = into !== undefined && into.length >= length ? into.subarray(0, length) : new Int32Array(length);
    if (codes.length === 0) {
      if (this.tuples.length === 0) this.cellOf([]);
      return out.fill(0); // every row is cell 0
    }
    let product = 1;
    for (const s of sizes) product *= s;
    if (product <= 1 << 20) {
      if (this.table === null || this.radices.length !== sizes.length || this.radices.some((r, i) => r !== sizes[i])) {
        this.table = new Int32Array(product).fill(-1);
        this.radices = sizes.slice();
      }
      const table = this.table;
      const tuple = new Array<number>(codes.length);
      if (codes.length <= 2) {
        // one or two features (the usual audit): no inner loop
        const a = codes[0];
        const b = codes.length === 2 ? codes[1] : null;
        const stride = sizes[0];
        for (let i = 0; i < length; i++) {
          const key = b === null ? a[i] : a[i] + b[i] * stride;
          let cell = table[key];
          if (cell < 0) {
            tuple[0] = a[i];
            if (b !== null) tuple[1] = b[i];
            cell = table[key] = this.cellOf(tuple);
          }
          out[i] = cell;
        }
        return out;
      }
      for (let i = 0; i < length; i++) {
        // key = Σ code_f · Π_{g<f} size_g (mixed radix)
        let key = 0;
        let stride = 1;
        for (let f = 0; f < codes.length; f++) {
          key += codes[f][i] * stride;
          stride *= sizes[f];
        }
        let cell = table[key];
        if (cell < 0) {
          for (let f = 0; f < codes.length; f++) tuple[f] = codes[f][i];
          cell = table[key] = this.cellOf(tuple);
        }
        out[i] = cell;
      }
      return out;
    }
    const tuple = new Array<number>(codes.length);
    for (let i = 0; i < length; i++) {
      for (let f = 0; f < codes.length; f++) tuple[f] = codes[f][i];
      out[i] = this.cellOf(tuple);
    }
    return out;
  }
}
