import type { Db } from './clients.js';
import type { ClientName, Outcome } from './outcome.js';
import type { SqlSpec } from './postgres.js';
import type { EmulatorHandle } from './emulator.js';

/** What a case knows about the run it is part of. */
export interface RunContext {
  /** Unique per case and client: mutating cases put it in the rows they own. */
  tag: string;
  client: ClientName;
  /** What the case's `setup` returned for this run (e.g. the ids of the rows it created). */
  fixture?: any;
}

/** Helpers a case's own `check` may use. */
export interface CheckTools {
  db: EmulatorHandle['db'];
  rows(sql: string, params?: unknown[]): Promise<unknown[]>;
  value(sql: string, params?: unknown[]): Promise<unknown>;
}

/** An expected PostgREST error. Messages are compared exactly when given (users match on them). */
export interface ExpectedError {
  code: string;
  status: number;
  message?: string | RegExp;
  details?: string | RegExp | null;
  hint?: string | RegExp | null;
}

/**
 * One database call, written once against supabase-js's API and run through both clients, with
 * what Postgres says the answer must be.
 */
export interface DbCase {
  name: string;
  /** Runs on Postgres before each client's call (creating the rows the case owns); its result is `run.fixture`. */
  setup?(tools: CheckTools, run: RunContext): Promise<unknown>;
  /** Builds the query. Must not await it: the runner settles it per client. */
  query(db: Db, run: RunContext): unknown;
  /** `data` is an array equal to these rows (Postgres's JSON rendering). */
  rows?: SqlSpec<RunContext>;
  /** `data` is one object equal to the single row of this query. */
  row?: SqlSpec<RunContext>;
  /** `data` equals the first column of the single row of this query (scalar rpc results). */
  value?: SqlSpec<RunContext>;
  /** `data` is null (HEAD, `return=minimal`, 204). */
  noData?: boolean;
  /**
   * How to compare arrays. `none` (default): no order was requested, compare as multisets,
   * embedded arrays too. `top`: the top-level order matters, embedded arrays are multisets.
   * `all`: every array's order matters (embeds were ordered too).
   */
  order?: 'none' | 'top' | 'all';
  /** The expected `count`: a query returning it, or a literal `null` (none requested). */
  count?: SqlSpec<RunContext> | null;
  /** Expected status (default: 200 when no error is expected); a list when several are right. */
  status?: number | number[];
  error?: ExpectedError;
  /** After the call, this query's rows must equal `equals(run)` (mutations: the database state). */
  after?: { sql: SqlSpec<RunContext>; equals(run: RunContext): unknown[]; order?: 'none' | 'all' };
  /** Further assertions on an outcome. */
  check?(outcome: Outcome, tools: CheckTools, run: RunContext): void | Promise<void>;
  /**
   * Where the official client cannot give the right answer: why, and a check of what it does
   * instead (so the test fails if that ever changes). supabase-rx must still pass the case.
   */
  officialDiffers?: {
    why: string;
    check(outcome: Outcome, tools: CheckTools, run: RunContext): void | Promise<void>;
  };
  /**
   * Where supabase-rx refuses the call itself, before sending anything (a `SupabaseRxInputError`,
   * thrown at call time or delivered at subscribe), while supabase-js sends it and gets the
   * server's error: why. Only supabase-js's outcome is checked against the expectations.
   */
  rxRefuses?: string;
  /** Reduces `data` to what must be equal between the two clients (e.g. drops timings). */
  normalize?(data: unknown): unknown;
  /** Not yet runnable, with the reason (a missing piece of the emulator or SDK). */
  todo?: string;
}
