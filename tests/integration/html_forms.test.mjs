// The script-free HTML: home and article pages, and the form posts with Post/Redirect/Get.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    approve, commentHtml, commentIdsIn, countsOf, decodeHtml, demoArticles, escapeRe, marker, parseSetCookie,
    startServer, walkComments,
} from './support/server.mjs';

const OOPS = 'Oops! Something went wrong while submitting the form.';
const THANKS = 'Thank you! Your submission has been received!';
const PENDING_NOTICE = 'Your comment will appear once approved by a moderator.';

/** Where a redirect points, as a path plus query plus fragment on this server. */
function location(reply, server) {
    const loc = reply.header('location');
    assert.ok(loc, `Location header on ${reply.describe()}`);
    const u = new URL(loc, server.baseUrl);
    assert.equal(u.origin, server.baseUrl, `redirect stays on this site: ${loc}`);
    return { path: u.pathname, search: u.search, hash: u.hash, full: u.pathname + u.search + u.hash };
}

describe('HTML pages and forms', { timeout: 180000 }, () => {
    let server;
    let demo;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
    });

    test('home page links to every article with its comment count', async () => {
        const r = await server.client().get('/');
        assert.equal(r.status, 200);
        assert.match(r.contentType, /^text\/html/i);
        assert.match(r.text, /^\s*<!doctype html>/i);
        assert.ok(demo.all.length >= 4);
    });

    test('the main article page has every part of the seed page', async () => {
        const r = await server.client().get(demo.main);
        assert.equal(r.status, 200, r.describe());
        assert.match(r.contentType, /^text\/html/i);
        const h = r.text;
        assert.match(h, /<h1\b[^>]*>[^<]*\S[^<]*<\/h1>|<h1\b[^>]*>[\s\S]*?\S[\s\S]*?<\/h1>/i, 'headline');
        const count = demo.counts[demo.main];
        assert.match(h, new RegExp(`\\b${count}\\s+Comments\\b`), `"${count} Comments"`);
        assert.match(h, /href="mailto:[^"]*"/i, 'share by email');
        assert.match(h, /href="https:\/\/(www\.)?(facebook\.com|twitter\.com|x\.com|linkedin\.com|reddit\.com|bsky\.app)[^"]*"/i, 'share on a social site');
        assert.doesNotMatch(h, /<script\b[^>]*src="https?:\/\//i, 'no third-party scripts');
        assert.match(h, /<video\b/i, 'video element');
        assert.match(h, /04:53/, 'media duration 04:53');
        assert.match(h, /<[a-z]+\b[^>]*\bid="comments"/i, 'section #comments');
        assert.match(h, /Active:\s*(<[^>]+>\s*)*0/, '"Active: 0"');
        const typingAt = h.indexOf('Someone is typing...');
        assert.ok(typingAt >= 0, '"Someone is typing..." present');
        const enclosing = [...h.slice(Math.max(0, typingAt - 600), typingAt).matchAll(/<[a-z][^>]*>/gi)].slice(-3).map((m) => m[0]);
        assert.ok(enclosing.some((tag) => /\shidden\b|display:\s*none/i.test(tag)),
            `typing indicator hidden by default: ${enclosing.join(' ')}`);
        assert.match(h, /<time\b[^>]*\bdatetime="\d{4}-\d{2}-\d{2}T[^"]+"/i, '<time datetime>');
        assert.ok(/More by\s/i.test(h) || /No items found\./.test(h), 'related list or its empty state');
        const ids = commentIdsIn(h);
        assert.ok(ids.length >= 20, `comments rendered as <article class="comment" id="comment-ID"> (${ids.length})`);
        assert.match(h, /<form\b[^>]*method="post"[^>]*action="[^"]*\/articles\/[^"]+\/comments"|<form\b[^>]*action="[^"]*\/articles\/[^"]+\/comments"[^>]*method="post"/i, 'comment form posts to /articles/{slug}/comments');
        assert.match(h, /name="text"/);
        assert.match(h, /No Name/, 'default display name');
    });

    test('an article without comments shows the empty state', async () => {
        const r = await server.client().get(demo.empty);
        assert.equal(r.status, 200);
        assert.match(r.text, /Be the first to leave a comment\./);
        assert.match(r.text, /\b0\s+Comments\b/);
        assert.equal(commentIdsIn(r.text).length, 0);
    });

    test('related articles: "More by" list or "No items found." on every article', async () => {
        let sawList = false;
        for (const p of demo.all) {
            const r = await server.client().get(p);
            assert.equal(r.status, 200, `${p}: ${r.describe()}`);
            const list = /More by\s/i.test(r.text);
            const none = /No items found\./.test(r.text);
            assert.ok(list || none, `${p} has related list or "No items found."`);
            sawList ||= list && !none;
        }
        assert.ok(sawList, 'at least one article has related articles by its author');
    });

    test('unknown article -> 404 HTML', async () => {
        const r = await server.client().get('/articles/no-such-article-ever');
        assert.equal(r.status, 404);
        assert.match(r.contentType, /^text\/html/i);
        assert.match(r.text, /<html/i);
    });

    test('post a comment with the form: 303, cookie, thank-you and pending notice; others see nothing', async () => {
        const slug = demo.slugOf(demo.empty);
        const reader = server.client();
        const text = `Form comment ${marker()} with <b>tags</b> & "quotes"`;
        const before = await countsOf(server, [demo.empty]);
        const r = await reader.request('POST', `/articles/${slug}/comments`, {
            form: { text, author_name: 'Form Reader' },
        });
        assert.equal(r.status, 303, r.describe());
        const loc = location(r, server);
        const m = new RegExp(`^/articles/${escapeRe(slug)}\\?posted=([^&#]+)#comment-(.+)$`).exec(loc.full);
        assert.ok(m, `Location /articles/${slug}?posted={id}#comment-{id}: ${loc.full}`);
        const id = decodeURIComponent(m[1]);
        assert.equal(decodeURIComponent(m[2]), id);
        const ck = r.setCookies().map(parseSetCookie).find((c) => c.name === 'tribune_author');
        assert.ok(ck, 'tribune_author cookie set by the form post');
        assert.ok(ck.attrs.httponly, 'HttpOnly');

        const page = await reader.get(loc.path + loc.search);
        assert.equal(page.status, 200, page.describe());
        assert.match(page.text, new RegExp(escapeRe(THANKS)));
        const frag = commentHtml(page.text, id);
        assert.ok(frag, 'own pending comment shown');
        assert.match(frag, new RegExp(escapeRe(PENDING_NOTICE)));
        assert.ok(frag.includes('Form comment'), 'text shown to its author');
        assert.ok(frag.includes('&lt;b&gt;tags&lt;/b&gt;'), 'escaped');
        assert.ok(!frag.includes('<b>tags</b>'), 'not markup');

        // The API agrees: pending, and the cookie from the form is the author token.
        const api = await reader.getComment(id);
        assert.equal(api.status, 200);
        assert.equal(api.json.status, 'pending');
        assert.equal(api.json.text, text);
        assert.equal(api.json.author.name, 'Form Reader');

        // Another reader, even on the very same URL, sees neither text nor notice.
        const other = await server.client().get(loc.path + loc.search);
        assert.equal(other.status, 200);
        assert.ok(!other.text.includes('Form comment'), 'pending text hidden from others');
        assert.equal(commentHtml(other.text, id), null);
        assert.deepEqual(await countsOf(server, [demo.empty]), before);

        // After approval everyone sees it, once.
        await approve(server, id);
        const pub = await server.client().get(demo.empty);
        assert.ok(commentHtml(pub.text, id), 'published');
        assert.doesNotMatch(commentHtml(pub.text, id), new RegExp(escapeRe(PENDING_NOTICE)));
        assert.match(pub.text, /\b1\s+Comments?\b/);
    });

    test('reply form with parent_id', async () => {
        const slug = demo.slugOf(demo.main);
        const top = (await server.client().listComments(demo.main)).json.comments[0];
        const reader = server.client();
        const r = await reader.request('POST', `/articles/${slug}/comments`, {
            form: { text: `Form reply ${marker()}`, author_name: '', parent_id: top.id },
        });
        assert.equal(r.status, 303, r.describe());
        const id = decodeURIComponent(/posted=([^&#]+)/.exec(location(r, server).search)[1]);
        const api = await reader.getComment(id);
        assert.equal(api.json.parent_id, top.id);
        assert.equal(api.json.author.name, 'No Name');
    });

    test('a failed form post re-renders with 422, the failure message and the typed text; nothing stored', async () => {
        const slug = demo.slugOf(demo.empty);
        const before = await countsOf(server, [demo.empty]);
        const staffBefore = (await walkComments(server.admin(), demo.empty, { status: 'all', limit: 100 })).length;

        const empty = await server.client().request('POST', `/articles/${slug}/comments`, {
            form: { text: '   ', author_name: 'Empty Typist' },
        });
        assert.equal(empty.status, 422, empty.describe());
        assert.match(empty.contentType, /^text\/html/i);
        assert.match(empty.text, new RegExp(escapeRe(OOPS)));
        assert.doesNotMatch(empty.text, new RegExp(escapeRe(THANKS)));

        const typed = `Too long <i>${marker()}</i> ${'x'.repeat(10001)}`;
        const long = await server.client().request('POST', `/articles/${slug}/comments`, {
            form: { text: typed, author_name: 'Long Typist' },
        });
        assert.equal(long.status, 422, long.describe().slice(0, 300));
        assert.match(long.text, new RegExp(escapeRe(OOPS)));
        const textarea = /<textarea\b[^>]*name="text"[^>]*>([\s\S]*?)<\/textarea>/i.exec(long.text);
        assert.ok(textarea, 'the comment textarea is there');
        assert.equal(decodeHtml(textarea[1]).replace(/^\n/, ''), typed, 'typed text refilled, escaped');
        assert.ok(!long.text.includes('<i>'), 'refilled text is escaped');

        const ctl = await server.client().request('POST', `/articles/${slug}/comments`, {
            form: { text: 'bell \u0007 char', author_name: '' },
        });
        assert.equal(ctl.status, 422, ctl.describe());

        assert.deepEqual(await countsOf(server, [demo.empty]), before);
        const staffAfter = (await walkComments(server.admin(), demo.empty, { status: 'all', limit: 100 })).length;
        assert.equal(staffAfter, staffBefore, 'nothing stored by failed form posts');
    });

    test('a form post to an unknown article is 404', async () => {
        const r = await server.client().request('POST', '/articles/no-such-article/comments', {
            form: { text: 'hello', author_name: '' },
        });
        assert.equal(r.status, 404, r.describe());
    });

    test('set the display name: cookie, 303 back, the page shows it, the form uses it', async () => {
        const reader = server.client();
        const name = `Ada ${marker()}`;
        const r = await reader.request('POST', '/name', { form: { author_name: name, return_to: demo.empty } });
        assert.equal(r.status, 303, r.describe());
        assert.equal(location(r, server).path, demo.empty);
        const ck = r.setCookies().map(parseSetCookie).find((c) => c.name === 'tribune_name');
        assert.ok(ck, 'tribune_name cookie');
        const page = await reader.get(demo.empty);
        assert.ok(page.text.includes(name), 'page shows the chosen name');

        // A blank name goes back to "No Name".
        await reader.request('POST', '/name', { form: { author_name: '  ', return_to: demo.empty } });
        const p2 = await reader.get(demo.empty);
        assert.ok(!p2.text.includes(name));
        assert.match(p2.text, /No Name/);

        // A comment posted through the form without author_name uses the chosen name.
        await reader.request('POST', '/name', { form: { author_name: name, return_to: demo.empty } });
        const slug = demo.slugOf(demo.empty);
        const post = await reader.request('POST', `/articles/${slug}/comments`, { form: { text: `named ${marker()}` } });
        assert.equal(post.status, 303, post.describe());
        const id = decodeURIComponent(/posted=([^&#]+)/.exec(location(post, server).search)[1]);
        assert.equal((await reader.getComment(id)).json.author.name, name);

        // Escaped when shown.
        const x = server.client();
        await x.request('POST', '/name', { form: { author_name: '<u>Sneaky</u>', return_to: demo.empty } });
        const px = await x.get(demo.empty);
        assert.ok(!px.text.includes('<u>Sneaky</u>'));
        assert.ok(px.text.includes('&lt;u&gt;Sneaky&lt;/u&gt;'));

        // A name over 64 characters fails visibly and is not set.
        const tooLong = await reader.request('POST', '/name', { form: { author_name: 'n'.repeat(65), return_to: demo.empty } });
        assert.ok([303, 422].includes(tooLong.status), tooLong.describe());
        if (tooLong.status === 422) assert.match(tooLong.text, new RegExp(escapeRe(OOPS)));
    });

    test('/name never redirects to another site', async () => {
        for (const return_to of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
            const r = await server.client().request('POST', '/name', { form: { author_name: 'X', return_to } });
            assert.ok([303, 400, 422].includes(r.status), `${return_to}: ${r.describe()}`);
            if (r.status === 303) {
                const loc = r.header('location');
                const u = new URL(loc, server.baseUrl);
                assert.equal(u.origin, server.baseUrl, `return_to ${return_to} redirected off-site to ${loc}`);
                assert.doesNotMatch(loc, /^javascript:/i);
            }
        }
    });

    test('edited and staff comments show "(Edited)" and "Moderator"', async () => {
        const admin = server.admin();
        const posted = await admin.postComment({ page: demo.empty, text: `staff note ${marker()}` });
        assert.equal(posted.status, 201);
        const id = posted.json.comment.id;
        assert.equal((await admin.editComment(id, `staff note edited ${marker()}`)).status, 200);
        const h = await server.client().get(demo.empty);
        const frag = commentHtml(h.text, id);
        assert.ok(frag, 'staff comment shown');
        assert.match(frag, /Moderator/);
        assert.match(frag, /\(Edited\)/);
        assert.match(frag, /<time\b[^>]*datetime=/i);
    });

    test('the replies page of a comment renders', async () => {
        const top = (await server.client().listComments(demo.main)).json.comments[0];
        const r = await server.client().get(`${demo.main}/comments/${top.id}`);
        assert.equal(r.status, 200, r.describe());
        assert.ok(commentIdsIn(r.text).length >= 1);
        const missing = await server.client().get(`${demo.main}/comments/999999999`);
        assert.equal(missing.status, 404);
    });

    test('HTML pages declare UTF-8', async () => {
        const r = await server.client().get(demo.main);
        assert.match(r.contentType, /text\/html;\s*charset=utf-8/i);
    });
});
