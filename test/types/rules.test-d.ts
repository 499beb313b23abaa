/* eslint-disable @typescript-eslint/no-unused-vars -- builders declared only for their types */
// Type tests for the typed database API (select-string parsing, typed filters, Insert/Update,
// rpc, helper types). Run by vitest's typecheck (npm test) and tsc (npm run lint); nothing runs.
import type { MergeDeep } from 'type-fest';
import { createClient, type QueryData, type QueryError, type QueryResult } from 'supabase-rx';
import type { PostgrestError, PostgrestResponse, SelectQueryError } from 'supabase-rx/postgrest';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  CompositeTypes,
  Database,
  Enums,
  Tables,
  TablesInsert,
  TablesUpdate,
} from '../fixtures/types/database.js';

const db = createClient<Database>('http://127.0.0.1:54321', 'anon-key');

describe('select strings', () => {
  it('a column the relation lacks is a SelectQueryError row', () => {
    const q = db.from('posts').select('id, titel');
    expectTypeOf<QueryData<typeof q>>().toEqualTypeOf<
      SelectQueryError<"column 'titel' does not exist on 'posts'">[]
    >();
  });

  it('SQL spellings of casts are typed too (supabase-js gives unknown for ::int)', () => {
    const q = db.from('posts').select('id::int, flag:title::boolean');
    expectTypeOf<QueryData<typeof q>>().toEqualTypeOf<{ id: number; flag: boolean }[]>();
  });

  it('an ambiguous embed (two foreign keys to profiles) is an error field', () => {
    const q = db.from('posts').select('profiles(username)');
    type Row = QueryData<typeof q>[number];
    expectTypeOf<Row['profiles']>().toHaveProperty('embedError');
  });

  it('Tables<> is the row of select("*")', () => {
    const q = db.from('posts').select();
    expectTypeOf<QueryData<typeof q>>().toEqualTypeOf<Tables<'posts'>[]>();
    const p = db.schema('inventory').from('products').select();
    expectTypeOf<QueryData<typeof p>>().toEqualTypeOf<
      Tables<{ schema: 'inventory' }, 'products'>[]
    >();
  });
});

describe('filters and order take typed column names', () => {
  it('a misspelt column is a compile error; JSON paths and embedded columns pass', () => {
    const q = db.from('posts').select('id, comments(body)');
    q.eq('title', 'x').gt('word_count', 3).order('created_at', { ascending: false });
    q.eq('metadata->>theme', 'dark').eq('comments.body', 'hi');
    q.order('body', { referencedTable: 'comments' });
    // @ts-expect-error no column titel
    q.eq('titel', 'x');
    // @ts-expect-error no column titel
    q.order('titel');
    // @ts-expect-error no column titel
    q.in('titel', []);
    // @ts-expect-error no column titel
    q.match({ titel: 'x' });
    // @ts-expect-error a title is a string
    q.eq('title', 1);
  });
});

describe('Insert / Update', () => {
  it('insert, upsert and update are checked against Insert / Update', () => {
    const row: TablesInsert<'posts'> = { author_id: 'u', title: 't' };
    db.from('posts').insert(row);
    db.from('posts').upsert([row, { author_id: 'v', title: 'u' }]);
    const change: TablesUpdate<'posts'> = { title: 'u' };
    db.from('posts').update(change);
    // @ts-expect-error title is required
    db.from('posts').insert({ author_id: 'u' });
    // @ts-expect-error no column titel
    db.from('posts').update({ titel: 'u' });
    // @ts-expect-error word_count is generated (never in Insert)
    db.from('posts').insert({ author_id: 'u', title: 't', word_count: 1 });
    // @ts-expect-error a view without Insert takes no rows
    db.from('post_summaries').insert({ title: 't' });
  });
});

describe('rpc', () => {
  it('arguments and results are typed', () => {
    const q = db.rpc('add_numbers', { a: 1, b: 2 });
    expectTypeOf<QueryData<typeof q>>().toEqualTypeOf<number>();
    const s = db.rpc('current_status');
    expectTypeOf<QueryData<typeof s>>().toEqualTypeOf<Enums<'user_status'>>();
    const addr: CompositeTypes<'address'> = { street: null, city: 'Paris' };
    db.rpc('format_address', { addr });
    // @ts-expect-error b is missing
    db.rpc('add_numbers', { a: 1 });
  });
});

describe('helper types', () => {
  it('QueryData / QueryResult / QueryError', () => {
    const countriesWithCities = db.from('countries').select('id, name, cities(id, name)');
    type CountriesWithCities = QueryData<typeof countriesWithCities>;
    expectTypeOf<CountriesWithCities>().toEqualTypeOf<
      { id: number; name: string; cities: { id: number; name: string }[] }[]
    >();
    expectTypeOf<QueryResult<typeof countriesWithCities>>().toEqualTypeOf<
      PostgrestResponse<CountriesWithCities>
    >();
    expectTypeOf<QueryError>().toEqualTypeOf<PostgrestError>();
    const one = db.from('countries').select('name').maybeSingle();
    expectTypeOf<QueryData<typeof one>>().toEqualTypeOf<{ name: string } | null>();
  });

  it("MergeDeep overrides a view's nullability, as the reference shows", () => {
    type Overridden = MergeDeep<
      Database,
      { public: { Views: { post_summaries: { Row: { id: number; title: string } } } } }
    >;
    const typed = createClient<Overridden>('http://127.0.0.1:54321', 'anon-key');
    const q = typed.from('post_summaries').select('id, title, profiles(username)');
    expectTypeOf<QueryData<typeof q>>().toEqualTypeOf<
      { id: number; title: string; profiles: { username: string } | null }[]
    >();
  });
});
