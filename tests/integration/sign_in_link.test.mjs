// Reader sign-in by a mailed link (issue 14), through a local SMTP sink: the same answer for
// known and unknown addresses, limits, a link that a mail scanner's GET does not spend and a POST
// spends once, where the browser goes next (a local path, the widget's host page with a hand-off
// code, never elsewhere), comments written before signing in claimed, renaming, the privacy
// export, erasure, and staff accounts kept out of this door. The client network of each request
// is set with X-Real-IP (the server trusts 127.0.0.1 as its proxy), so the per-network limit of
// one test does not spill into the next.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
    createComment, createUser, expectFieldError, expectProblem, marker, startServer, waitFor,
} from './support/server.mjs';
import { parsedMail, startSink } from './support/smtp_sink.mjs';
import {
    SESSION_COOKIE, SESSION_TOKEN, assertUser, bearerByMail, exchangeHandoff, freshEmail, freshNetwork,
    handoffCodeOf, linkMailTo, postSignIn, requestLink, signInByMail,
} from './support/identity.mjs';

const HOST = 'https://host.example';
const HOST_PAGE = `${HOST}/story/1?x=2`;
const EXPIRED_OR_USED = /This sign-in link has expired or was (already )?used/;

/** The 303 Location as a URL resolved against the server. */
function locationOf(server, reply) {
    assert.equal(reply.status, 303, reply.describe());
    return new URL(reply.header('location'), server.baseUrl);
}

describe('sign-in by email link', { timeout: 240000 }, () => {
    let server;
    let sink;
    after(async () => {
        await server?.cleanup();
        await sink?.close();
    });
    before(async () => {
        sink = await startSink(null);
        server = await startServer(null, {
            env: {
                TRIBUNE_SMTP_URL: sink.url,
                TRIBUNE_MAIL_FROM: 'The Ledger <news@ledger.example>',
                TRIBUNE_SITE_NAME: 'The Ledger',
                TRIBUNE_MODERATION: 'post',
                TRIBUNE_ALLOWED_ORIGINS: HOST,
                TRIBUNE_TRUST_PROXY: 'true',
                TRIBUNE_TRUSTED_PROXIES: '127.0.0.1',
                TRIBUNE_WEBHOOK_RETRY_SECONDS: '1,1',
            },
        });
    });

    test('sign-in options: the mailed link is offered when mail is configured; no SSO, no providers', async () => {
        const r = await server.client().get('/api/v1/sign-in/options');
        assert.equal(r.status, 200, r.describe());
        assert.deepEqual(r.json, { email_link: true, sso: false, providers: [] });
    });

    test('202 with the same body for a known and an unknown address; 422 for malformed ones', async () => {
        const known = await createUser(server, { role: 'reader' });
        const a = await requestLink(server.client(), known.email);
        const b = await requestLink(server.client(), freshEmail('unknown'));
        assert.equal(a.status, 202, a.describe());
        assert.equal(b.status, 202, b.describe());
        assert.deepEqual(a.json, { status: 'sent' });
        assert.equal(a.text, b.text, 'nothing tells a known address from an unknown one');
        for (const email of ['not-an-address', '', 'a@', '@b.example', `${'x'.repeat(300)}@reader.example`, 'two@at@reader.example']) {
            expectFieldError(assert, await requestLink(server.client(), email), 'email', JSON.stringify(email).slice(0, 40));
        }
        expectProblem(assert, await server.client().post('/api/v1/login-links', { email: 42 },
            { headers: { 'x-real-ip': freshNetwork() } }), 422, 'a number');
        expectProblem(assert, await server.client().post('/api/v1/login-links', {},
            { headers: { 'x-real-ip': freshNetwork() } }), 422, 'no email');
    });

    test('429 past 3 links for one address', async () => {
        const email = freshEmail('limit');
        for (let i = 0; i < 3; i++) assert.equal((await requestLink(server.client(), email)).status, 202, `address ${i}`);
        expectProblem(assert, await requestLink(server.client(), email), 429, 'the 4th link for one address');
        assert.equal((await requestLink(server.client(), freshEmail('limit'))).status, 202, 'another address is not held back');
    });

    test('the mailed link: GET shows a Sign in button and spends nothing; POST signs in once', async () => {
        const email = freshEmail('ada');
        assert.equal((await requestLink(server.client(), email)).status, 202);
        const { mail, link, token } = await linkMailTo(sink, email);
        assert.equal(link.origin, server.baseUrl, `the link points at the site: ${link}`);
        assert.equal(link.pathname, '/account/sign-in');
        assert.match(token, /^[A-Za-z0-9_-]{20,}$/);
        assert.match(mail.subject, /sign/i);
        assert.match(mail.text, /15 minutes/, 'the mail says how long the link lasts');

        const browser = server.client();
        for (const what of ['a mail scanner', 'the reader']) {
            const page = await server.client().get(`${link.pathname}${link.search}`);
            assert.equal(page.status, 200, `${what}: ${page.describe()}`);
            assert.match(page.contentType, /^text\/html/);
            assert.match(page.text, /<form\b[^>]*method="post"[^>]*action="\/account\/sign-in"|<form\b[^>]*action="\/account\/sign-in"[^>]*method="post"/i);
            assert.ok(page.text.includes(`value="${token}"`), `${what}: the form carries the token`);
            assert.match(page.text, /<button\b[^>]*>\s*Sign in\s*<\/button>/i);
            assert.ok(!page.setCookies().some((c) => SESSION_COOKIE.test(c.split('=')[0])), `${what}: the GET signs nobody in`);
        }

        const post = await postSignIn(server, browser, token);
        const to = locationOf(server, post);
        assert.equal(to.origin, server.baseUrl);
        assert.equal(to.pathname, '/account', 'without return_to: the account page');
        assert.ok([...browser.cookies.keys()].some((k) => SESSION_COOKIE.test(k)), `a session cookie: ${post.setCookies()}`);
        const me = await browser.get('/api/v1/me');
        assert.equal(me.status, 200, me.describe());
        const user = assertUser(me.json.user);
        assert.equal(user.email, email);
        assert.equal(user.email_verified, true);
        assert.equal(user.role, 'reader');
        assert.equal(user.badge, null);

        const account = await browser.get('/account');
        assert.equal(account.status, 200, account.describe());
        assert.ok(account.text.includes(email), 'the account page shows the address');
        for (const label of ['Download my data', 'Delete my account', 'Sign out']) assert.ok(account.text.includes(label), label);

        const again = await postSignIn(server, server.client(), token);
        assert.ok(!again.setCookies().some((c) => SESSION_COOKIE.test(c.split('=')[0])), 'a spent link signs nobody in');
        assert.match(again.contentType, /^text\/html/);
        assert.match(again.text, EXPIRED_OR_USED);
        assert.equal(again.status, 401, again.describe());
    });

    test('USER.id is a number, as in every account answer (/api/v1/users, /api/v1/session)', async () => {
        const { user } = await bearerByMail(server, sink, freshEmail('ids'), { hostPage: HOST_PAGE });
        assert.equal(typeof user.id, 'number', JSON.stringify(user));
        assert.ok(Number.isSafeInteger(user.id) && user.id > 0);
    });

    test('a made-up or malformed token is refused like a spent one (expiry itself takes 15 minutes)', async () => {
        const madeUp = await postSignIn(server, server.client(), randomBytes(32).toString('base64url'));
        assert.match(madeUp.text, EXPIRED_OR_USED);
        const replies = { madeUp };
        for (const token of ['', 'x'.repeat(1000), '../../etc/passwd']) replies[JSON.stringify(token.slice(0, 20))] = await postSignIn(server, server.client(), token);
        for (const [what, r] of Object.entries(replies)) {
            assert.ok(r.status >= 400 && r.status < 500, `${what}: ${r.describe()}`);
            assert.match(r.contentType, /^text\/html/, what);
            assert.ok(!r.setCookies().some((c) => SESSION_COOKIE.test(c.split('=')[0])), `${what}: nobody signed in`);
        }
        // A 401 page: the link proves nothing any more (docs/openapi.yaml).
        assert.deepEqual(Object.fromEntries(Object.entries(replies).map(([k, r]) => [k, r.status])),
            Object.fromEntries(Object.keys(replies).map((k) => [k, 401])));
    });

    test('return_to: a local path is where the browser goes', async () => {
        const { post } = await signInByMail(server, sink, server.client(), freshEmail('local'), { returnTo: '/articles/some-story?c=1' });
        const to = locationOf(server, post);
        assert.equal(to.origin, server.baseUrl);
        assert.equal(`${to.pathname}${to.search}`, '/articles/some-story?c=1');
        assert.equal(to.hash, '', 'no hand-off code for the site itself');
    });

    test('return_to: an allowed host page gets a hand-off code; the code is a bearer session once', async () => {
        const email = freshEmail('widget');
        const { post } = await signInByMail(server, sink, server.client(), email, { returnTo: HOST_PAGE });
        const code = handoffCodeOf(post);
        assert.ok(code && code.length >= 20, `a code: ${post.describe()}`);
        assert.ok(post.header('location') === `${HOST_PAGE}#tribune-signin=${code}` ||
            post.text.includes(`${HOST_PAGE.replace(/&/g, '&amp;')}#tribune-signin=${code}`), 'the browser goes on to the host page with the code');

        const r = await exchangeHandoff(server, code, { origin: HOST });
        assert.equal(r.status, 200, r.describe());
        assertUser(r.json.user);
        assert.equal(r.json.user.email, email);
        assert.match(r.json.session_token, SESSION_TOKEN);
        assert.equal(typeof r.json.csrf_token, 'string');
        const bearer = server.client({ bearer: r.json.session_token });
        const me = await bearer.get('/api/v1/me');
        assert.equal(me.status, 200, me.describe());
        assert.equal(me.json.user.id, r.json.user.id);

        expectProblem(assert, await exchangeHandoff(server, code, { origin: HOST }), 401, 'the code a second time');
        expectProblem(assert, await exchangeHandoff(server, randomBytes(24).toString('base64url')), 401, 'a made-up code');
        expectProblem(assert, await server.client().post('/api/v1/sign-in/handoff', {}), 422, 'no code');
        expectProblem(assert, await server.client().get('/api/v1/me', { bearer: `tss_${'A'.repeat(43)}` }), 401, 'a made-up session token');
        // A page that goes on to the host page by itself (a refresh): a 303 after a form's POST
        // to another site would be blocked by the page's CSP (form-action 'self').
        assert.equal(post.status, 200, post.describe());
        assert.match(post.text, /http-equiv="refresh"/);
    });

    test('return_to anywhere else is ignored: the account page', async () => {
        for (const returnTo of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)',
            `${HOST}.evil.example/`, 'http://host.example/story']) {
            const { post } = await signInByMail(server, sink, server.client(), freshEmail('elsewhere'), { returnTo });
            const to = locationOf(server, post);
            assert.equal(to.origin, server.baseUrl, `${returnTo.slice(0, 40)} -> ${to}`);
            assert.equal(to.pathname, '/account', `${returnTo.slice(0, 40)} -> ${to}`);
            assert.equal(to.hash, '');
        }
    });

    test('signing in claims the comments of the author cookie; the account name shows on them and follows a rename', async () => {
        const page = `/identity/${marker('claim')}`;
        const browser = server.client();
        const text = `Written before signing in ${marker()}`;
        const written = await createComment(browser, { page, text, author_name: 'Anonymous Me' });
        assert.ok(browser.cookies.has('tribune_author'), 'the anonymous author holds the cookie');

        const email = freshEmail('claimer');
        const { client: bearer, user, cookieClient } = await bearerByMail(server, sink, email, { hostPage: HOST_PAGE, client: browser });
        const claimed = (await server.client().getComment(written.id)).json;
        assert.equal(claimed.author.name, user.name, 'the comment now shows the account name');
        assert.equal(claimed.author.verified, true, 'and the verified mark');

        for (const who of [bearer, cookieClient]) {
            const mine = await who.get('/api/v1/me/comments');
            assert.equal(mine.status, 200, mine.describe());
            const entry = mine.json.comments.find((c) => c.id === written.id);
            assert.ok(entry, `the claimed comment is listed: ${mine.text}`);
            assert.equal(entry.page, page);
            assert.ok(text.startsWith(entry.excerpt) || entry.excerpt.startsWith(text.slice(0, 50)), entry.excerpt);
            assert.equal(entry.status, 'approved');
            assert.equal(typeof entry.created_at, 'string');
        }

        const renamed = await bearer.patch('/api/v1/me', { name: 'Renamed Reader' });
        assert.equal(renamed.status, 200, renamed.describe());
        assert.equal(renamed.json.user.name, 'Renamed Reader');
        await waitFor(async () => (await server.client().getComment(written.id)).json?.author?.name === 'Renamed Reader',
            { ms: 5000, what: 'the rename on the claimed comment' });
        const listed = await server.client().listComments(page);
        assert.equal(listed.json.comments.find((c) => c.id === written.id)?.author.name, 'Renamed Reader', 'the cached thread too');

        const posted = await createComment(bearer, { page, text: 'Signed in now', author_name: 'Someone Else' });
        assert.equal(posted.author.name, 'Renamed Reader', 'a signed-in reader posts under the account name');
        assert.equal(posted.author.verified, true);
        assert.equal(posted.author.role, 'reader');
        assert.equal(posted.author.badge, undefined, 'no badge without SSO');
    });

    test('PATCH /api/v1/me: bad names are 422; a cookie session needs the CSRF token', async () => {
        const { client: bearer, cookieClient } = await bearerByMail(server, sink, freshEmail('names'), { hostPage: HOST_PAGE });
        for (const name of ['', '   ', 'x'.repeat(500), 42, null]) {
            expectProblem(assert, await bearer.patch('/api/v1/me', { name }), 422, `name ${JSON.stringify(name)?.slice(0, 20)}`);
        }
        expectProblem(assert, await cookieClient.patch('/api/v1/me', { name: 'No Token' }, { csrf: false }), 403, 'cookie without CSRF');
        assert.notEqual((await bearer.get('/api/v1/me')).json.user.name, 'No Token', 'the refused change changed nothing');
        expectProblem(assert, await server.client().patch('/api/v1/me', { name: 'Nobody' }), 401, 'anonymous');
    });

    test('POST /api/v1/me/claims takes the comments of an author token once', async () => {
        const page = `/identity/${marker('claims')}`;
        const anon = server.client();
        const posted = await anon.postComment({ page, text: 'Mine from another device', author_name: 'Device' });
        assert.equal(posted.status, 201, posted.describe());
        const { client: bearer } = await bearerByMail(server, sink, freshEmail('claims'), { hostPage: HOST_PAGE });
        const first = await bearer.post('/api/v1/me/claims', { author_token: posted.json.author_token });
        assert.equal(first.status, 200, first.describe());
        assert.deepEqual(first.json, { claimed: 1 });
        const second = await bearer.post('/api/v1/me/claims', { author_token: posted.json.author_token });
        assert.deepEqual(second.json, { claimed: 0 }, 'nothing left to claim');
        expectProblem(assert, await bearer.post('/api/v1/me/claims', {}), 422, 'no author_token');
        expectProblem(assert, await server.client().post('/api/v1/me/claims', { author_token: posted.json.author_token }), 401, 'anonymous');
    });

    test('GET /api/v1/me/comments pages newest first with before', async () => {
        const page = `/identity/${marker('paging')}`;
        const { client: bearer } = await bearerByMail(server, sink, freshEmail('pager'), { hostPage: HOST_PAGE });
        const ids = [];
        for (let i = 0; i < 3; i++) ids.push((await createComment(bearer, { page, text: `paged ${i}` })).id);
        const first = await bearer.get('/api/v1/me/comments?limit=2');
        assert.equal(first.status, 200, first.describe());
        assert.deepEqual(first.json.comments.map((c) => c.id), [ids[2], ids[1]]);
        assert.equal(typeof first.json.next_before, 'string');
        const rest = await bearer.get(`/api/v1/me/comments?limit=2&before=${encodeURIComponent(first.json.next_before)}`);
        assert.deepEqual(rest.json.comments.map((c) => c.id), [ids[0]]);
        assert.equal(rest.json.next_before, null);
        for (const q of ['limit=0', 'limit=100000', 'limit=x', 'before=abc']) {
            expectProblem(assert, await bearer.get(`/api/v1/me/comments?${q}`), 422, q);
        }
        expectProblem(assert, await server.client().get('/api/v1/me/comments'), 401, 'anonymous');
    });

    test('a staff address gets no sign-in link (the same 202, no mail)', async () => {
        const staff = [await createUser(server, { role: 'moderator' }), await createUser(server, { role: 'editor' })];
        for (const account of staff) {
            const r = await requestLink(server.client(), account.email);
            assert.equal(r.status, 202, r.describe());
            assert.deepEqual(r.json, { status: 'sent' });
        }
        const control = freshEmail('control');
        assert.equal((await requestLink(server.client(), control)).status, 202);
        await linkMailTo(sink, control);
        const all = await parsedMail(sink.received);
        for (const account of staff) {
            assert.ok(!all.some((m) => m.rcpt.includes(account.email.toLowerCase())), `no mail to the ${account.role}`);
        }
    });

    test('GET /api/v1/me/data downloads the account and its comments; anonymous is 401', async () => {
        const page = `/identity/${marker('export')}`;
        const email = freshEmail('export');
        const { client: bearer } = await bearerByMail(server, sink, email, { hostPage: HOST_PAGE });
        const text = `Exported words ${marker()}`;
        await createComment(bearer, { page, text });
        const r = await bearer.get('/api/v1/me/data');
        assert.equal(r.status, 200, r.describe());
        assert.match(r.contentType, /^application\/json/);
        assert.match(r.header('content-disposition') || '', /^attachment\b/);
        const data = JSON.parse(r.text);
        const flat = JSON.stringify(data);
        assert.ok(flat.includes(email), 'the address is in the export');
        assert.ok(flat.includes(text), 'the comment is in the export');
        assert.ok(!/password|session_token|tss_/.test(flat), 'no secrets in the export');
        expectProblem(assert, await server.client().get('/api/v1/me/data'), 401, 'anonymous');
    });

    test('DELETE /api/v1/me erases the account: sessions end, comments become tombstones', async () => {
        const page = `/identity/${marker('erase')}`;
        const email = freshEmail('erase');
        const { client: bearer, cookieClient, user } = await bearerByMail(server, sink, email, { hostPage: HOST_PAGE });
        const text = `Soon erased ${marker()}`;
        const c = await createComment(bearer, { page, text });
        const gone = await bearer.delete('/api/v1/me');
        assert.equal(gone.status, 204, gone.describe());
        expectProblem(assert, await bearer.get('/api/v1/me'), 401, 'the bearer session ended');
        expectProblem(assert, await cookieClient.get('/api/v1/me'), 401, 'the cookie session ended');
        const after = await server.client().getComment(c.id);
        if (after.status === 200) {
            assert.equal(after.json.status, 'deleted', after.describe());
            assert.equal(after.json.text, '');
            assert.notEqual(after.json.author.name, user.name, 'the name is gone from the tombstone');
        } else {
            assert.equal(after.status, 404, after.describe());
        }
        const listed = await server.client().listComments(page);
        assert.ok(!listed.text.includes(text), 'the text is nowhere in the thread');
        // The address may sign up again: a new account.
        const again = await bearerByMail(server, sink, email, { hostPage: HOST_PAGE, count: 2 });
        const owned = await again.client.get('/api/v1/me/comments');
        assert.deepEqual(owned.json.comments, [], 'the new account owns nothing of the erased one');
        // SQLite may give the new account the erased one's id: nothing still names that id (the
        // erasure detaches the audit log's entries from it), as the export shows.
        const mine = await again.client.get('/api/v1/me/data');
        assert.equal(mine.status, 200, mine.describe());
        assert.deepEqual(mine.json.comments, [], 'no comment of the erased account');
    });

    test('DELETE /api/v1/session ends a bearer session', async () => {
        const { client: bearer } = await bearerByMail(server, sink, freshEmail('signout'), { hostPage: HOST_PAGE });
        const out = await bearer.delete('/api/v1/session');
        assert.equal(out.status, 204, out.describe());
        expectProblem(assert, await bearer.get('/api/v1/me'), 401, 'after sign-out');
    });

    test('the anonymous account page offers the email form; its POST sends a link', async () => {
        const page = await server.client().get('/account?return_to=%2Farticles%2Fx');
        assert.equal(page.status, 200, page.describe());
        assert.match(page.text, /<form\b[^>]*action="\/account\/sign-in-link"/i);
        assert.match(page.text, /<input\b[^>]*name="email"/i);
        const email = freshEmail('form');
        const r = await server.client().request('POST', '/account/sign-in-link', {
            form: { email, return_to: '/articles/x' }, csrf: false,
            headers: { origin: server.baseUrl, 'x-real-ip': freshNetwork() },
        });
        assert.ok([200, 303].includes(r.status), r.describe());
        const { token } = await linkMailTo(sink, email);
        const post = await postSignIn(server, server.client(), token);
        assert.equal(locationOf(server, post).pathname, '/articles/x', 'the return_to of the form carries through');
    });
});

describe('the per-network limit on sign-in links', { timeout: 60000 }, () => {
    let server;
    let sink;
    after(async () => {
        await server?.cleanup();
        await sink?.close();
    });
    before(async () => {
        sink = await startSink(null);
        server = await startServer(null, {
            env: {
                TRIBUNE_SMTP_URL: sink.url,
                TRIBUNE_MAIL_FROM: 'news@ledger.example',
                // The built-in rate (the suites' default raises it for their many logins).
                TRIBUNE_RATE_LOGINS_PER_MINUTE: '2',
                TRIBUNE_TRUST_PROXY: 'true',
                TRIBUNE_TRUSTED_PROXIES: '127.0.0.1',
            },
        });
    });

    test('429 past 5 links from one client network; another network is not held back', async () => {
        const net = freshNetwork();
        for (let i = 0; i < 5; i++) {
            const r = await requestLink(server.client(), freshEmail('net'), { ip: net });
            assert.equal(r.status, 202, `link ${i}: ${r.describe()}`);
        }
        const p = expectProblem(assert, await requestLink(server.client(), freshEmail('net'), { ip: net }), 429, 'the 6th from one network');
        assert.ok(p.title.length > 0);
        assert.equal((await requestLink(server.client(), freshEmail('other'))).status, 202, 'another network');
    });
});
