// A real OpenID provider for the tests (npm oidc-provider) on 127.0.0.1: the authorization code
// flow with PKCE (S256, required), client_secret_basic, ID tokens signed RS256 (or ES256) that
// carry email, email_verified and name from a fixed account table. No login pages: a request to
// the interaction URL signs in the chosen account and consents to "openid email profile" at
// once, so a test walks the whole flow with fetch and a cookie jar, no browser. rotateKeys()
// swaps the signing key (a new kid) at the same issuer, as a provider rotating its keys does.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const SCOPE = 'openid email profile';

/**
 * Cookies by origin (scheme://host:port), as a browser keeps them apart for our purposes: the
 * provider's and Tribune's never mix although both live on 127.0.0.1. Path and expiry are
 * honoured only as far as the flows need: a cookie set empty or expired is dropped.
 */
export class CookieJar {
    constructor() {
        this.byOrigin = new Map();
    }

    /** The cookies of `url`'s origin as a Map name -> value (created on first use). */
    of(url) {
        const origin = new URL(url).origin;
        if (!this.byOrigin.has(origin)) this.byOrigin.set(origin, new Map());
        return this.byOrigin.get(origin);
    }

    set(url, name, value) {
        this.of(url).set(name, value);
    }

    get(url, name) {
        return this.of(url).get(name);
    }

    /** The Cookie header for a request to `url` ('' when none). */
    header(url) {
        return [...this.of(url)].map(([k, v]) => `${k}=${v}`).join('; ');
    }

    /** Keeps the Set-Cookie headers of `response` (a fetch Response) to a request for `url`. */
    absorb(url, response) {
        const cookies = this.of(url);
        for (const line of response.headers.getSetCookie()) {
            const [pair, ...attrs] = line.split(';').map((s) => s.trim());
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            const expired = attrs.some((a) => {
                const [k, v = ''] = a.split('=');
                if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
                if (k.toLowerCase() === 'expires') return Date.parse(a.slice(a.indexOf('=') + 1)) < Date.now();
                return false;
            });
            if (expired || value === '') cookies.delete(name);
            else cookies.set(name, value);
        }
    }
}

/** One GET (or a form POST when `form` is given) with the jar's cookies, redirects not followed. */
export async function jarFetch(jar, url, { method = 'GET', form = null, headers = {} } = {}) {
    const h = { ...headers };
    const cookie = jar.header(url);
    if (cookie) h.cookie = cookie;
    let body;
    if (form) {
        body = new URLSearchParams(form).toString();
        h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(url, { method, headers: h, body, redirect: 'manual', signal: AbortSignal.timeout(15000) });
    jar.absorb(url, response);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, location: response.headers.get('location'), url };
}

/**
 * The provider's state (interactions, sessions, grants, codes) in one Map for the life of the
 * harness, so it survives setRedirectUris() and rotateKeys() rebuilding the provider. Expiry is
 * checked on read.
 */
function memoryAdapter() {
    const items = new Map();
    const live = (key) => {
        const item = items.get(key);
        if (!item) return undefined;
        if (item.expiresAt && item.expiresAt < Date.now()) {
            items.delete(key);
            return undefined;
        }
        return item.payload;
    };
    return class HarnessAdapter {
        constructor(model) {
            this.model = model;
        }

        key(id) {
            return `${this.model}:${id}`;
        }

        async upsert(id, payload, expiresIn) {
            items.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : 0 });
            if (payload.uid) items.set(`${this.model}:uid:${payload.uid}`, { payload: id, expiresAt: 0 });
        }

        async find(id) {
            return live(this.key(id));
        }

        async findByUid(uid) {
            const id = live(`${this.model}:uid:${uid}`);
            return id === undefined ? undefined : live(this.key(id));
        }

        async findByUserCode() {
            return undefined;
        }

        async consume(id) {
            const payload = live(this.key(id));
            if (payload) payload.consumed = Math.floor(Date.now() / 1000);
        }

        async destroy(id) {
            items.delete(this.key(id));
        }

        async revokeByGrantId(grantId) {
            for (const [key, item] of items) if (item.payload?.grantId === grantId) items.delete(key);
        }
    };
}

const TTL_SECONDS = {
    AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600,
};

/** A fresh private signing key as a JWK with its own kid: RSA 2048 (RS256) or P-256 (ES256). */
function newSigningKey(alg) {
    const kid = `k-${randomBytes(6).toString('hex')}`;
    const { privateKey } = alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

/**
 * Starts a provider on 127.0.0.1 (a free port). Options:
 * - clientId, clientSecret: the one registered client (client_secret_basic).
 * - redirectUris: its redirect URIs; may be set later with setRedirectUris() (Tribune's port is
 *   only known once it runs, and it needs the issuer to start).
 * - accounts: { accountId: { email, email_verified, name } }; the first signs in unless
 *   useAccount() or a per-flow `account` chooses another.
 * - idTokenAlg: 'RS256' (default) or 'ES256'.
 * Returns { issuer, url, port, authorizeRequests, jwksFetches, setRedirectUris(uris),
 * useAccount(id), rotateKeys(), login(authorizeUrl, opts), close() }.
 */
export async function startOidcProvider({
    clientId, clientSecret, redirectUris = [], accounts, idTokenAlg = 'RS256',
}) {
    if (!accounts || Object.keys(accounts).length === 0) throw new Error('startOidcProvider: give at least one account');
    const state = {
        redirectUris: [...redirectUris],
        signingKey: newSigningKey(idTokenAlg),
        cookieKeys: [randomBytes(32).toString('hex')],
        account: Object.keys(accounts)[0],
        provider: null,
    };
    const adapter = memoryAdapter();
    const authorizeRequests = [];
    const counters = { jwksFetches: 0, tokenRequests: 0 };

    const server = http.createServer((req, res) => {
        route(req, res).catch((e) => {
            if (!res.headersSent) {
                res.statusCode = 500;
                res.setHeader('content-type', 'text/plain');
            }
            res.end(`test provider failed: ${e.message}`);
        });
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address();
    const issuer = `http://127.0.0.1:${port}`;

    function build() {
        const provider = new Provider(issuer, {
            clients: [{
                client_id: clientId,
                client_secret: clientSecret,
                redirect_uris: state.redirectUris.length ? state.redirectUris : [`${issuer}/unregistered`],
                grant_types: ['authorization_code'],
                response_types: ['code'],
                token_endpoint_auth_method: 'client_secret_basic',
                id_token_signed_response_alg: idTokenAlg,
            }],
            adapter,
            ttl: TTL_SECONDS,
            jwks: { keys: [state.signingKey] },
            cookies: { keys: state.cookieKeys },
            pkce: { methods: ['S256'], required: () => true },
            features: { devInteractions: { enabled: false } },
            interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
            claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
            // The claims go in the ID token itself: Tribune reads no userinfo endpoint.
            conformIdTokenClaims: false,
            async findAccount(ctx, sub) {
                const account = accounts[sub];
                if (!account) return undefined;
                return {
                    accountId: sub,
                    async claims() {
                        return { sub, email: account.email, email_verified: account.email_verified, name: account.name };
                    },
                };
            },
            async renderError(ctx, out) {
                ctx.type = 'json';
                ctx.body = out;
            },
        });
        provider.on('server_error', (ctx, e) => process.stderr.write(`test provider server_error: ${e.stack}\n`));
        return provider;
    }
    state.provider = build();

    // The login and consent a person would give, done at once for the chosen account.
    async function interaction(req, res, url) {
        const provider = state.provider;
        const details = await provider.interactionDetails(req, res);
        const accountId = url.searchParams.get('account') || state.account;
        if (!accounts[accountId]) throw new Error(`no test account ${accountId}`);
        const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
        grant.addOIDCScope(SCOPE);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, {
            login: { accountId },
            consent: { grantId },
        }, { mergeWithLastSubmission: false });
    }

    async function route(req, res) {
        const url = new URL(req.url, issuer);
        if (url.pathname.startsWith('/interaction/')) return interaction(req, res, url);
        if (url.pathname === '/auth' && req.method === 'GET') authorizeRequests.push(Object.fromEntries(url.searchParams));
        if (url.pathname === '/jwks') counters.jwksFetches += 1;
        if (url.pathname === '/token') counters.tokenRequests += 1;
        return state.provider.callback()(req, res);
    }

    /**
     * Walks an authorization request (a URL at this provider) through sign-in and consent with
     * `jar` holding the provider's cookies; resolves with { location } where the provider sent
     * the browser back (the client's redirect URI with code and state, or an error).
     * `account` chooses who signs in.
     */
    async function login(authorizeUrl, { jar = new CookieJar(), account = null } = {}) {
        let next = authorizeUrl;
        for (let hop = 0; hop < 10; hop++) {
            const target = new URL(next, issuer);
            if (target.origin !== issuer) return { location: target.href, jar };
            if (account && target.pathname.startsWith('/interaction/')) target.searchParams.set('account', account);
            const r = await jarFetch(jar, target.href);
            if (r.status < 300 || r.status >= 400 || !r.location) {
                throw new Error(`provider answered ${r.status} at ${target.pathname}: ${r.text.slice(0, 400)}`);
            }
            next = new URL(r.location, target).href;
        }
        throw new Error('more than 10 redirects at the provider');
    }

    return {
        issuer,
        url: issuer,
        port,
        authorizeRequests,
        get jwksFetches() { return counters.jwksFetches; },
        get tokenRequests() { return counters.tokenRequests; },
        get kid() { return state.signingKey.kid; },
        /** Registers the client's redirect URIs (replacing any). */
        setRedirectUris(uris) {
            state.redirectUris = [...uris];
            state.provider = build();
        },
        /** The account the next interactions sign in. */
        useAccount(accountId) {
            if (!accounts[accountId]) throw new Error(`no test account ${accountId}`);
            state.account = accountId;
        },
        /** A new signing key (new kid) replaces the old one, which leaves the key set. */
        rotateKeys() {
            state.signingKey = newSigningKey(idTokenAlg);
            state.provider = build();
            return state.signingKey.kid;
        },
        login,
        close() {
            server.closeAllConnections?.();
            return new Promise((resolve) => server.close(() => resolve()));
        },
    };
}

/**
 * Signs in at Tribune through provider `providerName`, as a browser would: GET
 * /auth/oidc/{name}?return_to&mode at Tribune, the authorization request at the provider,
 * its interaction, and Tribune's callback (`handoffChallenge`: the widget's hand-off binding).
 * `provider` is the startOidcProvider handle;
 * `cookieJar` carries both sides' cookies (pass one holding Tribune's tribune_author cookie
 * to test claims). Resolves with { start, authorizeUrl, callbackUrl, response (Tribune's
 * answer to the callback: status, headers, text, location), sessionCookie ({name, value} or
 * null), jar }. Stops at the first step that does not go where the flow goes, returning what
 * it has so far with `failedAt` naming that step.
 */
export async function oidcSignIn(tribuneBase, providerName, {
    provider, returnTo = null, mode = null, cookieJar = new CookieJar(), account = null, handoffChallenge = null,
} = {}) {
    const jar = cookieJar;
    const q = new URLSearchParams();
    if (returnTo !== null) q.set('return_to', returnTo);
    if (mode !== null) q.set('mode', mode);
    // The widget's binding of a sign-in that ends on its host page (see support/identity.mjs).
    if (handoffChallenge !== null) q.set('handoff_challenge', handoffChallenge);
    const startUrl = `${tribuneBase}/auth/oidc/${encodeURIComponent(providerName)}${q.size ? `?${q}` : ''}`;
    const start = await jarFetch(jar, startUrl);
    const out = { start, authorizeUrl: null, callbackUrl: null, response: null, sessionCookie: null, jar };
    if (start.status !== 302 && start.status !== 303) return { ...out, failedAt: 'start' };
    out.authorizeUrl = new URL(start.location, startUrl).href;
    if (!provider) throw new Error('oidcSignIn: pass { provider } (the startOidcProvider handle)');
    const { location } = await provider.login(out.authorizeUrl, { jar, account });
    out.callbackUrl = location;
    if (!location.startsWith(`${tribuneBase}/`)) return { ...out, failedAt: 'provider' };
    out.response = await jarFetch(jar, location);
    out.sessionCookie = sessionCookieIn(jar, tribuneBase);
    return out;
}

/** Tribune's session cookie in `jar` ({name, value}) or null. */
export function sessionCookieIn(jar, tribuneBase) {
    for (const [name, value] of jar.of(tribuneBase)) {
        if (/^(__Host-)?tribune_session$/.test(name)) return { name, value };
    }
    return null;
}
