// publint and @arethetypeswrong/cli on both packages, as built (npm run build first). Their packs
// skip lifecycle scripts: `prepare` would build everything again for each of them.
import { execFileSync } from 'node:child_process';

const env = { ...process.env, npm_config_ignore_scripts: 'true' };
for (const dir of ['.', 'emulator']) {
  execFileSync('npx', ['publint', dir], { stdio: 'inherit', env });
  execFileSync('npx', ['attw', '--pack', dir, '--profile', 'node16'], { stdio: 'inherit', env });
}
