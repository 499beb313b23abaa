import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software WebAuthn authenticator for tests: ES256 (P-256) discoverable credentials with
 * `none` attestation, and assertions signed with node:crypto, so the server's real
 * verification runs. The JSON it answers is what browsers' `PublicKeyCredential.toJSON()` gives.
 */

type Json = Record<string, any>;
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

/** A minimal CBOR encoder: unsigned and negative integers, byte and text strings, maps. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const s = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, s.length), s]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) {
    const parts: Uint8Array[] = [head(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  throw new Error(`cbor: unsupported ${typeof value}`);
}

/** One credential the authenticator holds. */
export interface SoftCredential {
  id: Uint8Array;
  rpId: string;
  userHandle: Uint8Array;
  privateKey: KeyObject;
  counter: number;
}

/** Overrides of one assertion, to make the server refuse it. */
export interface AssertionOptions {
  /** Sign for this challenge instead of the one asked for. */
  challenge?: string;
  /** Use this sign count (and keep the authenticator's own unchanged). */
  counter?: number;
  /** Claim this user handle (base64url) instead of the credential's. */
  userHandle?: string;
  /** Use this credential even when the options do not allow it. */
  credential?: SoftCredential;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  constructor(readonly origin: string) {}

  /** Answers `navigator.credentials.create({ publicKey: options })` with a new credential. */
  create(options: Json): Json {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = new Map<number, unknown>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const id = randomBytes(16);
    const rpId = options.rp?.id ?? new URL(this.origin).hostname;
    const cred: SoftCredential = {
      id,
      rpId,
      userHandle: Buffer.from(options.user.id, 'base64url'),
      privateKey,
      counter: 0,
    };
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([0x45]), // user present, user verified, attested credential data
      Buffer.alloc(4), // sign count 0
      Buffer.alloc(16), // AAGUID: none
      idLen,
      id,
      cbor(coseKey),
    ]);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.create',
        challenge: options.challenge,
        origin: this.origin,
        crossOrigin: false,
      }),
    );
    this.credentials.push(cred);
    return {
      id: b64u(id),
      rawId: b64u(id),
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Answers `navigator.credentials.get({ publicKey: options })` with a signed assertion. */
  get(options: Json, o: AssertionOptions = {}): Json {
    const allowed: string[] = (options.allowCredentials ?? []).map((c: Json) => c.id);
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const cred =
      o.credential ??
      this.credentials.find(
        (c) => c.rpId === rpId && (allowed.length === 0 || allowed.includes(b64u(c.id))),
      );
    if (!cred) throw new Error('SoftAuthenticator: no credential for these options');
    const counter = o.counter ?? ++cred.counter;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const authData = Buffer.concat([sha256(cred.rpId), Buffer.from([0x05]), count]);
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.get',
        challenge: o.challenge ?? options.challenge,
        origin: this.origin,
        crossOrigin: false,
      }),
    );
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(clientDataJSON)]),
      cred.privateKey,
    );
    return {
      id: b64u(cred.id),
      rawId: b64u(cred.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: o.userHandle ?? b64u(cred.userHandle),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
