export { FunctionsClient, type FunctionsClientOptions } from './client.js';
export {
  FunctionsError,
  FunctionsFetchError,
  FunctionsHttpError,
  FunctionsRelayError,
} from './errors.js';
export {
  invokeRequest,
  type FunctionInvokeBody,
  type FunctionInvokeMethod,
  type FunctionInvokeOptions,
} from './invoke-request.js';
export { type FunctionsResponse } from './parse-response.js';
export { SseParser, type ServerSentEvent } from './sse-parser.js';
