// Publishing through the API and the command line (docs/openapi.yaml, README "Articles"): who may
// write, what readers see of each status, old slugs, versions, and that a file published at the
// command line reaches the running server at once.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    cliArticle, expectFieldError, expectProblem, marker, sessionFor, startServer, waitFor,
} from './support/server.mjs';

describe('articles', () => {
    let server;
    let editor;
    before(async () => {
        server = await startServer(null);
        editor = server.admin();
    });
    after(() => server?.cleanup());

    const create = (body, client = editor) => client.post('/api/v1/articles', body);

    test('an editor creates an article that readers find on its page, the home page and the API', async () => {
        const title = `Lifeboat crew rescues two kayakers ${marker()}`;
        const r = await create({
            title, body_markdown: 'Both were **unhurt**. <script>alert(1)</script>',
            authors: ['Maren Oyelaran', 'Ana Núñez'], section: 'Harbour', tags: ['Lifeboat', 'Safety'],
            summary: 'A calm end to a rough afternoon.',
        });
        assert.equal(r.status, 201, r.describe());
        const a = r.json;
        assert.equal(r.header('location'), `/api/v1/articles/${a.slug}`);
        assert.match(a.slug, /^lifeboat-crew-rescues-two-kayakers-/);
        assert.equal(a.path, `/articles/${a.slug}`);
        assert.deepEqual(a.authors.map((x) => [x.name, x.slug, x.path]),
            [['Maren Oyelaran', 'maren-oyelaran', '/authors/maren-oyelaran'], ['Ana Núñez', 'ana-nunez', '/authors/ana-nunez']]);
        assert.deepEqual(a.section, { name: 'Harbour', slug: 'harbour', path: '/sections/harbour' });
        assert.equal(a.status, 'published');
        assert.equal(a.revision, 1);
        assert.deepEqual(a.comments, { page: a.path, total: 0, closed: false });
        assert.match(a.body_html, /<strong>unhurt<\/strong>/);
        assert.doesNotMatch(a.body_html, /<script>/, 'raw HTML never reaches the page');

        const reader = server.client();
        const page = await reader.get(a.path);
        assert.equal(page.status, 200);
        assert.match(page.text, /By <span class="author">Maren Oyelaran and Ana Núñez<\/span>/);
        const home = await reader.get('/');
        assert.ok(home.text.includes(`href="${a.path}"`), 'on the home page');
        const one = await reader.get(`/api/v1/articles/${a.slug}`);
        assert.equal(one.status, 200);
        assert.equal(one.json.title, title);
        const bySection = await reader.get('/api/v1/articles?section=harbour&limit=100');
        assert.ok(bySection.json.articles.some((x) => x.slug === a.slug));
        assert.ok(bySection.json.articles.every((x) => x.section?.slug === 'harbour'));
        assert.equal(bySection.json.articles[0].body_markdown, undefined, 'lists carry no bodies');
    });

    test('readers and moderators may not write; bad drafts get field errors and change nothing', async () => {
        const before = (await server.client().get('/api/v1/articles?status=all', { bearer: server.adminToken })).json.articles.length;
        expectProblem(assert, await create({ title: 'x' }, server.client()), 401);
        const moderator = await sessionFor(server, 'moderator');
        expectProblem(assert, await create({ title: 'x' }, moderator), 403);
        expectFieldError(assert, await create({ body_markdown: 'no title' }), 'title');
        expectFieldError(assert, await create({ title: 'T', slug: 'Not A Slug' }), 'slug');
        expectFieldError(assert, await create({ title: 'T', status: 'live' }), 'status');
        expectFieldError(assert, await create({ title: 'T', tags: 'not a list' }), 'tags');
        expectFieldError(assert, await create({ title: 'T', colour: 'red' }), 'colour');
        expectFieldError(assert, await create({ title: 'T', published_at: '2999-01-01T00:00:00Z' }), 'published_at');
        expectProblem(assert, await editor.post('/api/v1/articles', undefined, { body: '{"title":', headers: { 'content-type': 'application/json' } }), 400);
        const afterCount = (await server.client().get('/api/v1/articles?status=all', { bearer: server.adminToken })).json.articles.length;
        assert.equal(afterCount, before);
        expectProblem(assert, await server.client().get('/api/v1/articles?status=draft'), 401);
        expectProblem(assert, await server.client().get('/api/v1/articles?cursor=bogus'), 400);
        expectProblem(assert, await server.client().get('/api/v1/articles?limit=0'), 422);
    });

    test('drafts answer 404 to readers, unpublished articles 410; editors see both', async () => {
        const draft = await create({ title: `Embargoed ${marker()}`, status: 'draft' });
        assert.equal(draft.status, 201, draft.describe());
        const reader = server.client();
        assert.equal((await reader.get(draft.json.path)).status, 404);
        expectProblem(assert, await reader.get(`/api/v1/articles/${draft.json.slug}`), 404);
        assert.equal((await editor.get(`/api/v1/articles/${draft.json.slug}`)).json.status, 'draft');

        const live = await create({ title: `Withdrawn ${marker()}` });
        assert.equal((await reader.get(live.json.path)).status, 200);
        const off = await editor.patch(`/api/v1/articles/${live.json.slug}`, { status: 'unpublished' });
        assert.equal(off.status, 200, off.describe());
        assert.equal((await reader.get(live.json.path)).status, 410, 'the cached page went with it');
        expectProblem(assert, await reader.get(`/api/v1/articles/${live.json.slug}`), 410);
    });

    test('a new slug answers 301 from the old one, comments stay, and a stale edit is refused', async () => {
        const a = (await create({ title: `Old name ${marker()}` })).json;
        const comment = await server.client().postComment({ page: a.comments.page, text: 'First!' });
        assert.equal(comment.status, 201, comment.describe());
        const newSlug = `new-name-${marker().toLowerCase().replace(/[^a-z0-9]/g, '')}`;
        const renamed = await editor.patch(`/api/v1/articles/${a.slug}`, { slug: newSlug, base_revision: 1 });
        assert.equal(renamed.status, 200, renamed.describe());
        assert.equal(renamed.json.revision, 2);
        assert.equal(renamed.json.comments.page, a.comments.page, 'the discussion keeps its page key');
        const moved = await server.client().get(`${a.path}?utm=x`);
        assert.equal(moved.status, 301);
        assert.equal(moved.header('location'), `/articles/${newSlug}?utm=x`);
        const stale = await editor.patch(`/api/v1/articles/${newSlug}`, { title: 'Lost edit', base_revision: 1 });
        expectProblem(assert, stale, 409);
        assert.notEqual((await editor.get(`/api/v1/articles/${newSlug}`)).json.title, 'Lost edit');
    });

    test('`tribune article publish FILE.md` publishes, publishes again as an update, lists and unpublishes', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'tribune-article-'));
        const slug = `ferry-timetable-${marker().toLowerCase().replace(/[^a-z0-9]/g, '')}`;
        const file = join(dir, 'ferry.md');
        const write = (body) => writeFile(file, `---\ntitle: Winter ferry timetable\nslug: ${slug}\nauthors: [Idris Callow]\n`
            + `section: Transport\ntags: [ferries, winter]\nsummary: Fewer sailings from Monday.\n---\n${body}\n`);
        await write('The **winter** timetable starts on Monday.');
        const reader = server.client();
        // A reader has the page cached before the second publish.
        const first = await cliArticle(server, 'publish', file);
        assert.equal(first.code, 0, first.stderr);
        assert.equal(first.stdout.trim(), `/articles/${slug}`);
        assert.match((await reader.get(`/articles/${slug}`)).text, /<strong>winter<\/strong>/);

        await write('The timetable now starts on **Tuesday**.');
        const second = await cliArticle(server, 'publish', file);
        assert.equal(second.code, 0, second.stderr);
        await waitFor(async () => /<strong>Tuesday<\/strong>/.test((await reader.get(`/articles/${slug}`)).text),
            { ms: 5000, what: 'the running server to show the update' });
        const api = await reader.get(`/api/v1/articles/${slug}`);
        assert.equal(api.json.revision, 2);

        const list = await cliArticle(server, 'list');
        assert.equal(list.code, 0, list.stderr);
        assert.match(list.stdout, new RegExp(`^published\\t\\S+\\t${slug}\\tWinter ferry timetable$`, 'm'));

        const off = await cliArticle(server, 'unpublish', slug);
        assert.equal(off.code, 0, off.stderr);
        await waitFor(async () => (await reader.get(`/articles/${slug}`)).status === 410,
            { ms: 5000, what: 'the running server to withdraw the page' });

        await writeFile(file, '---\ntitle: Broken\ncolour: red\n---\nBody\n');
        const bad = await cliArticle(server, 'publish', file);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /colour/);
        const missing = await cliArticle(server, 'unpublish', 'no-such-article');
        assert.equal(missing.code, 2);
    });
});
