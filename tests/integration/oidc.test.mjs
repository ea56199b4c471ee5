// Sign-in with OpenID Connect (issue 14) against a real provider on 127.0.0.1
// (support/oidc_provider.mjs, npm oidc-provider): the authorization request Tribune makes (PKCE
// S256, state, nonce), the callback signing in with the address the provider vouches for, one
// provider account being one Tribune account, a wrong or replayed state refused, the popup mode
// handing a code to the widget's host page, and the provider rotating its signing key.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { Client, expectProblem, sleep, startServer } from './support/server.mjs';
import { CookieJar, jarFetch, oidcSignIn, sessionCookieIn, startOidcProvider } from './support/oidc_provider.mjs';
import { HANDOFF_CHALLENGE, SESSION_TOKEN, assertUser, exchangeHandoff } from './support/identity.mjs';

const HOST = 'https://host.example';
const CLIENT = { clientId: 'tribune', clientSecret: `oidc-secret-${randomBytes(16).toString('hex')}` };
const ACCOUNTS = {
    ada: { email: 'ada@idp.example', email_verified: true, name: 'Ada Lovelace' },
    bob: { email: 'bob@idp.example', email_verified: false, name: 'Bob Unverified' },
    cy: { email: 'cy@idp.example', email_verified: true, name: 'Cy Rotated' },
};

/** A Tribune client holding the session cookie of a finished sign-in. */
function clientWith(server, flow) {
    const c = new Client(server);
    for (const [k, v] of flow.jar.of(server.baseUrl)) c.cookies.set(k, v);
    return c;
}

describe('OpenID Connect sign-in', { timeout: 180000 }, () => {
    let op;
    let server;
    let signIn;
    after(async () => {
        await server?.cleanup();
        await op?.close();
    });
    before(async () => {
        op = await startOidcProvider({ ...CLIENT, accounts: ACCOUNTS });
        server = await startServer(null, {
            env: {
                TRIBUNE_OIDC_PROVIDERS: JSON.stringify([{
                    name: 'local', label: 'Local ID', issuer: op.issuer, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret,
                }]),
                TRIBUNE_ALLOWED_ORIGINS: HOST,
                TRIBUNE_MODERATION: 'post',
            },
        });
        // Tribune's address is known only now; its callback is what the provider must accept.
        op.setRedirectUris([`${server.baseUrl}/auth/oidc/local/callback`]);
        signIn = (opts = {}) => oidcSignIn(server.baseUrl, 'local', { provider: op, ...opts });
    });

    test('options list the provider', async () => {
        const r = await server.client().get('/api/v1/sign-in/options');
        assert.equal(r.status, 200, r.describe());
        assert.deepEqual(r.json.providers, [{ name: 'local', label: 'Local ID', start_url: '/auth/oidc/local' }]);
        assert.equal(r.json.sso, false);
        const page = await server.client().get('/account?return_to=%2Farticles%2Fx');
        assert.equal(page.status, 200, page.describe());
        assert.match(page.text, /<a\b[^>]*href="\/auth\/oidc\/local(\?return_to=%2Farticles%2Fx)?"[^>]*>\s*Sign in with Local ID/,
            'a button for the provider on the sign-in page');
    });

    test('the authorization request carries PKCE S256, state, nonce and the registered callback', async () => {
        const flow = await signIn();
        assert.equal(flow.start.status, 302, `start: ${flow.start.status} ${flow.start.text.slice(0, 300)}`);
        const asked = new URL(flow.authorizeUrl);
        assert.equal(asked.origin, op.issuer);
        const q = asked.searchParams;
        assert.equal(q.get('response_type'), 'code');
        assert.equal(q.get('client_id'), CLIENT.clientId);
        assert.equal(q.get('redirect_uri'), `${server.baseUrl}/auth/oidc/local/callback`);
        assert.deepEqual(q.get('scope').split(' ').sort(), ['email', 'openid', 'profile']);
        assert.equal(q.get('code_challenge_method'), 'S256');
        assert.match(q.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
        assert.match(q.get('state'), /^[A-Za-z0-9_-]{20,}$/);
        assert.match(q.get('nonce'), /^[A-Za-z0-9_-]{20,}$/);
        assert.ok(op.authorizeRequests.some((r) => r.state === q.get('state')), 'the provider saw the same request');
        const again = await signIn();
        const q2 = new URL(again.authorizeUrl).searchParams;
        for (const k of ['state', 'nonce', 'code_challenge']) assert.notEqual(q2.get(k), q.get(k), `a fresh ${k} per sign-in`);
    });

    test('the code flow signs in with the address the provider vouches for, then the account page', async () => {
        const flow = await signIn({ account: 'ada' });
        assert.equal(flow.failedAt, undefined, `stopped at ${flow.failedAt}`);
        assert.equal(flow.response.status, 303, `${flow.response.status} ${flow.response.text.slice(0, 300)}`);
        assert.equal(new URL(flow.response.location, server.baseUrl).pathname, '/account');
        assert.ok(flow.sessionCookie, 'a session cookie');
        const me = await clientWith(server, flow).get('/api/v1/me');
        assert.equal(me.status, 200, me.describe());
        const user = assertUser(me.json.user);
        assert.equal(user.email, 'ada@idp.example');
        assert.equal(user.email_verified, true);
        assert.equal(user.name, 'Ada Lovelace');
        assert.equal(user.role, 'reader');
        assert.ok(op.tokenRequests >= 1, 'Tribune exchanged the code at the token endpoint');
    });

    test('the same provider account signs in to the same Tribune account', async () => {
        const first = await clientWith(server, await signIn({ account: 'ada' })).get('/api/v1/me');
        const second = await clientWith(server, await signIn({ account: 'ada' })).get('/api/v1/me');
        assert.equal(first.status, 200, first.describe());
        assert.equal(second.json.user.id, first.json.user.id);
        const other = await clientWith(server, await signIn({ account: 'bob' })).get('/api/v1/me');
        assert.notEqual(other.json.user.id, first.json.user.id);
    });

    test('an address the provider does not vouch for is not verified', async () => {
        const me = await clientWith(server, await signIn({ account: 'bob' })).get('/api/v1/me');
        assert.equal(me.status, 200, me.describe());
        assert.equal(me.json.user.email_verified, false);
        assert.equal(me.json.user.name, 'Bob Unverified');
    });

    test('return_to: a local path is where the page mode ends; elsewhere is ignored', async () => {
        const local = await signIn({ returnTo: '/articles/a-story', mode: 'page' });
        assert.equal(local.response?.status, 303, `${local.failedAt} ${local.response?.text?.slice(0, 200)}`);
        const to = new URL(local.response.location, server.baseUrl);
        assert.equal(to.origin, server.baseUrl);
        assert.equal(to.pathname, '/articles/a-story');
        for (const returnTo of ['https://evil.example/', '//evil.example/']) {
            const flow = await signIn({ returnTo, mode: 'page' });
            const there = new URL(flow.response.location, server.baseUrl);
            assert.equal(there.origin, server.baseUrl, `${returnTo} -> ${there}`);
            assert.equal(there.pathname, '/account');
        }
    });

    test('a wrong state, a replayed callback, a forced login and a provider error are refused with a 401 page', async () => {
        const base = server.baseUrl;
        const flow = await signIn();
        assert.equal(flow.response.status, 303, 'the first use works');
        const refusals = {};
        refusals.replayed = await jarFetch(flow.jar, flow.callbackUrl);

        // Login CSRF: an attacker's own finished trip, its callback opened in the victim's browser.
        const attacker = new CookieJar();
        const started = await jarFetch(attacker, `${base}/auth/oidc/local`);
        const { location: forcedUrl } = await op.login(new URL(started.location, base).href, { jar: attacker, account: 'bob' });
        const victim = new CookieJar();
        refusals.forced = await jarFetch(victim, forcedUrl);
        assert.equal(sessionCookieIn(victim, base), null, 'the victim is not signed in as the attacker');

        const fresh = new CookieJar();
        refusals.madeUpState = await jarFetch(fresh, `${base}/auth/oidc/local/callback?code=abc&state=${randomBytes(16).toString('base64url')}`);
        refusals.bare = await jarFetch(fresh, `${base}/auth/oidc/local/callback`);
        const own = await jarFetch(fresh, `${base}/auth/oidc/local`);
        const state = new URL(own.location).searchParams.get('state');
        refusals.providerSaidNo = await jarFetch(fresh, `${base}/auth/oidc/local/callback?error=access_denied&state=${state}`);
        assert.equal(sessionCookieIn(fresh, base), null, 'nobody signed in');

        for (const [what, r] of Object.entries(refusals)) {
            assert.ok(r.status >= 400 && r.status < 500, `${what}: ${r.status} ${r.text.slice(0, 200)}`);
            assert.match(r.headers.get('content-type') || '', /^text\/html/, what);
        }
        // A 401 page for each: nothing proves who the browser is (docs/openapi.yaml).
        assert.deepEqual(Object.fromEntries(Object.entries(refusals).map(([k, r]) => [k, r.status])),
            Object.fromEntries(Object.keys(refusals).map((k) => [k, 401])));
    });

    test('an unknown provider is 404', async () => {
        const r = await server.client().get('/auth/oidc/nope');
        assert.equal(r.status, 404, r.describe());
    });

    test('popup mode: a page that posts a hand-off code to the host page origin; the code gives a session', async () => {
        const flow = await signIn({ mode: 'popup', returnTo: `${HOST}/story?id=9`, account: 'ada', handoffChallenge: HANDOFF_CHALLENGE });
        assert.equal(flow.response?.status, 200, `${flow.failedAt} ${flow.response?.status} ${flow.response?.text?.slice(0, 300)}`);
        const html = flow.response.text;
        // The API description says /assets/; the site serves its scripts under /static/.
        const script = /<script\b[^>]*src="(\/(?:assets|static)\/signin-popup\.js)"/.exec(html);
        assert.ok(script, `the popup script in the page: ${html.slice(0, 800)}`);
        const js = await server.client().get(script[1]);
        assert.equal(js.status, 200, `the popup script is served: ${js.describe()}`);
        assert.match(js.text, /postMessage/);
        const origin = /data-origin="([^"]*)"/.exec(html);
        assert.equal(origin?.[1], HOST, 'postMessage goes to the host page\'s origin only');
        const m = /data-code="([^"]+)"/.exec(html);
        assert.ok(m, `a hand-off code in the page: ${html.slice(0, 800)}`);
        const r = await exchangeHandoff(server, m[1], { origin: HOST });
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.user.email, 'ada@idp.example');
        assert.match(r.json.session_token, SESSION_TOKEN);
        expectProblem(assert, await exchangeHandoff(server, m[1], { origin: HOST }), 401, 'the code twice');
    });

    test('a popup hand-off code is bound to the browser that began the sign-in', async () => {
        // An attacker's own finished sign-in yields a code; another browser (the victim's widget,
        // holding its own verifier) cannot use it, and the code is spent by the attempt.
        const flow = await signIn({ mode: 'popup', returnTo: `${HOST}/story`, account: 'ada', handoffChallenge: HANDOFF_CHALLENGE });
        assert.equal(flow.response?.status, 200, `${flow.failedAt}`);
        const code = /data-code="([^"]+)"/.exec(flow.response.text)?.[1];
        assert.ok(code);
        expectProblem(assert, await exchangeHandoff(server, code, { origin: HOST, verifier: 'x'.repeat(43) }), 401, 'another browser');
        expectProblem(assert, await exchangeHandoff(server, code, { origin: HOST }), 401, 'spent by the wrong attempt');
        // Without a challenge, the sign-in never returns to the host page at all.
        const unbound = await signIn({ mode: 'popup', returnTo: `${HOST}/story`, account: 'ada' });
        assert.equal(unbound.response?.status, 200, `${unbound.failedAt}`);
        assert.doesNotMatch(unbound.response.text, /data-code="[^"]+"/, 'no code for an unbound sign-in');
    });

    test('popup mode with a disallowed return_to posts to no foreign origin', async () => {
        const flow = await signIn({ mode: 'popup', returnTo: 'https://evil.example/page' });
        assert.ok(flow.response, `stopped at ${flow.failedAt}`);
        assert.ok(!flow.response.text.includes('evil.example'), 'the foreign origin is never a postMessage target');
        const origin = /data-origin="([^"]*)"/.exec(flow.response.text);
        if (origin) assert.equal(origin[1], server.baseUrl, 'only Tribune\'s own origin');
    });

    test('the provider rotates its signing key: Tribune fetches the new key set and signs in', async () => {
        const first = await signIn({ account: 'cy' });
        assert.equal(first.response.status, 303);
        const fetchesBefore = op.jwksFetches;
        const oldKid = op.kid;
        op.rotateKeys();
        assert.notEqual(op.kid, oldKid);
        const flow = await signIn({ account: 'cy' });
        assert.equal(flow.response?.status, 303, `after rotation: ${flow.failedAt} ${flow.response?.status} ${flow.response?.text?.slice(0, 300)}`);
        assert.ok(op.jwksFetches > fetchesBefore, 'the key set was fetched again');
        const me = await clientWith(server, flow).get('/api/v1/me');
        assert.equal(me.json.user.email, 'cy@idp.example');
    });
});

// Tribune asks a provider for its keys again at most once a minute (a flood of unknown kids
// cannot make it hammer the provider). Past that minute a rotated key must be fetched and
// accepted; the test above asks the same right after a fetch.
test('a key rotated more than a minute after the last key fetch is fetched and accepted', { timeout: 180000 }, async (t) => {
    const op = await startOidcProvider({ ...CLIENT, accounts: ACCOUNTS });
    t.after(() => op.close());
    const server = await startServer(t, {
        env: {
            TRIBUNE_OIDC_PROVIDERS: JSON.stringify([{
                name: 'local', label: 'Local ID', issuer: op.issuer, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret,
            }]),
        },
    });
    op.setRedirectUris([`${server.baseUrl}/auth/oidc/local/callback`]);
    const signIn = () => oidcSignIn(server.baseUrl, 'local', { provider: op, account: 'ada' });
    const first = await signIn();
    assert.equal(first.response?.status, 303, `before rotation: ${first.failedAt} ${first.response?.text?.slice(0, 200)}`);
    const fetches = op.jwksFetches;
    await sleep(61000);
    op.rotateKeys();
    const flow = await signIn();
    assert.equal(flow.response?.status, 303, `after rotation: ${flow.failedAt} ${flow.response?.status} ${flow.response?.text?.slice(0, 300)}`);
    assert.equal(op.jwksFetches, fetches + 1, 'one more key set fetch');
    assert.equal((await clientWith(server, flow).get('/api/v1/me')).json.user.id,
        (await clientWith(server, first).get('/api/v1/me')).json.user.id, 'the same account');
});

test('a provider that is down: the start answers a page, not a crash', { timeout: 60000 }, async (t) => {
    const op = await startOidcProvider({ ...CLIENT, accounts: ACCOUNTS });
    const issuer = op.issuer;
    await op.close();
    const server = await startServer(t, {
        env: {
            TRIBUNE_OIDC_PROVIDERS: JSON.stringify([{ name: 'gone', label: 'Gone', issuer, client_id: 'x', client_secret: CLIENT.clientSecret }]),
        },
    });
    const r = await server.client().get('/auth/oidc/gone');
    assert.ok(r.status >= 500 && r.status < 600, r.describe());
    assert.ok(!r.text.includes(CLIENT.clientSecret), 'the secret is not shown');
    assert.equal((await server.client().get('/healthz')).status, 200, 'the server is fine');
});
