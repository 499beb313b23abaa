import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './core/start.js';
import { genTypesCommand } from './gen-types/gen-types-command.js';

const USAGE = `Usage: supabase-rx-emulator [options]

A local Supabase-compatible stack on real Postgres (no Docker).

Commands:
  gen types             Print the TypeScript Database type of the project's schema
                        (supabase-rx-emulator gen types --help)

Options:
  --port N              Port on 127.0.0.1 (default: [api] port of config.toml, else 54321; 0 = any free port)
  --project-dir DIR     The Supabase project folder (default: ./supabase)
  --data-dir DIR        Keep the embedded database in DIR across restarts (default: in memory)
  --database-url URL    Run on a PostgreSQL server instead (default: $DATABASE_URL, else embedded PGlite)
  -h, --help            Show this help
`;

/**
 * The warning for a start with no project folder (the given one, or `./supabase`, and no
 * `supabase/` inside it either), which would otherwise serve an empty database silently;
 * `undefined` when there is a folder.
 *
 * @example
 * ```ts
 * missingProjectWarning('./nowhere'); // 'supabase-rx-emulator: no Supabase project folder at …'
 * ```
 */
export function missingProjectWarning(projectDir?: string): string | undefined {
  const dir = resolve(projectDir ?? join(process.cwd(), 'supabase'));
  if (existsSync(dir)) return undefined;
  return (
    `supabase-rx-emulator: no Supabase project folder at ${dir}, so the database is empty and ` +
    "the Supabase CLI's defaults apply. Run it from a folder that holds supabase/ (as " +
    '`supabase init` makes it), or name the folder with --project-dir DIR.\n'
  );
}

/**
 * The command line, parsed into `startEmulator` options (`DATABASE_URL` from the environment when
 * `--database-url` is absent); throws a `TypeError` naming the bad option.
 *
 * @example
 * ```ts
 * parseCli(['--port', '0', '--project-dir', 'supabase']); // { port: 0, projectDir: 'supabase' }
 * ```
 */
export function parseCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'project-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const options: EmulatorOptions = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new TypeError(`--port must be a number from 0 to 65535, got "${values.port}"`);
    }
    options.port = port;
  }
  if (values['project-dir']) options.projectDir = values['project-dir'];
  if (values['data-dir']) options.dataDir = values['data-dir'];
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL;
  if (databaseUrl) options.databaseUrl = databaseUrl;
  return options;
}

/**
 * `supabase-rx-emulator`: starts the emulator, prints its URL and keys, and stops cleanly on
 * Ctrl-C or SIGTERM. Resolves to the process exit code for a usage or start-up error.
 * `supabase-rx-emulator gen types` prints the project's TypeScript types instead, then exits.
 *
 * @example
 * ```sh
 * npx supabase-rx-emulator --port 54321 --project-dir ./supabase
 * ```
 */
export async function main(argv: string[]): Promise<number | undefined> {
  if (argv[0] === 'gen') return genTypesCommand(argv.slice(1));
  let options: EmulatorOptions | 'help';
  try {
    options = parseCli(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const engine = options.databaseUrl
    ? 'PostgreSQL server'
    : options.dataDir
      ? `PGlite (${options.dataDir})`
      : 'PGlite (in memory)';
  const warning = missingProjectWarning(options.projectDir);
  if (warning) process.stderr.write(warning);
  process.stdout.write(`Starting supabase-rx-emulator on ${engine}…\n`);
  let emu;
  try {
    emu = await startEmulator(options);
  } catch (error) {
    process.stderr.write(`supabase-rx-emulator could not start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    [
      'supabase-rx-emulator is running.',
      '',
      `         API URL: ${emu.url}`,
      `        REST URL: ${emu.url}/rest/v1`,
      `        Auth URL: ${emu.url}/auth/v1`,
      `      JWT secret: ${emu.jwtSecret}`,
      `        anon key: ${emu.anonKey}`,
      `service_role key: ${emu.serviceRoleKey}`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (signal: string) => {
    process.stdout.write(`\n${signal}: stopping…\n`);
    emu.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return undefined;
}
