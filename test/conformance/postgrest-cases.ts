/**
 * The table of calls the conformance suite runs through supabase-js and supabase-rx. Each case
 * builds a query on a client with supabase-js's API (both clients share the method names and
 * arguments); the recorded HTTP requests must be identical.
 */

/** The part of both clients' API a case uses (they are structurally different types). */
export type AnyClient = any;

export type Case = [name: string, build: (c: AnyClient) => unknown];

const AWKWARD = [
  'comma, inside',
  'paren (inside)',
  "single 'quote'",
  'unicode Zoë 漢字 😀',
  '100% sure',
  'a & b',
  '#hash',
  'a+b',
  '  spaces  around  ',
  'dots.and:colons',
  'braces {x}',
  'brackets [x]',
  'slash/and?query=1',
  '',
];

const date = new Date(Date.UTC(2024, 1, 29, 12, 30, 0));

export const cases: Case[] = [
  // select
  ['select()', (c) => c.from('t').select()],
  ['select("*")', (c) => c.from('t').select('*')],
  ['select column list', (c) => c.from('t').select('id,name')],
  [
    'select whitespace cleaning and quoted names',
    (c) => c.from('t').select(' id , name,\n  cities ( name ), "first name", "x  y" '),
  ],
  ['select renames and casts', (c) => c.from('t').select('alias:col, n::text, data->a->>b')],
  ['select embeds, !inner, hints', (c) => c.from('t').select('*, cities!inner(name), a:b!fk(c)')],
  ['select count exact', (c) => c.from('t').select('*', { count: 'exact' })],
  ['select count planned head', (c) => c.from('t').select('*', { count: 'planned', head: true })],
  ['select head', (c) => c.from('t').select('id', { head: true })],
  ['select estimated', (c) => c.from('t').select('*', { count: 'estimated' })],
  ['table name with space', (c) => c.from('my table').select()],
  ['table name unicode', (c) => c.from('tablé_ü').select()],
  ['table name with quote', (c) => c.from('a"b').select()],
  // comparison filters with awkward values
  ...AWKWARD.map((v): Case => [
    `eq ${JSON.stringify(v)}`,
    (c) => c.from('t').select().eq('col', v),
  ]),
  ...AWKWARD.map((v): Case => [
    `neq ${JSON.stringify(v)}`,
    (c) => c.from('t').select().neq('a b', v),
  ]),
  ['eq number', (c) => c.from('t').select().eq('n', 42.5)],
  ['eq null', (c) => c.from('t').select().eq('n', null)],
  ['eq boolean', (c) => c.from('t').select().eq('b', false)],
  ['eq date', (c) => c.from('t').select().eq('d', date)],
  ['eq ISO date string', (c) => c.from('t').select().eq('d', date.toISOString())],
  ['gt/gte/lt/lte', (c) => c.from('t').select().gt('a', 1).gte('a', 2).lt('b', 3).lte('b', '4')],
  ['repeated filters on one column', (c) => c.from('t').select().eq('a', 1).eq('a', 2)],
  ['filter on embedded column', (c) => c.from('t').select('*, cities(*)').eq('cities.name', 'x')],
  ['filter on JSON path', (c) => c.from('t').select().eq('data->>a', 'b')],
  ['like %', (c) => c.from('t').select().like('name', '%a_b%')],
  ['ilike', (c) => c.from('t').select().ilike('name', '%ZOË%')],
  ['likeAllOf', (c) => c.from('t').select().likeAllOf('name', ['%a%', '%b,c%'])],
  ['likeAnyOf', (c) => c.from('t').select().likeAnyOf('name', ['a%', '%b'])],
  ['ilikeAllOf', (c) => c.from('t').select().ilikeAllOf('name', ['%a%'])],
  ['ilikeAnyOf', (c) => c.from('t').select().ilikeAnyOf('name', ['%a%', '%(b)%'])],
  ['regexMatch', (c) => c.from('t').select().regexMatch('name', '^[a-z]+\\d{2}$')],
  ['regexIMatch', (c) => c.from('t').select().regexIMatch('name', '(foo|bar)+')],
  ['is null', (c) => c.from('t').select().is('a', null)],
  ['is true/false', (c) => c.from('t').select().is('a', true).is('b', false)],
  ['isDistinct', (c) => c.from('t').select().isDistinct('a', 'x')],
  // in / notIn
  ['in numbers', (c) => c.from('t').select().in('id', [1, 2, 3])],
  ['in empty list', (c) => c.from('t').select().in('id', [])],
  ['in duplicates', (c) => c.from('t').select().in('id', [1, 1, 2, 1])],
  [
    'in reserved characters',
    (c) => c.from('t').select().in('s', ['a,b', '(x)', 'f.g', 'h:i', 'plain']),
  ],
  ['in awkward values', (c) => c.from('t').select().in('s', AWKWARD)],
  ['in null and booleans', (c) => c.from('t').select().in('s', [null, true, false, 0])],
  ['notIn', (c) => c.from('t').select().notIn('s', ['a', 'b,c', 3])],
  // containers and ranges
  ['contains string range', (c) => c.from('t').select().contains('r', '[1,5)')],
  ['contains array', (c) => c.from('t').select().contains('tags', ['a', 'b c', 'd,e'])],
  [
    'contains JSON object',
    (c) =>
      c
        .from('t')
        .select()
        .contains('j', { a: 1, b: [1, 'x'], c: { d: null } }),
  ],
  ['containedBy array', (c) => c.from('t').select().containedBy('tags', ['a'])],
  ['containedBy object', (c) => c.from('t').select().containedBy('j', { k: 'v & w' })],
  ['containedBy empty array', (c) => c.from('t').select().containedBy('tags', [])],
  [
    'rangeGt',
    (c) => c.from('t').select().rangeGt('during', '[2000-01-02 08:00, 2000-01-02 09:00)'),
  ],
  ['rangeGte', (c) => c.from('t').select().rangeGte('during', '(1,10]')],
  ['rangeLt', (c) => c.from('t').select().rangeLt('during', '[1,2)')],
  ['rangeLte', (c) => c.from('t').select().rangeLte('during', '[1,2]')],
  ['rangeAdjacent', (c) => c.from('t').select().rangeAdjacent('during', 'empty')],
  ['overlaps array', (c) => c.from('t').select().overlaps('tags', ['x', 'y'])],
  ['overlaps range', (c) => c.from('t').select().overlaps('during', '[2000-01-01, 2000-01-02)')],
  // full text
  ['textSearch plain default', (c) => c.from('t').select().textSearch('body', "'fat' & 'cat'")],
  [
    'textSearch config',
    (c) => c.from('t').select().textSearch('body', "'fat' & 'cat'", { config: 'english' }),
  ],
  ['textSearch plain', (c) => c.from('t').select().textSearch('body', 'cat', { type: 'plain' })],
  [
    'textSearch phrase',
    (c) =>
      c.from('t').select().textSearch('body', 'fat cat', { type: 'phrase', config: 'english' }),
  ],
  [
    'textSearch websearch',
    (c) => c.from('t').select().textSearch('body', '"fat cat" or -rat', { type: 'websearch' }),
  ],
  // match / not / or / filter
  ['match', (c) => c.from('t').select().match({ a: 1, b: 'x y', c: null, d: undefined, e: true })],
  ['not is null', (c) => c.from('t').select().not('a', 'is', null)],
  ['not in', (c) => c.from('t').select().not('a', 'in', '(1,2)')],
  ['not eq awkward', (c) => c.from('t').select().not('a', 'eq', 'x,(y)')],
  ['not cs', (c) => c.from('t').select().not('tags', 'cs', '{a,b}')],
  ['or', (c) => c.from('t').select().or('id.eq.2,name.eq.Han Solo')],
  ['or nested and', (c) => c.from('t').select().or('a.eq.1,and(b.gt.2,c.lt.3)')],
  [
    'or referencedTable',
    (c) => c.from('t').select('*, cities(*)').or('name.eq.x', { referencedTable: 'cities' }),
  ],
  [
    'or foreignTable',
    (c) => c.from('t').select('*, cities(*)').or('name.eq.x', { foreignTable: 'cities' }),
  ],
  ['filter raw', (c) => c.from('t').select().filter('a', 'in', '("x,y",z)')],
  ['filter not.', (c) => c.from('t').select().filter('a', 'not.eq', 5)],
  ['filter fts config', (c) => c.from('t').select().filter('b', 'fts(english)', 'cat')],
  ['filter quantifier', (c) => c.from('t').select().filter('b', 'like(any)', '{a%,b%}')],
  // modifiers
  ['order default', (c) => c.from('t').select().order('a')],
  [
    'order several',
    (c) =>
      c
        .from('t')
        .select()
        .order('a')
        .order('b', { ascending: false })
        .order('c', { nullsFirst: true })
        .order('d', { ascending: false, nullsFirst: false }),
  ],
  [
    'order referencedTable',
    (c) =>
      c
        .from('t')
        .select('*, cities(*)')
        .order('name', { referencedTable: 'cities' })
        .order('id', { foreignTable: 'cities', ascending: false }),
  ],
  ['limit', (c) => c.from('t').select().limit(10)],
  ['limit 0', (c) => c.from('t').select().limit(0)],
  ['limit twice (set)', (c) => c.from('t').select().limit(10).limit(5)],
  [
    'limit referencedTable',
    (c) => c.from('t').select('*, cities(*)').limit(2, { referencedTable: 'cities' }),
  ],
  ['range', (c) => c.from('t').select().range(10, 19)],
  ['range single row', (c) => c.from('t').select().range(0, 0)],
  ['range then limit', (c) => c.from('t').select().range(5, 9).limit(3)],
  [
    'range referencedTable',
    (c) => c.from('t').select('*, cities(*)').range(0, 1, { referencedTable: 'cities' }),
  ],
  [
    'range foreignTable',
    (c) => c.from('t').select('*, cities(*)').range(2, 3, { foreignTable: 'cities' }),
  ],
  ['single', (c) => c.from('t').select().eq('id', 1).single()],
  ['maybeSingle', (c) => c.from('t').select().eq('id', 1).maybeSingle()],
  ['csv', (c) => c.from('t').select().csv()],
  ['geojson', (c) => c.from('t').select().geojson()],
  ['explain default', (c) => c.from('t').select().explain()],
  [
    'explain all json',
    (c) =>
      c.from('t').select().explain({
        analyze: true,
        verbose: true,
        settings: true,
        buffers: true,
        wal: true,
        format: 'json',
      }),
  ],
  ['explain some', (c) => c.from('t').select().explain({ analyze: true, wal: true })],
  ['single then explain', (c) => c.from('t').select().single().explain({ analyze: true })],
  ['stripNulls', (c) => c.from('t').select().stripNulls()],
  ['stripNulls then single', (c) => c.from('t').select().stripNulls().single()],
  ['single then stripNulls', (c) => c.from('t').select().single().stripNulls()],
  ['rollback', (c) => c.from('t').update({ a: 1 }).eq('id', 1).rollback()],
  ['maxAffected', (c) => c.from('t').delete().eq('a', 1).maxAffected(5)],
  ['setHeader', (c) => c.from('t').select().setHeader('x-custom', 'v 1')],
  [
    'setHeader Prefer then select',
    (c) => c.from('t').insert({ a: 1 }).setHeader('Prefer', 'tx=commit').select(),
  ],
  ['retry(false)', (c) => c.from('t').select().retry(false)],
  ['throwOnError', (c) => c.from('t').select().throwOnError()],
  // mutations
  [
    'insert one',
    (c) => c.from('t').insert({ a: 1, b: 'x, "y"', c: null, d: true, e: { f: [1, 2] } }),
  ],
  ['insert unicode body', (c) => c.from('t').insert({ name: 'Zoë 漢字 😀 \u2028' })],
  ['insert date body', (c) => c.from('t').insert({ at: date })],
  ['insert bigint body', (c) => c.from('t').insert({ big: 9007199254740993n })],
  [
    'insert bulk union columns',
    (c) => c.from('t').insert([{ a: 1 }, { b: 2, 'c d': 3 }, { a: 4, 'é,"x"': 5 }]),
  ],
  ['insert bulk of empty objects', (c) => c.from('t').insert([{}, {}])],
  ['insert empty array', (c) => c.from('t').insert([])],
  [
    'insert count + defaultToNull false',
    (c) => c.from('t').insert([{ a: 1 }], { count: 'exact', defaultToNull: false }),
  ],
  ['insert select', (c) => c.from('t').insert({ a: 1 }).select()],
  ['insert select columns single', (c) => c.from('t').insert({ a: 1 }).select('id, a').single()],
  ['insert select maybeSingle', (c) => c.from('t').insert({ a: 1 }).select().maybeSingle()],
  ['upsert default', (c) => c.from('t').upsert({ id: 1, a: 'x' })],
  [
    'upsert onConflict ignore',
    (c) =>
      c
        .from('t')
        .upsert([{ id: 1 }], {
          onConflict: 'id, slug',
          ignoreDuplicates: true,
          count: 'estimated',
          defaultToNull: false,
        })
        .select('id'),
  ],
  ['upsert onConflict empty string', (c) => c.from('t').upsert({ id: 1 }, { onConflict: '' })],
  ['update', (c) => c.from('t').update({ a: 5, b: null }).eq('id', 1)],
  [
    'update count select single',
    (c) => c.from('t').update({ a: 5 }, { count: 'exact' }).eq('id', 1).select().single(),
  ],
  ['update order limit', (c) => c.from('t').update({ a: 5 }).order('id').limit(1)],
  ['delete', (c) => c.from('t').delete().eq('id', 1)],
  ['delete count in', (c) => c.from('t').delete({ count: 'exact' }).in('id', [1, 2])],
  ['delete select', (c) => c.from('t').delete().eq('id', 1).select('id')],
  // rpc
  ['rpc no args', (c) => c.rpc('fn')],
  ['rpc args', (c) => c.rpc('fn', { a: 1, arr: [1, 2], s: 'x y', o: { k: 'v' }, n: null })],
  [
    'rpc get',
    (c) =>
      c.rpc('fn', { a: 1, arr: [1, 'b,c'], s: 'x y & z', u: undefined, n: null }, { get: true }),
  ],
  ['rpc get no args', (c) => c.rpc('fn', {}, { get: true })],
  ['rpc head count', (c) => c.rpc('fn', { a: 1 }, { head: true, count: 'exact' })],
  ['rpc head', (c) => c.rpc('fn', { a: 1 }, { head: true })],
  [
    'rpc head object arg count',
    (c) => c.rpc('fn', { a: { b: 1 } }, { head: true, count: 'exact' }),
  ],
  ['rpc head array-of-objects arg', (c) => c.rpc('fn', { a: [{ b: 1 }] }, { head: true })],
  ['rpc count POST', (c) => c.rpc('fn', { a: 1 }, { count: 'planned' })],
  [
    'rpc select filters modifiers',
    (c) => c.rpc('fn', { x: 1 }).select('id').eq('id', 2).order('id').limit(1),
  ],
  ['rpc get with filters', (c) => c.rpc('fn', { x: 1 }, { get: true }).gt('id', 2).range(0, 4)],
  ['rpc single', (c) => c.rpc('fn').single()],
  ['rpc unicode name', (c) => c.rpc('fné')],
  // schema
  ['schema select', (c) => c.schema('other').from('t').select()],
  ['schema insert', (c) => c.schema('other').from('t').insert({ a: 1 })],
  ['schema rpc', (c) => c.schema('other').rpc('fn', { a: 1 })],
  ['schema rpc get', (c) => c.schema('other').rpc('fn', { a: 1 }, { get: true })],
];
