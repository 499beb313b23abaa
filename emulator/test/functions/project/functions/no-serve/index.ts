// Never calls Deno.serve: a boot failure.
export const nothing = 1;
