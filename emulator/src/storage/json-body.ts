/**
 * A request's JSON object body, or `{}` when it is empty, not JSON or not an object: the routes
 * then check each field they need and name the one that is missing.
 *
 * @example
 * ```ts
 * const body = await jsonBody(c.req.raw); // { bucketId: 'avatars', … }
 * ```
 */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  try {
    const value: unknown = await request.json();
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
