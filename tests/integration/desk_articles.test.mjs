// The newsroom at the desk (/admin/articles): the list with its filters and the editor's plain
// form (POST-redirect-GET), with the same rules as the API: editors change any article, authors
// their own drafts; moderators and readers are not let in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { decodeHtml, marker, sessionFor, startServer } from './support/server.mjs';

const save = (client, path, fields) => client.request('POST', path, {
    form: [...Object.entries(fields), ['csrf_token', client.csrf]],
    csrf: false,
});

// Every field of the editor's form as a page shows it (name -> value).
function formValues(html) {
    const out = {};
    for (const m of html.matchAll(/<input type="(?:text|hidden|datetime-local)" (?:id="[^"]*" )?name="([^"]+)"(?: [^>]*?)? value="([^"]*)"/g))
        out[m[1]] = decodeHtml(m[2]);
    for (const m of html.matchAll(/<textarea id="[^"]*" name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]] = decodeHtml(m[2]);
    const status = html.match(/<select id="status" name="status">([\s\S]*?)<\/select>/);
    if (status) out.status = status[1].match(/<option value="([^"]+)" selected>/)?.[1];
    return out;
}

describe('desk articles', () => {
    let server;
    let editor;
    before(async () => {
        server = await startServer(null);
        editor = await sessionFor(server, 'editor');
    });
    after(() => server?.cleanup());

    test('an editor writes, saves again and publishes an article from the desk', async () => {
        const m = marker();
        const newPage = await editor.get('/admin/articles/new');
        assert.equal(newPage.status, 200, newPage.describe());
        assert.match(newPage.text, /<label for="body_markdown">Body \(Markdown\)<\/label>/);
        const made = await save(editor, '/admin/articles', {
            title: `Quay cranes <replaced> ${m}`, slug: '', summary: 'Two cranes go.', body_markdown: 'The **old** cranes.',
            authors: 'Nils Brandt, Ada Obi', section: 'Harbour', tags: 'Cranes, Port', status: 'draft', published_at: '',
            media_url: '', media_alt: '', media_caption: '', media_credit: '', base_revision: '',
        });
        assert.equal(made.status, 303, made.describe());
        const location = made.header('location');
        assert.match(location, /^\/admin\/articles\/quay-cranes-replaced-[a-z0-9-]+\?done=saved$/);
        const slug = location.split('/')[3].split('?')[0];
        const page = await editor.get(location);
        assert.equal(page.status, 200);
        assert.match(page.text, /Saved\./);
        const values = formValues(page.text);
        assert.equal(values.title, `Quay cranes <replaced> ${m}`, 'shown as text in the form');
        assert.equal(values.authors, 'Nils Brandt, Ada Obi');
        assert.equal(values.tags, 'Cranes, Port');
        assert.equal(values.status, 'draft');
        assert.equal(values.base_revision, '1');
        assert.equal((await server.client().get(`/articles/${slug}`)).status, 404, 'a draft is not public');

        // Publishing is saving the same form with another status.
        const published = await save(editor, `/admin/articles/${slug}`, { ...values, status: 'published', published_at: '' });
        assert.equal(published.status, 303, published.describe());
        const api = await server.admin().get(`/api/v1/articles/${slug}`);
        assert.equal(api.json.status, 'published');
        assert.equal(api.json.revision, 2);
        assert.deepEqual(api.json.tags.map((t) => t.name), ['Cranes', 'Port']);
        assert.equal((await server.client().get(`/articles/${slug}`)).status, 200);

        // A save over an older version is refused, shown again with the reason, and changes nothing.
        const stale = await save(editor, `/admin/articles/${slug}`, { ...values, title: 'Lost edit', status: 'published' });
        assert.equal(stale.status, 409, stale.describe());
        assert.match(stale.text, /role="alert"/);
        assert.equal(formValues(stale.text).title, 'Lost edit', 'what was typed is kept');
        assert.equal((await server.admin().get(`/api/v1/articles/${slug}`)).json.title, `Quay cranes <replaced> ${m}`);

        const list = await editor.get('/admin/articles?status=published');
        assert.equal(list.status, 200);
        assert.ok(list.text.includes(`href="/admin/articles/${slug}"`));
        const drafts = await editor.get('/admin/articles?status=draft');
        assert.ok(!drafts.text.includes(`href="/admin/articles/${slug}"`), 'filtered by status');
        assert.equal((await editor.get('/admin/articles?status=bogus')).status, 422);
        assert.equal((await editor.get('/admin/articles?author=Not%20A%20Slug')).status, 422);

        // The list's search finds words in titles, any status, in any case; the search stays in the pager.
        const found = await editor.get(`/admin/articles?q=${encodeURIComponent(`CRANES <REPLACED> ${m}`)}`);
        assert.equal(found.status, 200);
        assert.ok(found.text.includes(`href="/admin/articles/${slug}"`));
        assert.match(found.text, /id="filter-q" name="q" type="search" maxlength="100" value="CRANES &lt;REPLACED&gt; /);
        const none = await editor.get(`/admin/articles?q=${encodeURIComponent(`%${m}x`)}`);
        assert.ok(!none.text.includes(`href="/admin/articles/${slug}"`), '% is not a wildcard');
        assert.match(none.text, /No items found\./);
        assert.equal((await editor.get(`/admin/articles?q=${'x'.repeat(101)}`)).status, 422);
        assert.equal((await editor.get('/admin/articles?q=%01')).status, 422);
    });

    test('an author sees and edits only their own drafts; moderators and readers are not let in', async () => {
        const author = await sessionFor(server, 'author');
        const m = marker();
        const made = await save(author, '/admin/articles', {
            title: `Author piece ${m}`, body_markdown: 'Draft.', authors: '', section: '', tags: '', status: 'draft',
        });
        assert.equal(made.status, 303, made.describe());
        const slug = made.header('location').split('/')[3].split('?')[0];
        const editorsDraft = await server.admin().post('/api/v1/articles', { title: `Desk only ${m}`, body_markdown: 'x', status: 'draft' });
        const list = await author.get('/admin/articles');
        assert.equal(list.status, 200);
        assert.ok(list.text.includes(`href="/admin/articles/${slug}"`));
        assert.ok(!list.text.includes(editorsDraft.json.slug), 'not another\'s draft');
        assert.equal((await author.get(`/admin/articles/${editorsDraft.json.slug}`)).status, 404);
        const page = await author.get(`/admin/articles/${slug}`);
        assert.ok(!/<option value="published"/.test(page.text), 'an author is offered drafts only');
        const publish = await save(author, `/admin/articles/${slug}`, { ...formValues(page.text), status: 'published' });
        assert.equal(publish.status, 403, publish.describe());
        assert.match(publish.text, /role="alert"/);

        const login = await server.client().request('POST', '/admin/login', {
            form: { email: author.account.email, password: author.account.password, next: '/admin' },
        });
        assert.equal(login.status, 303);
        assert.equal(login.header('location'), '/admin/articles', 'an author starts at the articles');

        const moderator = await sessionFor(server, 'moderator');
        assert.equal((await moderator.get('/admin/articles')).status, 403);
        const reader = await sessionFor(server, 'reader');
        assert.equal((await reader.get('/admin/articles')).status, 403);
        const anonymous = await server.client().get('/admin/articles');
        assert.equal(anonymous.status, 303);
        assert.match(anonymous.header('location'), /^\/admin\/login/);
    });

    test('an author submits a draft for review at the desk; editors find it under For review until it is out', async () => {
        const author = await sessionFor(server, 'author', { name: 'Reva Author' });
        const m = marker();
        const made = await save(author, '/admin/articles', {
            title: `Reviewed piece ${m}`, body_markdown: 'Draft.', authors: '', section: '', tags: '', status: 'draft',
        });
        const slug = made.header('location').split('/')[3].split('?')[0];
        const before = await author.get(`/admin/articles/${slug}`);
        assert.match(before.text, /<button type="submit">Submit for review<\/button>/);
        const submitted = await save(author, `/admin/articles/${slug}/review`, { submitted: '1' });
        assert.equal(submitted.status, 303, submitted.describe());
        assert.equal(submitted.header('location'), `/admin/articles/${slug}?done=submitted`);
        const after = await author.get(submitted.header('location'));
        assert.match(after.text, /For review<\/span> submitted by Reva Author/);
        assert.match(after.text, /<button type="submit">Withdraw from review<\/button>/);

        const queue = await editor.get('/admin/articles?status=review');
        assert.equal(queue.status, 200);
        assert.ok(queue.text.includes(`href="/admin/articles/${slug}"`));
        assert.match(queue.text, /<option value="review" selected>For review<\/option>/);
        assert.equal((await save(author, `/admin/articles/${slug}/review`, { submitted: 'maybe' })).status, 422);
        assert.equal((await author.request('POST', `/admin/articles/${slug}/review`, { form: { submitted: '0' }, csrf: false })).status, 403);

        // Publishing takes it out of the queue.
        const page = await editor.get(`/admin/articles/${slug}`);
        const published = await save(editor, `/admin/articles/${slug}`, { ...formValues(page.text), action: 'publish' });
        assert.equal(published.status, 303, published.describe());
        assert.ok(!(await editor.get('/admin/articles?status=review')).text.includes(`href="/admin/articles/${slug}"`));
        assert.equal((await server.client().get(`/articles/${slug}`)).status, 200, 'Publish now put it out');
    });
});
