import { protocol, types, type PGlite } from '@electric-sql/pglite';
import type { ErrorFields, Script, Statement, Step, StepResult } from './pglite-messages.js';

const { serialize } = protocol;

// The fields of a Postgres error worth keeping (the protocol's, as `pg` names them).
const ERROR_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

/** What one exchange gave: a result per statement that ran, and the error that stopped it. */
export interface PipelineOutcome {
  results: StepResult[];
  error?: ErrorFields;
}

interface BackendMessage {
  name: string;
  text?: string;
  fields?: unknown[];
}

/** Copies a thrown value into fields that survive `postMessage`. */
export function errorFields(error: unknown, sql?: string): ErrorFields {
  if (error instanceof Error && (error as { name: string }).name === 'error') {
    const out: ErrorFields = { message: error.message };
    for (const f of ERROR_FIELDS) {
      const v = (error as unknown as Record<string, unknown>)[f];
      if (v !== undefined) out[f] = v;
    }
    if (sql !== undefined) out.query = sql;
    return out;
  }
  return { message: error instanceof Error ? error.message : String(error), internal: true };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Parse, bind, describe and execute each statement, then one Sync: Postgres skips the rest after an error. */
function extendedMessage(statements: Statement[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const s of statements) {
    parts.push(
      serialize.parse({ text: s.sql }),
      serialize.bind({ values: s.params ?? [] }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
    );
  }
  parts.push(serialize.sync());
  return concat(parts);
}

const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

/** Splits an exchange's messages into one result per completed statement. */
function collect(
  db: PGlite,
  messages: BackendMessage[],
  sqlOf: (index: number) => string,
): PipelineOutcome {
  const results: StepResult[] = [];
  let fields: StepResult['fields'] = [];
  let rows: Record<string, unknown>[] = [];
  for (const msg of messages) {
    switch (msg.name) {
      case 'rowDescription':
        fields = (msg.fields as { name: string; dataTypeID: number }[]).map((f) => ({
          name: f.name,
          dataTypeID: f.dataTypeID,
        }));
        break;
      case 'dataRow': {
        const row: Record<string, unknown> = {};
        const values = msg.fields as (string | null)[];
        for (let i = 0; i < fields.length; i++) {
          row[fields[i].name] = types.parseType(values[i], fields[i].dataTypeID, db.parsers);
        }
        rows.push(row);
        break;
      }
      case 'commandComplete':
      case 'emptyQuery': {
        const tag = (msg.text ?? '').split(' ');
        const command = tag[0] ?? '';
        const affected = COUNTED.has(command) ? Number(tag[tag.length - 1]) || 0 : 0;
        results.push({ rows, fields, rowCount: affected || rows.length, command });
        fields = [];
        rows = [];
        break;
      }
      case 'error':
        return { results, error: errorFields(msg, sqlOf(results.length)) };
    }
  }
  return { results };
}

async function exchange(db: PGlite, message: Uint8Array): Promise<BackendMessage[]> {
  return (await db.execProtocolStream(message, {
    throwOnError: false,
    syncToFs: false,
  })) as BackendMessage[];
}

/**
 * Runs `steps` on PGlite in as few protocol exchanges as possible: consecutive statements go in
 * one message (each Parse/Bind/Describe/Execute, then one Sync), a script in its own. Stops at
 * the first error. PGlite's own `query()` makes six exchanges per statement; this makes one per
 * batch, which is what a request's transaction costs.
 *
 * @example
 * ```ts
 * await runPipeline(db, [{ sql: 'BEGIN' }, { sql: 'select $1::int as n', params: ['1'] }]);
 * // { results: [{ command: 'BEGIN', … }, { command: 'SELECT', rows: [{ n: 1 }], … }] }
 * ```
 */
export function runPipeline(db: PGlite, steps: Step[]): Promise<PipelineOutcome> {
  return db.runExclusive(async () => {
    const results: StepResult[] = [];
    let i = 0;
    while (i < steps.length) {
      const step = steps[i];
      let outcome: PipelineOutcome;
      if ('script' in step) {
        const messages = await exchange(db, serialize.query((step as Script).script));
        outcome = collect(db, messages, () => (step as Script).script);
        i++;
      } else {
        let end = i;
        while (end < steps.length && !('script' in steps[end])) end++;
        const batch = steps.slice(i, end) as Statement[];
        const messages = await exchange(db, extendedMessage(batch));
        outcome = collect(db, messages, (n) => batch[n]?.sql ?? '');
        i = end;
      }
      results.push(...outcome.results);
      if (outcome.error) return { results, error: outcome.error };
    }
    // Outside a transaction the work is durable now (a no-op in memory).
    if (!db.isInTransaction()) await db.syncToFs();
    return { results };
  });
}
