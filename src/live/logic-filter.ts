import {
  compileCondition,
  splitTopLevel,
  UnsupportedFilter,
  type Condition,
} from './filter-eval.js';

/**
 * Compiles a PostgREST logic filter (`or=(a.eq.1,b.gt.2)`, `and=(…)`, `not.or=(…)`) whose
 * members are plain conditions. Nested `and(…)`/`or(…)` members are not evaluated on the client:
 * they throw {@link UnsupportedFilter}, and the live query falls back to refetching.
 *
 * @example
 * ```ts
 * compileLogic('or', '(year.lt.1990,title.eq.Heat)')({ year: 1995, title: 'Heat' }); // true
 * ```
 */
export function compileLogic(key: string, value: string): Condition {
  const negate = key.startsWith('not.');
  const op = negate ? key.slice(4) : key;
  if (op !== 'or' && op !== 'and') throw new UnsupportedFilter(`logic filter ${key}`);
  if (!value.startsWith('(') || !value.endsWith(')')) {
    throw new UnsupportedFilter(`${key}=${value}`);
  }
  const members = splitTopLevel(value.slice(1, -1)).map(member);
  const combine = op === 'or' ? anyOf(members) : allOf(members);
  if (!negate) return combine;
  return (row) => {
    const r = combine(row);
    return r === null ? null : !r;
  };
}

function member(text: string): Condition {
  const t = text.trim();
  if (/^(not\.)?(and|or)\(/.test(t)) throw new UnsupportedFilter(`nested logic ${t}`);
  const dot = t.indexOf('.');
  if (dot <= 0) throw new UnsupportedFilter(`logic member ${t}`);
  return compileCondition(t.slice(0, dot), t.slice(dot + 1));
}

/** SQL OR: true if any is true, else unknown if any is unknown, else false. */
export function anyOf(conds: readonly Condition[]): Condition {
  return (row) => {
    let unknown = false;
    for (const c of conds) {
      const r = c(row);
      if (r === true) return true;
      if (r === null) unknown = true;
    }
    return unknown ? null : false;
  };
}

/** SQL AND: false if any is false, else unknown if any is unknown, else true. */
export function allOf(conds: readonly Condition[]): Condition {
  return (row) => {
    let unknown = false;
    for (const c of conds) {
      const r = c(row);
      if (r === false) return false;
      if (r === null) unknown = true;
    }
    return unknown ? null : true;
  };
}
