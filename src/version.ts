/** The SDK version, sent as `X-Client-Info: supabase-rx/<version>`. */
export const VERSION = '0.1.0';
