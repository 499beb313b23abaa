import { describe, expectTypeOf, it } from 'vitest';
import {
  PostgrestClient,
  type EmbedError,
  type LooseRow,
  type PostgrestResponse,
} from '../../../src/postgrest.js';
import type { Observable } from 'rxjs';
import { testClient } from './helpers.js';

/** The `data` type a query emits (type-level only; never called at run time for its value). */
function emitted<T>(_q: Observable<PostgrestResponse<T>>): T {
  return undefined as T;
}

type Movie = {
  id: number;
  title: string;
  year: number | null;
};

type Database = {
  public: {
    Tables: {
      movies: {
        Row: Movie;
        Insert: { id?: number; title: string; year?: number | null };
        Update: { id?: number; title?: string; year?: number | null };
        Relationships: [];
      };
    };
    Views: { recent: { Row: { id: number } } };
    Functions: {
      top_movies: { Args: { n: number }; Returns: Movie[] };
      count_movies: { Args: Record<string, never>; Returns: number };
    };
  };
  other: {
    Tables: { logs: { Row: { at: string }; Insert: { at: string }; Update: { at?: string } } };
    Views: Record<string, never>;
    Functions: Record<string, never>;
  };
};

// These are compile-time checks: `tsc` (npm run typecheck) fails if a type is wrong.
describe('types', () => {
  const { db: anyDb } = testClient();
  const db = anyDb as unknown as PostgrestClient<Database>;

  it('select("*") gives the Row', () => {
    expectTypeOf(emitted(db.from('movies').select())).toEqualTypeOf<Movie[]>();
    expectTypeOf(emitted(db.from('movies').select('*').eq('id', 1))).toEqualTypeOf<Movie[]>();
  });

  it('a column list picks and renames', () => {
    const q = db.from('movies').select('id, name:title');
    expectTypeOf(emitted(q)).toEqualTypeOf<{ id: number; name: string }[]>();
  });

  it('an embed the schema has no relationship for is an EmbedError, not a loose row', () => {
    const _q = db.from('movies').select('id, director:people(name)');
    type Row = typeof _q extends Observable<PostgrestResponse<(infer R)[]>> ? R : never;
    expectTypeOf<Row['id']>().toEqualTypeOf<number>();
    expectTypeOf<Row['director']>().toEqualTypeOf<
      EmbedError<"could not find a relationship between 'movies' and 'people'">
    >();
  });

  it('an untyped client still gets a LooseRow', () => {
    const q = anyDb.from('movies').select('id, director:people(name)');
    expectTypeOf(emitted(q)).toEqualTypeOf<LooseRow[]>();
  });

  it('single / maybeSingle / csv', () => {
    expectTypeOf(emitted(db.from('movies').select().single())).toEqualTypeOf<Movie>();
    expectTypeOf(emitted(db.from('movies').select().maybeSingle())).toEqualTypeOf<Movie | null>();
    expectTypeOf(emitted(db.from('movies').select().csv())).toEqualTypeOf<string>();
  });

  it('mutations emit null unless followed by select()', () => {
    expectTypeOf(emitted(db.from('movies').insert({ title: 'Heat' }))).toEqualTypeOf<null>();
    expectTypeOf(emitted(db.from('movies').insert({ title: 'Heat' }).select('id'))).toEqualTypeOf<
      { id: number }[]
    >();
    // @ts-expect-error title is required by Insert
    db.from('movies').insert({ year: 1 });
  });

  it('returns / overrideTypes change the type', () => {
    expectTypeOf(emitted(db.from('movies').select().returns<{ x: 1 }[]>())).toEqualTypeOf<
      { x: 1 }[]
    >();
    const _merged = db.from('movies').select().overrideTypes<{ year: string }[]>();
    type Merged = (typeof _merged extends Observable<PostgrestResponse<(infer R)[]>> ? R : never)[];
    expectTypeOf<Merged[number]['year']>().toEqualTypeOf<string>();
    expectTypeOf<Merged[number]['id']>().toEqualTypeOf<number>();
    const replaced = db.from('movies').select().overrideTypes<{ z: boolean }, { merge: false }>();
    expectTypeOf(emitted(replaced)).toEqualTypeOf<{ z: boolean }>();
  });

  it('rpc knows Args and Returns; schema() switches', () => {
    expectTypeOf(emitted(db.rpc('top_movies', { n: 3 }))).toEqualTypeOf<Movie[]>();
    expectTypeOf(emitted(db.rpc('count_movies'))).toEqualTypeOf<number>();
    expectTypeOf(emitted(db.schema('other').from('logs').select())).toEqualTypeOf<
      { at: string }[]
    >();
    expectTypeOf(emitted(db.from('recent').select())).toEqualTypeOf<{ id: number }[]>();
  });
});
