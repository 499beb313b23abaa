/** The checker of tsdoc.test.ts on a small made-up package: it flags what it should, only that. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { findOffences } from './tsdoc-exports.js';

const files: Record<string, string> = {
  'src/index.ts': `
export * from './operators/ops.js';
export { Documented, undocumented, noExample, Good, Bare, SUMMARY_ONLY } from './things.js';
`,
  'src/things.ts': `
/** A documented interface: a summary is enough. */
export interface Documented { a: number }
export const undocumented = 1;
/** A constant: a summary is enough. */
export const SUMMARY_ONLY = 2;
/** Does something, but shows no example. */
export function noExample(): void {}
/**
 * A class with an example.
 *
 * @example
 * \`\`\`ts
 * new Good();
 * \`\`\`
 */
export class Good {}
/** A class with no example. */
export class Bare {}
`,
  'src/operators/ops.ts': `
/** A stand-in for rxjs's Observable. */
export interface Observable<T> { subscribe(next: (value: T) => void): void; pipe(): Observable<T> }
/**
 * An operator with an example and no marble diagram.
 *
 * @example
 * \`\`\`ts
 * source.pipe(noMarble());
 * \`\`\`
 */
export function noMarble(): (source: Observable<number>) => Observable<number> {
  return (source) => source;
}
/**
 * An operator done right.
 *
 * \`\`\`
 * source: --a|
 * good(): --b|
 * \`\`\`
 *
 * ## Example
 * \`\`\`ts
 * source.pipe(good());
 * \`\`\`
 */
export function good(): (source: Observable<number>) => Observable<number> {
  return (source) => source;
}
/**
 * A predicate beside the operators: no marble diagram needed.
 *
 * ## Example
 * \`\`\`ts
 * isThing(1); // true
 * \`\`\`
 */
export function isThing(value: unknown): boolean {
  return value === 1;
}
/** A function held by a constant, with no example. */
export const arrow = (): number => 1;
`,
};

describe('the TSDoc rule', () => {
  it('lists each export lacking a summary, an example or a marble diagram, with its file', () => {
    const base = mkdtempSync(join(tmpdir(), 'tsdoc-rule-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(base, path)), { recursive: true });
      writeFileSync(join(base, path), text);
    }
    const program = ts.createProgram([join(base, 'src/index.ts')], {
      noLib: true,
      types: [],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    });
    const offences = findOffences(program, ['src/index.ts'], base).map(
      ({ name, file, problem }) => `${name} ${file}: ${problem}`,
    );
    expect(offences.sort()).toEqual(
      [
        'Bare src/things.ts: class without an example',
        'arrow src/operators/ops.ts: function without an example',
        'noExample src/things.ts: function without an example',
        'noMarble src/operators/ops.ts: operator without a marble diagram',
        'undocumented src/things.ts: no TSDoc summary',
      ].sort(),
    );
  });
});
