// What a reader and a staff member touch for mail: the comment form's optional address and its
// two asks (API and page form), the confirm and unsubscribe pages the links in reader mail open
// (including a mail client's RFC 8058 one-click POST), and staff's own choice of mail.
//
// The tests marked [store] need the notification role of the store (confirming, unsubscribing,
// staff preferences): before it is merged those answer 503 "Notifications unavailable". Every
// other test runs against any build.
//
// Links are made here as the server makes them (service/mail_tokens.cpp): the server's node key is
// set (TRIBUNE_IP_HASH_KEY), the mail key derived from it, the MAC a keyed BLAKE2b-256.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    createComment, demoArticles, expectFieldError, expectProblem, marker, sessionFor, startServer,
} from './support/server.mjs';

const NODE_KEY = 'reader-mail-pages-test-key-0123456789abcdef0123456789abcdef012345';

// ---- BLAKE2b (RFC 7693), keyed, for making links the way the server does ----------------------

const MASK = (1n << 64n) - 1n;
const IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
    0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const SIGMA = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];
const rotr = (x, n) => ((x >> BigInt(n)) | (x << BigInt(64 - n))) & MASK;

function blake2b(data, key, outlen) {
    const h = IV.slice();
    h[0] ^= 0x01010000n ^ (BigInt(key.length) << 8n) ^ BigInt(outlen);
    const input = key.length ? Buffer.concat([key, Buffer.alloc(128 - key.length), data]) : data;
    const blocks = Math.max(1, Math.ceil(input.length / 128));
    for (let b = 0; b < blocks; b++) {
        const last = b === blocks - 1;
        const block = Buffer.alloc(128);
        input.copy(block, 0, b * 128, Math.min(input.length, (b + 1) * 128));
        const m = [];
        for (let i = 0; i < 16; i++) m.push(block.readBigUInt64LE(i * 8));
        const v = [...h, ...IV];
        v[12] ^= BigInt(last ? input.length : (b + 1) * 128);
        if (last) v[14] ^= MASK;
        const g = (a, bb, c, d, x, y) => {
            v[a] = (v[a] + v[bb] + x) & MASK; v[d] = rotr(v[d] ^ v[a], 32);
            v[c] = (v[c] + v[d]) & MASK; v[bb] = rotr(v[bb] ^ v[c], 24);
            v[a] = (v[a] + v[bb] + y) & MASK; v[d] = rotr(v[d] ^ v[a], 16);
            v[c] = (v[c] + v[d]) & MASK; v[bb] = rotr(v[bb] ^ v[c], 63);
        };
        for (let r = 0; r < 12; r++) {
            const s = SIGMA[r % 10];
            g(0, 4, 8, 12, m[s[0]], m[s[1]]); g(1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(2, 6, 10, 14, m[s[4]], m[s[5]]); g(3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(0, 5, 10, 15, m[s[8]], m[s[9]]); g(1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(2, 7, 8, 13, m[s[12]], m[s[13]]); g(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
    }
    const out = Buffer.alloc(64);
    h.forEach((x, i) => out.writeBigUInt64LE(x, i * 8));
    return out.subarray(0, outlen);
}

// Safeguards::set_node_key: the mail key is a keyed hash of a fixed text under the node key, as hex.
const MAIL_KEY = Buffer.from(blake2b(Buffer.from('tribune mail link key'), Buffer.from(NODE_KEY).subarray(0, 64), 32).toString('hex'));

/** A link's token: purpose 'c' (confirm), 't' (one thread) or 'a' (all mail). */
function mailToken(purpose, email, page = '', issuedMs = Date.now(), key = MAIL_KEY) {
    const emailBytes = Buffer.from(email);
    const payload = Buffer.concat([Buffer.from(`${purpose}${BigInt(issuedMs) * 1000n}:${emailBytes.length}:`), emailBytes, Buffer.from(page)]);
    const mac = blake2b(Buffer.concat([Buffer.from('tribune mail token v1\n'), payload]), key, 32);
    return `${payload.toString('base64url')}.${mac.toString('base64url')}`;
}

const DAY_MS = 24 * 3600 * 1000;
const INVALID_LINK = 'This link is not valid';

function assertLinkRefused(r, what) {
    assert.equal(r.status, 400, `${what}: ${r.describe()}`);
    assert.match(r.contentType, /^text\/html/i, what);
    assert.ok(r.text.includes(INVALID_LINK), `${what}: says the link is not valid`);
    assert.doesNotMatch(r.text, /<form\b[^>]*notifications/i, `${what}: no button to press`);
}

/** A form post the way a browser or a mail client sends one: no cookies, no CSRF token. */
function postForm(server, path, form, headers = {}) {
    return server.client().request('POST', path, { body: form, csrf: false, cookies: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}

describe('reader mail: the comment form asks, the links answer', { timeout: 180000 }, () => {
    let server;
    let demo;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_IP_HASH_KEY: NODE_KEY } });
        demo = await demoArticles(server);
    });

    // ---- The comment form's address and asks (no store change needed) ----

    test('the API refuses a bad address, and notify without one, with 422 on author_email', async () => {
        const c = server.client();
        const page = demo.main;
        const secret = `not-an-address-${marker('x')}`;
        for (const [body, what] of [
            [{ author_email: secret }, 'not an address'],
            [{ author_email: `${'a'.repeat(250)}@b.cd` }, 'over 254 bytes'],
            [{ notify_replies: true }, 'replies without an address'],
            [{ author_email: '   ', notify_approval: true }, 'approval with a blank address'],
            [{ author_email: 42 }, 'not a string'],
        ]) {
            const r = await c.postComment({ page, text: `asks ${what}`, ...body });
            const p = expectFieldError(assert, r, 'author_email', what);
            assert.ok(!JSON.stringify(p).includes(secret), `${what}: the refused address is not repeated`);
        }
        const r = await c.postComment({ page, text: 'bad ask', author_email: 'a@b.example', notify_replies: 'yes' });
        expectFieldError(assert, r, 'notify_replies', 'a string for a bool');
    });

    // Staff may be shown it one day (the store keeps it for them); a reader's answers never carry it.
    test('an address given with a comment is never in a reader\'s answer: API, list, page', async () => {
        const c = server.client();
        const email = `Reader.${marker('m')}@Example.TEST`;
        const lower = email.toLowerCase();
        const text = `with an address ${marker('t')}`;
        const r = await c.postComment({ page: demo.main, text, author_email: email, notify_replies: true, notify_approval: true });
        assert.equal(r.status, 201, r.describe());
        const seen = (s, what) => {
            assert.ok(!s.toLowerCase().includes(lower), `${what} shows the address`);
            assert.ok(!s.toLowerCase().includes(lower.split('@')[0]), `${what} shows the address's local part`);
        };
        seen(r.text, 'the 201 answer');
        const id = r.json.comment.id;
        seen((await c.getComment(id)).text, 'GET the comment (its author)');
        seen((await c.listComments(demo.main)).text, 'the thread (its author)');
        seen((await c.get(demo.main)).text, 'the article page (its author)');
    });

    test('the article page form offers the address and both asks, never filled in', async () => {
        const r = await server.client().get(demo.main);
        assert.equal(r.status, 200);
        assert.match(r.text, /<label for="comment-email">Email \(optional, never shown\)<\/label>/);
        assert.match(r.text, /<input id="comment-email" name="author_email" type="email"[^>]*>/);
        assert.match(r.text, /name="notify_replies" value="1"> Notify me of replies by email<\/label>/);
        assert.match(r.text, /name="notify_approval" value="1"> Tell me when it is approved<\/label>/);
        assert.doesNotMatch(r.text, /name="author_email"[^>]*value=/, 'the address field is never filled in');
    });

    test('the page form refuses a bad address or a lone ask with the form again, the address not echoed', async () => {
        const path = `${demo.main}/comments`;
        const text = `form ask ${marker('f')}`;
        const secret = `nobody-${marker('s')}`;
        const bad = await postForm(server, path, new URLSearchParams({ text, author_email: secret }).toString());
        assert.equal(bad.status, 422, bad.describe());
        assert.ok(bad.text.includes('That email address is not valid.'));
        assert.ok(!bad.text.includes(secret), 'the refused address is not put back');
        assert.ok(bad.text.includes(text), 'the text is put back');
        const lone = await postForm(server, path, new URLSearchParams({ text, notify_replies: '1' }).toString());
        assert.equal(lone.status, 422, lone.describe());
        assert.ok(lone.text.includes('Give an email address to be notified by email.'));
        const email = `form-${marker('e')}@example.test`;
        const ok = await postForm(server, path, new URLSearchParams({ text, author_email: email, notify_approval: '1' }).toString());
        assert.equal(ok.status, 303, ok.describe());
        assert.ok(!ok.text.includes(email) && !(ok.header('location') || '').includes(email.split('@')[0]));
    });

    // ---- The links' pages (no store change needed) ----

    test('bad, altered, expired and misused links get a 400 page that changes nothing', async () => {
        const email = `links-${marker('l')}@example.test`;
        const good = mailToken('a', email);
        const altered = good.slice(0, 5) + (good[5] === 'A' ? 'B' : 'A') + good.slice(6);
        const otherKey = mailToken('a', email, '', Date.now(), Buffer.from('x'.repeat(64)));
        const expired = mailToken('c', email, '', Date.now() - 8 * DAY_MS);
        const confirm = mailToken('c', email);
        const cases = [
            ['', 'no token'], ['garbage', 'garbage'], [altered, 'one character changed'], [otherKey, 'another key'],
            ['A'.repeat(3000), 'over-long'],
        ];
        for (const [t, what] of cases) {
            const q = `?t=${encodeURIComponent(t)}`;
            assertLinkRefused(await server.client().get(`/notifications/confirm${q}`), `GET confirm, ${what}`);
            assertLinkRefused(await server.client().get(`/notifications/unsubscribe${q}`), `GET unsubscribe, ${what}`);
        }
        assertLinkRefused(await server.client().get(`/notifications/confirm?t=${expired}`), 'a confirmation over a week old');
        assertLinkRefused(await postForm(server, '/notifications/confirm', `t=${expired}`), 'POST an old confirmation');
        assertLinkRefused(await server.client().get(`/notifications/unsubscribe?t=${confirm}`), 'a confirmation as unsubscribe');
        assertLinkRefused(await server.client().get(`/notifications/confirm?t=${good}`), 'an unsubscribe as confirmation');
        assertLinkRefused(await postForm(server, `/notifications/unsubscribe?t=${altered}`, 'List-Unsubscribe=One-Click'),
            'one-click with an altered token');
        assertLinkRefused(await postForm(server, '/notifications/confirm', `t=${altered}`), 'POST confirm altered');
    });

    test('a GET only asks: a button that posts, never cached, the address not shown', async () => {
        const email = `ask-${marker('a')}@example.test`;
        const confirm = mailToken('c', email);
        const c = await server.client().get(`/notifications/confirm?t=${confirm}`);
        assert.equal(c.status, 200, c.describe());
        assert.match(c.text, /<form method="post" action="\/notifications\/confirm">/);
        assert.ok(c.text.includes(`<input type="hidden" name="t" value="${confirm}">`));
        assert.match(c.text, />Confirm my address<\/button>/);
        assert.doesNotMatch(c.text, /<h1>Confirmed<\/h1>/, 'nothing confirmed by a GET');
        assert.equal(c.header('cache-control'), 'no-store');
        assert.ok(!c.text.includes(email), 'the address is not on the page');

        const all = mailToken('a', email);
        const u = await server.client().get(`/notifications/unsubscribe?t=${all}`);
        assert.equal(u.status, 200, u.describe());
        assert.ok(u.text.includes(`<form method="post" action="/notifications/unsubscribe?t=${all}">`));
        assert.match(u.text, />Stop all mail<\/button>/);
        assert.ok(!u.text.includes(email));

        const hostile = '/p"><script>alert(1)</script>';
        const thread = await server.client().get(`/notifications/unsubscribe?t=${mailToken('t', email, hostile)}`);
        assert.equal(thread.status, 200, thread.describe());
        assert.ok(thread.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the page key is shown escaped');
        assert.ok(!thread.text.includes('<script>alert(1)'), 'and never as markup');
        assert.match(thread.text, />Stop mail about this discussion<\/button>/);
    });

    test('the links take posts from any site (mail clients) but only small bodies', async () => {
        const r = await postForm(server, `/notifications/unsubscribe?t=bad`, 'List-Unsubscribe=One-Click',
            { origin: 'https://mail.example.net' });
        assertLinkRefused(r, 'another origin reaches the page (and its token is checked)');
        const big = await postForm(server, '/notifications/confirm', `t=${'A'.repeat(10000)}`);
        assert.equal(big.status, 413, big.describe());
    });

    // ---- What needs the notification store [store] ----

    test('[store] the confirm button confirms, and again is fine', async () => {
        const t = mailToken('c', `confirm-${marker('c')}@example.test`);
        for (const time of ['first', 'again']) {
            const r = await postForm(server, '/notifications/confirm', new URLSearchParams({ t }).toString());
            assert.equal(r.status, 200, `${time}: ${r.describe()}`);
            assert.match(r.text, /<h1>Confirmed<\/h1>/);
            assert.doesNotMatch(r.text, /<form\b[^>]*notifications/);
        }
    });

    test('[store] RFC 8058 one-click: the token in the URL, no cookies, no CSRF token, 200', async () => {
        const email = `oneclick-${marker('o')}@example.test`;
        for (const [t, what] of [[mailToken('a', email), 'all mail'], [mailToken('t', email, demo.main), 'one thread']]) {
            const r = await postForm(server, `/notifications/unsubscribe?t=${t}`, 'List-Unsubscribe=One-Click');
            assert.equal(r.status, 200, `${what}: ${r.describe()}`);
            assert.match(r.text, /<h1>Unsubscribed<\/h1>/);
            const twice = await postForm(server, `/notifications/unsubscribe?t=${t}`, 'List-Unsubscribe=One-Click');
            assert.equal(twice.status, 200, `${what} twice: ${twice.describe()}`);
        }
        // RFC 8058 prefers multipart/form-data: the body is not what carries the token.
        const boundary = 'b0undary';
        const multipart = await server.client().request('POST', `/notifications/unsubscribe?t=${mailToken('a', email)}`, {
            body: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
            headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, csrf: false, cookies: false,
        });
        assert.equal(multipart.status, 200, multipart.describe());
    });

    test('[store] the address is kept with the comment; the links change what is kept for it', async () => {
        const email = `kept-${marker('k')}@example.test`;
        const r = await server.client().postComment({ page: demo.main, text: `kept ${marker('t')}`, author_email: email.toUpperCase(), notify_replies: true });
        assert.equal(r.status, 201, r.describe());
        const exported = async () => {
            const e = await server.admin().get(`/api/v1/privacy/export?email=${encodeURIComponent(email)}`);
            assert.equal(e.status, 200, e.describe());
            return e.json;
        };
        const before = await exported();
        assert.deepEqual(before.comments.map((c) => [c.id, c.author_email]), [[r.json.comment.id, email]], 'kept in canonical form, for staff');
        const gets = [`/notifications/confirm?t=${mailToken('c', email)}`, `/notifications/unsubscribe?t=${mailToken('t', email, demo.main)}`];
        for (const path of gets) assert.equal((await server.client().get(path)).status, 200);
        assert.deepEqual((await exported()).mail, before.mail, 'the GET pages changed nothing');

        const confirmed = await postForm(server, '/notifications/confirm', `t=${mailToken('c', email)}`);
        assert.equal(confirmed.status, 200, confirmed.describe());
        const afterConfirm = await exported();
        assert.equal(afterConfirm.mail.addresses.length, 1, JSON.stringify(afterConfirm.mail));
        assert.ok(afterConfirm.mail.addresses[0].confirmed_at, 'confirmed');
        const stopped = await postForm(server, `/notifications/unsubscribe?t=${mailToken('t', email, demo.main)}`, 'List-Unsubscribe=One-Click');
        assert.equal(stopped.status, 200, stopped.describe());
        const afterStop = await exported();
        assert.equal(afterStop.mail.thread_unsubscribes.length, 1, JSON.stringify(afterStop.mail));
        assert.ok(JSON.stringify(afterStop.mail.thread_unsubscribes).includes(demo.main), 'this thread stopped');
    });

    // ---- Staff's own choice ----

    test('who may choose: staff for themselves; readers, strangers and the admin token are refused', async () => {
        expectProblem(assert, await server.client().get('/api/v1/me/notifications'), 401, 'anonymous');
        const reader = await sessionFor(server, 'reader');
        expectProblem(assert, await reader.get('/api/v1/me/notifications'), 403, 'a reader');
        const admin = await server.admin().get('/api/v1/me/notifications');
        const p = expectProblem(assert, admin, 403, 'the admin token has no account');
        assert.match(p.detail, /log in/);
        const mod = await sessionFor(server, 'moderator');
        expectFieldError(assert, await mod.put('/api/v1/me/notifications', { mode: 'digest', digest_minutes: 4 }), 'digest_minutes', '4 minutes');
        expectFieldError(assert, await mod.put('/api/v1/me/notifications', { mode: 'digest', digest_minutes: 1441 }), 'digest_minutes', '1441');
        expectFieldError(assert, await mod.put('/api/v1/me/notifications', { mode: 'digest', digest_minutes: '5' }), 'digest_minutes', 'a string');
    });

    test('[store] a moderator sets a digest every 30 minutes, by API and at the desk', async () => {
        const mod = await sessionFor(server, 'moderator');
        const first = await mod.get('/api/v1/me/notifications');
        assert.equal(first.status, 200, first.describe());
        assert.equal(first.json.mode, 'off');
        expectFieldError(assert, await mod.put('/api/v1/me/notifications', { mode: 'sometimes' }), 'mode', 'an unknown mode');
        const set = await mod.put('/api/v1/me/notifications', { mode: 'digest', digest_minutes: 30 });
        assert.equal(set.status, 200, set.describe());
        assert.deepEqual(set.json, { mode: 'digest', digest_minutes: 30 });
        assert.deepEqual((await mod.get('/api/v1/me/notifications')).json, { mode: 'digest', digest_minutes: 30 });

        const page = await mod.get('/admin/notifications');
        assert.equal(page.status, 200, page.describe());
        assert.match(page.text, /value="digest" checked>/);
        assert.match(page.text, /<a href="\/admin\/notifications" aria-current="page">Notifications<\/a>/);
        const form = new URLSearchParams({ csrf_token: mod.csrf, mode: 'immediate', digest_minutes: '30' }).toString();
        const saved = await mod.request('POST', '/admin/notifications', { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(saved.status, 303, saved.describe());
        assert.deepEqual((await mod.get('/api/v1/me/notifications')).json, { mode: 'immediate', digest_minutes: 30 });
    });

    // Last: it spends this address's allowance of bad links.
    test('bad links are limited per address; a good link still works', async () => {
        let limited = null;
        for (let i = 0; i < 60 && !limited; i++) {
            const r = await server.client().get(`/notifications/unsubscribe?t=guess${i}`);
            if (r.status === 429) limited = r;
            else assertLinkRefused(r, `guess ${i}`);
        }
        assert.ok(limited, 'guessing is refused after a while');
        assert.ok(Number(limited.header('retry-after')) >= 1, 'with Retry-After');
        assert.match(limited.contentType, /^text\/html/i);
        const good = await server.client().get(`/notifications/unsubscribe?t=${mailToken('a', `still-${marker('g')}@example.test`)}`);
        assert.equal(good.status, 200, good.describe());
    });
});
