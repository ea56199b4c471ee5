// Private preview links (docs/openapi.yaml, POST /api/v1/articles/{slug}/preview-link and
// GET /preview/{slug}): an unpublished article shown as readers will see it to whoever holds the
// link, and to nobody with a link that is altered, expired or made for another article.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectFieldError, expectProblem, marker, sessionFor, startServer } from './support/server.mjs';

describe('preview links', () => {
    let server;
    let editor;
    before(async () => {
        server = await startServer(null);
        editor = server.admin();
    });
    after(() => server?.cleanup());

    const draft = async (client, title) => {
        const r = await client.post('/api/v1/articles', { title, body_markdown: 'Embargoed **text**.', status: 'draft' });
        assert.equal(r.status, 201, r.describe());
        return r.json;
    };

    test('whoever holds the link sees the draft as readers will, unindexed and uncached; nobody else', async () => {
        const title = `Budget leak ${marker()}`;
        const a = await draft(editor, title);
        assert.equal((await server.client().get(a.path)).status, 404, 'not public');
        const r = await editor.post(`/api/v1/articles/${a.slug}/preview-link`, { days: 2 });
        assert.equal(r.status, 201, r.describe());
        assert.match(r.json.path, new RegExp(`^/preview/${a.slug}\\?expires=\\d+&sig=[0-9a-f]{64}$`));
        assert.ok(r.json.url.endsWith(r.json.path));
        const days = (Date.parse(r.json.expires_at) - Date.now()) / 86400000;
        assert.ok(days > 1.9 && days <= 2.01, `expires in two days: ${r.json.expires_at}`);

        const page = await server.client().get(r.json.path);
        assert.equal(page.status, 200, page.describe());
        assert.ok(page.text.includes(title));
        assert.match(page.text, /<strong>text<\/strong>/);
        assert.match(page.text, /class="preview-banner"/);
        assert.match(page.text, /<meta name="robots" content="noindex, nofollow">/);
        assert.equal(page.header('cache-control'), 'no-store');
        assert.equal(page.header('x-robots-tag'), 'noindex, nofollow');
        assert.ok(!page.text.includes('application/ld+json'), 'no cards or JSON-LD for a preview');
        assert.ok(!/<form[^>]+action="\/articles\/[^"]+\/comments"/.test(page.text), 'no comment form');

        const [path, query] = r.json.path.split('?');
        const params = new URLSearchParams(query);
        const sig = params.get('sig');
        const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
        const other = await draft(editor, `Other draft ${marker()}`);
        for (const bad of [
            `${path}?expires=${params.get('expires')}&sig=${flipped}`,
            `${path}?expires=${Number(params.get('expires')) + 1}&sig=${sig}`,
            `${path}?expires=1000&sig=${sig}`,
            `/preview/${other.slug}?${query}`,
            `${path}?sig=${sig}`,
            path,
        ]) assert.equal((await server.client().get(bad)).status, 404, bad);

        // A new slug keeps the link working (it names the article's fixed discussion page).
        const moved = await editor.patch(`/api/v1/articles/${a.slug}`, { slug: `${a.slug}-v2` });
        assert.equal(moved.status, 200, moved.describe());
        assert.equal((await server.client().get(r.json.path)).status, 200);
        // A withdrawn article is withdrawn for link holders too.
        const published = await editor.patch(`/api/v1/articles/${a.slug}-v2`, { status: 'published' });
        assert.equal(published.status, 200, published.describe());
        const withdrawn = await editor.patch(`/api/v1/articles/${a.slug}-v2`, { status: 'unpublished' });
        assert.equal(withdrawn.status, 200, withdrawn.describe());
        assert.equal((await server.client().get(r.json.path)).status, 404);
    });

    test('authors make links for their own drafts only; readers none; days are bounded', async () => {
        const author = await sessionFor(server, 'author');
        const mine = await draft(author, `Author draft ${marker()}`);
        const theirs = await draft(editor, `Desk draft ${marker()}`);
        assert.equal((await author.post(`/api/v1/articles/${mine.slug}/preview-link`, {})).status, 201);
        expectProblem(assert, await author.post(`/api/v1/articles/${theirs.slug}/preview-link`, {}), 404);
        const reader = await sessionFor(server, 'reader');
        expectProblem(assert, await reader.post(`/api/v1/articles/${mine.slug}/preview-link`, {}), 403);
        expectProblem(assert, await server.client().post(`/api/v1/articles/${mine.slug}/preview-link`, {}), 401);
        expectFieldError(assert, await editor.post(`/api/v1/articles/${mine.slug}/preview-link`, { days: 0 }), 'days');
        expectFieldError(assert, await editor.post(`/api/v1/articles/${mine.slug}/preview-link`, { days: 31 }), 'days');
        expectFieldError(assert, await editor.post(`/api/v1/articles/${mine.slug}/preview-link`, { hours: 3 }), 'hours');
        expectProblem(assert, await editor.post('/api/v1/articles/no-such-article/preview-link', {}), 404);
    });
});
