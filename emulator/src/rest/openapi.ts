import type { Column, SchemaCache } from './schema-cache.js';

function columnSchema(col: Column): Record<string, unknown> {
  const t = col.type;
  let type = 'string';
  if (/^(integer|smallint|bigint)$/.test(t)) type = 'integer';
  else if (/^(numeric|real|double precision)/.test(t)) type = 'number';
  else if (t === 'boolean') type = 'boolean';
  else if (t.endsWith('[]')) type = 'array';
  const schema: Record<string, unknown> = { format: t, type };
  if (type === 'array') schema.items = { type: 'string' };
  if (col.default !== null) schema.default = col.default;
  return schema;
}

/**
 * A minimal Swagger 2.0 document for `GET /rest/v1/`, as PostgREST serves at its root: one path
 * per table or view of the schema (with `get`, plus `post`/`patch`/`delete` for tables) and one
 * definition per relation with its columns' types and required (non-null, no default) columns.
 *
 * @example
 * const doc = openApiDocument(cache, 'public', 'http://127.0.0.1:54321');
 */
export function openApiDocument(
  cache: SchemaCache,
  schema: string,
  baseUrl: string,
): Record<string, unknown> {
  const url = new URL(baseUrl);
  const paths: Record<string, unknown> = {
    '/': {
      get: {
        produces: ['application/openapi+json', 'application/json'],
        responses: { '200': { description: 'OK' } },
        summary: 'OpenAPI description (this document)',
        tags: ['Introspection'],
      },
    },
  };
  const definitions: Record<string, unknown> = {};
  for (const name of cache.namesIn(schema).sort()) {
    const rel = cache.find(schema, name)!;
    const ref = { $ref: `#/definitions/${name}` };
    const ok = {
      '200': { description: 'OK', schema: { type: 'array', items: ref } },
      '206': { description: 'Partial Content' },
    };
    const ops: Record<string, unknown> = { get: { tags: [name], responses: ok } };
    if (rel.kind === 'table' || rel.kind === 'partitioned table') {
      ops.post = { tags: [name], responses: { '201': { description: 'Created' } } };
      ops.patch = { tags: [name], responses: { '204': { description: 'No Content' } } };
      ops.delete = { tags: [name], responses: { '204': { description: 'No Content' } } };
    }
    paths[`/${name}`] = ops;
    const properties: Record<string, unknown> = {};
    for (const col of rel.columns) properties[col.name] = columnSchema(col);
    const required = rel.columns
      .filter((c) => !c.nullable && c.default === null && c.identity === '')
      .map((c) => c.name);
    definitions[name] = {
      type: 'object',
      properties,
      ...(required.length && { required }),
      ...(rel.comment && { description: rel.comment }),
    };
  }
  return {
    swagger: '2.0',
    info: {
      title: 'supabase-rx-emulator',
      description: 'PostgREST-compatible API',
      version: '12.2.0',
    },
    host: url.host,
    basePath: '/rest/v1',
    schemes: [url.protocol.replace(':', '')],
    consumes: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
    produces: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
    paths,
    definitions,
  };
}
