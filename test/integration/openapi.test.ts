/**
 * `getOpenApiSpec()` through supabase-rx and the official supabase-js over HTTP against the
 * emulator: the same document from both, listing the fixture project's tables with the columns
 * Postgres says they have.
 */
import { expect, it } from 'vitest';
import type { PostgrestOpenApiSpec } from 'supabase-rx/postgrest';
import type { ClientPair } from './helpers/clients.js';
import { jsonRows } from './helpers/postgres.js';
import { integrationSuite } from './helpers/suite.js';

/** The tables of the fixture migrations (`test/fixtures/supabase/migrations`). */
const PUBLIC_TABLES = [
  'cities',
  'counters',
  'countries',
  'movie_actors',
  'movie_stats',
  'movies',
  'notes',
  'people',
  'reviews',
  'routes',
  'specimens',
  'task_notes',
  'tasks',
];

/** Both clients' outcomes for one call; they must agree. */
async function both(pair: ClientPair, call: (db: any) => unknown) {
  const js = await pair.settle('supabase-js', call(pair.js));
  const rx = await pair.settle('supabase-rx', call(pair.rx));
  expect(rx).toEqual(js);
  return rx;
}

await integrationSuite(
  'getOpenApiSpec(): supabase-rx and supabase-js against the emulator',
  (suite) => {
    const pair = suite.pair();

    suite.describeIf(['rest-read'], 'the OpenAPI document', () => {
      it('both clients get the same document for public, listing every fixture table', async () => {
        const outcome = await both(pair, (db) => db.getOpenApiSpec());
        expect(outcome).toMatchObject({ error: null, count: null, status: 200 });
        const spec = outcome.data as PostgrestOpenApiSpec;
        expect(spec.swagger).toBe('2.0');
        for (const table of PUBLIC_TABLES) {
          expect(spec.paths, table).toHaveProperty([`/${table}`]);
          expect(spec.definitions, table).toHaveProperty([table]);
        }
        expect(spec.paths).not.toHaveProperty(['/items']);
      });

      it('a definition has the columns Postgres has', async () => {
        const outcome = await both(pair, (db) => db.getOpenApiSpec());
        const spec = outcome.data as PostgrestOpenApiSpec;
        const columns = await jsonRows(
          suite.handle.db,
          `select column_name from information_schema.columns
          where table_schema = 'public' and table_name = 'countries' order by ordinal_position`,
        );
        const properties = spec.definitions?.countries.properties as Record<string, unknown>;
        expect(Object.keys(properties).sort()).toEqual(
          (columns as { column_name: string }[]).map((c) => c.column_name).sort(),
        );
      });

      it('schema("inventory") describes that schema: the same document from both', async () => {
        const outcome = await both(pair, (db) => db.schema('inventory').getOpenApiSpec());
        const spec = outcome.data as PostgrestOpenApiSpec;
        expect(spec.paths).toHaveProperty(['/items']);
        expect(spec.definitions).toHaveProperty(['items']);
        expect(spec.paths).not.toHaveProperty(['/countries']);
      });

      it('a schema that is not exposed: the same PGRST106 error from both', async () => {
        const outcome = await both(pair, (db) => db.schema('secret_stuff').getOpenApiSpec());
        expect(outcome.status).toBe(406);
        expect(outcome.data).toBeNull();
        expect(outcome.error).toMatchObject({ code: 'PGRST106' });
      });

      it('PostgrestClient alone gets the same document as supabase-js', async () => {
        const standalone = suite.pair(undefined, undefined, 'postgrest');
        const outcome = await both(standalone, (db) => db.getOpenApiSpec());
        const viaCreateClient = await pair.settle('supabase-rx', pair.rx.getOpenApiSpec());
        expect(outcome.data).toEqual(viaCreateClient.data);
      });
    });

    suite.describeIf(['rest-read'], 'from(relation, options) against the emulator', () => {
      it('{ retry: false } and { fetch } return the same rows as a plain query, in both clients', async () => {
        const calls: string[] = [];
        const traced: typeof fetch = (input, init) => {
          calls.push(String(input));
          return fetch(input, init);
        };
        const plain = await both(pair, (db) => db.from('countries').select('id, name').order('id'));
        const withOptions = await both(pair, (db) =>
          db
            .from('countries', { retry: false, fetch: traced, urlLengthLimit: 100 })
            .select('id, name')
            .order('id'),
        );
        expect(withOptions).toEqual(plain);
        expect((plain.data as unknown[]).length).toBeGreaterThan(0);
        expect(calls).toHaveLength(2); // one per client
      });
    });
  },
);
