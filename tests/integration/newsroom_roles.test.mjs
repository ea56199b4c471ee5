// The newsroom's roles (README "Articles"): authors write their own drafts, editors publish
// anything and keep the author profiles, readers and moderators do neither; and the profiles as
// the API and the author pages show them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { decodeHtml, expectFieldError, expectProblem, marker, sessionFor, startServer } from './support/server.mjs';

describe('newsroom roles', () => {
    let server;
    let author;
    let editor;
    let writer;
    before(async () => {
        server = await startServer(null);
        author = await sessionFor(server, 'author');
        editor = await sessionFor(server, 'editor');
    });
    after(() => server?.cleanup());

    test('an author writes drafts under their own byline and may not publish them', async () => {
        const m = marker();
        const r = await author.post('/api/v1/articles', { title: `Pier repairs ${m}`, body_markdown: 'Draft text.' });
        assert.equal(r.status, 201, r.describe());
        assert.equal(r.json.status, 'draft', 'an author\'s article starts as a draft');
        assert.equal(r.json.authors[0].name, author.account.name);
        const slug = r.json.slug;

        const withOthers = await author.post('/api/v1/articles', { title: `Joint piece ${m}`, authors: ['Someone Else'], body_markdown: 'x' });
        assert.equal(withOthers.status, 201);
        assert.deepEqual(withOthers.json.authors.map((a) => a.name), [author.account.name, 'Someone Else'], 'their byline is kept first');

        expectProblem(assert, await author.post('/api/v1/articles', { title: `Straight out ${m}`, body_markdown: 'x', status: 'published' }), 403);
        expectProblem(assert, await author.patch(`/api/v1/articles/${slug}`, { status: 'published' }), 403);
        expectProblem(assert, await author.patch(`/api/v1/articles/${slug}`, { status: 'scheduled', published_at: '2999-01-01T00:00:00Z' }), 403);

        const edited = await author.patch(`/api/v1/articles/${slug}`, { summary: 'Now with a summary.' });
        assert.equal(edited.status, 200, edited.describe());
        assert.equal(edited.json.summary, 'Now with a summary.');
        assert.equal((await author.get(`/api/v1/articles/${slug}`)).status, 200, 'they read their own draft');
        assert.equal((await server.client().get(`/api/v1/articles/${slug}`)).status, 404, 'readers do not');

        // Someone else's draft: neither read nor written; the list of drafts holds only their own.
        const other = await editor.post('/api/v1/articles', { title: `Desk memo ${m}`, body_markdown: 'x', status: 'draft' });
        assert.equal(other.status, 201);
        expectProblem(assert, await author.patch(`/api/v1/articles/${other.json.slug}`, { title: 'Mine now' }), 403);
        assert.equal((await author.get(`/api/v1/articles/${other.json.slug}`)).status, 404);
        const drafts = await author.get('/api/v1/articles?status=draft&limit=100');
        assert.equal(drafts.status, 200);
        const slugs = drafts.json.articles.map((a) => a.slug);
        assert.ok(slugs.includes(slug) && !slugs.includes(other.json.slug), JSON.stringify(slugs));

        // A save over a version that does not exist yet is refused (a publish could make it).
        expectProblem(assert, await author.patch(`/api/v1/articles/${slug}`, { title: 'Ahead', base_revision: edited.json.revision + 1 }), 409);

        // An editor publishes it; from then on it is no longer the author's to change.
        const published = await editor.patch(`/api/v1/articles/${slug}`, { status: 'published' });
        assert.equal(published.status, 200, published.describe());
        expectProblem(assert, await author.patch(`/api/v1/articles/${slug}`, { title: 'Late change' }), 403);
    });

    test('a profile made by an author\'s first draft is hidden from readers until an article of theirs is published', async () => {
        const newcomer = await sessionFor(server, 'author');  // no profile until its first draft
        const m = marker();
        const draft = await newcomer.post('/api/v1/articles', { title: `First steps ${m}`, body_markdown: 'x' });
        assert.equal(draft.status, 201, draft.describe());
        assert.equal(draft.json.status, 'draft');
        const slug = draft.json.authors[0].slug;
        const reader = server.client();
        expectProblem(assert, await reader.get(`/api/v1/authors/${slug}`), 404);
        assert.equal((await reader.get(`/authors/${slug}`)).status, 404);
        assert.equal((await reader.get(`/authors/${slug}/feed.atom`)).status, 404);
        assert.ok(!(await reader.get('/api/v1/authors')).json.authors.some((x) => x.slug === slug), 'not listed to readers');
        assert.equal((await editor.get(`/api/v1/authors/${slug}`)).status, 200, 'editors see it to keep it');
        assert.ok((await editor.get('/api/v1/authors')).json.authors.some((x) => x.slug === slug), 'listed to editors');
        assert.equal((await newcomer.get(`/api/v1/authors/${slug}`)).status, 200, 'so does its author');

        const published = await editor.patch(`/api/v1/articles/${draft.json.slug}`, { status: 'published' });
        assert.equal(published.status, 200, published.describe());
        assert.equal((await reader.get(`/api/v1/authors/${slug}`)).status, 200);
        const page = await reader.get(`/authors/${slug}`);
        assert.equal(page.status, 200);
        assert.ok(decodeHtml(page.text).includes(`First steps ${m}`));
        assert.ok((await reader.get('/api/v1/authors')).json.authors.some((x) => x.slug === slug));
    });

    test('readers and moderators write no articles; nobody but editors changes a profile', async () => {
        const reader = await sessionFor(server, 'reader');
        const moderator = await sessionFor(server, 'moderator');
        expectProblem(assert, await reader.post('/api/v1/articles', { title: 'x', body_markdown: 'x' }), 403);
        expectProblem(assert, await moderator.post('/api/v1/articles', { title: 'x', body_markdown: 'x' }), 403);
        expectProblem(assert, await server.client().post('/api/v1/articles', { title: 'x', body_markdown: 'x' }), 401);
        const a = await editor.post('/api/v1/articles', { title: `Profiles ${marker()}`, authors: [`Rhea Okafor ${marker()}`], body_markdown: 'x' });
        const path = `/api/v1/authors/${a.json.authors[0].slug}`;
        expectProblem(assert, await author.patch(path, { bio: 'x' }), 403);
        expectProblem(assert, await moderator.patch(path, { bio: 'x' }), 403);
        expectProblem(assert, await server.client().patch(path, { bio: 'x' }), 401);
    });

    test('an editor keeps a profile: bio, photo, links and the linked account, shown on the author page as text', async () => {
        const m = marker();
        writer = await sessionFor(server, 'author');  // no article yet, so no profile of its own
        const a = await editor.post('/api/v1/articles', { title: `Night ferry ${m}`, authors: [`Liv Andersen ${m}`], body_markdown: 'x' });
        assert.equal(a.status, 201);
        const slug = a.json.authors[0].slug;
        const path = `/api/v1/authors/${slug}`;
        const bio = 'Covers the harbour.\n<script>alert(1)</script>';
        const r = await editor.patch(path, {
            bio, photo_url: 'https://images.example/liv.jpg', links: ['https://social.example/@liv'], user_id: writer.account.id,
        });
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.bio, bio);
        assert.equal(r.json.user_id, writer.account.id);
        const pub = await server.client().get(path);
        assert.equal(pub.status, 200);
        assert.equal(pub.json.bio, bio);
        assert.equal(pub.json.user_id, undefined, 'readers are not told which account it is');

        const page = await server.client().get(`/authors/${slug}`);
        assert.equal(page.status, 200);
        assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the bio is text');
        assert.ok(!page.text.includes('<script>alert(1)'));
        assert.match(page.text, /<img class="author-photo" src="https:\/\/images\.example\/liv\.jpg"/);
        assert.match(page.text, /<a href="https:\/\/social\.example\/@liv" rel="me noopener">/);
        assert.ok(decodeHtml(page.text).includes(`Night ferry ${m}`));

        // An account is linked to one profile only (`author` has its own since its first draft).
        expectProblem(assert, await editor.patch(path, { user_id: author.account.id }), 409);

        const before = (await server.client().get(path)).json;
        expectFieldError(assert, await editor.patch(path, { links: ['javascript:alert(1)'] }), 'links');
        expectFieldError(assert, await editor.patch(path, { photo_url: 'data:image/png;base64,AAAA' }), 'photo_url');
        expectFieldError(assert, await editor.patch(path, { name: '' }), 'name');
        expectFieldError(assert, await editor.patch(path, { user_id: 987654321 }), 'user_id');
        expectFieldError(assert, await editor.patch(path, { colour: 'red' }), 'colour');
        assert.deepEqual((await server.client().get(path)).json, before, 'refused changes change nothing');
        expectProblem(assert, await editor.patch('/api/v1/authors/nobody-at-all', { bio: 'x' }), 404);

        const list = await server.client().get('/api/v1/authors');
        assert.equal(list.status, 200);
        assert.ok(list.json.authors.some((x) => x.slug === slug));
    });

    test('an author linked to a profile writes under it', async () => {
        // The previous test linked `writer` to Liv's profile; its first draft carries that byline.
        const r = await writer.post('/api/v1/articles', { title: `Under the profile ${marker()}`, body_markdown: 'x' });
        assert.equal(r.status, 201, r.describe());
        assert.match(r.json.authors[0].name, /^Liv Andersen /);
    });
});
