// The reader pages that list articles (home, /sections/{slug}, /tags/{slug}, /authors/{slug}):
// what each holds, its pages (?cursor=), its empty state, that a change shows at once although
// first pages are cached, and the related articles under an article.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { cliArticle, decodeHtml, marker, startServer, waitFor } from './support/server.mjs';

// The article paths a list page links to, in page order (teasers only, not the header's links).
function listed(html) {
    const list = html.match(/<ol class="article-list">([\s\S]*?)<\/ol>/);
    if (!list) return [];
    return [...list[1].matchAll(/<h2><a href="([^"]+)">/g)].map((m) => m[1]);
}

function nextLink(html) {
    const m = html.match(/<a rel="next" href="([^"]+)">/);
    return m ? decodeHtml(m[1]) : null;
}

describe('article lists', () => {
    let server;
    let editor;
    before(async () => {
        server = await startServer(null);
        editor = server.admin();
    });
    after(() => server?.cleanup());

    const publish = async (fields) => {
        const r = await editor.post('/api/v1/articles', { body_markdown: 'Text.', ...fields });
        assert.equal(r.status, 201, r.describe());
        return r.json;
    };

    test('a section page lists its articles newest first, a page at a time; unknown or malformed ones are 404', async () => {
        const m = marker();
        const section = `Tide tables ${m}`;
        const made = [];
        for (let i = 0; i < 22; i += 1) {
            made.push(await publish({
                title: `High water ${i} ${m}`, section,
                published_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
            }));
        }
        const slug = made[0].section.slug;
        const reader = server.client();
        const first = await reader.get(`/sections/${slug}`);
        assert.equal(first.status, 200);
        assert.match(first.text, /<p class="list-kind">Section<\/p>/);
        assert.ok(decodeHtml(first.text).includes(`<h1 class="page-title">${section}</h1>`));
        const newestFirst = made.map((a) => a.path).reverse();
        assert.deepEqual(listed(first.text), newestFirst.slice(0, 20));
        assert.match(first.text, new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]*" href="/sections/${slug}/feed\\.atom">`),
            'the section\'s feed is named in the head');
        const next = nextLink(first.text);
        assert.ok(next?.startsWith(`/sections/${slug}?cursor=`), `a next link: ${next}`);
        const second = await reader.get(next);
        assert.equal(second.status, 200);
        assert.deepEqual(listed(second.text), newestFirst.slice(20));
        assert.equal(nextLink(second.text), null, 'the last page has no next link');

        assert.equal((await reader.get(`/sections/${slug}?cursor=bogus`)).status, 400);
        assert.equal((await reader.get('/sections/no-such-section-here')).status, 404);
        assert.equal((await reader.get('/sections/Not%20A%20Slug')).status, 404);
    });

    test('tag and author pages list what they name; a kept author without published articles shows the empty state', async () => {
        const m = marker();
        const a = await publish({ title: `Ferry timetable ${m}`, authors: [`Ines Vardy ${m}`], tags: [`Ferries ${m}`] });
        const draft = await editor.post('/api/v1/articles', { title: `Unfinished ${m}`, body_markdown: 'x', status: 'draft', authors: [`Quiet Writer ${m}`] });
        assert.equal(draft.status, 201);
        const reader = server.client();
        const tag = await reader.get(`/tags/${a.tags[0].slug}`);
        assert.equal(tag.status, 200);
        assert.deepEqual(listed(tag.text), [a.path]);
        const author = await reader.get(a.authors[0].path);
        assert.equal(author.status, 200);
        assert.match(author.text, /<p class="list-kind">Author<\/p>/);
        assert.deepEqual(listed(author.text), [a.path]);
        // A byline on a draft alone is nobody's news yet; a profile an editor keeps is shown.
        assert.equal((await reader.get(draft.json.authors[0].path)).status, 404);
        const kept = await editor.patch(`/api/v1/authors/${draft.json.authors[0].slug}`, { bio: 'Writes the long reads.' });
        assert.equal(kept.status, 200, kept.describe());
        const quiet = await reader.get(draft.json.authors[0].path);
        assert.equal(quiet.status, 200);
        assert.match(quiet.text, /<p class="empty-state">No items found\.<\/p>/);
        assert.ok(!quiet.text.includes(draft.json.path), 'a draft is never listed');
        assert.equal((await reader.get('/authors/nobody-by-this-name')).status, 404);
    });

    test('names are shown as text', async () => {
        const a = await publish({ title: `Bold move ${marker()}`, section: `<b>Bold</b> ${marker()}` });
        const page = await server.client().get(a.section.path);
        assert.equal(page.status, 200);
        assert.match(page.text, /<h1 class="page-title">&lt;b&gt;Bold&lt;\/b&gt;/);
    });

    test('a cached list shows a change at once: API, unpublish and the command line', async () => {
        const m = marker();
        const first = await publish({ title: `Quay works begin ${m}`, section: `Works ${m}` });
        const path = first.section.path;
        const reader = server.client();
        assert.deepEqual(listed((await reader.get(path)).text), [first.path]);
        assert.deepEqual(listed((await reader.get(path)).text), [first.path], 'served again (from the cache)');
        const second = await publish({ title: `Quay works end ${m}`, section: `Works ${m}` });
        assert.deepEqual(listed((await reader.get(path)).text), [second.path, first.path]);
        const home = await reader.get('/');
        assert.equal(listed(home.text)[0], second.path, 'the newest article leads the home page');

        const gone = await editor.patch(`/api/v1/articles/${second.slug}`, { status: 'unpublished' });
        assert.equal(gone.status, 200, gone.describe());
        assert.deepEqual(listed((await reader.get(path)).text), [first.path]);

        const dir = await mkdtemp(join(tmpdir(), 'tribune-lists-'));
        const file = join(dir, 'pause.md');
        await writeFile(file, `---\ntitle: Quay works pause ${m}\nsection: Works ${m}\n---\nBody.\n`);
        const cli = await cliArticle(server, 'publish', file);
        assert.equal(cli.code, 0, cli.stderr);
        await waitFor(async () => listed((await reader.get(path)).text).length === 2, { what: 'the CLI article listed' });
    });

    test('a later page is kept like a first page: one entry whatever else the query holds, and a change shows at once', async () => {
        const m = marker();
        const section = `Lock gates ${m}`;
        const made = [];
        for (let i = 0; i < 22; i += 1) {
            made.push(await publish({
                title: `Gate ${i} ${m}`, section,
                published_at: new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString(),
            }));
        }
        const reader = server.client();
        const next = nextLink((await reader.get(made[0].section.path)).text);
        assert.ok(next?.includes('?cursor='), `a next link: ${next}`);
        const second = await reader.get(next);
        assert.equal(second.status, 200);
        const oldest = [made[1].path, made[0].path];
        assert.deepEqual(listed(second.text), oldest);
        const again = await reader.get(next);
        assert.deepEqual(listed(again.text), oldest, 'served again (from the cache)');
        const tagged = await reader.get(`${next}&utm_source=newsletter`);
        assert.equal(tagged.status, 200);
        assert.deepEqual(listed(tagged.text), oldest, 'other parameters: the same page');
        assert.equal(tagged.headers.get('etag'), second.headers.get('etag'), 'and the same entry');

        // An older article lands on that later page; the page shows it at the next read.
        const older = await publish({
            title: `Gate before ${m}`, section, published_at: new Date(Date.UTC(2026, 0, 1)).toISOString(),
        });
        assert.deepEqual(listed((await reader.get(next)).text), [...oldest, older.path]);
        assert.deepEqual(listed((await reader.get(`${next}&utm_source=newsletter`)).text), [...oldest, older.path]);
        const gone = await editor.patch(`/api/v1/articles/${made[0].slug}`, { status: 'unpublished' });
        assert.equal(gone.status, 200, gone.describe());
        assert.deepEqual(listed((await reader.get(next)).text), [made[1].path, older.path]);
        assert.equal((await reader.get(`${made[0].section.path}?cursor=${encodeURIComponent('a' + next.split('=')[1])}`)).status, 400,
            'a cursor the server did not spell is refused, not kept');
    });

    test('under an article: more by its author, then others on its tags', async () => {
        const m = marker();
        const author = `Tomas Leclerc ${m}`;
        const tag = `Storms ${m}`;
        const main = await publish({ title: `Gale warning ${m}`, authors: [author], tags: [tag] });
        const same = await publish({ title: `Wind farm ${m}`, authors: [author], published_at: '2026-01-02T00:00:00Z' });
        const topic = await publish({ title: `Sea wall ${m}`, authors: [`Other Hand ${m}`], tags: [tag], published_at: '2026-01-03T00:00:00Z' });
        const page = (await server.client().get(main.path)).text;
        const related = page.match(/<aside class="related"[\s\S]*?<\/aside>/)[0];
        assert.ok(decodeHtml(related).includes(`More by ${author}`));
        const byAuthor = related.split('On the same topics')[0];
        assert.ok(byAuthor.includes(`href="${same.path}"`), 'more by the author');
        assert.ok(!byAuthor.includes(`href="${main.path}"`), 'never itself');
        assert.ok(related.split('On the same topics')[1]?.includes(`href="${topic.path}"`), 'on the same topics');

        const lonely = await publish({ title: `Lone piece ${m}`, authors: [`Solo Writer ${m}`] });
        const alone = (await server.client().get(lonely.path)).text;
        assert.match(alone, /<aside class="related"[\s\S]*No items found\.[\s\S]*<\/aside>/);
        assert.ok(!alone.includes('On the same topics'));
    });
});
