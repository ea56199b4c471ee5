// Live coverage and corrections (docs/openapi.yaml "Live coverage"): editors start and end an
// article's coverage, post, edit, pin and delete updates, and append corrections; nobody else
// may, and bad input is refused with 422 and changes nothing. Readers see the updates on the
// page, in the API, over the live stream (SSE here; the browser test covers the page's script)
// and in the updates' Atom feed; corrections show on the page, in the ARTICLE JSON, in the feed
// entry and in the JSON-LD (parsed with JSON.parse; the feeds with xmllint).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { decodeHtml, expectFieldError, expectProblem, marker, sessionFor, startServer } from './support/server.mjs';
import { SseClient, livePath } from './support/sse_client.mjs';
import { assertWellFormed, el, xpath as xpathOf } from './support/xml.mjs';

const PUBLIC = 'https://news.example.test';

// A feed is checked well-formed before any XPath is read from it.
async function xpath(text, expr) {
    await assertWellFormed(text, 'the feed');
    return xpathOf(text, expr);
}

/** The ids of the update elements in `html`, in page order. */
const updateIds = (html) => [...html.matchAll(/<article class="live-update[^"]*" id="update-(\d+)"/g)].map((m) => Number(m[1]));

describe('live coverage and corrections', () => {
    let server;
    let editor;
    let author;
    let reader;
    let slug;
    let page;
    const m = marker('live');
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_SEED_DEMO: 'false', TRIBUNE_PUBLIC_URL: PUBLIC } });
        editor = await sessionFor(server, 'editor');
        author = await sessionFor(server, 'author');
        reader = await sessionFor(server, 'reader');
        const a = await editor.post('/api/v1/articles', { title: `Storm reaches the coast ${m}`, body_markdown: 'The storm.' });
        assert.equal(a.status, 201, a.describe());
        slug = a.json.slug;
        page = a.json.comments.page;
    });
    after(() => server?.cleanup());

    const updates = (s = slug) => `/api/v1/articles/${s}/updates`;

    test('only editors start coverage and post; updates need coverage on; bad input is 422 and changes nothing', async () => {
        expectProblem(assert, await editor.post(updates(), { body_markdown: 'Too early' }), 409, 'coverage off');
        expectProblem(assert, await server.client().post(`/api/v1/articles/${slug}/live`, { live: true }), 401);
        expectProblem(assert, await reader.post(`/api/v1/articles/${slug}/live`, { live: true }), 403);
        expectProblem(assert, await author.post(`/api/v1/articles/${slug}/live`, { live: true }), 403);
        expectFieldError(assert, await editor.post(`/api/v1/articles/${slug}/live`, { live: 'yes' }), 'live');
        expectFieldError(assert, await editor.post(`/api/v1/articles/${slug}/live`, {}), 'live');
        expectProblem(assert, await editor.post('/api/v1/articles/no-such-story/live', { live: true }), 404);
        assert.equal((await server.client().get(`/api/v1/articles/${slug}`)).json.live, false);

        const on = await editor.post(`/api/v1/articles/${slug}/live`, { live: true });
        assert.equal(on.status, 200, on.describe());
        assert.equal(on.json.live, true);

        for (const who of [reader, author]) expectProblem(assert, await who.post(updates(), { body_markdown: 'Hi' }), 403);
        expectProblem(assert, await server.client().post(updates(), { body_markdown: 'Hi' }), 401);
        expectFieldError(assert, await editor.post(updates(), { body_markdown: '' }), 'body_markdown');
        expectFieldError(assert, await editor.post(updates(), { body_markdown: 'x'.repeat(8001) }), 'body_markdown');
        expectFieldError(assert, await editor.post(updates(), { body_markdown: 'bell \u0007' }), 'body_markdown');
        expectFieldError(assert, await editor.post(updates(), { body_markdown: 'flip \u202e' }), 'body_markdown');
        expectFieldError(assert, await editor.post(updates(), { body_markdown: 7 }), 'body_markdown');
        expectFieldError(assert, await editor.post(updates(), { body_markdown: 'ok', pinned: 'yes' }), 'pinned');
        expectProblem(assert, await editor.post(updates(), { body_markdown: 'ok', colour: 'red' }), 422);
        expectProblem(assert, await editor.request('POST', updates(), { body: '{"body_markdown":', headers: { 'content-type': 'application/json' } }), 400);
        const none = await server.client().get(updates());
        assert.equal(none.status, 200, none.describe());
        assert.deepEqual(none.json.updates, [], 'nothing was stored');
    });

    test('updates are posted, edited, pinned and deleted; the page and the API show them pinned first, newest first', async () => {
        const sse = new SseClient(server, livePath(page));
        assert.equal((await sse.open()).status, 200);
        try {
            await sse.next((d) => d.type === 'hello', { what: 'hello' });
            const first = await editor.post(updates(), { body_markdown: `**Roads** closed <script>alert(1)</script> ${m}` });
            assert.equal(first.status, 201, first.describe());
            assert.match(first.json.body_html, /<strong>Roads<\/strong>/);
            assert.ok(!first.json.body_html.includes('<script'), 'raw HTML never passes');
            const posted = await sse.next((d) => d.type === 'live_update', { what: 'the posted update' });
            assert.equal(posted.action, 'posted');
            assert.equal(posted.update.id, first.json.id);
            assert.match(posted.update.html, /^<article class="live-update" id="update-\d+" data-update-id="\d+"/);
            assert.ok(posted.update.html.includes('<strong>Roads</strong>') && !posted.update.html.includes('<script'));

            const second = await editor.post(updates(), { body_markdown: 'Ferries stopped' });
            const third = await editor.post(updates(), { body_markdown: 'Power is back' });
            assert.equal(third.status, 201);
            const pin = await editor.patch(`${updates()}/${first.json.id}`, { pinned: true });
            assert.equal(pin.status, 200, pin.describe());
            assert.equal(pin.json.pinned, true);
            assert.equal(pin.json.edited_at, null, 'a pin is no edit of the text');
            const edited = await editor.patch(`${updates()}/${second.json.id}`, { body_markdown: 'Ferries stopped until noon' });
            assert.equal(edited.status, 200);
            assert.ok(edited.json.edited_at);
            const edit = await sse.next((d) => d.type === 'live_update' && d.action === 'edited' && d.update.id === second.json.id, { what: 'the edit' });
            assert.ok(edit.update.html.includes('Ferries stopped until noon') && edit.update.html.includes('Edited'));

            const listed = await server.client().get(updates());
            assert.deepEqual(listed.json.updates.map((u) => u.id), [first.json.id, third.json.id, second.json.id]);
            const p1 = await server.client().get(`${updates()}?limit=2`);
            assert.equal(p1.json.updates.length, 2);
            const p2 = await server.client().get(`${updates()}?limit=2&cursor=${encodeURIComponent(p1.json.next_cursor)}`);
            assert.deepEqual(p2.json.updates.map((u) => u.id), [second.json.id]);
            expectProblem(assert, await server.client().get(`${updates()}?limit=0`), 422);

            const html = (await server.client().get(`/articles/${slug}`)).text;
            assert.ok(html.includes('<span class="live-badge">Live</span>'), 'the Live badge shows');
            assert.ok(html.includes('Live updates</h2>'));
            assert.deepEqual(updateIds(html), [first.json.id, third.json.id, second.json.id], 'pinned first, then newest first');
            assert.ok(!html.includes('<script>alert(1)'), 'update text is never markup');
            assert.ok(html.includes(`href="/articles/${slug}/updates.atom"`), 'the updates feed is discoverable');

            // Who may not; what does not exist.
            expectProblem(assert, await reader.patch(`${updates()}/${third.json.id}`, { pinned: true }), 403);
            expectProblem(assert, await author.request('DELETE', `${updates()}/${third.json.id}`), 403);
            expectProblem(assert, await editor.patch(`${updates()}/999999`, { pinned: true }), 404);
            expectProblem(assert, await editor.patch(`${updates()}/abc`, { pinned: true }), 404);
            expectFieldError(assert, await editor.patch(`${updates()}/${third.json.id}`, { body_markdown: ' ' }), 'body_markdown');
            assert.equal((await server.client().get(updates())).json.updates.find((u) => u.id === third.json.id).body_markdown, 'Power is back');

            const gone = await editor.request('DELETE', `${updates()}/${third.json.id}`);
            assert.equal(gone.status, 204, gone.describe());
            const deleted = await sse.next((d) => d.type === 'live_update' && d.action === 'deleted', { what: 'the delete' });
            assert.equal(deleted.update.id, third.json.id);
            expectProblem(assert, await editor.request('DELETE', `${updates()}/${third.json.id}`), 404);
            const after = (await server.client().get(`/articles/${slug}`)).text;
            assert.deepEqual(updateIds(after), [first.json.id, second.json.id], 'the page cache was dropped');

            const feed = (await server.client().get(`/articles/${slug}/updates.atom`));
            assert.equal(feed.status, 200);
            assert.match(feed.headers.get('content-type'), /^application\/atom\+xml/);
            assert.equal(await xpath(feed.text, `count(/${el('feed')}/${el('entry')})`), '2');
            assert.ok((await xpath(feed.text, `string(/${el('feed')}/${el('entry')}[1]/${el('content')})`)).includes('<strong>Roads</strong>'));
        } finally {
            sse.close();
        }

        // Coverage ends: the badge goes, the updates stay, no new ones are taken.
        const off = await editor.post(`/api/v1/articles/${slug}/live`, { live: false });
        assert.equal(off.json.live, false);
        const html = (await server.client().get(`/articles/${slug}`)).text;
        assert.ok(!html.includes('class="live-badge"'));
        assert.equal(updateIds(html).length, 2);
        expectProblem(assert, await editor.post(updates(), { body_markdown: 'After the end' }), 409);
    });

    test('corrections: editors append them; they show on the page, in the JSON, the feed entry and the JSON-LD', async () => {
        const url = `/api/v1/articles/${slug}/corrections`;
        const text = `An earlier version said the storm hit on Monday & <b>not</b> Sunday ${m}`;
        for (const who of [reader, author]) expectProblem(assert, await who.post(url, { text }), 403);
        expectProblem(assert, await server.client().post(url, { text }), 401);
        expectFieldError(assert, await editor.post(url, { text: '' }), 'text');
        expectFieldError(assert, await editor.post(url, { text: 'two\nlines' }), 'text');
        expectFieldError(assert, await editor.post(url, { text: 'flip \u202e' }), 'text');
        expectFieldError(assert, await editor.post(url, { text: 'x'.repeat(2001) }), 'text');
        expectProblem(assert, await editor.post(url, { text: 'x', extra: 1 }), 422);
        const before = await server.client().get(`/api/v1/articles/${slug}`);
        assert.deepEqual(before.json.corrections, [], 'nothing was stored');

        const made = await editor.post(url, { text });
        assert.equal(made.status, 201, made.describe());
        assert.equal(made.json.text, text);
        const a = (await server.client().get(`/api/v1/articles/${slug}`)).json;
        assert.equal(a.corrections.length, 1);
        assert.equal(a.corrections[0].text, text);
        assert.equal(a.corrections[0].at, made.json.at);
        assert.ok(a.updated_at >= made.json.at, 'the article shows it changed');

        const html = (await server.client().get(`/articles/${slug}`)).text;
        assert.match(html, /<aside class="corrections" aria-label="Corrections">\n<p class="correction"><strong class="correction-label">Correction<\/strong> <time datetime="/);
        assert.ok(html.includes('Monday &amp; &lt;b&gt;not&lt;/b&gt; Sunday'), 'escaped text');
        assert.ok(html.includes('<span class="updated">Updated'), 'the Updated line shows');
        const ld = JSON.parse([...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)][0][1]);
        assert.deepEqual(ld.correction, [{ '@type': 'CorrectionComment', text, datePublished: made.json.at }]);

        const atom = (await server.client().get('/feed.atom')).text;
        const content = await xpath(atom, `string(/${el('feed')}/${el('entry')}[1]/${el('content')})`);
        assert.ok(content.includes('Correction') && decodeHtml(content).includes(text), content);
        const rss = (await server.client().get('/feed.rss')).text;
        const encoded = await xpath(rss, `string(//${el('item')}[1]/${el('encoded')})`);
        assert.ok(decodeHtml(encoded).includes(text), encoded);
    });
});
