import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    postgrest: 'src/postgrest.ts',
    auth: 'src/auth.ts',
    realtime: 'src/realtime.ts',
    functions: 'src/functions.ts',
    storage: 'src/storage.ts',
    'storage-resumable': 'src/storage/resumable/index.ts',
    operators: 'src/operators/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  // '#websocket' and '#stream-upload' stay imports: package.json `imports` picks the Node file or the portable one at load time.
  external: ['rxjs', 'rxjs/operators', 'jose', 'tus-js-client', '#websocket', '#stream-upload'],
});
