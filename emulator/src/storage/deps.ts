import type { EmulatorContext } from '../context.js';
import type { ByteStore } from './byte-store.js';
import type { StorageSettings } from './settings.js';

/** What the storage routes run on. */
export interface StorageDeps {
  ctx: EmulatorContext;
  store: ByteStore;
  settings: StorageSettings;
}
