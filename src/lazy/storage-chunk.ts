// What `createClient`'s storage loads on first use: the bucket and the file methods.
export { StorageClient } from '../storage/client.js';
export { StorageFileApi } from '../storage/file-api.js';
