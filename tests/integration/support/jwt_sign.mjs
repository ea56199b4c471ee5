// JSON Web Tokens made with node:crypto for the SSO tests: HS256, RS256, ES256 (the signature as
// raw r||s, RFC 7518 section 3.4), EdDSA (Ed25519), the unsigned `alg: none` form, and the
// algorithm-confusion forgery (HS256 keyed with the server's public key PEM text).

import { createHmac, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

export const b64url = (buf) => Buffer.from(buf).toString('base64url');

const now = () => Math.floor(Date.now() / 1000);

/** Standard claims for a test token: sub, iat now, exp in 10 minutes, plus `extra`. */
export function claims(extra = {}) {
    return { iat: now(), exp: now() + 600, ...extra };
}

function signingInput(header, payload) {
    return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
}

/**
 * Signs `payload` with `alg`: HS256 takes a secret (string or Buffer); RS256, ES256 and EdDSA a
 * private key (KeyObject or PEM). `header` adds fields (kid, typ) or overrides alg.
 */
export function signJwt(payload, alg, key, header = {}) {
    const h = { alg, typ: 'JWT', ...header };
    const input = signingInput(h, payload);
    let sig;
    switch (alg) {
        case 'HS256':
            sig = createHmac('sha256', key).update(input).digest();
            break;
        case 'RS256':
            sig = sign('sha256', Buffer.from(input), privateKey(key));
            break;
        case 'ES256':
            sig = sign('sha256', Buffer.from(input), { key: privateKey(key), dsaEncoding: 'ieee-p1363' });
            break;
        case 'EdDSA':
            sig = sign(null, Buffer.from(input), privateKey(key));
            break;
        default:
            throw new Error(`signJwt: unsupported alg ${alg}`);
    }
    return `${input}.${b64url(sig)}`;
}

function privateKey(key) {
    return typeof key === 'string' || Buffer.isBuffer(key) ? createPrivateKey(key) : key;
}

export const hs256 = (payload, secret, header) => signJwt(payload, 'HS256', secret, header);
export const rs256 = (payload, key, header) => signJwt(payload, 'RS256', key, header);
export const es256 = (payload, key, header) => signJwt(payload, 'ES256', key, header);
export const eddsa = (payload, key, header) => signJwt(payload, 'EdDSA', key, header);

/** `alg: none` with an empty signature: a verifier must refuse it. */
export function unsigned(payload) {
    return `${signingInput({ alg: 'none', typ: 'JWT' }, payload)}.`;
}

/**
 * The algorithm-confusion forgery: an HS256 token whose HMAC key is the text of the public key
 * PEM a server verifies RS256/ES256/EdDSA with. A verifier that lets the token's header choose
 * the algorithm would accept it.
 */
export function confused(payload, publicPem) {
    return signJwt(payload, 'HS256', publicPem);
}

/**
 * A fresh key pair for `alg` (RS256: RSA 2048, ES256: P-256, EdDSA: Ed25519):
 * { privateKey (KeyObject), publicPem (SubjectPublicKeyInfo PEM text) }.
 */
export function keyPair(alg) {
    const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
            : alg === 'EdDSA' ? generateKeyPairSync('ed25519')
                : null;
    if (!pair) throw new Error(`keyPair: unsupported alg ${alg}`);
    return { privateKey: pair.privateKey, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) };
}
