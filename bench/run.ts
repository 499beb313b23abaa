/** `npm run bench`: every benchmark, each printing ratios against the official client. */
import { authBench } from './auth.js';
import { bundleSize } from './bundle-size.js';
import { emulatorStartup } from './emulator-startup.js';
import { emulatorLoad } from './emulator-load.js';
import { emulatorThroughput } from './emulator-throughput.js';
import { liveQueryBench } from './live-query.js';
import { realtimeBench } from './realtime.js';
import { requestOverhead } from './request-overhead.js';
import { storageBench } from './storage.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  'request-overhead': requestOverhead,
  'bundle-size': bundleSize,
  'emulator-startup': emulatorStartup,
  'emulator-throughput': emulatorThroughput,
  'emulator-load': emulatorLoad,
  auth: authBench,
  realtime: realtimeBench,
  'live-query': liveQueryBench,
  storage: storageBench,
};

console.log(`# supabase-rx benchmarks (${new Date().toISOString()}, Node ${process.version})`);
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await bench();
}
