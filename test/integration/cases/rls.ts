import type { DbCase, RunContext } from '../helpers/case.js';
import { USERS } from '../helpers/jwt.js';

/**
 * Row level security on `notes` (policies on `auth.uid()`, see the fixture migration): what each
 * caller may see and change, checked against the same predicates evaluated by Postgres.
 */

const visibleTo = (uid: string | null) =>
  uid
    ? `select * from notes where is_public or owner_id = '${uid}'`
    : 'select * from notes where is_public';
const myNotes = {
  sql: 'select body, owner_id::text from notes where body like $1',
  params: (r: RunContext) => [`%${r.tag}%`],
};

export const anonCases: DbCase[] = [
  {
    name: 'anon sees only public notes',
    query: (db) => db.from('notes').select('*'),
    rows: visibleTo(null),
  },
  {
    name: 'anon cannot insert: 42501, 401',
    query: (db, r) => db.from('notes').insert({ owner_id: USERS.alice, body: `anon ${r.tag}` }),
    error: {
      code: '42501',
      status: 401,
      message: 'new row violates row-level security policy for table "notes"',
    },
    after: { sql: myNotes, equals: () => [] },
  },
  {
    name: 'anon updates nothing (no policy lets it see a row to update)',
    query: (db) => db.from('notes').update({ body: 'defaced' }).eq('is_public', true).select('id'),
    rows: 'select id from notes where false',
    after: { sql: `select id from notes where body = 'defaced'`, equals: () => [] },
  },
];

/** Cases for a signed-in user (`uid`), who may read public and own notes and change only their own. */
export function userCases(uid: string, other: string): DbCase[] {
  return [
    {
      name: 'sees public notes and their own, not the others',
      query: (db) => db.from('notes').select('id, body, is_public'),
      rows: `select id, body, is_public from notes where is_public or owner_id = '${uid}'`,
    },
    {
      name: 'count exact counts only visible rows',
      query: (db) => db.from('notes').select('*', { count: 'exact', head: true }),
      noData: true,
      count: `select count(*) from (${visibleTo(uid)}) v`,
    },
    {
      name: 'a filter cannot reach around the policy',
      query: (db) => db.from('notes').select('id').eq('owner_id', other).eq('is_public', false),
      rows: 'select id from notes where false',
    },
    {
      name: 'inserts a note of their own (owner from the default auth.uid())',
      query: (db, r) =>
        db
          .from('notes')
          .insert({ body: `mine ${r.tag}` })
          .select('body, owner_id'),
      status: 201,
      rows: myNotes,
      after: { sql: myNotes, equals: (r) => [{ body: `mine ${r.tag}`, owner_id: uid }] },
    },
    {
      name: 'cannot insert a note owned by someone else: 42501, 403',
      query: (db, r) => db.from('notes').insert({ owner_id: other, body: `forged ${r.tag}` }),
      error: {
        code: '42501',
        status: 403,
        message: 'new row violates row-level security policy for table "notes"',
      },
      after: { sql: myNotes, equals: () => [] },
    },
    {
      name: "updating someone else's public note changes nothing",
      query: (db) =>
        db.from('notes').update({ body: 'hijacked' }).eq('owner_id', other).select('id'),
      rows: 'select id from notes where false',
      after: { sql: `select id from notes where body = 'hijacked'`, equals: () => [] },
    },
    {
      name: 'deletes their own note and keeps the rest',
      setup: async (tools, r) => {
        await tools.db.query('insert into notes (owner_id, body) values ($1, $2), ($1, $3)', [
          uid,
          `keep ${r.tag}`,
          `drop ${r.tag}`,
        ]);
      },
      query: (db, r) => db.from('notes').delete().eq('body', `drop ${r.tag}`).select('body'),
      rows: { sql: 'select $1::text as body', params: (r) => [`drop ${r.tag}`] },
      after: { sql: myNotes, equals: (r) => [{ body: `keep ${r.tag}`, owner_id: uid }] },
    },
    {
      name: 'rpc runs as the caller: my_note_count() counts their own notes',
      query: (db) => db.rpc('my_note_count'),
      value: `select count(*) from notes where owner_id = '${uid}'`,
    },
  ];
}

export const serviceRoleCases: DbCase[] = [
  {
    name: 'service_role bypasses RLS: sees every note',
    query: (db) => db.from('notes').select('*'),
    rows: 'select * from notes',
  },
  {
    name: 'service_role may write a note for any owner',
    query: (db, r) =>
      db
        .from('notes')
        .insert({ owner_id: USERS.bob, body: `admin ${r.tag}` })
        .select('body, owner_id'),
    status: 201,
    rows: myNotes,
  },
];
