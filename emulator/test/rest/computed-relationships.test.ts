import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { RULES_SQL } from './rest-rules-fixture.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

// client_of(projects) setof clients rows 1 (to-one), open_projects(clients) setof projects
// (to-many, leaves out project 2), top_project(clients) projects (to-one).
const CASES: [string, string, unknown][] = [
  [
    'SETOF … ROWS 1 embeds one object',
    'projects?select=name,client_of(name)&order=id&limit=2',
    [
      { name: 'Windows 7', client_of: { name: 'Microsoft' } },
      { name: 'Windows 10', client_of: { name: 'Microsoft' } },
    ],
  ],
  [
    'SETOF a table embeds an array',
    'clients?select=name,open_projects(name)&order=id&open_projects.order=id',
    [
      { name: 'Microsoft', open_projects: [{ name: 'Windows 7' }] },
      { name: 'Apple', open_projects: [{ name: 'IOS' }, { name: 'OSX' }] },
    ],
  ],
  [
    'a function returning one row of a table embeds one object',
    'clients?select=name,top_project(id,name)&order=id',
    [
      { name: 'Microsoft', top_project: { id: 1, name: 'Windows 7' } },
      { name: 'Apple', top_project: { id: 3, name: 'IOS' } },
    ],
  ],
  [
    "the returned table's own relationships embed under it",
    'clients?select=name,open_projects(name,tasks(name))&id=eq.1',
    [
      {
        name: 'Microsoft',
        open_projects: [{ name: 'Windows 7', tasks: [{ name: 'Design w7' }, { name: 'Code w7' }] }],
      },
    ],
  ],
  [
    'filtered by the embed',
    'clients?select=name,open_projects(name)&open_projects.name=like.O*&order=id',
    [
      { name: 'Microsoft', open_projects: [] },
      { name: 'Apple', open_projects: [{ name: 'OSX' }] },
    ],
  ],
  [
    'ordered and limited inside the embed',
    'clients?select=name,open_projects(name)&id=eq.2&open_projects.order=name.desc&open_projects.limit=1',
    [{ name: 'Apple', open_projects: [{ name: 'OSX' }] }],
  ],
  [
    '!inner filters the parent',
    'clients?select=name,top_project!inner(name)&top_project.name=eq.IOS',
    [{ name: 'Apple', top_project: { name: 'IOS' } }],
  ],
  [
    'the parent ordered by a to-one computed embed',
    'projects?select=id,client_of(name)&client_id=not.is.null&order=client_of(name).asc,id.desc',
    [
      { id: 4, client_of: { name: 'Apple' } },
      { id: 3, client_of: { name: 'Apple' } },
      { id: 2, client_of: { name: 'Microsoft' } },
      { id: 1, client_of: { name: 'Microsoft' } },
    ],
  ],
  [
    'aliased, and spread',
    'projects?select=id,owner:client_of(name),...client_of(client:name)&id=eq.3',
    [{ id: 3, owner: { name: 'Apple' }, client: 'Apple' }],
  ],
];

describe.each(testEngines())('computed relationships on %s', (engine) => {
  let w: WriteEmulator;
  beforeAll(async () => {
    w = await startWriteEmulator(engine, RULES_SQL);
  });
  afterAll(() => w?.stop());
  const get = (path: string) => w.rest('GET', `/${path}`, { key: 'anon' });

  it.each(CASES)('%s', async (_, path, rows) => {
    const res = await get(path);
    expect([res.status, res.json]).toEqual([200, rows]);
  });

  it('a function returning a scalar is not a relationship (PGRST200)', async () => {
    const res = await get('clients?select=id,name_upper(*)');
    expect([res.status, res.json.code]).toEqual([400, 'PGRST200']);
  });

  it('the official postgrest-js client gets the same rows', async () => {
    const client = new PostgrestClient(`${w.emu.url}/rest/v1`, {
      headers: { apikey: w.emu.anonKey },
    });
    const { data, error } = await client
      .from('clients')
      .select('name, top_project(name)')
      .eq('id', 2);
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'Apple', top_project: { name: 'IOS' } }]);
  });
});
