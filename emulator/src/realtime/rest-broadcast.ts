import { Hono, type Context } from 'hono';
import type { RequestAuth } from '../context.js';
import type { ChannelServices } from './channel.js';
import type { Broadcast } from './frames.js';
import { hubKey } from './topic-hub.js';
import { topicPolicies } from './topic-policies.js';
import { isTokenProblem, tokenProblemMessage, verifyRealtimeToken } from './token.js';

interface BatchMessage {
  topic: string;
  event: string;
  payload: Record<string, unknown>;
  private: boolean;
}

function callerToken(c: Context): string | undefined {
  const authorization = c.req.header('authorization');
  const bearer = authorization ? /^bearer\s+(.+)$/i.exec(authorization.trim())?.[1] : undefined;
  return bearer?.trim() || c.req.header('apikey') || c.req.query('apikey') || undefined;
}

async function authenticate(
  services: ChannelServices,
  c: Context,
): Promise<RequestAuth | Response> {
  const token = callerToken(c);
  if (!token) return c.json({ message: 'Unauthorized: API key is missing' }, 401);
  const verified = await verifyRealtimeToken(services.ctx, token);
  if (isTokenProblem(verified)) return c.json({ message: tokenProblemMessage(verified) }, 401);
  return verified.auth;
}

function messageErrors(value: unknown): Record<string, string[]> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { message: ['must be an object'] };
  const m = value as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  if (typeof m.topic !== 'string' || m.topic === '') errors.topic = ["can't be blank"];
  if (typeof m.event !== 'string' || m.event === '') errors.event = ["can't be blank"];
  if (!m.payload || typeof m.payload !== 'object' || Array.isArray(m.payload))
    errors.payload = ['is invalid'];
  if (m.private !== undefined && typeof m.private !== 'boolean') errors.private = ['is invalid'];
  return Object.keys(errors).length > 0 ? errors : undefined;
}

async function mayWrite(
  services: ChannelServices,
  auth: RequestAuth,
  topic: string,
): Promise<boolean> {
  return (await topicPolicies(services.ctx.engine, services.roles, auth, topic)).broadcast.write;
}

/**
 * Realtime's REST broadcast API: `POST /api/broadcast` (a batch `{messages:[{topic, event,
 * payload, private?}]}`, 202) and `POST /api/broadcast/<topic>/events/<event>` (one message, the
 * body as payload: JSON, or raw bytes with `application/octet-stream`; `?private=true`). Topics are
 * sub-topics (no `realtime:`). A private message is delivered only when the caller passes the
 * insert policy of `realtime.messages`; the batch skips the others silently, as Realtime does.
 *
 * @example
 * ```ts
 * app.route('/realtime/v1', broadcastRoutes(services));
 * ```
 */
export function broadcastRoutes(services: ChannelServices): Hono {
  const app = new Hono();

  app.post('/api/broadcast', async (c) => {
    const auth = await authenticate(services, c);
    if (auth instanceof Response) return auth;
    const body: unknown = await c.req.json().catch(() => undefined);
    const list = (body as { messages?: unknown } | undefined)?.messages;
    if (!Array.isArray(list) || list.length === 0) {
      return c.json({ errors: { messages: ["can't be blank"] } }, 422);
    }
    const errors = list.map(messageErrors);
    if (errors.some(Boolean))
      return c.json({ errors: { messages: errors.map((e) => e ?? {}) } }, 422);
    const messages = list as BatchMessage[];
    const allowed = new Map<string, boolean>();
    for (const m of messages) {
      if (m.private && !allowed.has(m.topic))
        allowed.set(m.topic, await mayWrite(services, auth, m.topic));
    }
    for (const m of messages) {
      if (m.private && !allowed.get(m.topic)) continue;
      services.hub.broadcast(hubKey(m.topic, Boolean(m.private)), {
        event: m.event,
        payload: m.payload,
        binaryFrame: false,
      });
    }
    return c.body(null, 202);
  });

  app.post('/api/broadcast/:topic/events/:event', async (c) => {
    const auth = await authenticate(services, c);
    if (auth instanceof Response) return auth;
    const topic = c.req.param('topic');
    const event = c.req.param('event');
    const isPrivate = c.req.query('private') === 'true';
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    let broadcast: Broadcast;
    if (type === 'application/octet-stream') {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      broadcast = { event, payload: bytes, bytes, binaryFrame: true };
    } else if (type === 'application/json') {
      const payload: unknown = await c.req.json().catch(() => undefined);
      if (payload === undefined) return c.json({ errors: { payload: ['is invalid'] } }, 422);
      broadcast = { event, payload, binaryFrame: false };
    } else {
      return c.body(null, 415);
    }
    if (isPrivate && !(await mayWrite(services, auth, topic))) {
      return c.json(
        { message: `You do not have permissions to write to this Channel topic: ${topic}` },
        401,
      );
    }
    services.hub.broadcast(hubKey(topic, isPrivate), broadcast);
    return c.body(null, 202);
  });

  return app;
}
