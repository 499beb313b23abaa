// The package runs from its TypeScript sources: register tsx's loader, then load the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
