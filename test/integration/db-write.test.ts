/**
 * Mutations and rpc through supabase-rx and the official supabase-js against the emulator: the
 * responses and the database state afterwards checked against Postgres itself.
 */
import { insertCases } from './cases/inserts.js';
import { rpcCases } from './cases/rpc.js';
import { updateDeleteCases } from './cases/updates.js';
import { registerCases, type CaseEnv } from './helpers/run-cases.js';
import { integrationSuite } from './helpers/suite.js';

await integrationSuite(
  'database writes and rpc: supabase-rx and supabase-js against the emulator',
  (suite) => {
    const pair = suite.pair();
    const env = (): CaseEnv => ({ pair, db: suite.handle.db });
    suite.describeIf(['rest-write', 'rest-read'], 'insert, upsert', () =>
      registerCases('ins', insertCases, env),
    );
    suite.describeIf(['rest-write', 'rest-read'], 'update, delete, write errors', () =>
      registerCases('upd', updateDeleteCases, env),
    );
    suite.describeIf(['rest-rpc'], 'rpc', () => registerCases('rpc', rpcCases, env));
  },
);
