import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { genTypes } from '../../src/index.js';

// What `gen types` writes for the example project, used as a user would: createClient<Database>()
// of supabase-rx, beside supabase-js's, in one program type-checked with the repository's options.

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/supabase');
// Inside the repository, so `@supabase/supabase-js` and `rxjs` resolve from its node_modules.
const DIR = fileURLToPath(new URL(`./.compile-${process.pid}`, import.meta.url));

const USAGE = `
import { createClient as createJsClient } from '@supabase/supabase-js';
import { createClient, type QueryData } from 'supabase-rx';
import type { Database, Tables, TablesInsert } from './database.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare function same<A, B>(ok: Equal<A, B>): void;

const rx = createClient<Database>('http://127.0.0.1:54321', 'key');
const js = createJsClient<Database>('http://127.0.0.1:54321', 'key');

const select = 'id, title, year, director:people(name), reviews(stars), movie_actors(character, people(name))';
const rxMovies = rx.from('movies').select(select).order('year').gte('year', 1990);
const jsMovies = js.from('movies').select(select).order('year').gte('year', 1990);
type RxMovie = QueryData<typeof rxMovies>[number];
same<RxMovie, Exclude<Awaited<typeof jsMovies>['data'], null>[number]>(true);
same<RxMovie['director'], { name: string } | null>(true);
same<RxMovie['reviews'], { stars: number }[]>(true);

const one = rx.from('people').select('name, born').eq('id', 1).single();
same<QueryData<typeof one>, { name: string; born: number | null }>(true);

same<Tables<'reviews'>['stars'], number>(true);
const review: TablesInsert<'reviews'> = { movie_id: 1, stars: 5 };
rx.from('reviews').insert(review);

const average = rx.rpc('average_stars', { movie: 1 });
same<QueryData<typeof average>, Database['public']['Functions']['average_stars']['Returns']>(true);

// Each of these must fail to compile: an unused @ts-expect-error is itself an error.
// @ts-expect-error a misspelt column in a filter
rx.from('movies').select('id').eq('titel', 'Alien');
// @ts-expect-error a misspelt column in order()
rx.from('movies').select('id').order('yeer');
// @ts-expect-error a table the schema does not have
rx.from('film');
// @ts-expect-error an insert without the required title
rx.from('movies').insert({ year: 1979 });
// @ts-expect-error an update of a column the table does not have
rx.from('movies').update({ rating: 5 });
// @ts-expect-error an rpc argument of the wrong type
rx.rpc('average_stars', { movie: 'one' });
// @ts-expect-error a function the schema does not have
rx.rpc('median_stars', { movie: 1 });
`;

let generated: string;
beforeAll(async () => {
  generated = await genTypes({ projectDir: EXAMPLE });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'database.ts'), generated);
  writeFileSync(join(DIR, 'usage.ts'), USAGE);
}, 120_000);

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function diagnostics(file: string): string[] {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram([file], { ...options, noEmit: true, declaration: false });
  const source = program.getSourceFile(file)!;
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ].map((d) => {
    const line =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${d.file?.fileName ?? ''}:${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

it('type-checks createClient<Database>() with the generated types: rows equal supabase-js, typos fail', () => {
  expect(generated).toContain('export type Tables<');
  expect(diagnostics(join(DIR, 'usage.ts'))).toEqual([]);
}, 120_000);

it('would report a real type error in the same program (the check is not vacuous)', () => {
  writeFileSync(join(DIR, 'broken.ts'), `${USAGE}\nconst n: number = rx.from('movies');\n`);
  expect(diagnostics(join(DIR, 'broken.ts')).join('\n')).toMatch(/broken\.ts:\d+: TS2322/);
}, 120_000);
