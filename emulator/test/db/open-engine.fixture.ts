// Run by pglite-worker.test.ts in a process of its own: opens the embedded engine, answers one
// query, then closes it or leaves it open (argv[2]); the process must exit by itself either way.
import { openBootstrappedPglite } from '../../src/db/pglite-template.js';

const engine = await openBootstrappedPglite();
const { rows } = await engine.query<{ n: number }>('select 1 as n');
console.log(`answered ${rows[0].n}`);
if (process.argv[2] === 'close') await engine.close();
