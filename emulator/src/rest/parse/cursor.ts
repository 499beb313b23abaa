import { parseError } from './errors.js';

/**
 * A position in one query-string value being parsed. The parsers of `parse/` are small
 * recursive-descent functions over it; failures become PGRST100 errors that name the value.
 *
 * @example
 * const c = new Cursor('filter', 'eq.1');
 * c.take('eq'); // true
 */
export class Cursor {
  pos = 0;

  constructor(
    /** What is parsed, for the error message: `filter`, `select parameter`, `order` … */
    readonly what: string,
    readonly input: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.input.length;
  }

  peek(n = 0): string {
    return this.input.charAt(this.pos + n);
  }

  startsWith(s: string): boolean {
    return this.input.startsWith(s, this.pos);
  }

  /** Consumes `s` when it is next; says whether it did. */
  take(s: string): boolean {
    if (!this.startsWith(s)) return false;
    this.pos += s.length;
    return true;
  }

  /** Consumes `s` or fails with an "expecting" error. */
  expect(s: string): void {
    if (!this.take(s)) this.fail([JSON.stringify(s)]);
  }

  /** Everything left; consumes it. */
  rest(): string {
    const r = this.input.slice(this.pos);
    this.pos = this.input.length;
    return r;
  }

  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  /** Throws PGRST100 at the current position. */
  fail(expecting: string[], unexpected?: string): never {
    const what =
      unexpected ??
      (this.done ? 'end of input' : JSON.stringify(this.peek()).replace(/^"|"$/g, '"'));
    const exp = expecting.length
      ? ` expecting ${expecting.length > 1 ? `${expecting.slice(0, -1).join(', ')} or ${expecting.at(-1)}` : expecting[0]}`
      : '';
    throw parseError(this.what, this.input, this.pos, `unexpected ${what}${exp}`);
  }

  /** Throws PGRST100 with a free-form detail (e.g. `unknown single value operator x`). */
  failWith(details: string): never {
    throw parseError(this.what, this.input, this.pos, details);
  }
}
