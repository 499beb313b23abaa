import { parseArgs } from 'node:util';
import { genTypes, type GenTypesOptions } from './gen-types.js';

/** The help of `supabase-rx-emulator gen types`. */
export const GEN_TYPES_USAGE = `Usage: supabase-rx-emulator gen types [typescript] [options]

Prints the TypeScript Database type of the project's schema, as
\`supabase gen types typescript --local\` does: the schema is built from the
migrations, then read and written by postgres-meta's generator.

Options:
  --schema NAME         A schema to include; repeat it, or separate names with commas
                        (default: public and the [api] schemas of config.toml)
  --project-dir DIR     The Supabase project folder (default: ./supabase)
  --db-url URL          Build the schema on this PostgreSQL server (default: embedded PGlite)
  --lang typescript     The only language there is
  --local               Accepted for the Supabase CLI's spelling; it is the default
  -h, --help            Show this help
`;

/**
 * The arguments after `gen`, parsed into `genTypes` options; throws a `TypeError` naming what is
 * wrong.
 *
 * @example
 * ```ts
 * parseGenTypesCli(['types', '--schema', 'public,api']); // { schemas: ['public', 'api'] }
 * ```
 */
export function parseGenTypesCli(argv: string[]): GenTypesOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      schema: { type: 'string', short: 's', multiple: true },
      'project-dir': { type: 'string' },
      'db-url': { type: 'string' },
      'database-url': { type: 'string' },
      lang: { type: 'string' },
      local: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  const [what, lang, ...rest] = positionals;
  if (what !== 'types') {
    throw new TypeError(
      what === undefined ? 'gen needs a subcommand: types' : `unknown command "gen ${what}"`,
    );
  }
  if (rest.length > 0) throw new TypeError(`unexpected argument "${rest[0]}"`);
  for (const name of [lang, values.lang]) {
    if (name !== undefined && name !== 'typescript') {
      throw new TypeError(`only TypeScript types can be generated, not "${name}"`);
    }
  }
  const options: GenTypesOptions = {};
  if (values.schema) {
    const schemas = values.schema.flatMap((s) => s.split(',')).map((s) => s.trim());
    if (schemas.some((s) => s === '')) throw new TypeError('--schema needs a schema name');
    options.schemas = schemas;
  }
  if (values['project-dir']) options.projectDir = values['project-dir'];
  const url = values['db-url'] ?? values['database-url'];
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new TypeError(`--db-url must be a postgres:// URL, got "${url}"`);
    }
    options.databaseUrl = url;
  }
  return options;
}

/**
 * `supabase-rx-emulator gen …`: prints the types to stdout, messages to stderr. Resolves to the
 * exit code: 0, 2 for a usage error, 1 when generating failed.
 *
 * @example
 * ```sh
 * npx supabase-rx-emulator gen types --schema public > database.types.ts
 * ```
 */
export async function genTypesCommand(argv: string[]): Promise<number> {
  let options: GenTypesOptions | 'help';
  try {
    options = parseGenTypesCli(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${GEN_TYPES_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(GEN_TYPES_USAGE);
    return 0;
  }
  try {
    process.stdout.write(await genTypes(options));
    return 0;
  } catch (error) {
    process.stderr.write(`supabase-rx-emulator gen types: ${(error as Error).message}\n`);
    return 1;
  }
}
