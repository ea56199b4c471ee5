// Reader sign-in helpers shared by the identity suites (docs/openapi.yaml, "identity"): the
// mailed sign-in link, the widget's hand-off code, newsroom SSO sessions, and the USER shape.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

import { waitFor } from './server.mjs';
import { parsedMail } from './smtp_sink.mjs';
import { claims, hs256 } from './jwt_sign.mjs';

export const SESSION_TOKEN = /^tss_[A-Za-z0-9_-]{43}$/;
export const SESSION_COOKIE = /^(__Host-)?tribune_session$/;

/** A documentation address (RFC 5737) of its own per call, as X-Real-IP: one client network each. */
let nextNet = 1;
export function freshNetwork() {
    const n = nextNet++;
    return `198.51.${100 + Math.floor(n / 250)}.${(n % 250) + 1}`;
}

/** A unique address at `domain`. */
export function freshEmail(label = 'reader', domain = 'reader.example') {
    return `${label}-${randomBytes(4).toString('hex')}@${domain}`;
}

/** Asserts the USER shape of the identity API; returns the user. */
export function assertUser(user, what = 'user') {
    assert.ok(user && typeof user === 'object', `${what}: an object`);
    // The API description gives ids as strings; sign_in_link checks that on its own, so a number
    // here does not hide every other check.
    assert.ok(['string', 'number'].includes(typeof user.id), `${what}.id: ${JSON.stringify(user)}`);
    assert.equal(typeof user.name, 'string', `${what}.name`);
    assert.ok(user.email === null || typeof user.email === 'string', `${what}.email string or null`);
    assert.equal(typeof user.email_verified, 'boolean', `${what}.email_verified`);
    assert.ok(user.badge === null || typeof user.badge === 'string', `${what}.badge string or null`);
    assert.equal(typeof user.role, 'string', `${what}.role`);
    return user;
}

/**
 * The secret a widget keeps to bind a sign-in that ends on its host page to its browser
 * (`verifier`), and the S256 challenge it sends when the sign-in begins: as the widget does.
 */
export const HANDOFF_VERIFIER = randomBytes(32).toString('base64url');
export const HANDOFF_CHALLENGE = challengeOf(HANDOFF_VERIFIER);
export function challengeOf(verifier) {
    return createHash('sha256').update(verifier).digest('base64url');
}

/** POST /api/v1/login-links from the client network `ip` (with this suite's hand-off challenge, as the widget sends it); returns the Reply. */
export function requestLink(client, email, { ip = freshNetwork(), returnTo, headers = {}, challenge = HANDOFF_CHALLENGE } = {}) {
    const body = { email };
    if (returnTo !== undefined) body.return_to = returnTo;
    if (challenge) body.handoff_challenge = challenge;
    return client.post('/api/v1/login-links', body, { headers: { 'x-real-ip': ip, ...headers } });
}

const LINK = /https?:\/\/[^\s"'<>]+\/account\/sign-in\?token=[A-Za-z0-9_.~%-]+/;

/** The mails the sink received for `to` that carry a sign-in link. */
export async function signInMails(sink, to) {
    return (await parsedMail(sink.received)).filter((m) => m.rcpt.includes(to.toLowerCase()) && LINK.test(m.text || ''));
}

/** Waits for the `count`th sign-in mail to `to`; returns {mail, link (URL), token}. */
export async function linkMailTo(sink, to, { count = 1, ms = 15000 } = {}) {
    const mails = await waitFor(async () => {
        const found = await signInMails(sink, to);
        return found.length >= count ? found : null;
    }, { ms, what: `sign-in mail ${count} to ${to}` });
    const mail = mails[count - 1];
    const link = new URL(mail.text.match(LINK)[0]);
    return { mail, link, token: link.searchParams.get('token') };
}

/** POSTs the sign-in form as a browser would (the site's own Origin). */
export function postSignIn(server, client, token, { ip = freshNetwork() } = {}) {
    return client.request('POST', '/account/sign-in', {
        form: { token }, csrf: false, headers: { origin: server.baseUrl, 'x-real-ip': ip },
    });
}

/**
 * The whole mailed-link sign-in for `email` with `client` (its cookies: the tribune_author
 * cookie is claimed): request, mail, the page, the POST. Returns {post (Reply), token, link}.
 */
export async function signInByMail(server, sink, client, email, { returnTo, count = 1 } = {}) {
    const ip = freshNetwork();
    const asked = await requestLink(client, email, { ip, returnTo });
    assert.equal(asked.status, 202, asked.describe());
    const { token, link } = await linkMailTo(sink, email, { count });
    const post = await postSignIn(server, client, token, { ip });
    return { post, token, link };
}

/** The hand-off code in a 303 Location `...#tribune-signin=CODE`, or null. */
export function handoffCodeIn(location) {
    const m = /#tribune-signin=([^&]+)$/.exec(location || '');
    return m ? decodeURIComponent(m[1]) : null;
}

/** POST /api/v1/sign-in/handoff {code, verifier} (from `origin`, as the widget on the host page); returns the Reply. */
export function exchangeHandoff(server, code, { origin, verifier = HANDOFF_VERIFIER } = {}) {
    const body = { code };
    if (verifier) body.verifier = verifier;
    return server.client().post('/api/v1/sign-in/handoff', body, { headers: origin ? { origin } : {} });
}

/**
 * The hand-off code a finished sign-in gives the host page: from the 303 Location the API
 * description names, or else from a page that goes on to the host page (a link or a refresh
 * carrying the fragment), so suites about other things do not hang on how it is delivered.
 */
export function handoffCodeOf(reply) {
    const fromLocation = handoffCodeIn(reply.header('location'));
    if (fromLocation) return fromLocation;
    const m = /#tribune-signin=([A-Za-z0-9_-]+)/.exec(reply.text || '');
    return m ? m[1] : null;
}

/**
 * A signed-in reader through the mailed link and the hand-off: {client (bearer), cookieClient,
 * user, session_token}. `count`: which sign-in mail to `email` carries the link (the second
 * when the address signed in before).
 */
export async function bearerByMail(server, sink, email, { hostPage, client = server.client(), count = 1 } = {}) {
    const { post } = await signInByMail(server, sink, client, email, { returnTo: hostPage, count });
    const code = handoffCodeOf(post);
    assert.ok(code, `a hand-off code after signing in: ${post.describe()}`);
    const r = await exchangeHandoff(server, code, { origin: new URL(hostPage).origin });
    assert.equal(r.status, 200, r.describe());
    return { client: server.client({ bearer: r.json.session_token }), cookieClient: client, user: r.json.user, session_token: r.json.session_token };
}

/** An HS256 SSO token for `secret` with standard claims plus `extra`. */
export function ssoToken(secret, extra = {}) {
    return hs256(claims({ sub: `sso-${randomBytes(4).toString('hex')}`, ...extra }), secret);
}

/** POST /api/v1/sso {token}; returns the Reply. */
export function postSso(server, token, opts = {}) {
    return server.client().post('/api/v1/sso', { token }, opts);
}

/** A reader signed in by SSO: {client (bearer), user, session_token, reply}. */
export async function ssoSession(server, secret, extra = {}) {
    const reply = await postSso(server, ssoToken(secret, extra));
    assert.equal(reply.status, 200, reply.describe());
    assert.match(reply.json.session_token, SESSION_TOKEN);
    return { client: server.client({ bearer: reply.json.session_token }), user: reply.json.user, session_token: reply.json.session_token, reply };
}
