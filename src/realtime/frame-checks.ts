import { RealtimeError } from './errors.js';
import type { PhoenixMessage } from './message.js';

/** `JSON.stringify`, with a cyclic or BigInt value reported as a {@link RealtimeError}. */
export function stringifyJson(value: unknown, what: string): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (cause) {
    throw new RealtimeError(
      `${what} cannot be sent as JSON: ${(cause as Error).message}`,
      'invalid_payload',
      { cause },
    );
  }
}

/** `JSON.parse` of an incoming frame (part), a parse failure reported as a {@link RealtimeError}. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RealtimeError(
      `${what} is not valid JSON (${(cause as Error).message}): ${preview(text)}`,
      'invalid_frame',
      { cause },
    );
  }
}

/** Checks the field types of a decoded message and fills absent refs with `null`. */
export function checkedMessage(
  joinRef: unknown,
  ref: unknown,
  topic: unknown,
  event: unknown,
  payload: unknown,
): PhoenixMessage {
  return {
    join_ref: refField(joinRef, 'join_ref'),
    ref: refField(ref, 'ref'),
    topic: stringField(topic, 'topic'),
    event: stringField(event, 'event'),
    payload,
  };
}

function refField(value: unknown, name: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  throw invalid(`${name} must be a string or null, got ${preview(value)}`);
}

function stringField(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  throw invalid(`${name} must be a string, got ${preview(value)}`);
}

/** A {@link RealtimeError} `invalid_frame`. */
export function invalid(message: string): RealtimeError {
  return new RealtimeError(`malformed realtime frame: ${message}`, 'invalid_frame');
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
