import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartError, readMultipart } from '../../src/storage/multipart.js';

const enc = new TextEncoder();

/** `bytes` delivered as chunks cut at `cuts` (offsets); `cancelled` says whether the reader stopped. */
function chunked(bytes: Uint8Array, cuts: number[]) {
  const state = { cancelled: false, reads: 0 };
  const edges = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.reads += 1;
      if (i + 1 >= edges.length) return controller.close();
      controller.enqueue(bytes.slice(edges[i], edges[i + 1]));
      i += 1;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

/** What `fetch` sends for a FormData (undici's own encoding), as bytes and its content type. */
async function encoded(form: FormData) {
  const res = new Response(form);
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    type: res.headers.get('content-type')!,
  };
}

async function readAll(bytes: AsyncIterable<Uint8Array>) {
  const parts: Uint8Array[] = [];
  for await (const chunk of bytes) parts.push(Uint8Array.from(chunk));
  return Buffer.concat(parts);
}

describe('readMultipart: a multipart/form-data body read as it streams', () => {
  it('reads boundaries as sent, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(boundaryOf('multipart/form-data; boundary="a b"; charset=utf-8')).toBe('a b');
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });

  it('fields before the file, the file bytes, fields after: at every chunk split', async () => {
    // File bytes holding CRLF, dashes and most of the delimiter, to trip a naive scanner.
    const b = 'B0und';
    const content = enc.encode(`a\r\n--B0un\r\n--B0unX\r\n-\r\n--`);
    const body = Buffer.concat([
      enc.encode(
        `--${b}\r\nContent-Disposition: form-data; name="cacheControl"\r\n\r\n60` +
          `\r\n--${b}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"k":"vé"}` +
          `\r\n--${b}\r\nContent-Disposition: form-data; name=""; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      content,
      enc.encode(
        `\r\n--${b}\r\nContent-Disposition: form-data; name="contentEncoding"\r\n\r\ngzip\r\n--${b}--\r\n`,
      ),
    ]);
    for (let cut = 1; cut < body.length; cut += 1) {
      const upload = await readMultipart(chunked(body, [cut, cut + 3]).stream, b);
      expect(upload.file).toEqual({ name: '', filename: 'a.png', contentType: 'image/png' });
      expect([...upload.fields]).toEqual([
        ['cacheControl', '60'],
        ['metadata', '{"k":"vé"}'],
      ]);
      expect(Buffer.compare(await readAll(upload.bytes), Buffer.from(content))).toBe(0);
      expect(upload.fields.get('contentEncoding')).toBe('gzip');
    }
  });

  it('reads what fetch sends for a FormData, in 1-byte to 64 KiB chunks', async () => {
    const content = new Uint8Array(50_000).map((_, i) => (i * 31) & 0xff);
    const form = new FormData();
    form.append('cacheControl', '3600');
    form.append('', new Blob([content], { type: 'application/x-b' }), 'b.bin');
    const { bytes, type } = await encoded(form);
    for (const size of [1, 7, 1000, 64 * 1024]) {
      const cuts = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => i * size);
      const upload = await readMultipart(chunked(bytes, cuts).stream, boundaryOf(type)!);
      expect(upload.file.contentType).toBe('application/x-b');
      expect(upload.fields.get('cacheControl')).toBe('3600');
      expect(Buffer.compare(await readAll(upload.bytes), Buffer.from(content))).toBe(0);
    }
  });

  it('an empty file, a second file (dropped), a preamble and an epilogue', async () => {
    const b = 'XyZ';
    const body = enc.encode(
      `preamble\r\n--${b}\r\ncontent-disposition: form-data; name="f"; filename="e.txt"\r\n\r\n` +
        `\r\n--${b}\r\nContent-Disposition: form-data; name="g"; filename="g.txt"\r\nContent-Type: text/plain\r\n\r\nsecond` +
        `\r\n--${b}\r\nContent-Disposition: form-data; name="cacheControl"\r\n\r\n10` +
        `\r\n--${b}--\r\nepilogue`,
    );
    const upload = await readMultipart(chunked(body, [7]).stream, b);
    expect(upload.file).toEqual({ name: 'f', filename: 'e.txt', contentType: undefined });
    expect((await readAll(upload.bytes)).length).toBe(0);
    expect(upload.fields.get('cacheControl')).toBe('10');
  });

  it('refuses a body with no file, one cut off inside a part, and a part with no name', async () => {
    const b = 'q';
    const noFile = enc.encode(
      `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${b}--`,
    );
    await expect(readMultipart(chunked(noFile, []).stream, b)).rejects.toThrow(
      'No file was found in the multipart body',
    );
    const cut = enc.encode(
      `--${b}\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\nhalf of it`,
    );
    const upload = await readMultipart(chunked(cut, []).stream, b);
    await expect(readAll(upload.bytes)).rejects.toBeInstanceOf(MultipartError);
    const nameless = enc.encode(`--${b}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${b}--`);
    await expect(readMultipart(chunked(nameless, []).stream, b)).rejects.toBeInstanceOf(
      MultipartError,
    );
  });

  it('streams: the file part is read only as it is consumed, and stopping cancels the body', async () => {
    const b = 'bound';
    const head = enc.encode(
      `--${b}\r\nContent-Disposition: form-data; name="f"; filename="big"\r\n\r\n`,
    );
    let sent = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          controller.enqueue(sent === 0 ? head : new Uint8Array(64 * 1024).fill(1));
          sent += 1;
        },
        cancel: () => void (cancelled = true),
      },
      { highWaterMark: 0 },
    );
    const upload = await readMultipart(stream, b);
    const it = upload.bytes[Symbol.asyncIterator]();
    let got = 0;
    while (got < 10 * 64 * 1024) got += (await it.next()).value!.byteLength;
    // A chunk of look-ahead at most: never the body.
    expect(sent).toBeLessThanOrEqual(13);
    await it.return!(undefined);
    expect(cancelled).toBe(true);
  });
});
