// Runs the embedded engine's worker from the TypeScript sources (tests under vitest, tsx), where
// no compiled pglite-worker.js exists: tsx compiles it on the fly. The package's compiled worker
// (dist/pglite-worker.js) never needs this file.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
