// The test OpenID provider (support/oidc_provider.mjs) on its own, without Tribune: discovery,
// a full authorization code flow with PKCE by a fake client made of fetch calls, the ID token's
// claims and signature, refusals a real provider makes, and key rotation. Also checks the JWT
// signer (support/jwt_sign.mjs) against node:crypto's verifier.

import assert from 'node:assert/strict';
import { createHash, createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { CookieJar, startOidcProvider } from './support/oidc_provider.mjs';
import { claims, confused, eddsa, es256, hs256, keyPair, rs256, unsigned } from './support/jwt_sign.mjs';

const CLIENT = { clientId: 'tribune-test', clientSecret: 'a-client-secret-of-enough-length-0123456789' };
const REDIRECT = 'http://127.0.0.1:9/callback';
const ACCOUNTS = {
    ada: { email: 'ada@idp.example', email_verified: true, name: 'Ada Lovelace' },
    bob: { email: 'bob@idp.example', email_verified: false, name: 'Bob' },
};

const b64url = (b) => Buffer.from(b).toString('base64url');

function decodeJwt(token) {
    const [h, p, s] = token.split('.');
    return {
        header: JSON.parse(Buffer.from(h, 'base64url')),
        payload: JSON.parse(Buffer.from(p, 'base64url')),
        input: `${h}.${p}`,
        signature: Buffer.from(s, 'base64url'),
    };
}

/** What a relying party does: the authorization URL with PKCE, state and nonce. */
function authorization(op, { challenge = true } = {}) {
    const verifier = b64url(randomBytes(32));
    const state = b64url(randomBytes(16));
    const nonce = b64url(randomBytes(16));
    const q = new URLSearchParams({
        response_type: 'code', client_id: CLIENT.clientId, redirect_uri: REDIRECT, scope: 'openid email profile', state, nonce,
    });
    if (challenge) {
        q.set('code_challenge', b64url(createHash('sha256').update(verifier).digest()));
        q.set('code_challenge_method', 'S256');
    }
    return { url: `${op.issuer}/auth?${q}`, verifier, state, nonce };
}

async function discovery(op) {
    const r = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    assert.equal(r.status, 200);
    return r.json();
}

async function exchange(op, code, verifier, { secret = CLIENT.clientSecret } = {}) {
    const d = await discovery(op);
    const basic = Buffer.from(`${encodeURIComponent(CLIENT.clientId)}:${encodeURIComponent(secret)}`).toString('base64');
    const r = await fetch(d.token_endpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }),
    });
    return { status: r.status, json: await r.json() };
}

async function verifyWithJwks(op, token) {
    const d = await discovery(op);
    const jwks = await (await fetch(d.jwks_uri)).json();
    const { header, input, signature } = decodeJwt(token);
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    assert.ok(jwk, `the token's kid ${header.kid} is in the key set ${JSON.stringify(jwks.keys.map((k) => k.kid))}`);
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const opts = header.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key;
    return verify('sha256', Buffer.from(input), opts, signature);
}

/** The whole flow for `account`; resolves with the token response and what was sent. */
async function codeFlow(op, { account = null } = {}) {
    const a = authorization(op);
    const { location } = await op.login(a.url, { jar: new CookieJar(), account });
    const back = new URL(location);
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), a.state, 'state comes back');
    const code = back.searchParams.get('code');
    assert.ok(code, `a code in ${location}`);
    const token = await exchange(op, code, a.verifier);
    return { ...a, code, token };
}

describe('the test OpenID provider', { timeout: 60000 }, () => {
    let op;
    before(async () => {
        op = await startOidcProvider({ ...CLIENT, redirectUris: [REDIRECT], accounts: ACCOUNTS });
    });
    after(() => op?.close());

    test('discovery names the issuer, endpoints, S256 and client_secret_basic', async () => {
        const d = await discovery(op);
        assert.equal(d.issuer, op.issuer);
        assert.match(op.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
        for (const k of ['authorization_endpoint', 'token_endpoint', 'jwks_uri']) assert.ok(d[k].startsWith(op.issuer), k);
        assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
        assert.ok(d.token_endpoint_auth_methods_supported.includes('client_secret_basic'));
        assert.ok(d.id_token_signing_alg_values_supported.includes('RS256'));
    });

    test('a full code flow gives an RS256 ID token with the account, nonce and audience', async () => {
        const flow = await codeFlow(op);
        assert.equal(flow.token.status, 200, JSON.stringify(flow.token.json));
        const idt = flow.token.json.id_token;
        const { header, payload } = decodeJwt(idt);
        assert.equal(header.alg, 'RS256');
        assert.equal(header.kid, op.kid);
        assert.equal(payload.iss, op.issuer);
        assert.equal(payload.aud, CLIENT.clientId);
        assert.equal(payload.sub, 'ada');
        assert.equal(payload.nonce, flow.nonce);
        assert.equal(payload.email, 'ada@idp.example');
        assert.equal(payload.email_verified, true);
        assert.equal(payload.name, 'Ada Lovelace');
        assert.ok(await verifyWithJwks(op, idt), 'the signature verifies with the published key');
        assert.equal(op.authorizeRequests.at(-1).code_challenge_method, 'S256', 'the provider records what it was asked');
    });

    test('the account can be chosen per flow or for the next flows', async () => {
        const once = await codeFlow(op, { account: 'bob' });
        assert.equal(decodeJwt(once.token.json.id_token).payload.sub, 'bob');
        assert.equal(decodeJwt(once.token.json.id_token).payload.email_verified, false);
        op.useAccount('bob');
        try {
            assert.equal(decodeJwt((await codeFlow(op)).token.json.id_token).payload.sub, 'bob');
        } finally {
            op.useAccount('ada');
        }
    });

    test('refusals: no PKCE, a wrong verifier, a wrong secret, a code used twice, an unregistered redirect', async () => {
        const noPkce = authorization(op, { challenge: false });
        const refused = await op.login(noPkce.url).catch((e) => e);
        // The provider sends the error back to the registered redirect URI.
        const back = refused instanceof Error ? null : new URL(refused.location);
        assert.equal(back?.searchParams.get('error'), 'invalid_request', `PKCE is required: ${refused.location ?? refused}`);

        const a = authorization(op);
        const code = new URL((await op.login(a.url)).location).searchParams.get('code');
        assert.equal((await exchange(op, code, b64url(randomBytes(32)))).status, 400, 'wrong verifier');

        const b = authorization(op);
        const code2 = new URL((await op.login(b.url)).location).searchParams.get('code');
        assert.equal((await exchange(op, code2, b.verifier, { secret: 'wrong' })).status, 401, 'wrong secret');
        assert.equal((await exchange(op, code2, b.verifier)).status, 200, 'then the right one');
        assert.equal((await exchange(op, code2, b.verifier)).status, 400, 'the code is spent');

        const elsewhere = authorization(op).url.replace(encodeURIComponent(REDIRECT), encodeURIComponent('http://127.0.0.1:9/other'));
        const r = await fetch(elsewhere, { redirect: 'manual' });
        assert.equal(r.status, 400, 'an unregistered redirect_uri is refused at the provider');
    });

    test('rotateKeys: a new kid signs, the old one leaves the key set, the issuer stays', async () => {
        const oldKid = op.kid;
        const before = op.jwksFetches;
        const newKid = op.rotateKeys();
        assert.notEqual(newKid, oldKid);
        const d = await discovery(op);
        assert.equal(d.issuer, op.issuer);
        const jwks = await (await fetch(d.jwks_uri)).json();
        assert.deepEqual(jwks.keys.map((k) => k.kid), [newKid]);
        assert.ok(op.jwksFetches > before, 'JWKS fetches are counted');
        const flow = await codeFlow(op);
        assert.equal(flow.token.status, 200);
        assert.equal(decodeJwt(flow.token.json.id_token).header.kid, newKid);
        assert.ok(await verifyWithJwks(op, flow.token.json.id_token));
    });

    test('setRedirectUris: a URI registered after the start is accepted', async () => {
        const late = 'http://127.0.0.1:9/late/callback';
        op.setRedirectUris([REDIRECT, late]);
        const url = authorization(op).url.replace(encodeURIComponent(REDIRECT), encodeURIComponent(late));
        const { location } = await op.login(url);
        assert.ok(location.startsWith(`${late}?`), location);
    });
});

test('an ES256 provider signs its ID tokens ES256', { timeout: 30000 }, async (t) => {
    const op = await startOidcProvider({ ...CLIENT, redirectUris: [REDIRECT], accounts: ACCOUNTS, idTokenAlg: 'ES256' });
    t.after(() => op.close());
    const flow = await codeFlow(op);
    assert.equal(flow.token.status, 200, JSON.stringify(flow.token.json));
    assert.equal(decodeJwt(flow.token.json.id_token).header.alg, 'ES256');
    assert.ok(await verifyWithJwks(op, flow.token.json.id_token));
});

test('jwt_sign: each algorithm verifies with node:crypto; none and confused are what they claim', () => {
    const payload = claims({ sub: 'u1' });
    const check = (token, alg, key) => {
        const { header, payload: p, input, signature } = decodeJwt(token);
        assert.equal(header.alg, alg);
        assert.equal(p.sub, 'u1');
        if (alg === 'HS256') return createHmac('sha256', key).update(input).digest().equals(signature);
        const opts = alg === 'ES256' ? { key: createPublicKey(key), dsaEncoding: 'ieee-p1363' } : createPublicKey(key);
        return verify(alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), opts, signature);
    };
    const secret = 'x'.repeat(40);
    assert.ok(check(hs256(payload, secret), 'HS256', secret));
    const rsa = keyPair('RS256');
    assert.ok(check(rs256(payload, rsa.privateKey), 'RS256', rsa.publicPem));
    const ec = keyPair('ES256');
    const esToken = es256(payload, ec.privateKey);
    assert.equal(decodeJwt(esToken).signature.length, 64, 'ES256 is raw r||s');
    assert.ok(check(esToken, 'ES256', ec.publicPem));
    const ed = keyPair('EdDSA');
    assert.ok(check(eddsa(payload, ed.privateKey), 'EdDSA', ed.publicPem));
    const none = unsigned(payload);
    assert.equal(decodeJwt(none).header.alg, 'none');
    assert.ok(none.endsWith('.'));
    assert.ok(check(confused(payload, rsa.publicPem), 'HS256', rsa.publicPem), 'HMAC keyed with the PEM text');
    assert.ok(payload.exp > payload.iat);
});
