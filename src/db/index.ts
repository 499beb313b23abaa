/** The database module: PostgREST query builders as cold Observables. */
export { PostgrestClient, type PostgrestClientOptions } from './client.js';
export type { PostgrestQueryBuilderOptions } from './query-options.js';
export type { PostgrestOpenApiSpec, PostgrestOpenApiResponse } from './open-api-spec.js';
export { PostgrestQueryBuilder } from './query-builder.js';
export { PostgrestFilterBuilder } from './filter-builder.js';
export {
  PostgrestComparisonFilterBuilder,
  type ColumnOf,
  type FilterValue,
} from './comparison-filters.js';
export {
  PostgrestTransformBuilder,
  type ExplainOptions,
  type ReferencedTableOption,
} from './transform-builder.js';
export { PostgrestBuilder } from './builder.js';
export {
  PostgrestError,
  type PostgrestErrorFields,
  type PostgrestErrorInit,
} from './postgrest-error.js';
export type { RpcOptions } from './rpc-request.js';
export type { SelectRow } from './select-types.js';
export type { SelectResult, SelectQueryError } from './types/select-result.js';
export type { ParseSelect, SelectNode, SelectParseError } from './types/parse-select.js';
export type { EmbedError, GenericRelationship } from './types/relationships.js';
export type { Json, PgType } from './types/pg-types.js';
export type { QueryData, QueryError, QueryResult } from './types/query-data.js';
export type { OverrideResult } from './override-types.js';
export type { QueryState, QueryMethod, QueryParam } from './state.js';
export { toRequest } from './to-request.js';
export { parseResponse } from './parse-response.js';
export type {
  CountOption,
  GenericFunction,
  GenericSchema,
  GenericTable,
  GenericView,
  LooseRow,
  PostgrestResponse,
} from './types.js';
