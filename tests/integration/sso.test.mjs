// Newsroom single sign-on (issue 14): POST /api/v1/sso takes a JWT the newsroom signed (HS256
// with sso_secret; RS256, ES256 or EdDSA with sso_public_key) and answers a session. Every way a
// token can be wrong is 401 with the reason in the detail: expired, not yet valid, a signature
// that does not match, another audience, `alg: none`, the algorithm-confusion forgery, an
// algorithm the configured key does not verify. Roles in the token mean nothing unless
// sso_trust_roles; one `sub` is one account; no token text ever reaches the log.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { TribuneServer, createComment, expectProblem, marker, startServer } from './support/server.mjs';
import {
    claims, confused, hs256, keyPair, rs256, signJwt, unsigned,
} from './support/jwt_sign.mjs';
import { SESSION_COOKIE, SESSION_TOKEN, assertUser, postSso, ssoSession, ssoToken } from './support/identity.mjs';

const SECRET = `sso-secret-${randomBytes(24).toString('hex')}`;
const AUDIENCE = 'tribune-test';
const now = () => Math.floor(Date.now() / 1000);
const sub = () => `newsroom-${randomBytes(5).toString('hex')}`;

/** Every token a suite sent, to look for in the server's log at the end. */
const sent = [];
function track(token) {
    sent.push(token);
    return token;
}

/** Asserts a 401 problem whose detail matches `why`. */
function expect401(reply, why, what) {
    const p = expectProblem(assert, reply, 401, what);
    assert.match(String(p.detail), why, `${what}: the detail says why: ${reply.describe()}`);
    assert.ok(!reply.setCookies().some((c) => SESSION_COOKIE.test(c.split('=')[0])), `${what}: no session cookie`);
    return p;
}

function assertNoTokenInLog(server) {
    for (const token of sent) {
        const signature = token.split('.')[2];
        assert.ok(!server.log.includes(token), 'a whole token in the log');
        if (signature && signature.length >= 16) assert.ok(!server.log.includes(signature), 'a token signature in the log');
    }
}

describe('SSO with an HS256 secret', { timeout: 120000 }, () => {
    let server;
    after(() => server?.cleanup());
    before(async () => {
        server = await startServer(null, {
            env: { TRIBUNE_SSO_SECRET: SECRET, TRIBUNE_SSO_AUDIENCE: AUDIENCE, TRIBUNE_MODERATION: 'post' },
        });
    });
    const good = (extra = {}) => track(hs256(claims({ sub: sub(), aud: AUDIENCE, ...extra }), SECRET));

    test('options say SSO is on', async () => {
        const r = await server.client().get('/api/v1/sign-in/options');
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.sso, true);
        assert.equal(r.json.email_link, false, 'no mail configured');
    });

    test('a valid token: 200 with the user, a bearer session and a cookie; the badge and mark on comments', async () => {
        const r = await postSso(server, good({ name: 'Ada Newsroom', email: 'Ada@News.example', badge: 'Subscriber' }));
        assert.equal(r.status, 200, r.describe());
        const user = assertUser(r.json.user);
        assert.equal(user.name, 'Ada Newsroom');
        assert.equal(user.email, 'ada@news.example');
        assert.equal(user.email_verified, true);
        assert.equal(user.badge, 'Subscriber');
        assert.equal(user.role, 'reader');
        assert.match(r.json.session_token, SESSION_TOKEN);
        assert.equal(typeof r.json.csrf_token, 'string');
        assert.ok(r.setCookies().some((c) => SESSION_COOKIE.test(c.split('=')[0])), `Set-Cookie session: ${r.setCookies()}`);

        const bearer = server.client({ bearer: r.json.session_token });
        const me = await bearer.get('/api/v1/me');
        assert.equal(me.status, 200, me.describe());
        assert.deepEqual(me.json.user, user);
        const page = `/sso/${marker()}`;
        const c = await createComment(bearer, { page, text: 'From the newsroom login', author_name: 'Ignored' });
        assert.equal(c.author.name, 'Ada Newsroom');
        assert.equal(c.author.badge, 'Subscriber');
        assert.equal(c.author.verified, true);
        const seen = (await server.client().listComments(page)).json.comments.find((x) => x.id === c.id);
        assert.equal(seen?.author.badge, 'Subscriber', 'others see the badge');
        assert.equal(seen?.author.verified, true);
        assert.ok(!JSON.stringify(seen).includes('news.example'), 'the address is not shown');
    });

    test('a token without email: no address, not verified, no mark on comments', async () => {
        const r = await postSso(server, good({ name: 'No Mail' }));
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.user.email, null);
        assert.equal(r.json.user.email_verified, false);
        assert.equal(r.json.user.badge, null);
        const c = await createComment(server.client({ bearer: r.json.session_token }), { page: `/sso/${marker()}`, text: 'no mail' });
        assert.equal(c.author.verified, undefined);
        assert.equal(c.author.badge, undefined);
    });

    test('the same sub twice is the same account; the newsroom name wins', async () => {
        const id = sub();
        const first = await postSso(server, track(hs256(claims({ sub: id, aud: AUDIENCE, name: 'First Name' }), SECRET)));
        const second = await postSso(server, track(hs256(claims({ sub: id, aud: AUDIENCE, name: 'Second Name', badge: 'Member' }), SECRET)));
        assert.equal(first.status, 200, first.describe());
        assert.equal(second.status, 200, second.describe());
        assert.equal(second.json.user.id, first.json.user.id);
        assert.equal(second.json.user.name, 'Second Name');
        assert.equal(second.json.user.badge, 'Member');
        assert.notEqual(second.json.session_token, first.json.session_token, 'a new session each time');
        const other = await postSso(server, good({ name: 'First Name' }));
        assert.notEqual(other.json.user.id, first.json.user.id, 'another sub is another account');
    });

    test('roles in the token are ignored: a reader, refused at staff routes', async () => {
        for (const extra of [{ role: 'admin' }, { roles: ['admin', 'moderator'] }]) {
            const r = await postSso(server, good(extra));
            assert.equal(r.status, 200, r.describe());
            assert.equal(r.json.user.role, 'reader', JSON.stringify(extra));
            expectProblem(assert, await server.client({ bearer: r.json.session_token }).get('/api/v1/policy'), 403, 'staff route');
        }
    });

    test('refused tokens: 401 saying why', async () => {
        expect401(await postSso(server, good({ exp: now() - 3600, iat: now() - 7200 })), /expired/, 'expired');
        expect401(await postSso(server, track(hs256(claims({ sub: sub(), aud: AUDIENCE }), `${SECRET}x`))), /signature/, 'another secret');
        const [h, , s] = good().split('.');
        const tampered = track(`${h}.${Buffer.from(JSON.stringify(claims({ sub: 'someone-else', aud: AUDIENCE }))).toString('base64url')}.${s}`);
        expect401(await postSso(server, tampered), /signature/, 'a changed payload');
        expect401(await postSso(server, good({ aud: 'another-site' })), /audience/, 'another audience');
        expect401(await postSso(server, track(hs256(claims({ sub: sub() }), SECRET))), /audience/, 'no audience while one is required');
        const rsa = keyPair('RS256');
        expect401(await postSso(server, track(rs256(claims({ sub: sub(), aud: AUDIENCE }), rsa.privateKey))),
            /algorithm|no key/, 'RS256 while only a secret is configured');
        expect401(await postSso(server, good({ nbf: now() + 3600 })), /.+/, 'nbf an hour ahead');
        expect401(await postSso(server, track(hs256({ sub: sub(), aud: AUDIENCE, iat: now() }, SECRET))), /.+/, 'no exp');
        expect401(await postSso(server, track(hs256(claims({ aud: AUDIENCE }), SECRET))), /.+/, 'no sub');
        expect401(await postSso(server, track(hs256(claims({ sub: '', aud: AUDIENCE }), SECRET))), /.+/, 'empty sub');
        for (const junk of ['abc', 'a.b.c', '..', `${'e'.repeat(20)}.${'e'.repeat(20)}`, 'x'.repeat(9000)]) {
            const r = await postSso(server, junk);
            assert.ok([401, 422].includes(r.status), `${junk.slice(0, 12)}: ${r.describe()}`);
            expectProblem(assert, r, r.status, junk.slice(0, 12));
        }
    });

    test('alg none: refused as an algorithm not allowed', async () => {
        expect401(await postSso(server, track(unsigned(claims({ sub: sub(), aud: AUDIENCE })))), /algorithm/, 'alg none');
    });

    test('a minute of clock skew is allowed for exp and nbf', async () => {
        assert.equal((await postSso(server, good({ exp: now() - 20 }))).status, 200, 'exp 20 s ago');
        assert.equal((await postSso(server, good({ nbf: now() + 20 }))).status, 200, 'nbf 20 s ahead');
        assert.equal((await postSso(server, good({ iat: now() + 20 }))).status, 200, 'iat 20 s ahead');
        expect401(await postSso(server, good({ exp: now() - 300 })), /expired/, 'exp 5 min ago');
    });

    test('bad requests: no token or not a string is a problem, nothing signed in', async () => {
        for (const body of [{}, { token: 42 }, { token: null }]) {
            const r = await server.client().post('/api/v1/sso', body);
            assert.ok([401, 422].includes(r.status), `${JSON.stringify(body)}: ${r.describe()}`);
            expectProblem(assert, r, r.status, JSON.stringify(body));
        }
    });

    test('the session token is required as given: a cookie session still needs CSRF', async () => {
        const r = await postSso(server, good({ name: 'Cookie Reader' }));
        const cookie = r.setCookies().find((c) => SESSION_COOKIE.test(c.split('=')[0])).split(';')[0];
        const noCsrf = await server.client().patch('/api/v1/me', { name: 'Changed' }, { headers: { cookie } });
        expectProblem(assert, noCsrf, 403, 'cookie PATCH without X-CSRF-Token');
        const withCsrf = await server.client().patch('/api/v1/me', { name: 'Changed' }, { headers: { cookie, 'x-csrf-token': r.json.csrf_token } });
        assert.equal(withCsrf.status, 200, withCsrf.describe());
        const bearer = await server.client({ bearer: r.json.session_token }).patch('/api/v1/me', { name: 'By Bearer' });
        assert.equal(bearer.status, 200, `a bearer session needs no CSRF token: ${bearer.describe()}`);
    });

    test('no token ever reaches the log', () => {
        assert.ok(sent.length > 10);
        assertNoTokenInLog(server);
    });
});

for (const alg of ['RS256', 'ES256', 'EdDSA']) {
    describe(`SSO with an ${alg} public key`, { timeout: 60000 }, () => {
        let server;
        const keys = keyPair(alg);
        after(() => server?.cleanup());
        before(async () => {
            server = await startServer(null, { env: { TRIBUNE_SSO_PUBLIC_KEY: keys.publicPem } });
        });
        const sign = (payload, key = keys.privateKey) => track(signJwt(payload, alg, key));

        test('a valid token signs in', async () => {
            const r = await postSso(server, sign(claims({ sub: sub(), name: `${alg} Reader`, email: `${alg.toLowerCase()}@news.example` })));
            assert.equal(r.status, 200, r.describe());
            assert.equal(r.json.user.name, `${alg} Reader`);
            assert.equal(r.json.user.email_verified, true);
            assert.match(r.json.session_token, SESSION_TOKEN);
        });

        test('another key, the confusion forgery, HS256 and none are refused', async () => {
            expect401(await postSso(server, sign(claims({ sub: sub() }), keyPair(alg).privateKey)), /signature/, 'another key');
            expect401(await postSso(server, track(confused(claims({ sub: sub() }), keys.publicPem))),
                /algorithm/, 'HS256 keyed with the public key PEM');
            expect401(await postSso(server, track(confused(claims({ sub: sub() }), keys.publicPem.trim()))),
                /algorithm/, 'the same without the last newline');
            expect401(await postSso(server, track(hs256(claims({ sub: sub() }), SECRET))), /algorithm/, 'HS256 with some secret');
            const otherAlg = alg === 'RS256' ? 'EdDSA' : 'RS256';
            expect401(await postSso(server, track(signJwt(claims({ sub: sub() }), otherAlg, keyPair(otherAlg).privateKey))),
                /algorithm|no key/, `${otherAlg} while the key is ${alg}`);
            // The right key, with the header lying about the algorithm.
            const lying = signJwt(claims({ sub: sub() }), alg, keys.privateKey, { alg: alg === 'RS256' ? 'RS512' : 'RS256' });
            expect401(await postSso(server, track(lying)), /algorithm|signature/, 'a header naming another algorithm');
        });

        test('alg none: refused as an algorithm not allowed', async () => {
            expect401(await postSso(server, track(unsigned(claims({ sub: sub() })))), /algorithm/, 'alg none');
        });

        test('no token ever reaches the log', () => assertNoTokenInLog(server));
    });
}

test('sso_trust_roles=true: a role in the token is the account role', { timeout: 60000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_SSO_SECRET: SECRET, TRIBUNE_SSO_TRUST_ROLES: 'true' } });
    const mod = await ssoSession(server, SECRET, { role: 'moderator', name: 'Trusted Mod' });
    assert.equal(mod.user.role, 'moderator');
    assert.equal((await mod.client.get('/api/v1/policy')).status, 200, 'a moderator reads the policy');
    const reader = await ssoSession(server, SECRET, { name: 'Plain' });
    assert.equal(reader.user.role, 'reader', 'no role: a reader');
    const admin = await ssoSession(server, SECRET, { role: 'admin', name: 'Would Be Admin' });
    assert.notEqual(admin.user.role, 'admin', 'a token never makes an admin');
    expectProblem(assert, await admin.client.get('/api/v1/users'), 403, 'no admin route');
});

test('SSO not configured: POST /api/v1/sso is 404, options say so', { timeout: 60000 }, async (t) => {
    const server = await startServer(t);
    expectProblem(assert, await postSso(server, ssoToken(SECRET)), 404, 'no SSO');
    const r = await server.client().get('/api/v1/sign-in/options');
    assert.equal(r.status, 200, r.describe());
    assert.deepEqual(r.json, { email_link: false, sso: false, providers: [] });
});

test('a short sso_secret or a bad sso_public_key stops the start, naming the setting', { timeout: 60000 }, async () => {
    for (const [env, name] of [
        [{ TRIBUNE_SSO_SECRET: 'too-short' }, /sso_secret/],
        [{ TRIBUNE_SSO_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' }, /sso_public_key/],
    ]) {
        const server = new TribuneServer({ env });
        try {
            await assert.rejects(server.start(), (e) => name.test(e.message), `refused start for ${Object.keys(env)}`);
        } finally {
            await server.cleanup();
        }
    }
});
