// Bundles the command line and its worker threads over the compiled library (run by `npm run build`
// after tsc): dist/cli/bin.js, dist/model/onnx-worker.js and dist/scale/audit-worker.js become
// entry files sharing chunks in dist/chunks/. Node then loads a handful of files instead of some
// four hundred modules (apache-arrow alone is 160), which takes about a tenth of a second off an
// audit's start. The native packages (onnxruntime-node, DuckDB's bindings) stay outside and are
// loaded only when a command needs them. The library (dist/index.js) is left as tsc wrote it, so
// programs importing assay share their own apache-arrow with it.
// Every bundled file sits two levels below the package root, as tsc's output does, so paths
// relative to a module (the metric reference, the report schema, the dataset cards, the worker
// scripts) resolve the same in both.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}/dist/chunks`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/bin.ts', 'src/model/onnx-worker.ts', 'src/scale/audit-worker.ts'],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // @duckdb/node-api's JavaScript is bundled (src/io/duckdb-api.ts loads it with require, which
  // a bundler cannot follow, so the bundle gets an import of it instead); its native bindings
  // stay outside, found beside it in node_modules as src/io/duckdb-bindings.ts finds them
  external: ['onnxruntime-node', '@duckdb/node-bindings'],
  plugins: [
    {
      name: 'duckdb-api',
      setup(build) {
        build.onLoad({ filter: /[\\/]src[\\/]io[\\/]duckdb-api\.ts$/ }, () => ({
          contents: "import * as api from '@duckdb/node-api';\nexport const duckdbApi = api;\n",
          loader: 'ts',
          resolveDir: `${root}/src/io`,
        }));
      },
    },
  ],
  // bundled CommonJS packages call require: give them Node's
  banner: { js: "import { createRequire as __assayRequire } from 'node:module'; const require = __assayRequire(import.meta.url);" },
  allowOverwrite: true,
  logLevel: 'warning',
});

// The metric reference, parsed once here rather than in every report (src/report/metric-reference.ts).
const { parseMetricReference } = await import('../dist/report/metric-reference.js');
writeFileSync(`${root}/dist/metric-reference.json`, JSON.stringify(parseMetricReference()));
