// Articles across nodes: two `tribune serve` nodes on one private PostgreSQL (scripts/pg.sh).
// Whatever changes an article on one node (the API, the command line, the scheduler), or an
// author's profile, is on the other node's home, section, tag, author and article pages and in
// its sitemap at once: each node keeps those pages cached for 30 s, so every check below waits at
// most a few seconds (the bus's notification), far less than a cached page would live.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { cliArticle, decodeHtml, marker, waitFor } from './support/server.mjs';
import { startTwoNodes } from './support/two_nodes.mjs';

// Far under the 30 s a cached page lives: passing means the change was told, not aged out.
const SOON = { ms: 5000, every: 25 };

const shows = async (node, path, text) => decodeHtml((await node.client().get(path)).text).includes(text);

describe('articles on two nodes', { timeout: 180000 }, () => {
    let a;
    let b;
    let cleanup;

    before(async () => {
        ({ a, b, cleanup } = await startTwoNodes('articles'));
    });

    after(async () => {
        await cleanup?.();
    });

    test('published, updated and unpublished on A: B shows each at once, on every page that lists it', async () => {
        const editor = a.admin();
        const m = marker('mn').toLowerCase().replace(/[^a-z0-9]/g, '');
        const first = await editor.post('/api/v1/articles', {
            title: `Harbour wall ${m}`, body_markdown: 'x', section: `Coast ${m}`, tags: [`Tides ${m}`], authors: [`Ola Berg ${m}`],
        });
        assert.equal(first.status, 201, first.describe());
        const section = `/sections/${first.json.section.slug}`;
        const tag = `/tags/${first.json.tags[0].slug}`;
        const author = `/authors/${first.json.authors[0].slug}`;
        const listings = ['/', section, tag, author];
        // B caches every listing, the sitemaps and the first article's page.
        for (const path of [...listings, '/sitemap.xml', '/sitemap-news.xml', first.json.path]) {
            const r = await b.client().get(path);
            assert.equal(r.status, 200, `${path}: ${r.describe()}`);
        }
        assert.ok(!(await shows(b, '/', `Ferry pier ${m}`)));

        const second = await editor.post('/api/v1/articles', {
            title: `Ferry pier ${m}`, body_markdown: 'y', section: `Coast ${m}`, tags: [`Tides ${m}`], authors: [`Ola Berg ${m}`],
        });
        assert.equal(second.status, 201, second.describe());
        for (const path of listings)
            await waitFor(() => shows(b, path, `Ferry pier ${m}`), { ...SOON, what: `B's ${path} to list the new article` });
        await waitFor(() => shows(b, '/sitemap.xml', second.json.path), { ...SOON, what: "B's sitemap to name it" });
        await waitFor(() => shows(b, '/sitemap-news.xml', `Ferry pier ${m}`), { ...SOON, what: "B's news sitemap to name it" });

        const renamed = await editor.patch(`/api/v1/articles/${first.json.slug}`, { title: `Harbour wall mended ${m}` });
        assert.equal(renamed.status, 200, renamed.describe());
        await waitFor(() => shows(b, first.json.path, `Harbour wall mended ${m}`), { ...SOON, what: "B's article page to show the update" });
        await waitFor(() => shows(b, section, `Harbour wall mended ${m}`), { ...SOON, what: "B's section page to show the update" });

        const off = await editor.patch(`/api/v1/articles/${second.json.slug}`, { status: 'unpublished' });
        assert.equal(off.status, 200, off.describe());
        await waitFor(async () => (await b.client().get(second.json.path)).status === 410, { ...SOON, what: 'B to answer 410' });
        await waitFor(async () => !(await shows(b, '/', `Ferry pier ${m}`)), { ...SOON, what: "B's home to drop it" });
        await waitFor(async () => !(await shows(b, '/sitemap.xml', second.json.path)), { ...SOON, what: "B's sitemap to drop it" });
    });

    test('an author renamed on A: B shows the new heading on the author page it had cached', async () => {
        const editor = a.admin();
        const m = marker('mn');
        const created = await editor.post('/api/v1/articles', { title: `Lock gates ${m}`, body_markdown: 'x', authors: [`Kari Holm ${m}`] });
        assert.equal(created.status, 201, created.describe());
        const slug = created.json.authors[0].slug;
        assert.ok(await shows(b, `/authors/${slug}`, `Kari Holm ${m}`));  // cached on B from here
        const r = await editor.patch(`/api/v1/authors/${slug}`, { name: `Kari Holm-Berg ${m}` });
        assert.equal(r.status, 200, r.describe());
        await waitFor(() => shows(b, `/authors/${slug}`, `Kari Holm-Berg ${m}`), { ...SOON, what: "B's author page heading" });
    });

    test('published at the command line while both nodes run: both show it', async () => {
        const m = marker('cli').toLowerCase().replace(/[^a-z0-9]/g, '');
        const dir = await mkdtemp(join(tmpdir(), 'tribune-article-mn-'));
        try {
            const file = join(dir, 'piece.md');
            await writeFile(file, `---\ntitle: Night buses ${m}\nslug: night-buses-${m}\nsection: Transport\n---\nFrom Friday.\n`);
            for (const node of [a, b]) assert.ok(!(await shows(node, '/', `Night buses ${m}`)));  // both cached
            const done = await cliArticle(a, 'publish', file);
            assert.equal(done.code, 0, done.stderr);
            // A node takes the command line's notice within a second, then tells the other.
            for (const [name, node] of [['A', a], ['B', b]])
                await waitFor(() => shows(node, '/', `Night buses ${m}`), { ms: 8000, every: 50, what: `${name}'s home to list it` });
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });

    test('a scheduled article goes out on one node and appears on both', async () => {
        const editor = a.admin();
        const m = marker('sch');
        const at = new Date(Date.now() + 2500).toISOString();
        const r = await editor.post('/api/v1/articles', { title: `Tide tables ${m}`, body_markdown: 'x', status: 'scheduled', published_at: at });
        assert.equal(r.status, 201, r.describe());
        for (const node of [a, b]) assert.ok(!(await shows(node, '/', `Tide tables ${m}`)));  // both cached, before its time
        // Due in 2.5 s, published within a second of that by whichever node's scheduler gets it.
        for (const [name, node] of [['A', a], ['B', b]])
            await waitFor(() => shows(node, '/', `Tide tables ${m}`), { ms: 9000, every: 50, what: `${name}'s home to list it` });
    });
});
