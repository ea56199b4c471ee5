// An article's history and the desk editor's server side (docs/openapi.yaml "revisions", the
// desk's /admin/articles/{slug}/history and /admin/preview): every saved version is kept and
// listed for editors, one can be read and restored as the newest (never undoing a save made
// meanwhile); the preview renders the form as readers will see it without saving anything;
// the editor's JSON save (autosave) answers where the article now is; the discussion's
// settings are saved with the article. Authors, readers and requests without CSRF are refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createApproved, expectProblem, marker, sessionFor, startServer } from './support/server.mjs';

const desk = (client, path, fields, opts = {}) => client.request('POST', path, {
    ...opts,
    form: [...Object.entries(fields), ['csrf_token', client.csrf]],
    csrf: false,
});

describe('article revisions and the editor', () => {
    let server;
    let editor;
    let author;
    before(async () => {
        server = await startServer(null);
        editor = await sessionFor(server, 'editor');
        author = await sessionFor(server, 'author');
    });
    after(() => server?.cleanup());

    const create = async (fields) => {
        const r = await editor.post('/api/v1/articles', { body_markdown: 'First text.', ...fields });
        assert.equal(r.status, 201, r.describe());
        return r.json;
    };

    test('every save is a version; editors list, read and restore them', async () => {
        const a = await create({ title: `Tide tables ${marker()}`, tags: ['Sea'] });
        const base = `/api/v1/articles/${a.slug}`;
        const second = await editor.patch(base, { body_markdown: 'Second text.', tags: ['Sea', 'Tides'] });
        assert.equal(second.status, 200, second.describe());
        const third = await editor.patch(base, { title: `${a.title} (corrected)`, body_markdown: 'Third text.' });
        assert.equal(third.status, 200);

        const list = await editor.get(`${base}/revisions`);
        assert.equal(list.status, 200, list.describe());
        assert.match(list.header('cache-control'), /no-store/);
        assert.deepEqual(list.json.revisions.map((r) => r.number), [3, 2, 1], 'newest first');
        assert.equal(list.json.revisions[2].title, a.title);
        assert.ok(list.json.revisions.every((r) => r.saved_by && !Number.isNaN(Date.parse(r.saved_at))));

        const one = await editor.get(`${base}/revisions/2`);
        assert.equal(one.status, 200);
        assert.equal(one.json.number, 2);
        assert.equal(one.json.article.body_markdown, 'Second text.');
        assert.deepEqual(one.json.article.tags.map((t) => t.name), ['Sea', 'Tides']);

        // A restore over a version that is no longer the latest is refused: nothing changes.
        const stale = await editor.post(`${base}/revisions/1/restore`, { base_revision: 2 });
        expectProblem(assert, stale, 409);
        assert.equal((await editor.get(base)).json.body_markdown, 'Third text.');

        const restored = await editor.post(`${base}/revisions/1/restore`, { base_revision: 3 });
        assert.equal(restored.status, 200, restored.describe());
        assert.equal(restored.json.body_markdown, 'First text.');
        assert.equal(restored.json.title, a.title);
        assert.deepEqual(restored.json.tags.map((t) => t.name), ['Sea']);
        assert.equal(restored.json.slug, a.slug);
        assert.equal(restored.json.revision, 4, 'a restore is a new version: nothing is lost');
        assert.equal((await editor.get(`${base}/revisions`)).json.revisions.length, 4);

        for (const bad of ['0', '99', 'x', '-1', '99999999999']) expectProblem(assert, await editor.get(`${base}/revisions/${bad}`), 404);
        expectProblem(assert, await editor.get('/api/v1/articles/no-such-article/revisions'), 404);
        expectProblem(assert, await editor.post(`${base}/revisions/1/restore`, { base_revision: 'x' }), 422);
        expectProblem(assert, await editor.post(`${base}/revisions/1/restore`, { other: 1 }), 422);
        expectProblem(assert, await editor.request('POST', `${base}/revisions/1/restore`, { body: '{', headers: { 'content-type': 'application/json' } }), 400);
        assert.equal((await editor.get(`${base}/revisions`)).json.revisions.length, 4, 'bad requests changed nothing');
    });

    test('authors, readers and anonymous callers see no history; a restore needs the CSRF token', async () => {
        const a = await create({ title: `Harbour fees ${marker()}` });
        const base = `/api/v1/articles/${a.slug}`;
        expectProblem(assert, await server.client().get(`${base}/revisions`), 401);
        expectProblem(assert, await author.get(`${base}/revisions`), 403);
        expectProblem(assert, await (await sessionFor(server, 'reader')).get(`${base}/revisions/1`), 403);
        expectProblem(assert, await author.post(`${base}/revisions/1/restore`, {}), 403);
        expectProblem(assert, await editor.post(`${base}/revisions/1/restore`, {}, { csrf: false }), 403);
        assert.equal((await editor.get(`${base}/revisions`)).json.revisions.length, 1);
    });

    test('the desk history lists versions, shows what changed, and restores by form', async () => {
        const a = await create({ title: `Ferry fares ${marker()}`, body_markdown: 'Line one.\nLine two.' });
        await editor.patch(`/api/v1/articles/${a.slug}`, { body_markdown: 'Line one.\nLine 2 <b>bold</b>.' });
        const history = await editor.get(`/admin/articles/${a.slug}/history`);
        assert.equal(history.status, 200, history.describe());
        assert.match(history.text, /Version 2<\/a> \(current\)/);
        assert.match(history.text, new RegExp(`href="/admin/articles/${a.slug}/history/1"`));
        const v1 = await editor.get(`/admin/articles/${a.slug}/history/1`);
        assert.equal(v1.status, 200);
        assert.match(v1.text, /<del>- Line two\.<\/del>/);
        assert.match(v1.text, /<ins>\+ Line 2 &lt;b&gt;bold&lt;\/b&gt;\.<\/ins>/, 'the diff is text, never markup');
        assert.match(v1.text, /<button type="submit">Restore this version<\/button>/);
        const restored = await desk(editor, `/admin/articles/${a.slug}/history/1/restore`, { base_revision: '2' });
        assert.equal(restored.status, 303, restored.describe());
        assert.equal(restored.header('location'), `/admin/articles/${a.slug}?done=restored`);
        assert.equal((await editor.get(`/api/v1/articles/${a.slug}`)).json.body_markdown, 'Line one.\nLine two.');
        // Authors are kept out of the history; a form without its token changes nothing.
        assert.equal((await author.get(`/admin/articles/${a.slug}/history`)).status, 403);
        const forged = await editor.request('POST', `/admin/articles/${a.slug}/history/2/restore`, { form: { base_revision: '3' }, csrf: false });
        assert.equal(forged.status, 403);
        assert.equal((await desk(editor, `/admin/articles/${a.slug}/history/2/restore`, {})).status, 422, 'which version was looked at');
        assert.equal((await desk(editor, `/admin/articles/${a.slug}/history/2/restore`, { base_revision: 'x' })).status, 422);
        assert.equal((await editor.get(`/api/v1/articles/${a.slug}`)).json.revision, 3);
        assert.equal((await editor.get(`/admin/articles/${a.slug}/history/7`)).status, 404);
    });

    test('the preview renders the form as readers will see it and saves nothing', async () => {
        const a = await create({ title: `Bridge works ${marker()}` });
        const fields = { article: a.slug, title: 'Bridge works, revised', slug: a.slug, summary: '', authors: 'Ida Lund',
            section: 'City', tags: '', status: 'published', published_at: '', media_url: '', media_alt: '', media_caption: '',
            media_credit: '', base_revision: '1', body_markdown: 'New **plan**.\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |' };
        const r = await desk(editor, '/admin/preview', fields);
        assert.equal(r.status, 200, r.describe());
        assert.match(r.header('content-type'), /^text\/html/);
        assert.match(r.header('cache-control'), /no-store/);
        assert.match(r.header('content-security-policy'), /frame-ancestors 'self'/, 'the desk may frame it, no one else');
        assert.match(r.text, /<h1 class="headline">Bridge works, revised<\/h1>/);
        assert.match(r.text, /New <strong>plan<\/strong>/);
        assert.match(r.text, /<td>1<\/td>/);
        assert.ok(!r.text.includes('<script>alert'), 'raw HTML is never markup');
        assert.match(r.text, /class="preview-banner"/);
        assert.match(r.text, /By <span class="author">Ida Lund<\/span>/);
        const stored = (await editor.get(`/api/v1/articles/${a.slug}`)).json;
        assert.equal(stored.title, a.title, 'nothing saved');
        assert.equal(stored.revision, 1);
        // A new article previews too; a bad form answers with the reason.
        const fresh = await desk(editor, '/admin/preview', { ...fields, article: '', slug: '', title: 'Not yet saved' });
        assert.equal(fresh.status, 200);
        assert.match(fresh.text, /Not yet saved/);
        const bad = await desk(editor, '/admin/preview', { ...fields, title: '' });
        assert.equal(bad.status, 422);
        const badTime = await desk(editor, '/admin/preview', { ...fields, status: 'scheduled', published_at: 'tomorrow' });
        assert.equal(badTime.status, 422);
        // Authors preview their own drafts only; nobody previews without the form's token.
        assert.equal((await desk(author, '/admin/preview', fields)).status, 403);
        const othersDraft = await create({ title: `Other desk draft ${marker()}`, status: 'draft', body_markdown: 'Secret plans.' });
        const peek = await desk(author, '/admin/preview', { ...fields, article: othersDraft.slug, slug: othersDraft.slug, status: 'draft' });
        assert.equal(peek.status, 404, 'another\'s draft is not there for an author');
        assert.ok(!peek.text.includes('Secret plans'));
        // A new article whose address is another's shows none of that article's comments.
        const commented = await create({ title: `Commented ${marker()}` });
        await createApproved(server, server.client(), { page: commented.path, text: `A reader's words ${marker()}`, author_name: 'Pat' });
        const clash = await desk(editor, '/admin/preview', { ...fields, article: '', slug: commented.slug, title: 'Clash' });
        assert.equal(clash.status, 200);
        assert.ok(!clash.text.includes("A reader's words"), 'no other article\'s discussion');
        const forged = await editor.request('POST', '/admin/preview', { form: fields, csrf: false });
        assert.equal(forged.status, 403);
    });

    test('the editor saves by JSON for autosave and keeps the discussion settings', async () => {
        const m = marker();
        const fields = { title: `Quay lights ${m}`, slug: '', summary: '', body_markdown: 'Draft text.', authors: '', section: '',
            tags: '', status: 'draft', published_at: '', media_url: '', media_alt: '', media_caption: '', media_credit: '',
            base_revision: '', comments: 'closed', moderation: 'post' };
        const made = await desk(editor, '/admin/articles', fields, { headers: { accept: 'application/json' } });
        assert.equal(made.status, 200, made.describe());
        assert.equal(made.json.status, 'draft');
        assert.equal(made.json.revision, 1);
        assert.equal(made.json.edit_path, `/admin/articles/${made.json.slug}`);
        const slug = made.json.slug;
        const again = await desk(editor, made.json.edit_path, { ...fields, body_markdown: 'More text.', base_revision: '1' },
            { headers: { accept: 'application/json' } });
        assert.equal(again.status, 200, again.describe());
        assert.equal(again.json.revision, 2);
        // A save over an older version is a conflict, as problem+json for the script.
        const stale = await desk(editor, made.json.edit_path, { ...fields, base_revision: '1' }, { headers: { accept: 'application/json' } });
        expectProblem(assert, stale, 409);
        const page = await editor.get(made.json.edit_path);
        assert.match(page.text, /<option value="closed" selected>Closed<\/option>/);
        assert.match(page.text, /<option value="post" selected>/);
        // The settings hold for readers once it is out.
        assert.equal((await editor.patch(`/api/v1/articles/${slug}`, { status: 'published' })).status, 200);
        const article = await editor.get(`/api/v1/articles/${slug}`);
        assert.equal(article.json.comments.closed, true);
        const bad = await desk(editor, made.json.edit_path, { ...fields, base_revision: '3', moderation: 'whenever' });
        assert.equal(bad.status, 422);
        assert.equal((await editor.get(`/api/v1/articles/${slug}`)).json.revision, 3, 'a bad mode saves nothing');
        // A stale form never writes back a setting a moderator changed since it was loaded.
        const loaded = await editor.get(made.json.edit_path);
        const was = (name) => loaded.text.match(new RegExp(`name="${name}" value="([^"]*)"`))[1];
        const moderator = await sessionFor(server, 'moderator');
        const reopened = await moderator.put('/api/v1/policy/thread', { page: `/articles/${slug}`, closed: false });
        assert.ok([200, 204].includes(reopened.status), reopened.describe());
        const staleSave = await desk(editor, made.json.edit_path, { ...fields, status: 'published', base_revision: '3', comments: 'closed',
            moderation: 'post', comments_was: was('comments_was'), moderation_was: was('moderation_was'), body_markdown: 'Later text.' });
        assert.equal(staleSave.status, 303, staleSave.describe());
        assert.equal((await editor.get(`/api/v1/articles/${slug}`)).json.comments.closed, false, 'the moderator\'s reopening stands');
        assert.equal((await desk(editor, made.json.edit_path, { ...fields, base_revision: '4', comments: 'ajar' })).status, 422);

        // Line endings: a browser's CRLF and a script's LF are the same text, so no version differs by them.
        const crlf = await desk(editor, made.json.edit_path, { ...fields, status: 'published', base_revision: '4', body_markdown: 'One\r\nTwo\r\n' });
        assert.equal(crlf.status, 303, crlf.describe());
        assert.equal((await editor.get(`/api/v1/articles/${slug}`)).json.body_markdown, 'One\nTwo\n');

        // Authors never see the discussion's settings.
        const own = await desk(author, '/admin/articles', { ...fields, title: `Author draft ${m}` });
        assert.equal(own.status, 303, own.describe());
        const authorPage = await author.get(own.header('location'));
        assert.ok(!authorPage.text.includes('name="comments"'));
    });
});
