// Hardening (docs/security.md): an author's edit of an approved comment once kept it
// approved without bans, banned words, the link limit or the thread's moderation mode. Edits are
// now screened exactly as new comments; where a new comment would wait for a moderator, the
// edited comment goes back to pending (hidden from readers until a moderator decides). A
// moderator's action may name the version it saw and is refused (409) after an edit.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { countsOf, createApproved, expectProblem, marker, startServer } from './support/server.mjs';

const freshPage = (label) => `/it/edits/${label}-${marker()}`;

async function staffView(server, id) {
    const r = await server.admin().get(`/api/v1/moderation/comments/${id}`);
    assert.equal(r.status, 200, r.describe());
    return r.json.comment ?? r.json;
}

describe('edits are screened as new comments (site moderation: pre)', { timeout: 120000 }, () => {
    let server;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
    });

    test('an approved comment edited by its author goes back to pending, hidden, with a reason', async () => {
        const page = freshPage('pre');
        const author = server.client();
        const c = await createApproved(server, author, { page, text: `harmless words ${marker()}` });
        assert.equal((await countsOf(server, [page]))[page], 1);
        const edited = await author.editComment(c.id, 'now it says something else entirely');
        assert.equal(edited.status, 200, edited.describe());
        assert.equal(edited.json.status, 'pending');
        assert.equal((await server.client().getComment(c.id)).status, 404, 'readers no longer see it');
        const list = await server.client().listComments(page);
        assert.deepEqual(list.json.comments.map((x) => x.id), [], 'gone from the readers\' list');
        assert.equal((await countsOf(server, [page]))[page], 0, 'the count follows');
        const mine = await author.getComment(c.id);
        assert.equal(mine.status, 200, 'the author still sees their own pending comment');
        const staff = await staffView(server, c.id);
        assert.match(staff.filter_reason ?? '', /edited/, 'moderators see why it waits');
        const approved = await server.admin().moderate(c.id, 'approve');
        assert.equal(approved.json.status, 'approved');
        assert.equal((await server.client().getComment(c.id)).json.text, 'now it says something else entirely');
    });

    test('a moderator acting on the version they saw gets 409 after an edit, and nothing changes', async () => {
        const page = freshPage('version');
        const author = server.client();
        const c = await createApproved(server, author, { page, text: `version one ${marker()}` });
        const seen = (await server.admin().getComment(c.id)).json.version;
        assert.equal(typeof seen, 'string');
        const edited = await author.editComment(c.id, 'version two, unreviewed');
        assert.equal(edited.status, 200, edited.describe());
        assert.notEqual(edited.json.version, seen);
        const stale = await server.admin().post(`/api/v1/comments/${c.id}/moderation`, { action: 'approve', version: seen });
        expectProblem(assert, stale, 409, 'approve with the old version');
        assert.equal((await server.admin().getComment(c.id)).json.status, 'pending', 'unchanged');
        const fresh = await server.admin().post(`/api/v1/comments/${c.id}/moderation`, { action: 'approve', version: edited.json.version });
        assert.equal(fresh.status, 200, fresh.describe());
        const bad = await server.admin().post(`/api/v1/comments/${c.id}/moderation`, { action: 'reject', version: 7 });
        assert.equal(bad.status, 422, `a version that is not a string: ${bad.describe()}`);
    });

    test('the desk\'s action forms carry the version', async () => {
        const page = freshPage('desk');
        const author = server.client();
        const c = await createApproved(server, author, { page, text: `desk version ${marker()}` });
        await author.editComment(c.id, 'edited once, waiting');
        const item = await server.admin().get(`/admin/comments/${c.id}`, { headers: { accept: 'text/html' } });
        assert.equal(item.status, 200, item.describe());
        const shown = item.text.match(/name="version" value="([0-9]+)"/);
        assert.ok(shown, 'each action form names the version shown');
        const desk = (version) => server.admin().request('POST', `/admin/comments/${c.id}/moderate`, {
            body: new URLSearchParams({ action: 'approve', version, return: '/admin' }).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        });
        expectProblem(assert, await desk(c.version), 409, 'the version from before the edit');
        assert.equal((await server.admin().getComment(c.id)).json.status, 'pending');
        assert.equal((await desk(shown[1])).status, 200);
        assert.equal((await server.admin().getComment(c.id)).json.status, 'approved');
    });

    test('a closed thread takes no edits', async () => {
        const closedPage = freshPage('closed');
        const writer = server.client();
        const c = await createApproved(server, writer, { page: closedPage, text: `before closing ${marker()}` });
        const close = await server.admin().put('/api/v1/policy/thread', { page: closedPage, closed: true });
        assert.equal(close.status, 200, close.describe());
        const late = await writer.editComment(c.id, 'after closing');
        expectProblem(assert, late, 409, 'edit in a closed thread');
        assert.equal((await server.client().getComment(c.id)).json.text, c.text);
    });

    // Last: the ban covers this test client's address too.
    test('a banned author cannot edit', async () => {
        const page = freshPage('banned');
        const author = server.client();
        const first = await createApproved(server, author, { page, text: `first ${marker()}` });
        const second = await createApproved(server, author, { page, text: `second ${marker()}` });
        const ban = await server.admin().post(`/api/v1/comments/${first.id}/ban`, { days: 1, reason: 'test' });
        assert.equal(ban.status, 201, ban.describe());
        const refused = await author.editComment(second.id, 'sneaking a change in after the ban');
        expectProblem(assert, refused, 403, 'banned author edit');
        assert.equal((await server.client().getComment(second.id)).json.text, second.text, 'text unchanged');
    });
});

describe('edits are screened as new comments (site moderation: post)', { timeout: 120000 }, () => {
    let server;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MODERATION: 'post', TRIBUNE_BANNED_WORDS: 'frobnicate' } });
    });

    test('a clean edit stays approved; a banned word or too many links sends it back to pending', async () => {
        const page = freshPage('post');
        const author = server.client();
        const posted = await author.postComment({ page, text: `post moderated ${marker()}`, author_name: 'Ada' });
        assert.equal(posted.json.comment.status, 'approved', posted.describe());
        const id = posted.json.comment.id;
        const clean = await author.editComment(id, 'a clean edit, nothing to see');
        assert.equal(clean.json.status, 'approved', clean.describe());
        const dirty = await author.editComment(id, 'now I say FROBNICATE loudly');
        assert.equal(dirty.json.status, 'pending', dirty.describe());
        assert.match((await staffView(server, id)).filter_reason, /banned/i);

        const other = await author.postComment({ page, text: `another ${marker()}`, author_name: 'Ada' });
        const links = await author.editComment(other.json.comment.id,
            'see https://a.example and https://b.example and https://c.example');
        assert.equal(links.json.status, 'pending', links.describe());
        assert.match((await staffView(server, other.json.comment.id)).filter_reason, /link/i);
    });
});
