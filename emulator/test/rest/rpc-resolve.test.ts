import { describe, expect, it } from 'vitest';
import { RestError } from '../../src/rest/ast.js';
import type { Routine, RoutineParam } from '../../src/rest/rpc/functions.js';
import { resolveCall, type CallShape } from '../../src/rest/rpc/resolve.js';

const param = (name: string, type = 'integer', hasDefault = false): RoutineParam => ({
  name,
  type,
  hasDefault,
  variadic: false,
});
const fn = (name: string, params: RoutineParam[]): Routine => ({
  schema: 'public',
  name,
  params,
  volatility: 'v',
  returnsSet: false,
  returnType: 'integer',
  returnsComposite: false,
  outColumns: [],
});
const post = (keys: string[], mediaType = 'application/json'): CallShape => ({
  keys,
  isPost: true,
  mediaType,
  singleObject: false,
});
const get = (keys: string[]): CallShape => ({
  keys,
  isPost: false,
  mediaType: 'application/json',
  singleObject: false,
});

function errorOf(fn: () => unknown): RestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RestError) return e;
    throw e;
  }
  throw new Error('expected a RestError');
}

describe('resolveCall', () => {
  const add = fn('add', [param('a'), param('b')]);
  const addDefault = fn('add_d', [param('a'), param('b', 'integer', true)]);
  const json = fn('echo', [param('', 'jsonb')]);
  const none = fn('now_ish', []);

  const matches: [string, Routine[], CallShape, Routine, 'named' | 'single'][] = [
    ['exact names', [add], post(['b', 'a']), add, 'named'],
    ['a default may be left out', [addDefault], post(['a']), addDefault, 'named'],
    ['a default may be given', [addDefault], get(['a', 'b']), addDefault, 'named'],
    ['no parameters, no arguments', [none], post([]), none, 'named'],
    ['a single unnamed jsonb takes any body', [json], post(['x', 'y']), json, 'single'],
    [
      'named beats single',
      [fn('o', [param('x')]), fn('o', [param('', 'json')])],
      post(['x']),
      fn('o', [param('x')]),
      'named',
    ],
    [
      'text body to a single unnamed text',
      [fn('t', [param('', 'text')])],
      post([], 'text/plain'),
      fn('t', [param('', 'text')]),
      'single',
    ],
    [
      'overloads told apart by names',
      [fn('o', [param('a')]), fn('o', [param('b')])],
      post(['b']),
      fn('o', [param('b')]),
      'named',
    ],
  ];
  it.each(matches)('%s', (_name, overloads, call, routine, mode) => {
    expect(resolveCall('public', overloads[0].name, overloads, [], call)).toEqual({
      routine,
      mode,
    });
  });

  it('params=single-object picks the one json parameter, whatever its name', () => {
    const body = fn('b', [param('payload', 'json')]);
    expect(resolveCall('public', 'b', [body], [], { ...post(['k']), singleObject: true })).toEqual({
      routine: body,
      mode: 'single',
    });
  });

  it('a single unnamed json parameter does not take GET arguments', () => {
    expect(errorOf(() => resolveCall('public', 'echo', [json], [], get(['x']))).body.code).toBe(
      'PGRST202',
    );
  });

  it('PGRST202 names the sorted arguments and suggests the closest overload', () => {
    const error = errorOf(() => resolveCall('public', 'add', [add], ['add'], post(['c', 'a'])));
    expect(error.status).toBe(404);
    expect(error.body).toEqual({
      code: 'PGRST202',
      details:
        'Searched for the function public.add with parameters a, c or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: 'Perhaps you meant to call the function public.add(a, b)',
      message: 'Could not find the function public.add(a, c) in the schema cache',
    });
  });

  it('PGRST202 for an unknown name suggests a close function name', () => {
    const error = errorOf(() =>
      resolveCall('public', 'ad', [], ['add', 'other_thing'], get(['a'])),
    );
    expect(error.body).toEqual({
      code: 'PGRST202',
      details:
        'Searched for the function public.ad with parameter a, but no matches were found in the schema cache.',
      hint: null,
      message: 'Could not find the function public.ad(a) in the schema cache',
    });
    const close = errorOf(() => resolveCall('public', 'addd', [], ['add', 'other_thing'], get([])));
    expect(close.body.message).toBe(
      'Could not find the function public.addd without parameters in the schema cache',
    );
    expect(close.body.details).toBe(
      'Searched for the function public.addd without parameters, but no matches were found in the schema cache.',
    );
    expect(close.body.hint).toBe('Perhaps you meant to call the function public.add');
  });

  it('PGRST202 for a raw text body has no parameter list and no hint', () => {
    const error = errorOf(() => resolveCall('public', 'add', [add], [], post([], 'text/plain')));
    expect(error.body).toEqual({
      code: 'PGRST202',
      details:
        'Searched for the function public.add with a single unnamed text parameter, but no matches were found in the schema cache.',
      hint: null,
      message: 'Could not find the function public.add in the schema cache',
    });
  });

  it('PGRST203 when several overloads match', () => {
    const int = fn('dup', [param('a', 'integer')]);
    const text = fn('dup', [param('a', 'text')]);
    const error = errorOf(() => resolveCall('public', 'dup', [int, text], [], post(['a'])));
    expect(error.status).toBe(300);
    expect(error.body).toEqual({
      code: 'PGRST203',
      details: null,
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      message:
        'Could not choose the best candidate function between: public.dup(a => integer), public.dup(a => text)',
    });
  });
});
