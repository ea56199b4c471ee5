// An article's live coverage at the desk (/admin/articles/{slug}/live): plain forms with
// POST-redirect-GET over the same use cases as the API. Editors run it; authors, moderators and
// readers are refused; a form without its CSRF field, or with bad input, changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { decodeHtml, marker, sessionFor, startServer } from './support/server.mjs';
import { SseClient, livePath } from './support/sse_client.mjs';

// A desk form as a browser sends it: urlencoded, its CSRF token as a field (no header).
const send = (client, path, fields, { csrf = true } = {}) => client.request('POST', path, {
    form: [...Object.entries(fields), ...(csrf ? [['csrf_token', client.csrf]] : [])],
    csrf: false,
});

// The update ids in the desk page's list, in its order.
const deskIds = (html) => [...html.matchAll(/<li class="desk-live-item" id="desk-update-(\d+)"/g)].map((m) => Number(m[1]));

describe('live coverage at the desk', () => {
    let server;
    let editor;
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_SEED_DEMO: 'false' } });
        editor = await sessionFor(server, 'editor');
    });
    after(() => server?.cleanup());

    async function publishedArticle(label) {
        const a = await editor.post('/api/v1/articles', { title: `${label} ${marker()}`, body_markdown: 'The story.', status: 'published' });
        assert.equal(a.status, 201, a.describe());
        return a.json.slug;
    }
    const pageKey = async (slug) => (await server.admin().get(`/api/v1/articles/${slug}`)).json.comments.page;
    const apiUpdates = async (slug) => (await server.admin().get(`/api/v1/articles/${slug}/updates?limit=100`)).json.updates;
    const apiLive = async (slug) => (await server.admin().get(`/api/v1/articles/${slug}`)).json.live;

    test('an editor starts coverage, posts, edits, pins, deletes and ends it', async () => {
        const slug = await publishedArticle('Storm desk');
        const desk = `/admin/articles/${slug}/live`;
        const first = await editor.get(desk);
        assert.equal(first.status, 200, first.describe());
        assert.ok(first.text.includes(`<a href="/admin/articles/${slug}">`), 'a link back to the editor');
        assert.match(first.text, /data-coverage-state="off"/);
        assert.match(first.text, /<button type="submit">Start live coverage<\/button>/);
        assert.ok(!first.text.includes('name="body_markdown"'), 'no update form while coverage is off');

        const started = await send(editor, desk, { live: 'on' });
        assert.equal(started.status, 303, started.describe());
        assert.equal(started.header('location'), `${desk}?done=live-started`);
        assert.equal(await apiLive(slug), true);
        const on = await editor.get(started.header('location'));
        assert.match(on.text, /role="status"><p>Live coverage started/);
        assert.match(on.text, /<span class="live-badge">Live<\/span>/);
        assert.match(on.text, /<label for="update-body">Update \(Markdown\)<\/label>/);

        const posted = await send(editor, `${desk}/updates`, { body_markdown: 'Wind **picks up**\r\non the coast' });
        assert.equal(posted.status, 303, posted.describe());
        const a = (await apiUpdates(slug))[0];
        assert.equal(posted.header('location'), `${desk}?done=update-posted#desk-update-${a.id}`);
        assert.equal(a.body_markdown, 'Wind **picks up**\r\non the coast');
        const pinned = await send(editor, `${desk}/updates`, { body_markdown: 'Shelters are open', pinned: '1' });
        assert.equal(pinned.status, 303);
        const third = await send(editor, `${desk}/updates`, { body_markdown: 'Ferries stop' });
        assert.equal(third.status, 303);
        const [p, c] = await apiUpdates(slug);
        assert.equal(p.pinned, true);
        assert.equal(c.body_markdown, 'Ferries stop');

        const listed = await editor.get(desk);
        assert.deepEqual(deskIds(listed.text), [p.id, c.id, a.id], 'pinned first, then newest first');
        assert.ok(listed.text.includes('<strong>picks up</strong>'), 'each update shows as readers see it');
        assert.ok(listed.text.includes(`href="${desk}?edit=${a.id}#desk-update-${a.id}"`));

        // Editing: the edit form opens in place, with the stored text.
        const editing = await editor.get(`${desk}?edit=${a.id}`);
        const area = editing.text.match(new RegExp(`<textarea id="edit-body-${a.id}" name="body_markdown"[^>]*>([\\s\\S]*?)</textarea>`));
        assert.ok(area, 'the edit form');
        assert.equal(decodeHtml(area[1]), a.body_markdown);
        const edited = await send(editor, `${desk}/updates/${a.id}`, { body_markdown: 'Wind eases' });
        assert.equal(edited.status, 303, edited.describe());
        assert.equal(edited.header('location'), `${desk}?done=update-saved#desk-update-${a.id}`);

        const unpinned = await send(editor, `${desk}/updates/${p.id}/pin`, { pinned: '0' });
        assert.equal(unpinned.status, 303);
        assert.equal(unpinned.header('location'), `${desk}?done=update-unpinned#desk-update-${p.id}`);
        let now = await apiUpdates(slug);
        assert.deepEqual(now.map((u) => [u.id, u.pinned]), [[c.id, false], [p.id, false], [a.id, false]]);
        assert.equal(now.find((u) => u.id === a.id).body_markdown, 'Wind eases');

        // Deleting asks first (a page of its own without a script), and only the yes deletes.
        const asked = await send(editor, `${desk}/updates/${c.id}/delete`, {});
        assert.equal(asked.status, 303);
        assert.equal(asked.header('location'), `${desk}?delete=${c.id}#confirm-delete`);
        assert.equal((await apiUpdates(slug)).length, 3, 'nothing deleted before the yes');
        const confirm = await editor.get(`${desk}?delete=${c.id}`);
        assert.match(confirm.text, /id="confirm-delete"/);
        assert.ok(confirm.text.includes(`action="${desk}/updates/${c.id}/delete"`));
        assert.match(confirm.text, /<input type="hidden" name="confirm" value="yes">/);
        const deleted = await send(editor, `${desk}/updates/${c.id}/delete`, { confirm: 'yes' });
        assert.equal(deleted.status, 303, deleted.describe());
        assert.equal(deleted.header('location'), `${desk}?done=update-deleted`);
        now = await apiUpdates(slug);
        assert.deepEqual(now.map((u) => u.id), [p.id, a.id]);

        const ended = await send(editor, desk, { live: 'off' });
        assert.equal(ended.status, 303);
        assert.equal(ended.header('location'), `${desk}?done=live-ended`);
        assert.equal(await apiLive(slug), false);
        const off = await editor.get(ended.header('location'));
        assert.match(off.text, /Live coverage ended\./);
        assert.match(off.text, /data-coverage-state="off"/);
        assert.deepEqual(deskIds(off.text), [p.id, a.id], 'the updates stay, editable, after the end');

        // The audit log names each change.
        const audit = await server.admin().get('/api/v1/audit?limit=50');
        const actions = audit.json.entries.map((e) => e.action);
        for (const act of ['article.live', 'live_update.post', 'live_update.edit', 'live_update.delete'])
            assert.ok(actions.includes(act), act);
    });

    test('readers on the page hear the coverage start and end; a resuming reader only the latest', async () => {
        const slug = await publishedArticle('Heard desk');
        const desk = `/admin/articles/${slug}/live`;
        const page = await pageKey(slug);
        const sse = new SseClient(server, livePath(page));
        assert.equal((await sse.open()).status, 200);
        try {
            await sse.next((d) => d.type === 'hello', { what: 'hello' });
            assert.equal((await send(editor, desk, { live: 'on' })).status, 303);
            const on = await sse.nextAt((d) => d.type === 'live_coverage', { what: 'the start' });
            assert.equal(on.msg.live, true);
            assert.equal((await send(editor, desk, { live: 'off' })).status, 303);
            const off = await sse.nextAt((d) => d.type === 'live_coverage', { from: on.index + 1, what: 'the end' });
            assert.equal(off.msg.live, false);
            assert.ok(off.msg.event_id > on.msg.event_id);

            const resumed = new SseClient(server, livePath(page, { last_event_id: String(on.msg.event_id - 1) }));
            assert.equal((await resumed.open()).status, 200);
            try {
                const first = await resumed.next((d) => d.type === 'live_coverage', { what: 'the replayed state' });
                assert.equal(first.live, false, 'the start left the replay log when the end came');
                assert.equal(first.event_id, off.msg.event_id);
            } finally {
                resumed.close();
            }
        } finally {
            sse.close();
        }
    });

    test('authors, moderators, readers and strangers are refused, and change nothing', async () => {
        const slug = await publishedArticle('Refused desk');
        const desk = `/admin/articles/${slug}/live`;
        const author = await sessionFor(server, 'author');
        const page = await author.get(desk);
        assert.equal(page.status, 403, page.describe());
        assert.match(page.text, /Editors only/);
        const start = await send(author, desk, { live: 'on' });
        assert.equal(start.status, 403, start.describe());
        assert.equal(await apiLive(slug), false);

        assert.equal((await send(editor, desk, { live: 'on' })).status, 303);
        const post = await send(author, `${desk}/updates`, { body_markdown: 'Not mine to post' });
        assert.equal(post.status, 403);
        const moderator = await sessionFor(server, 'moderator');
        assert.equal((await moderator.get(desk)).status, 403);
        assert.equal((await send(moderator, `${desk}/updates`, { body_markdown: 'Nor mine' })).status, 403);
        const reader = await sessionFor(server, 'reader');
        assert.equal((await reader.get(desk)).status, 403);
        const stranger = await server.client().get(desk);
        assert.equal(stranger.status, 303);
        assert.match(stranger.header('location'), /^\/admin\/login\?next=/);
        assert.deepEqual(await apiUpdates(slug), []);
        assert.equal(await apiLive(slug), true);

        // Admins are editors too.
        const admin = await sessionFor(server, 'admin');
        assert.equal((await admin.get(desk)).status, 200);
        assert.equal((await send(admin, `${desk}/updates`, { body_markdown: 'From the admin' })).status, 303);
        assert.equal((await apiUpdates(slug)).length, 1);
    });

    test('a form without its CSRF field is refused and changes nothing', async () => {
        const slug = await publishedArticle('Forged desk');
        const desk = `/admin/articles/${slug}/live`;
        const forged = await send(editor, desk, { live: 'on' }, { csrf: false });
        assert.equal(forged.status, 403, forged.describe());
        assert.match(forged.text, /did not come from the desk/);
        assert.equal(await apiLive(slug), false);
        const wrong = await editor.request('POST', desk, { form: { live: 'on', csrf_token: 'not-the-token' }, csrf: false });
        assert.equal(wrong.status, 403);
        assert.equal(await apiLive(slug), false);

        assert.equal((await send(editor, desk, { live: 'on' })).status, 303);
        assert.equal((await send(editor, `${desk}/updates`, { body_markdown: 'Kept' })).status, 303);
        const [u] = await apiUpdates(slug);
        for (const [path, fields] of [[`${desk}/updates`, { body_markdown: 'Forged' }],
            [`${desk}/updates/${u.id}`, { body_markdown: 'Forged edit' }],
            [`${desk}/updates/${u.id}/pin`, { pinned: '1' }],
            [`${desk}/updates/${u.id}/delete`, { confirm: 'yes' }],
            [desk, { live: 'off' }]]) {
            const r = await send(editor, path, fields, { csrf: false });
            assert.equal(r.status, 403, `${path}: ${r.describe()}`);
        }
        assert.deepEqual(await apiUpdates(slug), [u]);
        assert.equal(await apiLive(slug), true);
    });

    test('bad input shows the desk error with what was typed, and changes nothing', async () => {
        const slug = await publishedArticle('Bad input desk');
        const desk = `/admin/articles/${slug}/live`;
        // Not live yet: an update is refused.
        const early = await send(editor, `${desk}/updates`, { body_markdown: 'Too early' });
        assert.equal(early.status, 409, early.describe());
        assert.match(early.text, /role="alert"/);
        assert.deepEqual(await apiUpdates(slug), []);
        const neither = await send(editor, desk, { live: 'maybe' });
        assert.equal(neither.status, 422, neither.describe());
        assert.equal(await apiLive(slug), false);

        assert.equal((await send(editor, desk, { live: 'on' })).status, 303);
        assert.equal((await send(editor, `${desk}/updates`, { body_markdown: 'Stays as it is' })).status, 303);
        const before = await apiUpdates(slug);

        const empty = await send(editor, `${desk}/updates`, { body_markdown: ' \r\n ' });
        assert.equal(empty.status, 422, empty.describe());
        assert.match(empty.text, /class="feedback feedback-error" role="alert"><p>Invalid input\. Body_markdown must not be empty/);
        const long = 'x'.repeat(8001);
        const tooLong = await send(editor, `${desk}/updates`, { body_markdown: long, pinned: '1' });
        assert.equal(tooLong.status, 422, tooLong.describe());
        assert.match(tooLong.text, /longer than 8000 bytes/);
        assert.ok(tooLong.text.includes(`>${long}</textarea>`), 'what was typed is put back');
        assert.match(tooLong.text, /name="pinned" value="1" checked/);
        const control = await send(editor, `${desk}/updates`, { body_markdown: 'bell \u0007' });
        assert.equal(control.status, 422);

        const [u] = before;
        const emptyEdit = await send(editor, `${desk}/updates/${u.id}`, { body_markdown: '' });
        assert.equal(emptyEdit.status, 422, emptyEdit.describe());
        assert.match(emptyEdit.text, new RegExp(`<textarea id="edit-body-${u.id}"`), 'the edit form stays open');
        const badPin = await send(editor, `${desk}/updates/${u.id}/pin`, { pinned: 'yes' });
        assert.equal(badPin.status, 422);
        const unknown = await send(editor, `${desk}/updates/999999999/pin`, { pinned: '1' });
        assert.equal(unknown.status, 404, unknown.describe());
        const notAnId = await send(editor, `${desk}/updates/abc`, { body_markdown: 'x' });
        assert.equal(notAnId.status, 404);
        const gone = await send(editor, `${desk}/updates/999999999/delete`, { confirm: 'yes' });
        assert.equal(gone.status, 404);
        assert.equal((await editor.get(`/admin/articles/no-such-article-${marker()}/live`)).status, 404);
        assert.equal((await editor.get(`${desk}?cursor=${'x'.repeat(300)}`)).status, 400);

        assert.deepEqual(await apiUpdates(slug), before, 'nothing changed');
        assert.equal(await apiLive(slug), true);
    });
});
