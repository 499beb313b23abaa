// `npm run demo`: runs the TypeScript console demo from source through tsx (no build step needed).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The root tsconfig maps `supabase-rx` to src/, so the demo imports the SDK by its name.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./demo.ts');
