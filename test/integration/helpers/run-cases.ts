import { expect, it } from 'vitest';
import type { CheckTools, DbCase, ExpectedError, RunContext } from './case.js';
import { canonical, forOrder, untag } from './canonical.js';
import type { ClientPair } from './clients.js';
import type { EmulatorHandle } from './emulator.js';
import type { ClientName, Outcome } from './outcome.js';
import { jsonRows, jsonValue, resolveSql } from './postgres.js';

/** What the cases of a file run against: both clients of one caller, and Postgres itself. */
export interface CaseEnv {
  pair: ClientPair;
  db: EmulatorHandle['db'];
}

const CLIENTS: ClientName[] = ['supabase-js', 'supabase-rx'];

function matches(actual: unknown, expected: string | RegExp | null | undefined, what: string) {
  if (expected === undefined) return;
  if (expected instanceof RegExp) expect(String(actual), what).toMatch(expected);
  else expect(actual, what).toBe(expected);
}

function expectError(o: Outcome, e: ExpectedError, label: string) {
  expect(o.error, `${label}: expected error ${e.code}, got ${JSON.stringify(o)}`).not.toBeNull();
  expect(o.error!.code, `${label}: error code`).toBe(e.code);
  expect(o.status, `${label}: status`).toBe(e.status);
  matches(o.error!.message, e.message, `${label}: message`);
  matches(o.error!.details, e.details, `${label}: details`);
  matches(o.error!.hint, e.hint, `${label}: hint`);
  expect(o.data, `${label}: no data with an error`).toBeNull();
}

/** Checks one client's outcome against what the case and Postgres say. */
async function verify(c: DbCase, o: Outcome, tools: CheckTools, run: RunContext) {
  const label = `${run.client} — ${c.name}`;
  const sql = (spec: NonNullable<DbCase['rows']>) => resolveSql(spec, run);
  if (c.error) {
    expectError(o, c.error, label);
  } else {
    expect(o.error, `${label}: unexpected error ${JSON.stringify(o)}`).toBeNull();
    const statuses = Array.isArray(c.status) ? c.status : [c.status ?? 200];
    expect(statuses, `${label}: status ${o.status}`).toContain(o.status);
  }
  if (c.rows) {
    const q = sql(c.rows);
    const expected = await tools.rows(q.sql, q.params);
    expect(forOrder(o.data, c.order), `${label}: rows`).toEqual(forOrder(expected, c.order));
  }
  if (c.row) {
    const q = sql(c.row);
    const expected = await tools.rows(q.sql, q.params);
    expect(expected, `${label}: the expectation query must return one row`).toHaveLength(1);
    expect(canonical(o.data), `${label}: row`).toEqual(canonical(expected[0]));
  }
  if (c.value) {
    const q = sql(c.value);
    expect(o.data, `${label}: value`).toEqual(await tools.value(q.sql, q.params));
  }
  if (c.noData) expect(o.data, `${label}: data`).toBeNull();
  if (c.count !== undefined) {
    const expected =
      c.count === null ? null : Number(await tools.value(sql(c.count).sql, sql(c.count).params));
    expect(o.count, `${label}: count`).toBe(expected);
  }
  if (c.after) {
    const q = sql(c.after.sql);
    const actual = await tools.rows(q.sql, q.params);
    const order = c.after.order ?? 'none';
    expect(forOrder(actual, order), `${label}: database afterwards`).toEqual(
      forOrder(c.after.equals(run), order),
    );
  }
  await c.check?.(o, tools, run);
}

/**
 * Postgres's "Failing row contains (<id>, …)" names the new row's generated id: it differs per run.
 */
function sameIds(o: Outcome): Outcome {
  // No response (an abort): `details` is the client's own stack trace.
  if (o.error && o.status === 0) return { ...o, error: { ...o.error, details: '<stack>' } };
  const details = o.error?.details;
  if (typeof details !== 'string') return o;
  return {
    ...o,
    error: { ...o.error!, details: details.replace(/^(Failing row contains \()\d+,/, '$1<id>,') },
  };
}

/** Both clients must agree (tags aside: each run owns differently tagged rows). */
function compareClients(c: DbCase, js: Outcome, jsRun: RunContext, rx: Outcome, rxRun: RunContext) {
  const a = sameIds(untag(js, jsRun.tag) as Outcome);
  const b = sameIds(untag(rx, rxRun.tag) as Outcome);
  const what = `supabase-rx and supabase-js disagree on ${c.name}`;
  const data = (o: Outcome) => forOrder(c.normalize ? c.normalize(o.data) : o.data, c.order);
  expect(data(b), `${what}: data`).toEqual(data(a));
  expect(b.error, `${what}: error`).toEqual(a.error);
  expect([b.status, b.statusText, b.count], `${what}: status, statusText, count`).toEqual([
    a.status,
    a.statusText,
    a.count,
  ]);
}

/** supabase-rx refuses bad input itself: a `SupabaseRxInputError`, thrown or in the error channel. */
async function expectInputError(call: () => Promise<Outcome>, name: string) {
  let outcome: Outcome;
  try {
    outcome = await call();
  } catch (error) {
    expect((error as Error).name, `supabase-rx — ${name}: thrown`).toBe('SupabaseRxInputError');
    return;
  }
  expect(outcome.error?.code, `supabase-rx — ${name}: ${JSON.stringify(outcome)}`).toBe(
    'invalid_input',
  );
  expect(outcome.status, `supabase-rx — ${name}: nothing was sent`).toBe(0);
}

function assertMeaningful(c: DbCase) {
  const checks = [c.rows, c.row, c.value, c.noData, c.error, c.after, c.check, c.count];
  if (checks.every((x) => x === undefined)) throw new Error(`case "${c.name}" asserts nothing`);
}

/**
 * Registers one vitest test per case: the call runs through supabase-js then supabase-rx, each
 * outcome is checked against Postgres, then the two outcomes are compared with each other.
 * @param prefix makes run tags unique across case tables
 */
export function registerCases(prefix: string, cases: DbCase[], env: () => CaseEnv): void {
  cases.forEach((c, index) => {
    assertMeaningful(c);
    if (c.todo) {
      it.todo(`${c.name} (${c.todo})`);
      return;
    }
    it(
      c.officialDiffers ? `${c.name} [supabase-js differs: ${c.officialDiffers.why}]` : c.name,
      async () => {
        const { pair, db } = env();
        const tools: CheckTools = {
          db,
          rows: (sql, params) => jsonRows(db, sql, params),
          value: (sql, params) => jsonValue(db, sql, params),
        };
        const settled: Partial<Record<ClientName, { outcome: Outcome; run: RunContext }>> = {};
        for (const client of CLIENTS) {
          const run: RunContext = { tag: `${prefix}${index}-${client.slice(9)}`, client };
          if (c.setup) run.fixture = await c.setup(tools, run);
          const db = client === 'supabase-js' ? pair.js : pair.rx;
          if (client === 'supabase-rx' && c.rxRefuses) {
            await expectInputError(() => pair.settle(client, c.query(db, run)), c.name);
            continue;
          }
          const outcome = await pair.settle(client, c.query(db, run));
          if (client === 'supabase-js' && c.officialDiffers) {
            await c.officialDiffers.check(outcome, tools, run);
            continue;
          }
          await verify(c, outcome, tools, run);
          settled[client] = { outcome, run };
        }
        const { 'supabase-js': js, 'supabase-rx': rx } = settled;
        if (js && rx) compareClients(c, js.outcome, js.run, rx.outcome, rx.run);
      },
    );
  });
}
