// `pg`'s own value preparation (the types package does not describe this module).
declare module 'pg/lib/utils.js' {
  const utils: {
    /** A JavaScript value as `pg` binds it: text, a Buffer (bound in binary), or null. */
    prepareValue(value: unknown): string | Buffer | null;
  };
  export default utils;
}
