import { GoTrueClient } from '@supabase/auth-js';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AuthClient } from 'supabase-rx/auth';
import { fakeFetch, mapStorage, tokenBody } from './helpers.js';

/**
 * PKCE verifiers in storage, through auth-js 2.119.1 (the oracle) and supabase-rx: the same flows
 * started, exchanged, failed and signed out must leave the same keys, with flow ids and verifiers
 * (random on each side) named by the order their flows started.
 */

const URL_ = 'http://proj.test/auth/v1';
const KEY = 'sb-proj-auth-token';
const INDEX = `${KEY}-flows-code-verifier`;
type Storage = ReturnType<typeof mapStorage>;

const answers = (exchange: 'ok' | 'fail') =>
  fakeFetch(({ url }) => {
    if (url.includes('grant_type=pkce') && exchange === 'fail') {
      return new Response(JSON.stringify({ code: 400, error_code: 'flow_state_not_found' }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    }
    const body = url.includes('grant_type=pkce') ? tokenBody(Date.now(), 3600, 't') : {};
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  });

/** Flow ids in the order they started, read off the index after each start. */
class FlowNames {
  readonly ids: string[] = [];
  seen(storage: Storage): string {
    const index = JSON.parse(storage.items.get(INDEX) ?? '[]') as string[];
    const id = index[index.length - 1];
    this.ids.push(id);
    return id;
  }
  /** The storage with every flow id as `F<n>` and every verifier as `V<n>`. */
  canonical(storage: Storage): Record<string, unknown> {
    const verifiers = this.ids.map((id) => {
      const raw = storage.items.get(`${KEY}-flow-${id}-code-verifier`);
      return raw === undefined ? undefined : (JSON.parse(raw) as string);
    });
    const name = (text: string) => this.ids.reduce((t, id, i) => t.replaceAll(id, `F${i}`), text);
    const out: Record<string, unknown> = {};
    for (const [k, raw] of storage.items) {
      let value: unknown = JSON.parse(raw);
      const v = verifiers.indexOf(value as string);
      if (typeof value === 'string' && v >= 0) value = `V${v}`;
      if (Array.isArray(value)) value = value.map((x) => name(String(x)));
      out[name(k)] = value;
    }
    return out;
  }
}

function pair(exchange: 'ok' | 'fail' = 'ok', initial: Record<string, string> = {}) {
  const common = {
    url: URL_,
    autoRefreshToken: false,
    detectSessionInUrl: false,
    storageKey: KEY,
    flowType: 'pkce',
  } as const;
  const js = { storage: mapStorage(initial), names: new FlowNames() };
  const rx = { storage: mapStorage(initial), names: new FlowNames() };
  const official = new GoTrueClient({ ...common, storage: js.storage, fetch: answers(exchange) });
  const ours = new AuthClient({ ...common, storage: rx.storage, fetch: answers(exchange) });
  return {
    js,
    rx,
    /** Starts one password-recovery flow on each side; its flow ids. */
    async start(): Promise<[string, string]> {
      await official.resetPasswordForEmail('a@b.c');
      await lastValueFrom(ours.resetPasswordForEmail('a@b.c'));
      return [js.names.seen(js.storage), rx.names.seen(rx.storage)];
    },
    async exchange(flowIds?: [string, string]): Promise<void> {
      await official.exchangeCodeForSession('code', flowIds && { flowId: flowIds[0] });
      await lastValueFrom(ours.exchangeCodeForSession('code', flowIds && { flowId: flowIds[1] }), {
        defaultValue: undefined,
      }).catch(() => undefined);
    },
    async signOut(): Promise<void> {
      await official.signOut({ scope: 'local' });
      await lastValueFrom(ours.signOut({ scope: 'local' }), { defaultValue: undefined });
    },
    same() {
      expect(rx.names.canonical(rx.storage)).toEqual(js.names.canonical(js.storage));
    },
  };
}

describe('auth: PKCE verifiers in storage, as auth-js 2.119.1 keeps them', () => {
  it('each start writes its slot, the ring index and the legacy key', async () => {
    const p = pair();
    await p.start();
    await p.start();
    p.same();
    expect(Object.keys(p.rx.names.canonical(p.rx.storage)).sort()).toEqual(
      [
        INDEX,
        `${KEY}-code-verifier`,
        `${KEY}-flow-F0-code-verifier`,
        `${KEY}-flow-F1-code-verifier`,
      ].sort(),
    );
  });

  it('a sixth pending flow evicts the oldest slot', async () => {
    const p = pair();
    for (let i = 0; i < 6; i++) await p.start();
    p.same();
    expect(p.rx.storage.items.has(`${KEY}-flow-${p.rx.names.ids[0]}-code-verifier`)).toBe(false);
  });

  it('exchanging an older flow by its id keeps the legacy key of the newer one', async () => {
    const p = pair();
    const first = await p.start();
    await p.start();
    await p.exchange(first);
    p.same();
    expect(p.rx.names.canonical(p.rx.storage)[`${KEY}-code-verifier`]).toBe('V1');
  });

  it('exchanging the newest flow by its id removes its slot and the legacy key it mirrors', async () => {
    const p = pair();
    await p.start();
    const second = await p.start();
    await p.exchange(second);
    p.same();
  });

  it('an exchange without a flow id uses and removes only the legacy key', async () => {
    const p = pair();
    await p.start();
    await p.start();
    await p.exchange();
    p.same();
  });

  it('a failed exchange still removes its verifier', async () => {
    const p = pair('fail');
    const first = await p.start();
    await p.exchange(first);
    p.same();
  });

  it('sign-out removes every slot, the index and the legacy key', async () => {
    const p = pair();
    await p.start();
    await p.start();
    await p.signOut();
    p.same();
    expect(p.rx.storage.items.size).toBe(0);
  });

  it('index entries that are not flow ids are ignored, as URL flow ids are', async () => {
    const tampered = { [INDEX]: JSON.stringify(['../x', 'short', 'a'.repeat(65)]) };
    const p = pair('ok', tampered);
    await p.start();
    p.same();
  });

  it('a refused sign-up removes the verifier of its flow', async () => {
    const refuse = () =>
      fakeFetch(
        () =>
          new Response(JSON.stringify({ code: 422, error_code: 'weak_password', msg: 'weak' }), {
            status: 422,
            headers: { 'content-type': 'application/json' },
          }),
      );
    const options = {
      url: URL_,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      storageKey: KEY,
      flowType: 'pkce',
    } as const;
    const js = mapStorage();
    const rx = mapStorage();
    await new GoTrueClient({ ...options, storage: js, fetch: refuse() }).signUp({
      email: 'a@b.c',
      password: 'x',
    });
    await lastValueFrom(
      new AuthClient({ ...options, storage: rx, fetch: refuse() }).signUp({
        email: 'a@b.c',
        password: 'x',
      }),
    ).catch(() => undefined);
    expect([...rx.items.keys()].map((k) => k.replace(/flow-\w+-/, 'flow-F-')).sort()).toEqual(
      [...js.items.keys()].map((k) => k.replace(/flow-\w+-/, 'flow-F-')).sort(),
    );
  });
});
