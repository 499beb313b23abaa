/**
 * Finds the fenced code blocks of the README and docs/ and says what the doc test does with each
 * (the convention is in test/docs/README.md).
 */

/** What the doc test does with a block. */
export type SampleMode = 'check' | 'run' | 'skip' | 'text';

/** One fenced block of a markdown file. */
export interface Sample {
  /** The markdown file, relative to the repository root. */
  source: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  mode: SampleMode;
  /** Why a `skip` block is not checked. */
  reason?: string;
  /** The file name a `file: <name>` block is written as, so later samples can import it. */
  file?: string;
  code: string;
  /** Set when the fence breaks the convention: the test fails on it. */
  problem?: string;
}

/** Languages that are code: type-checked unless marked `skip: <reason>`. */
export const CODE_LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
/** Languages that are not TypeScript or JavaScript: shown, never checked. */
export const TEXT_LANGS = new Set([
  'sh',
  'bash',
  'shell',
  'console',
  'html',
  'sql',
  'toml',
  'json',
  'jsonc',
  'yaml',
  'text',
  'txt',
  'diff',
  'http',
]);

const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;

/** Every fenced block of one markdown text, classified. */
export function extractSamples(source: string, markdown: string): Sample[] {
  const lines = markdown.split('\n');
  const samples: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const marker = open[1];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trim().startsWith(marker)) body.push(lines[j++]);
    samples.push(classify(source, i + 1, open[2].trim(), body.join('\n')));
    i = j;
  }
  return samples;
}

function classify(source: string, line: number, info: string, code: string): Sample {
  const [lang = '', ...rest] = info.split(/\s+/);
  const mode = rest.join(' ');
  const sample: Sample = { source, line, lang, mode: 'check', code };
  if (lang === '') {
    return {
      ...sample,
      mode: 'text',
      problem: 'a fence without a language: name one (ts, sh, text …)',
    };
  }
  if (TEXT_LANGS.has(lang)) {
    return mode === ''
      ? { ...sample, mode: 'text' }
      : { ...sample, mode: 'text', problem: `"${mode}" after a ${lang} fence means nothing` };
  }
  if (!CODE_LANGS.has(lang)) {
    return { ...sample, mode: 'text', problem: `unknown fence language "${lang}"` };
  }
  if (mode === '') return sample;
  if (mode === 'run') return { ...sample, mode: 'run' };
  const named = /^file:\s*([\w.-]+\.(?:ts|js))$/.exec(mode);
  if (named) return { ...sample, file: named[1] };
  const skip = /^skip:\s*(.*)$/.exec(mode);
  if (skip && skip[1].trim() !== '') return { ...sample, mode: 'skip', reason: skip[1].trim() };
  return {
    ...sample,
    mode: 'skip',
    problem: `"${mode}": a ${lang} fence takes nothing, "run", "file: <name>.ts" or "skip: <reason>"`,
  };
}
