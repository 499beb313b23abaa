// The type conformance table: for the same generated `Database` and the same query, the row type
// supabase-rx emits equals the one supabase-js 2.119 gives (`same()` compiles only then). Checked
// by tsc (npm run typecheck) and by vitest's typecheck; nothing here runs.
import { createClient as createJsClient } from '@supabase/supabase-js';
import { createClient } from 'supabase-rx';
import { describe, it } from 'vitest';
import type { Database } from '../fixtures/types/database.js';
import { same } from './helpers.js';

const js = createJsClient<Database>('http://127.0.0.1:54321', 'anon-key');
const rx = createClient<Database>('http://127.0.0.1:54321', 'anon-key');

describe('columns, renames, casts, JSON paths', () => {
  it('*, the default, plain lists, renames, quoted names, enums', () => {
    same(js.from('posts').select(), rx.from('posts').select(), 'same');
    same(js.from('posts').select('*'), rx.from('posts').select('*'), 'same');
    same(js.from('posts').select('id, title'), rx.from('posts').select('id, title'), 'same');
    same(
      js.from('posts').select('id, headline:title, body'),
      rx.from('posts').select('id, headline:title, body'),
      'same',
    );
    same(js.from('posts').select('id, "title"'), rx.from('posts').select('id, "title"'), 'same');
    same(
      js.from('profiles').select('username, status'),
      rx.from('profiles').select('username, status'),
      'same',
    );
    same(
      js.from('posts').select(`
        id,
        title
      `),
      rx.from('posts').select(`
        id,
        title
      `),
      'same',
    );
  });

  it('casts', () => {
    same(js.from('posts').select('id::text'), rx.from('posts').select('id::text'), 'same');
    same(
      js.from('posts').select('words:word_count::int4, title::varchar'),
      rx.from('posts').select('words:word_count::int4, title::varchar'),
      'same',
    );
    same(
      js.from('posts').select('metadata::jsonb, tags::_text'),
      rx.from('posts').select('metadata::jsonb, tags::_text'),
      'same',
    );
  });

  it('JSON paths', () => {
    same(
      js.from('posts').select('metadata->theme'),
      rx.from('posts').select('metadata->theme'),
      'same',
    );
    same(
      js.from('posts').select('metadata->>theme'),
      rx.from('posts').select('metadata->>theme'),
      'same',
    );
    same(
      js.from('posts').select('id, color:metadata->style->>color'),
      rx.from('posts').select('id, color:metadata->style->>color'),
      'same',
    );
    same(
      js.from('posts').select('metadata->style->size'),
      rx.from('posts').select('metadata->style->size'),
      'same',
    );
  });
});

describe('embedded resources', () => {
  it('many-to-one: an object, or null when the foreign key is nullable', () => {
    same(
      js.from('cities').select('id, name, countries(name)'),
      rx.from('cities').select('id, name, countries(name)'),
      'same',
    );
    same(
      js.from('comments').select('body, profiles(username)'),
      rx.from('comments').select('body, profiles(username)'),
      'same',
    );
    same(
      js.from('cities').select('name, country:countries(*)'),
      rx.from('cities').select('name, country:countries(*)'),
      'same',
    );
  });

  it('one-to-many: arrays', () => {
    same(
      js.from('countries').select('name, cities(name)'),
      rx.from('countries').select('name, cities(name)'),
      'same',
    );
    same(
      js.from('countries').select('*, cities(*)'),
      rx.from('countries').select('*, cities(*)'),
      'same',
    );
    same(
      js.from('posts').select('title, comments(id, body)'),
      rx.from('posts').select('title, comments(id, body)'),
      'same',
    );
  });

  it('two foreign keys to the same table, told apart by hints', () => {
    same(
      js.from('posts').select('title, author:profiles!posts_author_id_fkey(username)'),
      rx.from('posts').select('title, author:profiles!posts_author_id_fkey(username)'),
      'same',
    );
    same(
      js.from('posts').select('title, author:profiles!author_id(username)'),
      rx.from('posts').select('title, author:profiles!author_id(username)'),
      'same',
    );
    same(
      js.from('posts').select('title, editor:profiles!editor_id(username, avatar_url)'),
      rx.from('posts').select('title, editor:profiles!editor_id(username, avatar_url)'),
      'same',
    );
    same(
      js.from('posts').select('title, author:author_id(username)'),
      rx.from('posts').select('title, author:author_id(username)'),
      'same',
    );
    same(
      js.from('profiles').select('username, posts!posts_author_id_fkey(title)'),
      rx.from('profiles').select('username, posts!posts_author_id_fkey(title)'),
      'same',
    );
  });

  it('!inner makes a nullable many-to-one non-null; to-many stays an array', () => {
    same(
      js.from('posts').select('title, editor:profiles!editor_id!inner(username)'),
      rx.from('posts').select('title, editor:profiles!editor_id!inner(username)'),
      'same',
    );
    same(
      js.from('countries').select('name, cities!inner(name)'),
      rx.from('countries').select('name, cities!inner(name)'),
      'same',
    );
    same(
      js.from('comments').select('body, profiles!inner(username)'),
      rx.from('comments').select('body, profiles!inner(username)'),
      'same',
    );
  });

  it('self-reference', () => {
    same(
      js.from('profiles').select('username, manager:manager_id(username)'),
      rx.from('profiles').select('username, manager:manager_id(username)'),
      'same',
    );
    same(
      js.from('profiles').select('username, reports:profiles!manager_id(username)'),
      rx.from('profiles').select('username, reports:profiles!manager_id(username)'),
      'same',
    );
  });

  it('one-to-one: an object or null; with !inner an object', () => {
    same(
      js.from('profiles').select('username, user_settings(theme)'),
      rx.from('profiles').select('username, user_settings(theme)'),
      'same',
    );
    same(
      js.from('profiles').select('username, user_settings!inner(theme)'),
      rx.from('profiles').select('username, user_settings!inner(theme)'),
      'same',
    );
  });

  it('nested embeds, many-to-many through a join table', () => {
    same(
      js.from('posts').select('title, comments(body, profiles(username))'),
      rx.from('posts').select('title, comments(body, profiles(username))'),
      'same',
    );
    same(
      js.from('comments').select('body, posts(title, author:profiles!author_id(username))'),
      rx.from('comments').select('body, posts(title, author:profiles!author_id(username))'),
      'same',
    );
    same(
      js.from('movies').select('title, actors(name)'),
      rx.from('movies').select('title, actors(name)'),
      'same',
    );
    same(
      js.from('movies').select('title, movie_actors(role, actors(name, born))'),
      rx.from('movies').select('title, movie_actors(role, actors(name, born))'),
      'same',
    );
    same(
      js.from('countries').select('name, cities(name, countries(code))'),
      rx.from('countries').select('name, cities(name, countries(code))'),
      'same',
    );
  });

  it('views, and an empty embed (filter only)', () => {
    same(js.from('post_summaries').select(), rx.from('post_summaries').select(), 'same');
    same(
      js.from('post_summaries').select('title, profiles(username)'),
      rx.from('post_summaries').select('title, profiles(username)'),
      'same',
    );
    same(
      js.from('countries').select('name, cities!inner()'),
      rx.from('countries').select('name, cities!inner()'),
      'same',
    );
  });
});

describe('spreads', () => {
  it('many-to-one spreads join the row; nullable when the key is', () => {
    same(
      js.from('cities').select('name, ...countries(country:name, code)'),
      rx.from('cities').select('name, ...countries(country:name, code)'),
      'same',
    );
    same(
      js.from('posts').select('title, ...profiles!editor_id(editor:username)'),
      rx.from('posts').select('title, ...profiles!editor_id(editor:username)'),
      'same',
    );
  });

  it('to-many spreads give arrays (PostgREST 13)', () => {
    same(
      js.from('countries').select('name, ...cities(city_names:name)'),
      rx.from('countries').select('name, ...cities(city_names:name)'),
      'same',
    );
  });
});

describe('aggregates and count', () => {
  it('count(), column aggregates, grouped by the plain columns', () => {
    same(js.from('posts').select('count()'), rx.from('posts').select('count()'), 'same');
    same(
      js.from('posts').select('total:count()'),
      rx.from('posts').select('total:count()'),
      'same',
    );
    same(js.from('posts').select('id.count()'), rx.from('posts').select('id.count()'), 'same');
    same(
      js.from('posts').select('word_count.sum(), word_count.avg(), most:word_count.max()'),
      rx.from('posts').select('word_count.sum(), word_count.avg(), most:word_count.max()'),
      'same',
    );
    same(
      js.from('posts').select('author_id, word_count.min()'),
      rx.from('posts').select('author_id, word_count.min()'),
      'same',
    );
    same(
      js.from('countries').select('name, cities(count)'),
      rx.from('countries').select('name, cities(count)'),
      'same',
    );
    same(
      js.from('posts').select('*', { count: 'exact', head: true }),
      rx.from('posts').select('*', { count: 'exact', head: true }),
      'same',
    );
  });
});

describe('modifiers, mutations, rpc, schemas', () => {
  it('single / maybeSingle, filters and order keep the row', () => {
    same(
      js.from('posts').select('id, title').eq('id', 1).single(),
      rx.from('posts').select('id, title').eq('id', 1).single(),
      'same',
    );
    same(
      js.from('posts').select('id, title').eq('id', 1).maybeSingle(),
      rx.from('posts').select('id, title').eq('id', 1).maybeSingle(),
      'same',
    );
    same(
      js.from('posts').select('id').gt('word_count', 3).order('created_at').limit(2),
      rx.from('posts').select('id').gt('word_count', 3).order('created_at').limit(2),
      'same',
    );
  });

  it('insert / update / upsert / delete with select()', () => {
    same(
      js.from('posts').insert({ author_id: 'u1', title: 'Hi' }).select('id'),
      rx.from('posts').insert({ author_id: 'u1', title: 'Hi' }).select('id'),
      'same',
    );
    same(
      js.from('posts').update({ title: 'Hi' }).eq('id', 1).select('id, title').single(),
      rx.from('posts').update({ title: 'Hi' }).eq('id', 1).select('id, title').single(),
      'same',
    );
    same(
      js
        .from('countries')
        .upsert([{ code: 'FR', name: 'France' }])
        .select(),
      rx
        .from('countries')
        .upsert([{ code: 'FR', name: 'France' }])
        .select(),
      'same',
    );
    same(
      js.from('comments').delete().eq('id', 1).select('id, profiles(username)'),
      rx.from('comments').delete().eq('id', 1).select('id, profiles(username)'),
      'same',
    );
  });

  it('rpc: scalar, set-returning (with select), no arguments', () => {
    same(js.rpc('add_numbers', { a: 1, b: 2 }), rx.rpc('add_numbers', { a: 1, b: 2 }), 'same');
    same(js.rpc('search_posts', { query: 'x' }), rx.rpc('search_posts', { query: 'x' }), 'same');
    same(
      js.rpc('search_posts', { query: 'x' }).select('id, title'),
      rx.rpc('search_posts', { query: 'x' }).select('id, title'),
      'same',
    );
    same(js.rpc('current_status'), rx.rpc('current_status'), 'same');
    same(
      js.rpc('format_address', { addr: { street: 'Main', city: null } }),
      rx.rpc('format_address', { addr: { street: 'Main', city: null } }),
      'same',
    );
  });

  it('another schema: schema() and createClient<Database, "inventory">', () => {
    same(
      js.schema('inventory').from('products').select('sku, warehouses(name)'),
      rx.schema('inventory').from('products').select('sku, warehouses(name)'),
      'same',
    );
    same(
      js.schema('inventory').rpc('restock', { product_id: 1, qty: 2 }),
      rx.schema('inventory').rpc('restock', { product_id: 1, qty: 2 }),
      'same',
    );
    const jsInventory = createJsClient<Database, 'inventory'>('http://127.0.0.1:54321', 'k', {
      db: { schema: 'inventory' },
    });
    const rxInventory = createClient<Database, 'inventory'>('http://127.0.0.1:54321', 'k', {
      db: { schema: 'inventory' },
    });
    same(
      jsInventory.from('warehouses').select('name, products(sku, price)'),
      rxInventory.from('warehouses').select('name, products(sku, price)'),
      'same',
    );
  });

  it('returns / overrideTypes', () => {
    same(
      js.from('posts').select('id').returns<{ id: string }[]>(),
      rx.from('posts').select('id').returns<{ id: string }[]>(),
      'same',
    );
    same(
      js.from('posts').select('id, metadata').overrideTypes<{ metadata: { theme: string } }[]>(),
      rx.from('posts').select('id, metadata').overrideTypes<{ metadata: { theme: string } }[]>(),
      'same',
    );
    same(
      js.from('posts').select('id').overrideTypes<{ n: number }[], { merge: false }>(),
      rx.from('posts').select('id').overrideTypes<{ n: number }[], { merge: false }>(),
      'same',
    );
    same(
      js.from('posts').select('id, metadata').single().overrideTypes<{ metadata: string[] }>(),
      rx.from('posts').select('id, metadata').single().overrideTypes<{ metadata: string[] }>(),
      'same',
    );
  });
});
