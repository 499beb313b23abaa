import type { EmulatorContext, RequestAuth } from '../../context.js';
import type { ParsedRequest } from '../ast.js';

/**
 * PLACEHOLDER (owned by the REST writes work): POST / PATCH / DELETE on a table or view.
 * `body` is the raw request body text (`''` when none).
 */
export async function handleWrite(
  _ctx: EmulatorContext,
  _parsed: ParsedRequest,
  _request: Request,
  _auth: RequestAuth,
  _body: string,
): Promise<Response> {
  return Response.json({ message: 'writes not implemented yet' }, { status: 501 });
}
