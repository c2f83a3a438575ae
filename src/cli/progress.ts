/**
 * Progress on a terminal's stderr (rows read, rows/second), silent when stderr is not a
 * terminal, when `CI` is set, or with `--quiet`.
 */
export function progressReporter(enabled: boolean): { update(rows: number): void; done(): void } {
  const active = enabled && process.stderr.isTTY === true && !process.env.CI;
  const start = performance.now();
  let last = 0;
  return {
    update(rows: number) {
      if (!active) return;
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      const rate = rows / ((now - start) / 1000);
      process.stderr.write(`\r\x1b[Kread ${rows.toLocaleString('en')} rows (${Math.round(rate).toLocaleString('en')} rows/s)`);
    },
    done() {
      if (active && last > 0) process.stderr.write('\r\x1b[K');
    },
  };
}
