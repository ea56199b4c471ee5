// Search (docs/openapi.yaml: GET /api/v1/articles?q=, GET /search): ranked full-text search
// over published articles, with highlighted snippets that never carry the article's markup,
// bounded queries and cursor pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectFieldError, expectProblem, marker, startServer } from './support/server.mjs';

describe('search', () => {
    let server;
    let editor;
    // A word no demo article holds, so each search sees only this suite's articles.
    const word = `zq${marker('w').replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
    before(async () => {
        server = await startServer(null);
        editor = server.admin();
    });
    after(() => server?.cleanup());

    const create = async (body) => {
        const r = await editor.post('/api/v1/articles', body);
        assert.equal(r.status, 201, r.describe());
        return r.json;
    };

    test('the API ranks title matches first, stems English and highlights the snippet as escaped HTML', async () => {
        const inBody = await create({
            title: `Quiet evening on the quay ${word}b`,
            body_markdown: `Fishermen said the ferry **runs** late ${word} and the \`<b>bold</b>\` sign was gone.`,
        });
        const inTitle = await create({ title: `Ferry running again ${word}`, body_markdown: 'Nothing else to report.' });
        const draft = await create({ title: `Ferry draft ${word}`, body_markdown: 'Running.', status: 'draft' });

        const reader = server.client();
        const r = await reader.get(`/api/v1/articles?q=${encodeURIComponent(`running ${word}`)}`);
        assert.equal(r.status, 200, r.describe());
        const slugs = r.json.articles.map((a) => a.slug);
        assert.deepEqual(slugs, [inTitle.slug, inBody.slug], 'title match first; the draft is never found');
        assert.ok(!slugs.includes(draft.slug));
        const hit = r.json.articles[1];
        assert.equal(hit.path, inBody.path);
        assert.equal(hit.body_markdown, undefined, 'results carry no bodies');
        assert.match(hit.snippet_html, /<mark>runs<\/mark>/, 'the stemmed word is highlighted');
        assert.ok(hit.snippet_html.includes('&lt;b&gt;bold&lt;/b&gt;'), `markup in the text stays text: ${hit.snippet_html}`);
        assert.doesNotMatch(hit.snippet_html, /<b>/);
        assert.doesNotMatch(hit.snippet_html, /\*\*/, 'the snippet is the text, not its Markdown');
    });

    test('the /search page shows the form, results with highlighted snippets, and "No items found."', async () => {
        const a = await create({
            title: `Harbour wall <b>repaired</b> ${word}c`,
            body_markdown: `Masons repaired the old wall ${word}c with \`<script>x</script>\` stone.`,
        });
        const reader = server.client();
        const empty = await reader.get('/search');
        assert.equal(empty.status, 200);
        assert.match(empty.text, /<label for="search-q">Search articles<\/label>/);
        assert.match(empty.text, /<input id="search-q" name="q" type="search"/);
        assert.doesNotMatch(empty.text, /No items found\./, 'no search yet, no empty state');
        assert.match(empty.text, /<a class="site-search" href="\/search">Search<\/a>/, 'reachable from the header');

        const page = await reader.get(`/search?q=${encodeURIComponent(`${word}c masons`)}`);
        assert.equal(page.status, 200);
        assert.ok(page.text.includes(`href="${a.path}"`), 'the result links to the article');
        assert.ok(page.text.includes('Harbour wall &lt;b&gt;repaired&lt;/b&gt;'), 'the title is escaped');
        assert.match(page.text, /<mark>Masons<\/mark>/);
        assert.ok(page.text.includes('&lt;script&gt;x&lt;/script&gt;'), 'the snippet is escaped');
        assert.doesNotMatch(page.text, /<script>x/);
        assert.match(page.text, /<time datetime="/, 'with its date');
        assert.ok(page.text.includes(`value="${word}c masons"`), 'the form keeps the query');

        const none = await reader.get(`/search?q=${word}nothing`);
        assert.equal(none.status, 200);
        assert.match(none.text, /<p class="empty-state">No items found\.<\/p>/);
    });

    test('operators, quotes and column filters in q are words, never errors', async () => {
        await create({ title: `Lighthouse keeper retires ${word}d`, body_markdown: 'After forty years near the rocks.' });
        const reader = server.client();
        for (const q of [`"${word}d`, `${word}d NEAR(keeper rocks)`, `title:${word}d`, `${word}d AND -keeper*`,
            `${word}d OR ^`, `(${word}d`, `'${word}d'`, `{title} : ${word}d`]) {
            const r = await reader.get(`/api/v1/articles?q=${encodeURIComponent(q)}`);
            assert.equal(r.status, 200, `${q}: ${r.describe()}`);
            const p = await reader.get(`/search?q=${encodeURIComponent(q)}`);
            assert.equal(p.status, 200, q);
        }
        const quoted = await reader.get(`/api/v1/articles?q=${encodeURIComponent(`"keeper" ${word}d`)}`);
        assert.equal(quoted.json.articles.length, 1);
        const punct = await reader.get(`/api/v1/articles?q=${encodeURIComponent('"*:^()')}`);
        assert.equal(punct.status, 200);
        assert.deepEqual(punct.json.articles, [], 'no words: nothing found');
    });

    test('q is bounded: too long or too many words is a 422 naming q', async () => {
        const reader = server.client();
        const long = await reader.get(`/api/v1/articles?q=${'a'.repeat(201)}`);
        expectProblem(assert, long, 422);
        expectFieldError(assert, long, 'q');
        const many = await reader.get(`/api/v1/articles?q=${encodeURIComponent('a b c d e f g h i j k')}`);
        expectProblem(assert, many, 422);
        expectFieldError(assert, many, 'q');
        const page = await reader.get(`/search?q=${'a'.repeat(201)}`);
        assert.equal(page.status, 422);
        assert.match(page.header('content-type'), /text\/html/);
        const mixed = await reader.get(`/api/v1/articles?q=${word}&tag=x`);
        expectProblem(assert, mixed, 422);
        const badCursor = await reader.get(`/api/v1/articles?q=${word}&cursor=zzz`);
        expectProblem(assert, badCursor, 400);
    });

    test('pages follow the cursor in rank order without repeats; the page links to the next', async () => {
        const pageWord = `${word}p`;
        const made = [];
        for (let i = 0; i < 23; ++i) made.push((await create({ title: `Tide table ${i} ${pageWord}`, body_markdown: 'Tides.' })).slug);
        const reader = server.client();
        const seen = [];
        let cursor = null;
        for (let n = 0; n < 30; ++n) {
            const r = await reader.get(`/api/v1/articles?q=${pageWord}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
            assert.equal(r.status, 200, r.describe());
            assert.ok(r.json.articles.length <= 5);
            seen.push(...r.json.articles.map((a) => a.slug));
            cursor = r.json.next_cursor;
            if (!cursor) break;
        }
        assert.equal(seen.length, 23, 'every result once');
        assert.deepEqual([...seen].sort(), [...made].sort());
        const whole = await reader.get(`/api/v1/articles?q=${pageWord}&limit=100`);
        assert.deepEqual(whole.json.articles.map((a) => a.slug), seen, 'pages in the order of one big page');
        assert.equal(whole.json.next_cursor, undefined, 'the last page has no cursor');

        const first = await reader.get(`/search?q=${pageWord}`);
        assert.equal(first.status, 200);
        assert.equal((first.text.match(/class="teaser search-result"/g) ?? []).length, 20, '20 a page');
        const next = first.text.match(/<a rel="next" href="([^"]+)">Next<\/a>/);
        assert.ok(next, 'a Next link');
        const second = await reader.get(next[1].replaceAll('&amp;', '&'));
        assert.equal(second.status, 200);
        assert.equal((second.text.match(/class="teaser search-result"/g) ?? []).length, 3);
        assert.doesNotMatch(second.text, /rel="next"/, 'the last page links nowhere');
    });

    test('an update re-indexes: the old word is gone, the new one found; unpublishing hides it', async () => {
        const a = await create({ title: `Market day ${word}u`, body_markdown: `Apples ${word}old.` });
        const reader = server.client();
        const found = async (q) => (await reader.get(`/api/v1/articles?q=${q}`)).json.articles.map((x) => x.slug);
        assert.deepEqual(await found(`${word}old`), [a.slug]);
        const patched = await editor.patch(`/api/v1/articles/${a.slug}`, { body_markdown: `Pears ${word}new.` });
        assert.equal(patched.status, 200, patched.describe());
        assert.deepEqual(await found(`${word}old`), []);
        assert.deepEqual(await found(`${word}new`), [a.slug]);
        const gone = await editor.patch(`/api/v1/articles/${a.slug}`, { status: 'unpublished' });
        assert.equal(gone.status, 200, gone.describe());
        assert.deepEqual(await found(`${word}new`), []);
    });

    test('an API search answered before a change is not answered again after it', async () => {
        const q = `${word}apikept`;
        const reader = server.client();
        const first = await reader.get(`/api/v1/articles?q=${q}`);
        assert.equal(first.status, 200, first.describe());
        assert.deepEqual(first.json.articles, []);
        const again = await reader.get(`/api/v1/articles?q=${q}&limit=20`);
        assert.equal(again.text, first.text, 'the same answer while nothing changes (limit=20 is the default)');
        const a = await create({ title: `Harbour lights ${q}`, body_markdown: 'Lights on the water.' });
        const after = await reader.get(`/api/v1/articles?q=${q}`);
        assert.deepEqual(after.json.articles.map((x) => x.slug), [a.slug], 'the new article is found at once');
        const staff = await editor.get(`/api/v1/articles?q=${q}`);
        assert.deepEqual(staff.json.articles.map((x) => x.slug), [a.slug], 'the same answer for staff');
    });

    test('a search page answered before a change is not answered again after it', async () => {
        const reader = server.client();
        const q = encodeURIComponent(`${word}kept`);
        const before = await reader.get(`/search?q=${q}`);
        assert.equal(before.status, 200, before.describe());
        assert.match(before.text, /No items found\./);
        const again = await reader.get(`/search?q=${q}`);
        assert.equal(again.text, before.text, 'the same answer while nothing changes');
        const a = await create({ title: `Lantern fair ${word}kept`, body_markdown: 'Lanterns everywhere.' });
        const after = await reader.get(`/search?q=${q}`);
        assert.equal(after.status, 200, after.describe());
        assert.ok(after.text.includes(`href="${a.path}"`), 'the new article is found at once');
        assert.doesNotMatch(after.text, /No items found\./);
    });
});
