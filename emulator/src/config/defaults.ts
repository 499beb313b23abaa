/** The Supabase CLI's defaults, so that code written against `supabase start` runs unchanged. */
export const CLI_DEFAULTS = {
  port: 54321,
  jwtSecret: 'super-secret-jwt-token-with-at-least-32-characters-long',
  jwtExpiry: 3600,
  siteUrl: 'http://127.0.0.1:3000',
  schemas: ['public', 'graphql_public'],
  extraSearchPath: ['public', 'extensions'],
  maxRows: 1000,
  /** The issuer of the CLI's demo anon and service_role keys. */
  demoIssuer: 'supabase-demo',
  /** The expiry of the CLI's demo keys (2032-11-11). */
  demoExpiry: 1983812996,
} as const;

/**
 * The CLI's well-known demo keys, signed with the default secret. The emulator computes its keys
 * (`demoKeys()`); these literals exist so a test can prove the computation gives the CLI's strings.
 */
export const CLI_DEMO_KEYS = {
  anon: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
  serviceRole:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
} as const;

/**
 * The CLI's newer opaque API keys (`supabase status` prints them as publishable and secret keys).
 * Its gateway swaps them for the anon and service_role JWTs; the emulator does the same.
 */
export const CLI_OPAQUE_KEYS = {
  publishable: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  secret: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
} as const;
