/**
 * Walks the public exports of the packages with the TypeScript compiler API and lists those whose
 * TSDoc falls short of the rule stated in tsdoc.test.ts.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every public entry point: package.json "exports" of both packages (see tsup.config.ts). */
export const entryPoints = [
  'src/index.ts',
  'src/postgrest.ts',
  'src/auth.ts',
  'src/realtime.ts',
  'src/storage.ts',
  'src/storage/resumable/index.ts',
  'src/functions.ts',
  'src/operators/index.ts',
  'src/testing/index.ts',
  'emulator/src/index.ts',
];

/** The folders whose stream-returning functions are operators and need a marble diagram. */
export const operatorFolders = ['src/operators/', 'src/live/'];

export interface Offence {
  readonly entry: string;
  readonly name: string;
  readonly file: string;
  readonly problem: string;
}

/** A fenced block that is not code: the marble diagrams are written so (see paginate.ts). */
const MARBLE_BLOCK = /```[ \t]*\n([\s\S]*?)```/g;
/** A marble line: a label, then frames, values, groups and `|` / `#` (`source: --a-b|`). */
const MARBLE_LINE = /:\s*[-\w()#|^!]*-[-\w()#|^!]*/;

function hasMarbleDiagram(text: string): boolean {
  for (const [, body] of text.matchAll(MARBLE_BLOCK)) {
    if (body.split('\n').some((line) => MARBLE_LINE.test(line))) return true;
  }
  return false;
}

/** An example is an `@example` tag or a `## Example` section, either holding a fenced block. */
function hasExample(summary: string, tags: readonly ts.JSDocTagInfo[]): boolean {
  const tagged = tags.some(
    (tag) => tag.name === 'example' && ts.displayPartsToString(tag.text).includes('```'),
  );
  const section = /^#+ Examples?\s*\n[\s\S]*?```/m.test(summary);
  return tagged || section;
}

function isStream(type: ts.Type): boolean {
  return type.getProperty('subscribe') !== undefined && type.getProperty('pipe') !== undefined;
}

/** Returns an Observable, or an operator (a function from an Observable to one). */
function returnsStreamOrOperator(checker: ts.TypeChecker, type: ts.Type): boolean {
  return type.getCallSignatures().some((signature) => {
    const result = checker.getReturnTypeOfSignature(signature);
    if (isStream(result)) return true;
    return result.getCallSignatures().some((inner) => isStream(inner.getReturnType()));
  });
}

function kindOf(symbol: ts.Symbol, checker: ts.TypeChecker): 'class' | 'function' | 'other' {
  if (symbol.flags & ts.SymbolFlags.Class) return 'class';
  if (symbol.flags & ts.SymbolFlags.Function) return 'function';
  if (symbol.flags & ts.SymbolFlags.Variable) {
    const declaration = symbol.valueDeclaration;
    if (
      declaration &&
      checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures().length
    ) {
      return 'function';
    }
  }
  return 'other';
}

export function createProgram(): ts.Program {
  const configPath = resolve(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return ts.createProgram(
    entryPoints.map((entry) => resolve(root, entry)),
    { ...parsed.options, noEmit: true },
  );
}

/** Every export of every entry point that breaks the rule, with the file that declares it. */
export function findOffences(
  program: ts.Program,
  entries: readonly string[] = entryPoints,
  base: string = root,
): Offence[] {
  const checker = program.getTypeChecker();
  const offences: Offence[] = [];
  const seen = new Set<ts.Symbol>();
  for (const entry of entries) {
    const source = program.getSourceFile(resolve(base, entry));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${entry}: not a module the compiler could read`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (seen.has(symbol)) continue;
      seen.add(symbol);
      const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
      const file = declaration ? relative(base, declaration.getSourceFile().fileName) : entry;
      const report = (problem: string) =>
        offences.push({ entry, name: exported.name, file, problem });
      const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      const tags = symbol.getJsDocTags(checker);
      if (summary === '') {
        report('no TSDoc summary');
        continue;
      }
      const kind = kindOf(symbol, checker);
      if (kind !== 'other' && !hasExample(summary, tags)) report(`${kind} without an example`);
      const inOperators = operatorFolders.some((folder) => file.startsWith(folder));
      if (
        kind === 'function' &&
        inOperators &&
        declaration &&
        returnsStreamOrOperator(checker, checker.getTypeOfSymbolAtLocation(symbol, declaration)) &&
        !hasMarbleDiagram(summary)
      ) {
        report('operator without a marble diagram');
      }
    }
  }
  return offences;
}

export function formatOffences(offences: readonly Offence[]): string {
  return offences
    .map(({ name, file, entry, problem }) => `${name} (${file}, exported by ${entry}): ${problem}`)
    .join('\n');
}
