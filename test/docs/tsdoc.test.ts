/**
 * Every public export has TSDoc. The rule, for each symbol exported by a public entry point
 * (package.json "exports" of supabase-rx and supabase-rx-emulator, re-exports followed):
 * - every export (interface, type, constant, enum, function, class) has a summary;
 * - functions (also constants holding one) and classes also have an example: an `@example` tag
 *   or a `## Example` section (RxJS's style) holding a fenced code block;
 * - operators — functions declared in src/operators/ or src/live/ that return an Observable or an
 *   operator — also have a marble diagram: a plain fenced block with lines such as `source: --a|`.
 * Members of classes and interfaces are not checked here; TypeDoc shows them under their owner.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type ts from 'typescript';
import { createProgram, findOffences, formatOffences } from './tsdoc-exports.js';

describe('TSDoc of the public exports', () => {
  let program: ts.Program;
  beforeAll(() => {
    program = createProgram();
  });

  it('finds the exports of every entry point', () => {
    const checker = program.getTypeChecker();
    const index = program.getSourceFiles().find((file) => file.fileName.endsWith('/src/index.ts'));
    const names = checker
      .getExportsOfModule(checker.getSymbolAtLocation(index!)!)
      .map((s) => s.name);
    // Re-exports are followed: these come through `export * from './postgrest.js'` and './auth.js'.
    expect(names).toEqual(
      expect.arrayContaining(['createClient', 'PostgrestClient', 'AuthClient']),
    );
  });

  it('each has a summary; functions and classes an example; operators a marble diagram', () => {
    const offences = findOffences(program);
    expect(offences.length, `exports whose TSDoc falls short:\n${formatOffences(offences)}`).toBe(
      0,
    );
  });
});
