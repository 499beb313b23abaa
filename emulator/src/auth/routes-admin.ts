import { Hono, type Context } from 'hono';
import { adminCreateUser, adminUpdateUser } from './admin-users.js';
import { AuthHttpError, validationFailed } from './errors.js';
import { requireAdmin } from './request-user.js';
import { generateLinkRoutes } from './routes-admin-links.js';
import { authBase, readJson, type AuthService } from './service.js';
import { findUserById, userJson, type UserRow } from './users.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a positive integer query parameter; GoTrue's 400 on anything else. */
function pageParam(c: Context, name: string, fallback: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw validationFailed(`Bad Pagination Parameters: ${name} must be a positive integer`);
  return n;
}

/**
 * The admin API (`service_role` or `supabase_admin` bearer only): users list with `Link` and
 * `X-Total-Count`, get, create, update, delete (hard or soft), their factors, `/invite` and
 * `/admin/generate_link`.
 *
 * @example
 * app.route('/', adminRoutes(svc));
 */
export function adminRoutes(svc: AuthService): Hono {
  const app = new Hono();
  const db = svc.ctx.engine;
  app.use('/admin/*', async (_c, next) => {
    await requireAdmin(svc, _c);
    await next();
  });
  const loadUser = async (c: Context): Promise<UserRow> => {
    const id = c.req.param('id') ?? '';
    if (!UUID_RE.test(id)) throw new AuthHttpError(404, 'user_not_found', 'User not found');
    const user = await findUserById(db, id);
    if (!user) throw new AuthHttpError(404, 'user_not_found', 'User not found');
    return user;
  };

  app.get('/admin/users', async (c) => {
    const page = pageParam(c, 'page', 1);
    const perPage = pageParam(c, 'per_page', 50);
    const total = Number(
      (
        await db.query<{ n: string }>(
          'select count(*)::text as n from auth.users where deleted_at is null',
        )
      ).rows[0].n,
    );
    const rows = await db.query<UserRow>(
      'select * from auth.users where deleted_at is null order by created_at desc, id limit $1 offset $2',
      [perPage, (page - 1) * perPage],
    );
    const last = Math.max(1, Math.ceil(total / perPage));
    const url = `${authBase(c)}/admin/users`;
    const links: string[] = [];
    if (page < last) links.push(`<${url}?page=${page + 1}&per_page=${perPage}>; rel="next"`);
    links.push(`<${url}?page=${last}&per_page=${perPage}>; rel="last"`);
    c.header('x-total-count', String(total));
    c.header('link', links.join(', '));
    const users = [];
    for (const u of rows.rows) users.push(await userJson(db, u));
    return c.json({ users, aud: 'authenticated' });
  });

  app.post('/admin/users', async (c) => {
    const body = await readJson(c);
    const user = await db.transaction((tx) => adminCreateUser(svc, tx, body));
    return c.json(await userJson(db, (await findUserById(db, user.id))!));
  });

  app.get('/admin/users/:id', async (c) => c.json(await userJson(db, await loadUser(c))));

  app.put('/admin/users/:id', async (c) => {
    const user = await loadUser(c);
    const body = await readJson(c);
    await db.transaction((tx) => adminUpdateUser(svc, tx, user, body));
    return c.json(await userJson(db, (await findUserById(db, user.id))!));
  });

  app.delete('/admin/users/:id', async (c) => {
    const user = await loadUser(c);
    const body = await readJson(c);
    if (body.should_soft_delete === true) {
      // GoTrue keeps the row (so foreign keys hold) but frees the e-mail and phone for reuse.
      await db.transaction(async (tx) => {
        await tx.query('delete from auth.sessions where user_id = $1', [user.id]);
        await tx.query('delete from auth.identities where user_id = $1', [user.id]);
        await tx.query('delete from auth.mfa_factors where user_id = $1', [user.id]);
        await tx.query(
          `update auth.users set deleted_at = now(), email = null, phone = null, encrypted_password = null,
             raw_user_meta_data = '{}'::jsonb, updated_at = now() where id = $1`,
          [user.id],
        );
      });
    } else {
      await db.query('delete from auth.users where id = $1', [user.id]);
    }
    return c.json({});
  });

  app.get('/admin/users/:id/factors', async (c) => {
    const user = await loadUser(c);
    const json = await userJson(db, user);
    return c.json((json.factors as unknown[]) ?? []);
  });

  app.delete('/admin/users/:id/factors/:factorId', async (c) => {
    const user = await loadUser(c);
    const r = await db.query<{ id: string }>(
      'delete from auth.mfa_factors where id::text = $1 and user_id = $2 returning id',
      [c.req.param('factorId'), user.id],
    );
    if (!r.rows[0]) throw new AuthHttpError(404, 'mfa_factor_not_found', 'Factor not found');
    return c.json({ id: r.rows[0].id });
  });

  app.route('/', generateLinkRoutes(svc));
  return app;
}
