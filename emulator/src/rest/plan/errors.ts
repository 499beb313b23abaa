import { RestError } from '../ast.js';
import type { SchemaCache } from '../schema-cache.js';
import { closest } from './fuzzy.js';
import type { Relationship } from './relationships.js';

/**
 * PGRST205 (404): the table or view is not in the schema cache, with PostgREST's fuzzy
 * "Perhaps you meant the table …" hint.
 *
 * @example
 * throw tableNotFound(cache, 'public', 'movie');
 */
export function tableNotFound(cache: SchemaCache, schema: string, name: string): RestError {
  const guess = closest(cache.namesIn(schema), name, 0.75);
  return new RestError(404, {
    code: 'PGRST205',
    details: null,
    hint: guess === undefined ? null : `Perhaps you meant the table '${schema}.${guess}'`,
    message: `Could not find the table '${schema}.${name}' in the schema cache`,
  });
}

/**
 * PGRST200 (400): no foreign key relationship between the parent and the embedded name.
 *
 * @example
 * throw noRelationship('movies', 'actorz', undefined, 'public', 'Perhaps you meant 'actors' instead of 'actorz'.');
 */
export function noRelationship(
  parent: string,
  child: string,
  hint: string | undefined,
  schema: string,
  suggestion: string | null,
): RestError {
  return new RestError(400, {
    code: 'PGRST200',
    details: `Searched for a foreign key relationship between '${parent}' and '${child}'${hint === undefined ? '' : ` using the hint '${hint}'`} in the schema '${schema}', but no matches were found.`,
    hint: suggestion,
    message: `Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
  });
}

function cols(names: string[]): string {
  return `(${names.join(', ')})`;
}

/**
 * How PostgREST names a relationship in PGRST201 details and hints.
 *
 * @example
 * describeRelationship('movies', rel).relationship; // 'movies_director_id_fkey using movies(director_id) and people(id)'
 */
export function describeRelationship(
  parent: string,
  rel: Relationship,
): {
  cardinality: string;
  embedding: string;
  relationship: string;
  hintName: string;
} {
  const child = rel.target.name;
  const embedding = `${parent} with ${child}`;
  if (rel.computed) {
    const name = rel.computed.name;
    return { cardinality: 'computed', embedding, relationship: name, hintName: name };
  }
  if (rel.junction) {
    const j = rel.junction;
    return {
      cardinality: 'many-to-many',
      embedding,
      relationship: `${j.relation.name} using ${j.source.name}${cols(j.source.columns)} and ${j.target.name}${cols(j.target.columns)}`,
      hintName: j.relation.name,
    };
  }
  const fk = rel.fk!;
  const [parentCols, childCols] = rel.forward
    ? [fk.columns, fk.foreignColumns]
    : [fk.foreignColumns, fk.columns];
  return {
    cardinality: rel.kind,
    embedding,
    relationship: `${fk.name} using ${parent}${cols(parentCols)} and ${child}${cols(childCols)}`,
    hintName: fk.name,
  };
}

/**
 * PGRST201 (300): more than one relationship matches; the details list them, the hint says how
 * to pick one with `!`.
 *
 * @example
 * throw ambiguousRelationship('movies', 'people', candidates);
 */
export function ambiguousRelationship(
  parent: string,
  child: string,
  rels: Relationship[],
): RestError {
  const described = rels.map((r) => describeRelationship(parent, r));
  return new RestError(300, {
    code: 'PGRST201',
    // PostgREST sends an array of objects here; the AST types `details` as text, hence the cast.
    details: described.map(({ cardinality, embedding, relationship }) => ({
      cardinality,
      embedding,
      relationship,
    })) as unknown as string,
    hint: `Try changing '${child}' to one of the following: ${rels.map((r, i) => `'${r.target.name}!${described[i].hintName}'`).join(', ')}. Find the desired relationship in the 'details' key.`,
    message: `Could not embed because more than one relationship was found for '${parent}' and '${child}'`,
  });
}

/**
 * PGRST108 (400): a filter, order or limit names an embed that is not in `select`.
 *
 * @example
 * throw notEmbedded('actors');
 */
export function notEmbedded(resource: string): RestError {
  return new RestError(400, {
    code: 'PGRST108',
    details: null,
    hint: `Verify that '${resource}' is included in the 'select' query parameter.`,
    message: `'${resource}' is not an embedded resource in this request`,
  });
}
