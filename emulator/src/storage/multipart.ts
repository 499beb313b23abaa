/** A part's headers: its form field name, its file name (file parts only) and its type. */
export interface PartHeaders {
  readonly name: string;
  readonly filename: string | undefined;
  readonly contentType: string | undefined;
}

/** A multipart body read as a stream: string fields, and the first file part's bytes. */
export interface MultipartUpload {
  /** The first file part's headers. */
  readonly file: PartHeaders;
  /**
   * The file's bytes as they arrive; once they end, the parts after the file are read too (their
   * string fields join `fields`) before the iteration finishes.
   */
  readonly bytes: AsyncIterable<Uint8Array>;
  /** First value of each string field: those before the file at once, the rest after `bytes`. */
  readonly fields: Map<string, string>;
}

/** A malformed body (a Storage `InvalidRequest` for the routes). */
export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const MAX_HEADERS = 16 * 1024;
/** Fields are held in memory: storage-js sends a few short ones (`cacheControl`, `metadata`). */
const MAX_FIELD = 1024 * 1024;

/**
 * The boundary of a `multipart/form-data` content type, or `undefined`.
 *
 * @example
 * ```ts
 * boundaryOf('multipart/form-data; boundary="abc"'); // 'abc'
 * ```
 */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function headersOf(block: string): PartHeaders {
  let disposition = '';
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const at = line.indexOf(':');
    if (at < 0) continue;
    const key = line.slice(0, at).trim().toLowerCase();
    const value = line.slice(at + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  const param = (p: string) =>
    new RegExp(`(?:^|;)\\s*${p}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition)?.[1];
  const name = param('name');
  if (name === undefined) throw new MultipartError('A part has no form-data name');
  return { name, filename: param('filename'), contentType };
}

/** Chunks of a body with a look-ahead buffer: what the part scanner has not consumed yet. */
class Input {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  /** Unconsumed bytes; the body starts with a virtual CRLF so that every delimiter is CRLF--boundary. */
  buf: Buffer = CRLF;
  ended = false;

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  /** The next chunk, or `undefined` at the end. */
  async next(): Promise<Buffer | undefined> {
    const { done, value } = await this.#reader.read();
    if (done) {
      this.ended = true;
      return undefined;
    }
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  /** Reads until `buf` holds `n` bytes; false when the body ends first. */
  async want(n: number): Promise<boolean> {
    while (this.buf.length < n) {
      const chunk = await this.next();
      if (!chunk) return false;
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    }
    return true;
  }

  cancel(): void {
    this.#reader.cancel().catch(() => undefined);
  }
}

/**
 * The bytes of the current part, up to the next delimiter (which is consumed). Yields views of
 * the body's chunks (no copy), holding back only the few bytes that could begin a delimiter.
 */
async function* partBytes(input: Input, delimiter: Buffer): AsyncGenerator<Buffer> {
  const keep = delimiter.length - 1;
  for (;;) {
    const at = input.buf.indexOf(delimiter);
    if (at >= 0) {
      if (at > 0) yield input.buf.subarray(0, at);
      input.buf = input.buf.subarray(at + delimiter.length);
      return;
    }
    if (input.buf.length > keep) {
      yield input.buf.subarray(0, input.buf.length - keep);
      input.buf = input.buf.subarray(input.buf.length - keep);
    }
    const chunk = await input.next();
    if (!chunk) throw new MultipartError('The multipart body ended inside a part');
    if (chunk.length <= keep) {
      input.buf = Buffer.concat([input.buf, chunk]);
      continue;
    }
    // Only the held-back tail and the chunk's first bytes can hold a delimiter across the two.
    const joint = Buffer.concat([input.buf, chunk.subarray(0, keep)]);
    const across = joint.indexOf(delimiter);
    if (across >= 0) {
      if (across > 0) yield input.buf.subarray(0, across);
      input.buf = chunk.subarray(across + delimiter.length - input.buf.length);
      return;
    }
    if (input.buf.length > 0) yield input.buf;
    input.buf = chunk;
  }
}

/** After a delimiter: the next part's headers, or `undefined` after the closing `--`. */
async function nextPart(input: Input): Promise<PartHeaders | undefined> {
  if (!(await input.want(2))) throw new MultipartError('The multipart body has no closing line');
  if (input.buf[0] === 0x2d && input.buf[1] === 0x2d) return undefined;
  for (;;) {
    const at = input.buf.indexOf(HEADERS_END);
    if (at >= 0) {
      const block = input.buf.subarray(0, at).toString('utf8');
      input.buf = input.buf.subarray(at + HEADERS_END.length);
      // The block starts with the CRLF that ends the delimiter line.
      return headersOf(block);
    }
    if (input.buf.length > MAX_HEADERS) throw new MultipartError('A part’s headers are too long');
    if (!(await input.want(input.buf.length + 1)))
      throw new MultipartError('The multipart body ended inside part headers');
  }
}

async function drain(bytes: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of bytes) continue;
}

async function fieldText(input: Input, delimiter: Buffer): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of partBytes(input, delimiter)) {
    size += chunk.length;
    if (size > MAX_FIELD) throw new MultipartError('A form field is too long');
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Reads a `multipart/form-data` body as it streams, as Storage takes an upload: the string
 * fields before the first file part at once, then that file's bytes as they arrive (never the
 * whole body in memory), then the rest of the body (later string fields; other files are read
 * and dropped). Rejects with a {@link MultipartError} when the body is malformed or has no file.
 *
 * @example
 * ```ts
 * const { file, bytes, fields } = await readMultipart(request.body!, boundaryOf(type)!);
 * for await (const chunk of bytes) out.write(chunk);
 * fields.get('cacheControl');
 * ```
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
): Promise<MultipartUpload> {
  const input = new Input(body);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields = new Map<string, string>();
  const addField = (name: string, value: string) => {
    if (!fields.has(name)) fields.set(name, value);
  };
  try {
    // The preamble, up to the first delimiter.
    await drain(partBytes(input, delimiter));
    for (;;) {
      const part = await nextPart(input);
      if (!part) throw new MultipartError('No file was found in the multipart body');
      if (part.filename === undefined) addField(part.name, await fieldText(input, delimiter));
      else return { file: part, fields, bytes: fileThenRest(input, delimiter, addField) };
    }
  } catch (error) {
    input.cancel();
    throw error;
  }
}

async function* fileThenRest(
  input: Input,
  delimiter: Buffer,
  addField: (name: string, value: string) => void,
): AsyncGenerator<Uint8Array> {
  let done = false;
  try {
    yield* partBytes(input, delimiter);
    for (;;) {
      const part = await nextPart(input);
      if (!part) break;
      if (part.filename === undefined) addField(part.name, await fieldText(input, delimiter));
      else await drain(partBytes(input, delimiter));
    }
    done = true;
  } finally {
    // Stopped early (too large, a failed write): stop reading the request.
    if (!done) input.cancel();
  }
}
