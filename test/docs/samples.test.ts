import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from 'supabase-rx-emulator';
import { extractSamples, type Sample } from './extract-samples.js';
import { typecheckSamples, writeSamples, type SampleFile } from './typecheck-samples.js';
import { runSample } from './run-sample.js';
import { sampleGlobals } from './sample-globals.js';

/**
 * Every fenced block of README.md and docs/*.md: code is type-checked (one program for all),
 * `run` blocks also run against an emulator on the example project, and a block that is neither
 * code nor marked as text or `skip: <reason>` fails. The convention: test/docs/README.md.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// One folder per process, so two runs (a whole suite and one page being edited) never collide.
const DIR = fileURLToPath(new URL(`./.samples-${process.pid}`, import.meta.url));
// SAMPLES_DOCS=docs/auth.md,README.md checks only those pages (while writing one).
const ONLY = process.env.SAMPLES_DOCS?.split(',').filter(Boolean);
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
].filter((doc) => !ONLY || ONLY.includes(doc));
const samples: Sample[] = DOCS.flatMap((doc) =>
  extractSamples(doc, readFileSync(join(ROOT, doc), 'utf8')),
);
const code = samples.filter((s) => s.mode === 'check' || s.mode === 'run');
const title = (s: Sample) =>
  `${s.source}:${s.line} ${s.lang}${s.mode === 'check' ? '' : ` ${s.mode}`}`;

let files: SampleFile[] = [];
let messages = new Map<string, string[]>();
let emu: EmulatorHandle | undefined;

beforeAll(async () => {
  const started = code.some((s) => s.mode === 'run')
    ? startEmulator({
        port: 0,
        projectDir: join(ROOT, 'examples/supabase'),
        sql: readFileSync(fileURLToPath(new URL('./docs-schema.sql', import.meta.url)), 'utf8'),
      })
    : undefined;
  // Started before the type-check, which is synchronous: the emulator's start-up overlaps it.
  files = writeSamples(code, DIR);
  messages = typecheckSamples(files, DIR, ROOT);
  emu = await started;
});
afterAll(async () => {
  await emu?.stop();
  rmSync(DIR, { recursive: true, force: true });
});

it('finds the samples, and every fence follows the convention', () => {
  expect(code.length).toBeGreaterThan(ONLY ? 0 : 20);
  expect(samples.filter((s) => s.problem).map((s) => `${title(s)}: ${s.problem}`)).toEqual([]);
  expect([...messages.keys()].filter((k) => !files.some((f) => f.path === k))).toEqual([]);
});

describe.each(code.map((s) => [title(s), s] as const))('%s', (_name, sample) => {
  const file = () => files.find((f) => f.sample === sample)!;

  it('type-checks', () => {
    expect(messages.get(file().path)).toEqual([]);
  });

  if (sample.mode === 'run') {
    it('runs against the emulator', async () => {
      await runSample(file().path, sample.code, sampleGlobals(emu!));
    });
  }
});
