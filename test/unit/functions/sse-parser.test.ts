import { describe, expect, it } from 'vitest';
import { SseParser, type ServerSentEvent } from '../../../src/functions/sse-parser.js';

const msg = (data: string, extra: Partial<ServerSentEvent> = {}): ServerSentEvent => ({
  event: 'message',
  data,
  id: '',
  ...extra,
});

/** Feeds the chunks in order and collects every event. */
function parse(chunks: string[]): ServerSentEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.push(c));
}

const cases: [string, string[], ServerSentEvent[]][] = [
  ['one event', ['data: hello\n\n'], [msg('hello')]],
  ['no space after the colon', ['data:hello\n\n'], [msg('hello')]],
  ['only the first space is dropped', ['data:  two\n\n'], [msg(' two')]],
  ['data lines joined with LF', ['data: a\ndata: b\n\n'], [msg('a\nb')]],
  ['an empty data line', ['data\n\n'], [msg('')]],
  ['a named event', ['event: token\ndata: x\n\n'], [msg('x', { event: 'token' })]],
  [
    'the event name resets after dispatch',
    ['event: a\ndata: 1\n\ndata: 2\n\n'],
    [msg('1', { event: 'a' }), msg('2')],
  ],
  [
    'the id persists across events',
    ['id: 7\ndata: 1\n\ndata: 2\n\n'],
    [msg('1', { id: '7' }), msg('2', { id: '7' })],
  ],
  ['an id with NUL is ignored', ['id: a\0b\ndata: 1\n\n'], [msg('1')]],
  [
    'retry in digits only',
    ['retry: 1500\ndata: 1\n\nretry: x\ndata: 2\n\n'],
    [msg('1', { retry: 1500 }), msg('2')],
  ],
  ['comments are skipped', [': keep-alive\n\ndata: 1\n\n'], [msg('1')]],
  ['an event without data is dropped', ['event: ping\n\n'], []],
  ['unknown fields are ignored', ['foo: bar\ndata: 1\n\n'], [msg('1')]],
  ['CRLF line ends', ['data: 1\r\n\r\n'], [msg('1')]],
  ['CR line ends', ['data: 1\r\rdata: 2\r\r'], [msg('1'), msg('2')]],
  ['a CRLF split across chunks', ['data: 1\r', '\n\r', '\n'], [msg('1')]],
  ['a field split across chunks', ['da', 'ta: he', 'llo\n', '\n'], [msg('hello')]],
  ['an event the stream ends inside is not dispatched', ['data: 1\n\ndata: 2\n'], [msg('1')]],
  ['unicode data', ['data: {"t":"ü✓"}\n\n'], [msg('{"t":"ü✓"}')]],
];

describe('SseParser', () => {
  it.each(cases)('%s', (_name, chunks, expected) => {
    expect(parse(chunks)).toEqual(expected);
  });

  it('gives the same events whatever the chunking', () => {
    const stream = 'id: 1\nevent: a\ndata: x\r\n\r\n: c\ndata: y\rdata: z\r\r';
    const whole = parse([stream]);
    for (let size = 1; size <= 5; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.slice(i, i + size));
      expect(parse(chunks)).toEqual(whole);
    }
    expect(whole).toEqual([msg('x', { event: 'a', id: '1' }), msg('y\nz', { id: '1' })]);
  });
});
