import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import type { Sample } from './extract-samples.js';
import { globalsDeclaration } from './sample-globals.js';

/** A sample written out as a file of the samples' program. */
export interface SampleFile {
  sample: Sample;
  path: string;
}

/**
 * Writes each code sample to `dir` as a module of its own (`export {}` appended, so top-level
 * `await` works and a sample's `const supabase` shadows the declared one) and the declarations
 * of the sample globals beside them. Line n of a file is line `fence + n` of its markdown. A
 * `file: <name>` block is written as `<name>`, so other samples import it as `./<name>`.
 */
export function writeSamples(samples: Sample[], dir: string): SampleFile[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'globals.d.ts'), globalsDeclaration('..'));
  const named = new Map<string, Sample>();
  return samples.map((sample) => {
    const ext = sample.lang.startsWith('j') || sample.lang === 'mjs' ? 'js' : 'ts';
    const name = sample.file ?? `${basename(sample.source, '.md')}-${sample.line}.${ext}`;
    const first = named.get(name);
    if (first) {
      throw new Error(
        `${sample.source}:${sample.line}: "file: ${name}" is already ${first.source}:${first.line}`,
      );
    }
    named.set(name, sample);
    const path = join(dir, name);
    writeFileSync(path, `${sample.code}\nexport {};\n`);
    return { sample, path };
  });
}

/**
 * Type-checks every sample in one program, with the repository's compiler options (its `paths`
 * map `supabase-rx…` and `supabase-rx-emulator` to the sources). Returns the messages per file.
 */
export function typecheckSamples(
  files: SampleFile[],
  dir: string,
  root: string,
): Map<string, string[]> {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    allowJs: true,
    checkJs: true,
  };
  // The emulator's sources pull in its whole server (≈700 files to parse); its built
  // declarations, where `npm run build` made them, say the same API in one file.
  const emulatorTypes = join(root, 'emulator/dist/index.d.ts');
  if (existsSync(emulatorTypes)) {
    options.paths = { ...options.paths, 'supabase-rx-emulator': [emulatorTypes] };
  }
  const globals = join(dir, 'globals.d.ts');
  const program = ts.createProgram([globals, ...files.map((f) => f.path)], options);
  const messages = new Map<string, string[]>(files.map((f) => [f.path, []]));
  const problems = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  // Only the samples' own files are checked: the sources they import are checked by `tsc`.
  for (const path of [globals, ...files.map((f) => f.path)]) {
    const source = program.getSourceFile(path)!;
    problems.push(
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    );
  }
  for (const d of problems) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const file = files.find((f) => f.path === d.file?.fileName);
    if (!file || !d.file || d.start === undefined) {
      messages.set(d.file?.fileName ?? 'the program', [
        ...(messages.get(d.file?.fileName ?? '') ?? []),
        text,
      ]);
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    messages
      .get(file.path)!
      .push(`${file.sample.source}:${file.sample.line + line + 1}: TS${d.code} ${text}`);
  }
  return messages;
}
