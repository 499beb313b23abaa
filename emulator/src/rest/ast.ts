/**
 * The syntax tree of a PostgREST request — the contract between the parser (`parse/`), the
 * planner and the SQL renderer (`sql/`), and the handlers (read, write, rpc).
 * Everything here is plain data; parsing and rendering are pure functions.
 */

/** `col->a->>b`: a column with an optional JSON path. */
export interface Field {
  name: string;
  jsonPath: JsonStep[];
}

export interface JsonStep {
  /** `->` keeps JSON, `->>` takes text. */
  arrow: '->' | '->>';
  /** A key, or an array index (`->0`). */
  key: string | number;
}

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'max' | 'min';

/** One item of `select=`. */
export type SelectItem =
  | { type: 'star' }
  | {
      type: 'column';
      field: Field;
      alias?: string;
      /** `::text` after the column. */
      cast?: string;
      /** `col.sum()`, or the bare `count()`-less form `count()` (then `field.name` is `''`). */
      aggregate?: AggregateFunction;
      /** `col.sum()::int` — the cast applied to the aggregate's result. */
      aggregateCast?: string;
    }
  | {
      type: 'embed';
      /** Table, view or FK/column name after the alias: `director:people!fk(...)` → `people`. */
      relation: string;
      alias?: string;
      /** `!fk_name` or `!column` hint. */
      hint?: string;
      /** `!inner` / `!left`. */
      joinType?: 'inner' | 'left';
      /** `...people(name)`: the embed's columns are spread into the parent. */
      spread: boolean;
      select: SelectItem[];
    };

export type FilterOperator =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'like'
  | 'ilike'
  | 'match'
  | 'imatch'
  | 'is'
  | 'isdistinct'
  | 'in'
  | 'cs'
  | 'cd'
  | 'ov'
  | 'sl'
  | 'sr'
  | 'nxr'
  | 'nxl'
  | 'adj'
  | 'fts'
  | 'plfts'
  | 'phfts'
  | 'wfts';

/** A leaf filter: `col=not.like(any).{a*,b*}`. */
export interface Filter {
  type: 'filter';
  field: Field;
  negated: boolean;
  operator: FilterOperator;
  /** `like(any)` / `eq(all)` … */
  quantifier?: 'any' | 'all';
  /** Full-text search config: `fts(english)`. */
  language?: string;
  /**
   * The operand, unescaped: a string for scalar operators; a list for `in` and quantified
   * operators (`{a,b}` / `(a,"b,c")`); for `is`, one of `null|true|false|unknown` (lower-cased), or `not_null` (PostgREST 13).
   */
  value: string | string[];
}

/** `or=(a.eq.1,and(b.gt.2,c.lt.3))`, `not.and=(…)`. */
export interface Logic {
  type: 'logic';
  operator: 'and' | 'or';
  negated: boolean;
  children: Condition[];
}

export type Condition = Filter | Logic;

export interface OrderTerm {
  field: Field;
  /** `order=director(name).desc`: order by a column of a to-one embed (its alias or name). */
  relation?: string;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

/**
 * A path from the root resource to an embedded one, by the embed's alias or relation name as the
 * query string names it: `[]` = root, `['actors']` for `actors.order=…`.
 */
export type EmbedPath = string[];

/** A parsed read request (GET/HEAD on a table or view, and the read part of writes and rpc). */
export interface ReadQuery {
  select: SelectItem[];
  /** Filters by embed path; root filters have `path: []`. All are ANDed at their level. */
  filters: { path: EmbedPath; condition: Condition }[];
  orders: { path: EmbedPath; terms: OrderTerm[] }[];
  ranges: { path: EmbedPath; limit?: number; offset?: number }[];
}

/** The `Prefer` header, split on `,` and trimmed. Unknown tokens are kept in `unknown`. */
export interface Preferences {
  return?: 'minimal' | 'representation' | 'headers-only';
  count?: 'exact' | 'planned' | 'estimated';
  resolution?: 'merge-duplicates' | 'ignore-duplicates';
  missing?: 'default' | 'null';
  tx?: 'commit' | 'rollback';
  handling?: 'strict' | 'lenient';
  maxAffected?: number;
  timezone?: string;
  params?: 'single-object';
  unknown: string[];
}

/** A whole request as the handlers see it. */
export interface ParsedRequest {
  /** `rpc/fn` → `{ kind: 'rpc', name: 'fn' }`; otherwise the table or view. */
  target: { kind: 'relation'; name: string } | { kind: 'rpc'; name: string };
  schema: string;
  read: ReadQuery;
  prefer: Preferences;
  /** `?columns="a","b"` for inserts. */
  columns?: string[];
  /** `?on_conflict=a,b` for upserts. */
  onConflict?: string[];
  /** Query parameters that are not PostgREST keywords nor filters: rpc GET arguments. */
  rpcArgs: [string, string][];
  /** The `Range: 0-9` header, when sent. */
  rangeHeader?: { from: number; to?: number };
  /** The negotiated media type (`application/json`, `…object+json`, `text/csv`, plan …). */
  accept: AcceptedMedia;
}

export type AcceptedMedia =
  | { type: 'json' }
  | { type: 'object'; stripNulls?: boolean }
  | { type: 'array'; stripNulls?: boolean }
  | { type: 'csv' }
  | { type: 'geojson' }
  | {
      type: 'plan';
      format: 'text' | 'json';
      /** The media the plan is for (`for="…"`). */
      for: string;
      options: ('analyze' | 'verbose' | 'settings' | 'buffers' | 'wal')[];
    };

/** A PostgREST error as sent on the wire, with its HTTP status. */
export interface PostgrestErrorBody {
  code: string;
  details: string | null;
  hint: string | null;
  message: string;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: PostgrestErrorBody,
  ) {
    super(body.message);
    this.name = 'RestError';
  }
}
