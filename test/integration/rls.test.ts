/**
 * Row level security through both clients: anon, two users (JWTs signed with the project's
 * secret, as GoTrue issues them) and service_role each see and change exactly what the policies
 * on `notes` allow. No auth service is involved: the REST API verifies the token itself.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonCases, serviceRoleCases, userCases } from './cases/rls.js';
import type { ClientPair } from './helpers/clients.js';
import { USERS, userToken } from './helpers/jwt.js';
import { registerCases, type CaseEnv } from './helpers/run-cases.js';
import { integrationSuite } from './helpers/suite.js';

await integrationSuite('row level security through supabase-rx and supabase-js', (suite) => {
  const db = suite.handle.db;
  const pairs: Record<string, ClientPair> = {};
  beforeAll(async () => {
    const { anonKey, serviceRoleKey, jwtSecret } = suite.handle;
    pairs.anon = suite.pair(anonKey);
    pairs.service = suite.pair(serviceRoleKey);
    pairs.alice = suite.pair(anonKey, await userToken(jwtSecret, USERS.alice));
    pairs.bob = suite.pair(anonKey, await userToken(jwtSecret, USERS.bob));
  });
  const as = (who: string) => (): CaseEnv => ({ pair: pairs[who], db });

  suite.describeIf(['rest-read', 'rest-write'], 'anon', () =>
    registerCases('anon', anonCases, as('anon')),
  );
  suite.describeIf(['rest-read', 'rest-write', 'rest-rpc'], 'alice', () =>
    registerCases('alice', userCases(USERS.alice, USERS.bob), as('alice')),
  );
  suite.describeIf(['rest-read', 'rest-write', 'rest-rpc'], 'bob', () =>
    registerCases('bob', userCases(USERS.bob, USERS.alice), as('bob')),
  );
  suite.describeIf(['rest-read', 'rest-write'], 'service_role', () =>
    registerCases('service', serviceRoleCases, as('service')),
  );

  suite.describeIf(['rest-read'], 'tokens the API must refuse', () => {
    const refused = async (token: string) => {
      const pair = suite.pair(suite.handle.anonKey, token);
      return Promise.all([
        pair.settle('supabase-js', pair.js.from('notes').select('id')),
        pair.settle('supabase-rx', pair.rx.from('notes').select('id')),
      ]);
    };

    it('an expired token: 401 PGRST303, never the anon role', async () => {
      const [js, rx] = await refused(await userToken(suite.handle.jwtSecret, USERS.alice, -60));
      for (const o of [js, rx]) {
        expect(o.status).toBe(401);
        expect(o.error?.code).toBe('PGRST303');
        expect(o.data).toBeNull();
      }
      expect(rx.error).toEqual(js.error);
    });

    it('a token signed with another secret: 401 PGRST301', async () => {
      const forged = await userToken('not-the-project-secret-but-long-enough-to-sign', USERS.alice);
      const [js, rx] = await refused(forged);
      for (const o of [js, rx]) {
        expect(o.status).toBe(401);
        expect(o.error?.code).toBe('PGRST301');
        expect(o.data).toBeNull();
      }
      expect(rx.error).toEqual(js.error);
    });

    it('a token with alg none is refused', async () => {
      const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
      const claims = Buffer.from(
        JSON.stringify({ sub: USERS.alice, role: 'service_role' }),
      ).toString('base64url');
      const [js, rx] = await refused(`${header}.${claims}.`);
      for (const o of [js, rx]) {
        expect(o.status).toBe(401);
        expect(o.data).toBeNull();
      }
    });

    it('a token naming a role that does not exist is refused, not run as anon', async () => {
      const token = await new SignJWT({ sub: USERS.alice, role: 'no_such_role' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(suite.handle.jwtSecret));
      const [js, rx] = await refused(token);
      for (const o of [js, rx]) {
        expect(o.error).not.toBeNull();
        expect(o.status).toBeGreaterThanOrEqual(400);
        expect(o.status).toBeLessThan(500);
      }
      expect(rx.error).toEqual(js.error);
    });
  });

  describe('fixture sanity', () => {
    it('the seed has notes of both users and of a third, public and private', async () => {
      const { rows } = await db.query<{ n: number }>(
        'select count(distinct owner_id)::int as n from notes where not is_public',
      );
      expect(rows[0].n).toBe(3);
    });
  });
});
