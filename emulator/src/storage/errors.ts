/**
 * An error the Storage API answers with. Like Supabase Storage, the HTTP status is 400 and the
 * real status travels in the body as a `statusCode` string, next to Storage's `code`, `error`
 * and `message`.
 *
 * @example
 * ```ts
 * throw StorageErrors.noSuchKey();
 * // → HTTP 400 {"statusCode":"404","code":"NoSuchKey","error":"not_found","message":"Object not found"}
 * ```
 */
export class StorageHttpError extends Error {
  constructor(
    /** The status Storage reports in the body (`"404"`, `"409"`, …). */
    readonly statusCode: string,
    readonly code: string,
    readonly error: string,
    message: string,
    /** The HTTP status of the response (400 for most of Storage's errors). */
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = 'StorageHttpError';
  }

  /** The JSON body Storage sends. */
  toJSON(): { statusCode: string; code: string; error: string; message: string } {
    return {
      statusCode: this.statusCode,
      code: this.code,
      error: this.error,
      message: this.message,
    };
  }
}

const e = (statusCode: string, code: string, error: string, message: string, http = 400) =>
  new StorageHttpError(statusCode, code, error, message, http);

/** Storage's errors, with its codes and wording. */
export const StorageErrors = {
  noSuchBucket: () => e('404', 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
  noSuchKey: () => e('404', 'NoSuchKey', 'not_found', 'Object not found'),
  bucketAlreadyExists: () =>
    e('409', 'BucketAlreadyExists', 'Duplicate', 'The resource already exists'),
  keyAlreadyExists: () => e('409', 'KeyAlreadyExists', 'Duplicate', 'The resource already exists'),
  bucketNotEmpty: () =>
    e('409', 'InvalidRequest', 'Bucket not empty', 'The bucket you tried to delete is not empty'),
  entityTooLarge: () =>
    e('413', 'EntityTooLarge', 'Payload too large', 'The object exceeded the maximum allowed size'),
  invalidMimeType: (mime: string) =>
    e('415', 'InvalidMimeType', 'invalid_mime_type', `mime type ${mime} is not supported`),
  invalidKey: (key: string) => e('400', 'InvalidKey', 'Invalid Input', `Invalid key: ${key}`),
  invalidBucketName: (name: string) =>
    e('400', 'InvalidBucketName', 'Invalid Input', `Bucket name invalid: ${name}`),
  invalidRequest: (message: string) => e('400', 'InvalidRequest', 'Invalid Input', message),
  accessDenied: (message = 'new row violates row-level security policy') =>
    e('403', 'AccessDenied', 'Unauthorized', message),
  invalidJwt: (message: string) => e('400', 'InvalidJWT', 'Invalid JWT', message),
  invalidSignature: () =>
    e('400', 'InvalidSignature', 'Invalid Signature', 'The url do not match the signature'),
  missingToken: () =>
    e('400', 'InvalidRequest', 'Invalid Input', "querystring must have required property 'token'"),
  notSupported: (message: string) => e('400', 'NotSupported', 'Not Supported', message),
} as const;

/** Maps a Postgres error raised under the caller's role to Storage's answer (else rethrows). */
export function fromPgError(error: unknown): never {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === '42501') throw StorageErrors.accessDenied(message);
  throw error;
}
