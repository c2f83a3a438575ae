#!/usr/bin/env node
// The assay command line. The only place that calls process.exit.
import { oneLine } from '../core/errors.js';
import { main } from './program.js';

main(process.argv).then(
  (code) => {
    // For `npm run bench`: the peak resident set size of this process.
    if (process.env.ASSAY_REPORT_RSS) process.stderr.write(`assay-bench: maxrss_kb=${process.resourceUsage().maxRSS}\n`);
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`assay: internal error: ${oneLine(error)}\n`);
    process.exit(3);
  },
);
