import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../helpers/index.js';
import { RULES_SQL } from './rest-rules-fixture.js';
import { startWriteEmulator, type WriteEmulator } from './write-helpers.js';

// projects → clients through two FKs (client_id, billed_by); employees → employees (manager_id).
const EMBEDS: [string, string, unknown][] = [
  [
    'by FK column name: the key is the column',
    'projects?select=id,client_id(name)&order=id&limit=2',
    [
      { id: 1, client_id: { name: 'Microsoft' } },
      { id: 2, client_id: { name: 'Microsoft' } },
    ],
  ],
  [
    'by constraint name as the target',
    'projects?select=id,projects_client_fk(name)&id=eq.1',
    [{ id: 1, projects_client_fk: { name: 'Microsoft' } }],
  ],
  [
    'table with a constraint hint',
    'projects?select=id,clients!projects_billed_by_fk(name)&id=eq.1',
    [{ id: 1, clients: { name: 'Apple' } }],
  ],
  [
    'table with a column hint',
    'projects?select=id,clients!billed_by(name)&id=eq.1',
    [{ id: 1, clients: { name: 'Apple' } }],
  ],
  [
    'one-to-many with the FK column (of the embedded table) as hint',
    'clients?select=name,projects!billed_by(name)&id=eq.1&projects.order=id',
    [{ name: 'Microsoft', projects: [{ name: 'Windows 10' }] }],
  ],
  [
    'one-to-many with a constraint hint',
    'clients?select=name,projects!projects_client_fk(name)&id=eq.2&projects.order=id',
    [{ name: 'Apple', projects: [{ name: 'IOS' }, { name: 'OSX' }] }],
  ],
  [
    'the same table twice under two aliases',
    'projects?select=id,client:clients!client_id(name),biller:clients!billed_by(name)&id=eq.1',
    [{ id: 1, client: { name: 'Microsoft' }, biller: { name: 'Apple' } }],
  ],
  [
    'self-reference: the FK column is the parent',
    'employees?select=name,manager_id(name)&order=id',
    [
      { name: 'Ada', manager_id: null },
      { name: 'Bob', manager_id: { name: 'Ada' } },
      { name: 'Cy', manager_id: { name: 'Ada' } },
      { name: 'Di', manager_id: { name: 'Bob' } },
    ],
  ],
  [
    'self-reference: an alias on the parent',
    'employees?select=name,boss:manager_id(name)&id=eq.4',
    [{ name: 'Di', boss: { name: 'Bob' } }],
  ],
  [
    "self-reference: the table's name is the children",
    'employees?select=name,employees(name)&order=id&employees.order=id',
    [
      { name: 'Ada', employees: [{ name: 'Bob' }, { name: 'Cy' }] },
      { name: 'Bob', employees: [{ name: 'Di' }] },
      { name: 'Cy', employees: [] },
      { name: 'Di', employees: [] },
    ],
  ],
  [
    'self-reference: children through the FK column hint',
    'employees?select=name,reports:employees!manager_id(name)&id=eq.1&reports.order=id',
    [{ name: 'Ada', reports: [{ name: 'Bob' }, { name: 'Cy' }] }],
  ],
  [
    'an embed without fields joins but leaves its key out',
    'projects?select=id,client_id()&order=id&limit=2',
    [{ id: 1 }, { id: 2 }],
  ],
  [
    'an empty !inner embed still filters its parent',
    'projects?select=id,clients!client_id!inner()&clients.name=eq.Apple&order=id',
    [{ id: 3 }, { id: 4 }],
  ],
  [
    'an empty embed holding only empty embeds is left out too',
    'clients?select=id,projects!client_id(tasks())&order=id',
    [{ id: 1 }, { id: 2 }],
  ],
];

const AMBIGUOUS_M2O = [
  {
    cardinality: 'many-to-one',
    embedding: 'projects with clients',
    relationship: 'projects_billed_by_fk using projects(billed_by) and clients(id)',
  },
  {
    cardinality: 'many-to-one',
    embedding: 'projects with clients',
    relationship: 'projects_client_fk using projects(client_id) and clients(id)',
  },
];

describe.each(testEngines())('embedding disambiguation on %s', (engine) => {
  let w: WriteEmulator;
  beforeAll(async () => {
    w = await startWriteEmulator(engine, RULES_SQL);
  });
  afterAll(() => w?.stop());
  const get = (path: string) => w.rest('GET', `/${path}`, { key: 'anon' });

  it.each(EMBEDS)('%s', async (_, path, rows) => {
    const res = await get(path);
    expect([res.status, res.json]).toEqual([200, rows]);
  });

  it('two FKs to one table: PGRST201 (300) with the relationships in details', async () => {
    const res = await get('projects?select=id,clients(name)');
    expect(res.status).toBe(300);
    expect(res.json.code).toBe('PGRST201');
    expect(res.json.message).toBe(
      "Could not embed because more than one relationship was found for 'projects' and 'clients'",
    );
    expect(res.json.details).toEqual(expect.arrayContaining(AMBIGUOUS_M2O));
    expect(res.json.details).toHaveLength(2);
    expect(res.json.hint).toMatch(
      /^Try changing 'clients' to one of the following: 'clients!projects_(billed_by|client)_fk', 'clients!projects_(billed_by|client)_fk'\. Find the desired relationship in the 'details' key\.$/,
    );
  });

  it('the other direction is ambiguous too, as one-to-many', async () => {
    const res = await get('clients?select=name,projects(name)');
    expect([res.status, res.json.code]).toEqual([300, 'PGRST201']);
    expect(res.json.details).toEqual(
      expect.arrayContaining([
        {
          cardinality: 'one-to-many',
          embedding: 'clients with projects',
          relationship: 'projects_client_fk using clients(id) and projects(client_id)',
        },
      ]),
    );
  });

  it('a self-reference hinted by the referenced column finds nothing (PGRST200)', async () => {
    const res = await get('employees?select=name,employees!id(name)');
    expect([res.status, res.json]).toEqual([
      400,
      {
        code: 'PGRST200',
        details:
          "Searched for a foreign key relationship between 'employees' and 'employees' using the hint 'id' in the schema 'public', but no matches were found.",
        hint: null,
        message:
          "Could not find a relationship between 'employees' and 'employees' in the schema cache",
      },
    ]);
  });

  it('the same destination twice without aliases: 42712 as PostgREST gives it', async () => {
    const res = await get('projects?select=id,clients!client_id(name),clients!billed_by(name)');
    expect([res.status, res.json]).toEqual([
      400,
      {
        code: '42712',
        details: null,
        hint: null,
        message: 'table name "projects_clients_1" specified more than once',
      },
    ]);
    const nested = await get('clients?select=id,projects!client_id(id,tasks(name),tasks(id))');
    expect([nested.status, nested.json.message]).toEqual([
      400,
      'table name "projects_tasks_2" specified more than once',
    ]);
  });

  it('the official postgrest-js client gets the same rows', async () => {
    const client = new PostgrestClient(`${w.emu.url}/rest/v1`, {
      headers: { apikey: w.emu.anonKey },
    });
    const { data, error } = await client
      .from('employees')
      .select('name, boss:manager_id(name), reports:employees!manager_id(name)')
      .eq('id', 2);
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'Bob', boss: { name: 'Ada' }, reports: [{ name: 'Di' }] }]);
    const ambiguous = await client.from('projects').select('id, clients(name)');
    expect([ambiguous.status, ambiguous.error?.code]).toEqual([300, 'PGRST201']);
  });
});
