import type { EmulatorContext, RequestAuth } from '../../context.js';
import type { ParsedRequest } from '../ast.js';

/**
 * PLACEHOLDER (owned by the REST rpc work): `POST|GET|HEAD /rest/v1/rpc/<fn>`.
 * `body` is the raw request body text (`''` for GET/HEAD).
 */
export async function handleRpc(
  _ctx: EmulatorContext,
  _parsed: ParsedRequest,
  _request: Request,
  _auth: RequestAuth,
  _body: string,
): Promise<Response> {
  return Response.json({ message: 'rpc not implemented yet' }, { status: 501 });
}
