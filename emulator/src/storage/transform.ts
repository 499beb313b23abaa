import { StorageErrors } from './errors.js';

/** Image transform options, as storage-js sends them (query or signed token). */
export interface ImageTransform {
  width?: number;
  height?: number;
  resize?: 'cover' | 'contain' | 'fill';
  format?: string;
  quality?: number;
}

const FORMATS: Record<string, string> = {
  webp: 'image/webp',
  avif: 'image/avif',
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
};

function dimension(value: string | null, name: string): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 2500) {
    throw StorageErrors.invalidRequest(`${name} must be an integer between 1 and 2500`);
  }
  return n;
}

/**
 * Reads transform options from query parameters (`width`, `height`, `resize`, `format`,
 * `quality`), refusing values Storage refuses.
 *
 * @example
 * ```ts
 * transformOf(new URLSearchParams('width=100&resize=contain')); // { width: 100, resize: 'contain' }
 * ```
 */
export function transformOf(query: URLSearchParams): ImageTransform {
  const out: ImageTransform = {};
  const width = dimension(query.get('width'), 'width');
  const height = dimension(query.get('height'), 'height');
  if (width) out.width = width;
  if (height) out.height = height;
  const resize = query.get('resize');
  if (resize) {
    if (resize !== 'cover' && resize !== 'contain' && resize !== 'fill') {
      throw StorageErrors.invalidRequest('resize must be one of cover, contain, fill');
    }
    out.resize = resize;
  }
  const format = query.get('format');
  if (format && format !== 'origin') {
    if (!FORMATS[format]) throw StorageErrors.invalidRequest(`format ${format} is not supported`);
    out.format = format;
  }
  const quality = query.get('quality');
  if (quality) {
    const q = Number(quality);
    if (!Number.isInteger(q) || q < 20 || q > 100) {
      throw StorageErrors.invalidRequest('quality must be an integer between 20 and 100');
    }
    out.quality = q;
  }
  return out;
}

/** Transform options as query parameters (what a signed render URL's token carries). */
export function transformQuery(transform: Record<string, unknown> | undefined): string {
  const q = new URLSearchParams();
  for (const name of ['width', 'height', 'resize', 'format', 'quality']) {
    const v = transform?.[name];
    if (v !== undefined && v !== null && v !== '') q.set(name, String(v));
  }
  return q.toString();
}

type Sharp = typeof import('sharp');
let loaded: Promise<Sharp | undefined> | undefined;

async function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then(
    (m) => (m as unknown as { default: Sharp }).default ?? (m as unknown as Sharp),
    () => undefined,
  );
  const sharp = await loaded;
  if (!sharp) {
    throw StorageErrors.notSupported(
      'Image transformations need the optional dependency "sharp", which is not installed in the emulator',
    );
  }
  return sharp;
}

/**
 * Transforms an image with `sharp` as Storage's image service does: `resize` `cover` (the
 * default, cropping), `contain` (letterboxed) or `fill` (stretched) to `width`/`height`, then
 * `format` (else the original's) at `quality` (default 80). Without `sharp` installed, Storage's
 * 400 `NotSupported` names it.
 *
 * @example
 * ```ts
 * const { bytes, contentType } = await transformImage(png, 'image/png', { width: 100 });
 * ```
 */
export async function transformImage(
  input: Uint8Array,
  contentType: string,
  transform: ImageTransform,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const sharp = await loadSharp();
  let image = sharp(input, { failOn: 'error' });
  if (transform.width || transform.height) {
    image = image.resize({
      width: transform.width,
      height: transform.height,
      fit: transform.resize ?? 'cover',
    });
  }
  const quality = transform.quality ?? 80;
  let type = contentType;
  if (transform.format) {
    type = FORMATS[transform.format]!;
    image = image.toFormat(transform.format === 'jpg' ? 'jpeg' : (transform.format as 'webp'), {
      quality,
    });
  } else if (/^image\/(jpeg|webp|avif)$/.test(contentType)) {
    image = image.toFormat(contentType.slice(6) as 'webp', { quality });
  }
  try {
    return { bytes: new Uint8Array(await image.toBuffer()), contentType: type };
  } catch (error) {
    throw StorageErrors.invalidRequest(
      `The object could not be transformed as an image: ${(error as Error).message}`,
    );
  }
}
