// Reader sign-in in the embeddable widget (docs/widget.md, "Signing in"), in real Chromium, on a
// host page of another SITE than Tribune (http://localhost:PORT vs http://127.0.0.1:PORT) with
// third-party cookies blocked: the newsroom's SSO token (sso-token), the mailed sign-in link that
// comes back to the host page with a hand-off code in the hash, the OpenID Connect popup, the
// claim of comments written anonymously, and a thread that takes signed-in readers only. The
// widget's API calls carry the session as a bearer token and never a cookie.
//
// TRIBUNE_EMBED_FROM_DISK=1 serves web/embed.js from the working tree instead of the binary's copy.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { startServer, waitFor } from '../integration/support/server.mjs';
import { claims, hs256 } from '../integration/support/jwt_sign.mjs';
import { startOidcProvider } from '../integration/support/oidc_provider.mjs';
import { parsedMail, startSink } from '../integration/support/smtp_sink.mjs';
import { CHROMIUM, LAUNCH_ARGS, embedFromDisk, startHost } from './support/widget_host.mjs';

const WAIT_MS = 15000;
const SIGNED_IN = /^Signed in as /;
const SSO_SECRET = randomBytes(32).toString('hex');
const CLIENT = { clientId: 'tribune-widget-tests', clientSecret: randomBytes(16).toString('hex') };
const OIDC_ACCOUNT = { email: 'ada.oidc@reader.example', email_verified: true, name: 'Ada Oidc' };
const SIGN_IN_LINK = /https?:\/\/[^\s"'<>]+\/account\/sign-in\?token=[A-Za-z0-9_.~%-]+/;

/** An SSO token as the newsroom's site would print it for its signed-in visitor. */
const ssoFor = (extra, secret = SSO_SECRET) => hs256(claims({ sub: `sso-${randomBytes(4).toString('hex')}`, ...extra }), secret);

describe('widget sign-in on another site', { timeout: 300000 }, () => {
    let tribune;
    let host;
    let hostUrl;
    let sink;
    let op;
    let browser;
    const contexts = [];

    after(async () => {
        for (const c of contexts.splice(0)) await c.close().catch(() => {});
        await browser?.close();
        await tribune?.cleanup();
        await op?.close();
        await sink?.close();
        if (host) await new Promise((resolve) => { host.closeAllConnections?.(); host.close(() => resolve()); });
    });

    before(async () => {
        sink = await startSink(null);
        op = await startOidcProvider({ ...CLIENT, accounts: { ada: OIDC_ACCOUNT } });
        let origin = '';
        host = await startHost(() => origin, '/notes/sign-in');
        // Another site than Tribune's 127.0.0.1: what Tribune sets there is a third-party cookie here.
        hostUrl = `http://localhost:${host.address().port}`;
        tribune = await startServer(null, {
            env: {
                TRIBUNE_ALLOWED_ORIGINS: hostUrl,
                TRIBUNE_MODERATION: 'post',
                TRIBUNE_SMTP_URL: sink.url,
                TRIBUNE_MAIL_FROM: 'Harbour Notes <news@harbour.example>',
                TRIBUNE_SSO_SECRET: SSO_SECRET,
                TRIBUNE_OIDC_PROVIDERS: JSON.stringify([{
                    name: 'local', label: 'Local ID', issuer: op.issuer, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret,
                }]),
            },
        });
        origin = tribune.baseUrl;
        op.setRedirectUris([`${tribune.baseUrl}/auth/oidc/local/callback`]);
        browser = await chromium.launch({
            executablePath: CHROMIUM, args: [...LAUNCH_ARGS, '--test-third-party-cookie-phaseout'], timeout: 60000,
        });
    });

    /**
     * A reader's browser on the host page (`query`: page, sso). Records the widget's calls to
     * Tribune's API with the headers the browser sent (cookies included), and script errors.
     */
    async function openReader(query, hash = '') {
        const context = await browser.newContext();
        contexts.push(context);
        await embedFromDisk(context);
        const page = await context.newPage();
        const reader = { context, page, errors: [], calls: [], w: page.locator('tribune-comments') };
        watch(reader, page);
        const res = await page.goto(`${hostUrl}/?${new URLSearchParams(query)}${hash}`, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        return reader;
    }

    function watch(reader, page) {
        page.on('pageerror', (e) => reader.errors.push(String(e)));
        page.on('request', async (q) => {
            if (!q.url().startsWith(`${tribune.baseUrl}/api/v1/`) || q.method() === 'OPTIONS') return;
            const call = { method: q.method(), path: new URL(q.url()).pathname, body: q.postData(), headers: null };
            reader.calls.push(call);
            call.headers = await q.allHeaders().catch(() => ({}));
        });
    }

    const callsTo = (r, method, path) => r.calls.filter((c) => c.method === method && c.path === `/api/v1${path}`);
    const signedInLine = (r) => r.w.locator('.signed-in');

    async function expectSignedIn(r, name) {
        await signedInLine(r).waitFor({ state: 'visible', timeout: WAIT_MS }).catch(async (e) => {
            const error = await r.w.locator('.signin-error').textContent().catch(() => '?');
            throw new Error(`the widget did not show "Signed in as": ${e.message}\nwidget error: ${error}\n` +
                `calls: ${JSON.stringify(r.calls.map((c) => `${c.method} ${c.path}`))}\n${tribune.tail(20)}`);
        });
        const text = (await signedInLine(r).innerText()).replace(/\s+/g, ' ').trim();
        assert.match(text, SIGNED_IN);
        if (name) assert.ok(text.startsWith(`Signed in as ${name}`), `"${text}" names ${name}`);
        assert.equal(await r.w.getByLabel('Your name', { exact: true }).isVisible(), false, 'no name field once signed in');
        return text;
    }

    /** The session the widget keeps: in this tab's sessionStorage under Tribune's origin, never in localStorage. */
    async function keptSession(r) {
        const kept = await r.page.evaluate((key) => ({
            session: sessionStorage.getItem(key),
            local: Object.keys(localStorage).map((k) => localStorage.getItem(k)).filter((v) => /tss_/.test(v || '')),
        }), `tribune:session:${tribune.baseUrl}`);
        assert.deepEqual(kept.local, [], 'no session token in localStorage');
        return kept.session ? JSON.parse(kept.session).token : null;
    }

    /** Every API call after the sign-in carried the session as a bearer token, and no call carried a cookie. */
    function assertBearerOnly(r, token, since) {
        for (const c of r.calls) assert.equal(c.headers?.cookie, undefined, `${c.method} ${c.path} sent no cookie`);
        const later = r.calls.slice(since).filter((c) => !/^\/api\/v1\/(sso|sign-in\/handoff|sign-in\/options|login-links)$/.test(c.path));
        assert.ok(later.length > 0, 'API calls after the sign-in');
        for (const c of later) assert.equal(c.headers?.authorization, `Bearer ${token}`, `${c.method} ${c.path} carries the session`);
    }

    async function post(r, text) {
        const form = r.w.locator('form.comment-form:not(.reply-form)');
        await form.getByLabel('Your comment').fill(text);
        await form.getByRole('button', { name: 'Post comment' }).click();
        const own = r.w.locator('article.comment', { hasText: text });
        await own.waitFor({ state: 'visible', timeout: WAIT_MS }).catch(async (e) => {
            const shown = await r.w.locator('.feedback').allTextContents().catch(() => []);
            throw new Error(`the comment did not show: ${e.message}\nfeedback: ${JSON.stringify(shown)}\n${tribune.tail(15)}`);
        });
        return own;
    }

    test('SSO: the host page\'s token signs the reader in; comments carry the name and badge; a bad token leaves them anonymous', async () => {
        const page = '/notes/sso';
        const token = ssoFor({ name: 'Ines Okafor', email: `ines-${Date.now()}@harbour.example`, badge: 'Subscriber' });
        const r = await openReader({ page, sso: token });
        const line = await expectSignedIn(r, 'Ines Okafor');
        assert.match(line, /Subscriber/i, 'the badge next to the name');
        assert.equal(callsTo(r, 'POST', '/sso').length, 1);
        const session = await keptSession(r);
        assert.match(session || '', /^tss_/, 'the session token in sessionStorage');
        assert.equal(await r.w.getByRole('button', { name: 'Sign in', exact: true }).isVisible(), false, 'no "Sign in" while signed in');

        const since = r.calls.length;
        const text = `Signed in through the newsroom ${Date.now()} <b>bold?</b>`;
        const own = await post(r, text);
        assert.equal(await own.locator('.comment-author').innerText(), 'Ines Okafor');
        assert.equal(await own.locator('.badge-account').textContent(), 'Subscriber');
        assert.equal(await own.locator('.verified').getAttribute('aria-label'), 'Verified account', 'the newsroom named the address');
        assert.equal(await own.locator('b').count(), 0, 'text stays text');
        const sent = JSON.parse(callsTo(r, 'POST', '/comments').at(-1).body);
        assert.ok(!('author_name' in sent), 'no author_name from a signed-in reader');
        const stored = await tribune.admin().getComment(await own.getAttribute('data-id'));
        assert.equal(stored.status, 200, stored.describe());
        assert.equal(stored.json.author.name, 'Ines Okafor');
        assert.equal(stored.json.author.badge, 'Subscriber');

        // A reload keeps the session (sessionStorage) without a new exchange of the same token.
        const before = r.calls.length;
        await r.page.reload({ waitUntil: 'load' });
        await expectSignedIn(r, 'Ines Okafor');
        assert.equal(callsTo(r, 'POST', '/sso').length, 1, 'the same token is not exchanged again after a reload');
        await r.w.locator('article.comment', { hasText: text }).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.ok(r.calls.length > before);
        assertBearerOnly(r, session, since);

        // The host signs its visitor out (removes the attribute): the widget follows and ends the session.
        await r.page.evaluate(() => document.querySelector('tribune-comments').removeAttribute('sso-token'));
        await signedInLine(r).waitFor({ state: 'hidden', timeout: WAIT_MS });
        await waitFor(() => callsTo(r, 'DELETE', '/session').length === 1, { ms: WAIT_MS, what: 'DELETE /api/v1/session' });
        assert.equal(await keptSession(r), null, 'forgotten');
        assert.equal((await tribune.client({ bearer: session }).get('/api/v1/me')).status, 401, 'the session ended at the server');
        await r.w.getByLabel('Your name', { exact: true }).waitFor({ state: 'visible', timeout: WAIT_MS });

        // A token signed with another secret: the reason shows and the reader stays anonymous.
        const bad = await openReader({ page, sso: ssoFor({ name: 'Mallory' }, randomBytes(32).toString('hex')) });
        const error = bad.w.locator('.signin-error');
        await waitFor(async () => /^Sign-in failed/.test(await error.textContent()), { ms: WAIT_MS, what: 'the sign-in error' });
        assert.match(await error.textContent(), /signature/i, 'the server\'s reason');
        assert.equal(await error.getAttribute('role'), 'alert');
        assert.equal(await signedInLine(bad).isVisible(), false);
        await bad.w.getByLabel('Your name', { exact: true }).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await keptSession(bad), null);
        const anon = await post(bad, `Anonymous after a bad token ${Date.now()}`);
        assert.equal(await anon.locator('.comment-author').innerText(), 'No Name');
        assert.deepEqual([...r.errors, ...bad.errors], []);
    });

    test('email link: the reader asks in the widget, opens the mailed link, and comes back signed in with the hash cleaned', async () => {
        const r = await openReader({ page: '/notes/mail' });
        const toggle = r.w.getByRole('button', { name: 'Sign in', exact: true });
        await toggle.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        // From the keyboard: Enter opens the panel and puts the focus in the address field.
        await toggle.focus();
        await r.page.keyboard.press('Enter');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        const email = `mail-${randomBytes(4).toString('hex')}@reader.example`;
        await r.page.keyboard.type(email);
        assert.equal(await r.w.getByLabel('Your email address').inputValue(), email, 'the focus was in the address field');
        await r.w.getByRole('button', { name: 'Email me a link' }).click();
        await r.w.getByText(`Check your inbox: we sent a sign-in link to ${email}.`).waitFor({ state: 'visible', timeout: WAIT_MS });
        const asked = JSON.parse(callsTo(r, 'POST', '/login-links')[0].body);
        assert.equal(asked.return_to, `${hostUrl}/?page=%2Fnotes%2Fmail`, 'return_to: the host page without its hash');
        assert.match(asked.handoff_challenge || '', /^[A-Za-z0-9_-]{43}$/, 'the sign-in is bound to this browser');

        const mail = await waitFor(async () => (await parsedMail(sink.received)).find((m) => m.rcpt.includes(email)),
            { ms: WAIT_MS, what: `the sign-in mail to ${email}` });
        const link = mail.text.match(SIGN_IN_LINK)?.[0];
        assert.ok(link, `a sign-in link in ${mail.text}`);

        // The reader clicks the link in the mail: a new tab on Tribune's sign-in page, then "Sign in".
        const tab = await r.context.newPage();
        const reader = { page: tab, w: tab.locator('tribune-comments'), calls: [], errors: [] };
        watch(reader, tab);
        await tab.goto(link, { waitUntil: 'load', timeout: WAIT_MS });
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.waitForURL((u) => u.origin === hostUrl, { timeout: WAIT_MS });
        await expectSignedIn(reader);
        assert.equal(callsTo(reader, 'POST', '/sign-in/handoff').length, 1, 'the hand-off code exchanged once');
        assert.equal(new URL(tab.url()).hash, '', 'the code is gone from the address bar');
        assert.equal(tab.url(), `${hostUrl}/?page=%2Fnotes%2Fmail`);
        const session = await keptSession(reader);
        assert.match(session || '', /^tss_/);
        const since = reader.calls.length;
        await post(reader, `Signed in by mail ${Date.now()}`);
        assertBearerOnly(reader, session, since);

        // Signing out ends the session, tells the host page (a composed event), and brings the
        // sign-in button back.
        await tab.evaluate(() => {
            window.signOuts = 0;
            document.addEventListener('tribune-signout', () => { window.signOuts += 1; });
        });
        await reader.w.getByRole('button', { name: 'Sign out' }).click();
        await signedInLine(reader).waitFor({ state: 'hidden', timeout: WAIT_MS });
        const again = reader.w.getByRole('button', { name: 'Sign in', exact: true });
        await again.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(callsTo(reader, 'DELETE', '/session')[0]?.headers?.authorization, `Bearer ${session}`);
        assert.equal(await tab.evaluate(() => window.signOuts), 1, 'the host page heard tribune-signout');
        assert.equal((await tribune.client({ bearer: session }).get('/api/v1/me')).status, 401, 'the session ended at the server');
        assert.equal(await keptSession(reader), null);
        assert.deepEqual([...r.errors, ...reader.errors], []);
    });

    test('a hand-off code in the hash is taken out, the rest of the hash stays, and a used code is refused', async () => {
        const r = await openReader({ page: '/notes/hash' }, '#post&tribune-signin=not-a-real-code');
        const error = r.w.locator('.signin-error');
        await waitFor(async () => /^Sign-in failed/.test(await error.textContent()), { ms: WAIT_MS, what: 'the refused code' });
        assert.equal(new URL(r.page.url()).hash, '#post', 'the rest of the hash stays');
        assert.equal(await signedInLine(r).isVisible(), false);
        assert.equal(callsTo(r, 'POST', '/sign-in/handoff').length, 1);
        const sent = JSON.parse(callsTo(r, 'POST', '/sign-in/handoff')[0].body);
        assert.equal(sent.code, 'not-a-real-code');
        // With this browser's hand-off secret; none here (no sign-in began in this browser), so
        // the code is refused whatever it is.
        assert.equal(sent.verifier, '', 'no secret: this browser began no sign-in');
    });

    test('OpenID Connect: the provider button opens a popup; when it is done the widget is signed in', async () => {
        const r = await openReader({ page: '/notes/oidc' });
        await r.w.getByRole('button', { name: 'Sign in', exact: true }).click();
        const button = r.w.getByRole('button', { name: 'Sign in with Local ID' });
        await button.waitFor({ state: 'visible', timeout: WAIT_MS });
        const opened = r.context.waitForEvent('request', { predicate: (q) => q.url().startsWith(`${tribune.baseUrl}/auth/oidc/local?`), timeout: WAIT_MS });
        const [popup] = await Promise.all([r.page.waitForEvent('popup', { timeout: WAIT_MS }), button.click()]);
        const start = new URL((await opened).url());
        assert.equal(start.searchParams.get('mode'), 'popup');
        assert.equal(start.searchParams.get('return_to'), `${hostUrl}/?page=%2Fnotes%2Foidc`);
        assert.match(start.searchParams.get('handoff_challenge') || '', /^[A-Za-z0-9_-]{43}$/, 'the sign-in is bound to this browser');
        await popup.waitForEvent('close', { timeout: WAIT_MS }).catch(async (e) => {
            const at = popup.isClosed() ? 'closed' : `${popup.url()}: ${(await popup.content().catch(() => '')).slice(0, 600)}`;
            throw new Error(`the popup did not finish: ${e.message}\nit shows ${at}\n${tribune.tail(20)}`);
        });
        await expectSignedIn(r, OIDC_ACCOUNT.name);
        assert.equal(await r.w.locator('.signed-in .verified').getAttribute('aria-label'), 'Verified account', 'the provider vouched for the address');
        assert.equal(callsTo(r, 'POST', '/sign-in/handoff').length, 1);
        const session = await keptSession(r);
        const since = r.calls.length;
        const own = await post(r, `Signed in with a provider ${Date.now()}`);
        assert.equal(await own.locator('.comment-author').innerText(), OIDC_ACCOUNT.name);
        assert.equal(await own.locator('.verified').getAttribute('aria-label'), 'Verified account');
        assertBearerOnly(r, session, since);
        assert.deepEqual(r.errors, []);
    });

    test('claim: a comment written anonymously in the widget becomes the account\'s after an SSO sign-in', async () => {
        const r = await openReader({ page: '/notes/claim' });
        await r.w.getByLabel('Your name', { exact: true }).fill('Before Signing In');
        await r.w.getByRole('button', { name: 'Set' }).click();
        const text = `Written before signing in ${Date.now()}`;
        const own = await post(r, text);
        const id = await own.getAttribute('data-id');
        assert.equal(await own.locator('.comment-author').innerText(), 'Before Signing In');
        const authorToken = await r.page.evaluate((k) => localStorage.getItem(k), `tribune:author:${tribune.baseUrl}`);
        assert.ok(authorToken, 'an author token from the anonymous post');

        // The host signs its visitor in: the element gets an sso-token, the widget follows.
        const token = ssoFor({ name: 'Claire Claimant', email: `claire-${Date.now()}@harbour.example` });
        await r.page.evaluate((t) => document.querySelector('tribune-comments').setAttribute('sso-token', t), token);
        await expectSignedIn(r, 'Claire Claimant');
        const claimed = r.w.locator(`article.comment[data-id="${id}"] .comment-author`);
        await waitFor(async () => (await claimed.innerText().catch(() => '')) === 'Claire Claimant',
            { ms: WAIT_MS, what: `comment ${id} to show the account's name (shows "${await claimed.innerText().catch(() => '?')}")` });
        const claimCalls = callsTo(r, 'POST', '/me/claims');
        assert.equal(claimCalls.length, 1, 'claimed once');
        assert.deepEqual(JSON.parse(claimCalls[0].body), { author_token: authorToken });
        assert.equal(await r.page.evaluate((k) => localStorage.getItem(k), `tribune:author:${tribune.baseUrl}`), null,
            'the author token is dropped once its comments are the account\'s');
        const stored = await tribune.admin().getComment(id);
        assert.equal(stored.json.author.name, 'Claire Claimant', stored.describe());
        assert.deepEqual(r.errors, []);
    });

    test('sign-in required: the form is replaced by the sign-in prompt until the reader signs in', async () => {
        const page = '/notes/members-only';
        const set = await tribune.admin().put('/api/v1/policy/thread', { page, signin_required: true });
        assert.equal(set.status, 200, set.describe());
        await createApprovedBy(page, 'Only members may answer this.');

        const r = await openReader({ page });
        await r.w.getByText('Only members may answer this.').waitFor({ state: 'visible', timeout: WAIT_MS });
        const prompt = r.w.getByText('Sign in to comment.');
        await prompt.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await r.w.getByLabel('Your comment').isVisible(), false, 'no comment form');
        assert.equal(await r.w.getByLabel('Your name', { exact: true }).isVisible(), false, 'no name field');
        assert.equal(await r.w.locator('details.reply-box').first().isVisible(), false, 'no Reply');
        await r.w.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ state: 'visible', timeout: WAIT_MS });

        await r.page.evaluate((t) => document.querySelector('tribune-comments').setAttribute('sso-token', t),
            ssoFor({ name: 'Member Reader' }));
        await expectSignedIn(r, 'Member Reader');
        await r.w.getByLabel('Your comment').waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await prompt.isVisible(), false);
        const own = await post(r, `A member answers ${Date.now()}`);
        assert.equal(await own.locator('.comment-author').innerText(), 'Member Reader');
        assert.deepEqual(r.errors, []);
    });

    async function createApprovedBy(page, text) {
        const r = await tribune.admin().postComment({ page, text, author_name: 'Desk' });
        assert.equal(r.status, 201, r.describe());
        return r.json.comment;
    }
});
