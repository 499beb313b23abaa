/**
 * Why `genTypes` (and `supabase-rx-emulator gen types`) could not generate: no project folder
 * there, a schema that does not exist after the migrations, an unsupported language.
 *
 * @example
 * ```ts
 * import { genTypes, GenTypesError } from 'supabase-rx-emulator';
 *
 * await genTypes({ schemas: ['nowhere'] }).catch((e) => {
 *   if (e instanceof GenTypesError) console.error(e.message); // names the missing schema
 * });
 * ```
 */
export class GenTypesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenTypesError';
  }
}
