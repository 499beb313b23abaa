import type { Observable } from 'rxjs';
import { of } from 'rxjs';
import { createClient, type SupabaseClient } from 'supabase-rx';
import type { DocsDatabase } from './docs-database.js';

/**
 * The names a doc sample may use without declaring them: what the surrounding prose has
 * introduced ("a client", "the anon key", "a file"). The type-check declares them; a `run`
 * sample gets these values, on a client of the test's emulator.
 */
export interface SampleGlobals {
  /** A client on the example project (examples/supabase) and the docs tables (docs-schema.sql). */
  supabase: SupabaseClient<DocsDatabase>;
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  email: string;
  password: string;
  userId: string;
  file: Blob;
  manyIds: number[];
  pointer$: Observable<{ x: number; y: number }>;
  render: (...values: unknown[]) => void;
  toast: (message: string) => void;
}

export const SAMPLE_GLOBAL_NAMES: readonly (keyof SampleGlobals)[] = [
  'supabase',
  'url',
  'anonKey',
  'serviceRoleKey',
  'email',
  'password',
  'userId',
  'file',
  'manyIds',
  'pointer$',
  'render',
  'toast',
];

/** The values a `run` sample sees, for an emulator at `url`. */
export function sampleGlobals(emu: {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
}): SampleGlobals {
  return {
    supabase: createClient<DocsDatabase>(emu.url, emu.anonKey),
    url: emu.url,
    anonKey: emu.anonKey,
    serviceRoleKey: emu.serviceRoleKey,
    email: `sample-${Math.random().toString(36).slice(2)}@example.com`,
    password: 'sample-password',
    userId: '00000000-0000-4000-8000-000000000000',
    file: new Blob(['not really a png'], { type: 'image/png' }),
    manyIds: [1, 2, 3],
    pointer$: of({ x: 1, y: 2 }),
    render: () => undefined,
    toast: () => undefined,
  };
}

/** The declarations file the type-check adds to the samples' program. */
export function globalsDeclaration(from: string): string {
  const names = SAMPLE_GLOBAL_NAMES.map((n) => `  const ${n}: SampleGlobals['${n}'];`);
  return [
    `import type { SampleGlobals } from '${from}/sample-globals.js';`,
    `import type { DocsDatabase } from '${from}/docs-database.js';`,
    'declare global {',
    ...names,
    '  type Database = DocsDatabase;',
    // The helpers `supabase gen types typescript` writes beside `Database` (public schema).
    `  type Tables<N extends keyof (DocsDatabase['public']['Tables'] & DocsDatabase['public']['Views'])> = import('${from}/docs-database.js').DocsTables<N>;`,
    `  type TablesInsert<N extends keyof DocsDatabase['public']['Tables']> = import('${from}/docs-database.js').DocsTablesInsert<N>;`,
    `  type TablesUpdate<N extends keyof DocsDatabase['public']['Tables']> = import('${from}/docs-database.js').DocsTablesUpdate<N>;`,
    `  type Enums<N extends keyof DocsDatabase['public']['Enums']> = import('${from}/docs-database.js').DocsEnums<N>;`,
    `  type CompositeTypes<N extends keyof DocsDatabase['public']['CompositeTypes']> = import('${from}/docs-database.js').DocsCompositeTypes<N>;`,
    '}',
    '',
  ].join('\n');
}
