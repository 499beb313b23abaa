// Builds the Angular dashboard (dashboard/) when its build is missing or older than what goes into
// it: its sources, its config, or the SDK's dist/ it bundles.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const APP = join(ROOT, 'dashboard');
/** The folder `npm start` serves. */
export const DASHBOARD_DIR = join(APP, 'dist', 'browser');

/** The newest modification time under `path` (a file or a folder), 0 when it is missing. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

/** Whether dashboard/dist is missing or older than one of its inputs. */
export function dashboardBuildIsStale() {
  const built = newest(join(DASHBOARD_DIR, 'index.html'));
  const inputs = ['src', 'angular.json', 'tsconfig.json', 'package.json'].map((p) => join(APP, p));
  const sdk = join(ROOT, 'dist', 'index.js');
  if (!existsSync(sdk))
    throw new Error('dist/ of the SDK is missing: run npm install (or npm run build)');
  return built === 0 || Math.max(...inputs.map(newest), newest(join(ROOT, 'dist'))) > built;
}

/** Runs `ng build` in dashboard/; resolves when it is done, rejects with its output if it fails. */
export function buildDashboard() {
  const require = createRequire(join(APP, 'package.json'));
  const cli = dirname(require.resolve('@angular/cli/package.json'));
  const ng = join(cli, require('@angular/cli/package.json').bin.ng);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ng, 'build'], {
      cwd: APP,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ng build failed (exit ${code}):\n${out}`)),
    );
  });
}
