// Throws while loading: the relay answers BOOT_ERROR.
import '../_shared/deno-types.ts';

throw new Error('boot failed on purpose');
