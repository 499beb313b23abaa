import { fileURLToPath } from 'node:url';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { createClient } from 'supabase-rx';
import type { EmulatorHandle } from 'supabase-rx-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, testEngines } from '../../emulator/test/helpers/index.js';

/** The policies the dashboard relies on (examples/supabase/migrations), through the SDK. */

const EXAMPLE_PROJECT = fileURLToPath(new URL('../../examples/supabase', import.meta.url));

describe.each(testEngines())(
  'examples/supabase on %s: the files bucket and review authors',
  (engine) => {
    let emu: EmulatorHandle;

    beforeAll(async () => {
      emu = await startTestEmulator({ engine, projectDir: EXAMPLE_PROJECT });
    });
    afterAll(() => emu?.stop());

    async function user(email: string) {
      const client = createClient(emu.url, emu.anonKey);
      const up = await lastValueFrom(
        client.auth.signUp({ email, password: 'correct-horse-battery' }),
      );
      return { client, id: up.session!.user.id };
    }

    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 'allowed',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );

    it('lets a user write only in their own folder of the files bucket', async () => {
      const ann = await user('ann@example.com');
      const bob = await user('bob@example.com');
      const files = (c: typeof ann) => c.client.storage.from('files');
      const blob = new Blob(['hi'], { type: 'text/plain' });
      await firstValueFrom(files(ann).upload(`${ann.id}/a.txt`, blob));
      expect(await refusal(firstValueFrom(files(bob).upload(`${ann.id}/b.txt`, blob)))).toMatch(
        /row-level security/,
      );
      const { data: own } = await firstValueFrom(files(ann).list(ann.id));
      expect(own.map((f) => f.name)).toEqual(['a.txt']);
      const { data: seen } = await firstValueFrom(files(bob).list(ann.id));
      expect(seen).toEqual([]);
      const anon = createClient(emu.url, emu.anonKey).storage.from('files');
      expect(await refusal(firstValueFrom(anon.upload('x/c.txt', blob)))).toMatch(
        /row-level security/,
      );
    });

    it("refuses an edit of another user's review with an error, and leaves the seed's open", async () => {
      const cy = await user('cy@example.com');
      const dee = await user('dee@example.com');
      const { data } = await firstValueFrom(
        cy.client
          .from('reviews')
          .insert({ movie_id: 1, stars: 4, body: 'mine' })
          .select('id, owner'),
      );
      const [row] = data as { id: number; owner: string }[];
      expect(row!.owner).toBe(cy.id);
      const edit = (c: typeof cy, id: number) =>
        firstValueFrom(c.client.from('reviews').update({ stars: 2 }).eq('id', id).select('stars'));
      expect(await refusal(edit(dee, row!.id))).toMatch(/new row violates row-level security/);
      expect((await edit(cy, row!.id)).data).toEqual([{ stars: 2 }]);
      expect((await edit(dee, 1)).data).toEqual([{ stars: 2 }]); // a seed review (no author)
      // Nobody can hand a review to nobody, which would open it to all.
      const unown = firstValueFrom(
        dee.client
          .from('reviews')
          .update({ owner: null } as never)
          .eq('id', row!.id),
      );
      expect(await refusal(unown)).toMatch(/permission denied/);
      const { data: gone } = await firstValueFrom(
        dee.client.from('reviews').delete().eq('id', row!.id).select('id'),
      );
      expect(gone).toEqual([]);
    });
  },
);
