// `npm start`: the emulator on examples/supabase/ and the Angular dashboard (dashboard/) beside it,
// built first when its build is missing or out of date. Stops on Ctrl-C.
import { fileURLToPath } from 'node:url';
import { startEmulator } from 'supabase-rx-emulator';
import { buildDashboard, dashboardBuildIsStale, DASHBOARD_DIR } from './dashboard-build.mjs';
import { serveDashboard } from './dashboard-server.mjs';

const projectDir = fileURLToPath(new URL('./supabase', import.meta.url));

/**
 * Starts the emulator (on `emulatorPort`, default config.toml's 54321) and the dashboard's server
 * (on `dashboardPort`, default 3000; 0 takes a free port). Resolves to
 * `{ dashboardUrl, emulator, stop() }`.
 */
export async function startDashboard({
  emulatorPort,
  dashboardPort = 3000,
  log = console.log,
} = {}) {
  if (dashboardBuildIsStale()) {
    log('Building the dashboard (ng build) …');
    await buildDashboard();
  }
  log('Starting the supabase-rx emulator (embedded Postgres, PGlite) with examples/supabase …');
  const emulator = await startEmulator({ projectDir, port: emulatorPort });
  let server;
  try {
    server = await serveDashboard(
      DASHBOARD_DIR,
      { url: emulator.url, anonKey: emulator.anonKey },
      dashboardPort,
    );
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return {
    dashboardUrl: server.url,
    emulator,
    stop: async () => {
      await server.close();
      await emulator.stop();
    },
  };
}

/** A port from the environment, or undefined when it is not set. */
function envPort(name) {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `${name} must be a port number (0 takes a free one), not ${JSON.stringify(value)}`,
    );
  }
  return port;
}

async function main() {
  const running = await startDashboard({
    emulatorPort: envPort('EMULATOR_PORT'),
    dashboardPort: envPort('DASHBOARD_PORT'),
  });
  const { emulator } = running;
  console.log(`  API URL:          ${emulator.url}`);
  console.log(`  anon key:         ${emulator.anonKey}`);
  console.log(`  service_role key: ${emulator.serviceRoleKey}`);
  console.log(`\nDashboard: ${running.dashboardUrl}`);
  console.log('(Ctrl-C stops both.)');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping …');
    await running.stop();
    console.log('Dashboard and emulator stopped.');
    // Everything is closed; a timer or socket left behind must not keep the process alive.
    setTimeout(() => process.exit(), 2000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
