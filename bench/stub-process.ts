import { fork, type ChildProcess } from 'node:child_process';

/** Starts `stub-server.mjs` in a child process; resolves to its URL and a stop function. */
export async function startStubServer(): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = fork(new URL('./stub-server.mjs', import.meta.url), [], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`stub server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}
