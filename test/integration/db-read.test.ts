/**
 * Every read method of the database module, through supabase-rx and the official supabase-js,
 * over HTTP against the emulator; every answer checked against Postgres itself.
 */
import { errorCases, schemaCases } from './cases/errors.js';
import { filterCases } from './cases/filters.js';
import { structuredFilterCases } from './cases/filters-structured.js';
import { modifierCases } from './cases/modifiers.js';
import { selectCases } from './cases/select.js';
import { registerCases, type CaseEnv } from './helpers/run-cases.js';
import { integrationSuite } from './helpers/suite.js';

await integrationSuite(
  'database reads: supabase-rx and supabase-js against the emulator',
  (suite) => {
    const pair = suite.pair();
    const env = (): CaseEnv => ({ pair, db: suite.handle.db });
    suite.describeIf(['rest-read'], 'select', () => registerCases('select', selectCases, env));
    suite.describeIf(['rest-read'], 'filters', () => registerCases('filter', filterCases, env));
    suite.describeIf(['rest-read'], 'filters on structured values, logic filters', () =>
      registerCases('sfilter', structuredFilterCases, env),
    );
    suite.describeIf(['rest-read'], 'modifiers', () =>
      registerCases('modifier', modifierCases, env),
    );
    suite.describeIf(['rest-read', 'rest-rpc'], 'schema()', () =>
      registerCases('schema', schemaCases, env),
    );
    suite.describeIf(['rest-read'], 'errors', () => registerCases('error', errorCases, env));

    // The database module alone (supabase-rx/postgrest), as an app that needs nothing else uses it.
    const postgrestOnly = suite.pair(undefined, undefined, 'postgrest');
    suite.describeIf(['rest-read'], 'select through PostgrestClient alone', () =>
      registerCases('pgselect', selectCases, () => ({ pair: postgrestOnly, db: suite.handle.db })),
    );
  },
);
