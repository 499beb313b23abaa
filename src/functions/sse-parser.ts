/** One server-sent event, as the HTML standard's EventSource parses it. */
export interface ServerSentEvent {
  /** The `event:` field; `'message'` when the event had none. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  /** The last `id:` seen so far in the stream (`''` before any). */
  readonly id: string;
  /** The `retry:` field of this event, in milliseconds, when it had one. */
  readonly retry?: number;
}

/**
 * An incremental `text/event-stream` parser (the HTML standard's rules): lines end with LF, CR or
 * CRLF (also split across chunks), `:` starts a comment, a blank line dispatches the event, an
 * event without data is dropped, and an event the stream ends inside is dropped too.
 *
 * @example
 * ```ts
 * const parser = new SseParser();
 * parser.push('data: hel');        // []
 * parser.push('lo\n\n');           // [{ event: 'message', data: 'hello', id: '' }]
 * ```
 */
export class SseParser {
  #buffer = '';
  #skipLeadingLF = false;
  #data: string[] = [];
  #event = '';
  #id = '';
  #retry: number | undefined;

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): ServerSentEvent[] {
    if (this.#skipLeadingLF && text.startsWith('\n')) text = text.slice(1);
    this.#skipLeadingLF = false;
    const buf = this.#buffer + text;
    const out: ServerSentEvent[] = [];
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.#line(buf.slice(start, i), out);
      if (c === 13) {
        if (i + 1 === buf.length)
          this.#skipLeadingLF = true; // a CRLF split across chunks
        else if (buf.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.#buffer = buf.slice(start);
    return out;
  }

  #line(line: string, out: ServerSentEvent[]): void {
    if (line === '') {
      this.#dispatch(out);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.#retry = Number(value);
  }

  #dispatch(out: ServerSentEvent[]): void {
    if (this.#data.length > 0) {
      const event = { event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id };
      out.push(this.#retry === undefined ? event : { ...event, retry: this.#retry });
    }
    this.#data = [];
    this.#event = '';
    this.#retry = undefined;
  }
}
