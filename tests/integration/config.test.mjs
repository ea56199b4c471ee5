// Configuration through the environment: moderation mode and the author edit window.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { countsOf, createApproved, expectProblem, marker, sleep, startServer } from './support/server.mjs';

test('TRIBUNE_MODERATION=post publishes reader comments at once', { timeout: 60000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_MODERATION: 'post' } });
    const page = `/post-moderated/${marker()}`;
    const text = `published at once ${marker()}`;
    const r = await server.client().postComment({ page, text });
    assert.equal(r.status, 201, r.describe());
    assert.equal(r.json.comment.status, 'approved');
    assert.equal((await countsOf(server, [page]))[page], 1);
    const anon = await server.client().listComments(page);
    assert.equal(anon.json.comments[0].text, text);
    // Moderators can still take it down afterwards.
    const rej = await server.admin().moderate(r.json.comment.id, 'reject');
    assert.equal(rej.status, 200, rej.describe());
    assert.equal((await countsOf(server, [page]))[page], 0);
});

test('TRIBUNE_MODERATION=pre (the default) holds reader comments', { timeout: 60000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_MODERATION: 'pre' } });
    const r = await server.client().postComment({ page: `/pre/${marker()}`, text: 'held' });
    assert.equal(r.status, 201, r.describe());
    assert.equal(r.json.comment.status, 'pending');
});

test('TRIBUNE_EDIT_WINDOW_SECONDS: the author may edit within the window, 409 after; admin any time', { timeout: 60000 }, async (t) => {
    const windowSeconds = 2;
    const server = await startServer(t, { env: { TRIBUNE_EDIT_WINDOW_SECONDS: String(windowSeconds) } });
    const page = `/edit-window/${marker()}`;
    const author = server.client();
    const c = await createApproved(server, author, { page, text: `window ${marker()}` });
    const inWindow = await author.editComment(c.id, `${c.text} (in window)`);
    assert.equal(inWindow.status, 200, inWindow.describe());

    // Let the window pass (real time is what is being tested here).
    const posted = Date.parse(c.created_at);
    await sleep(Math.max(0, posted + windowSeconds * 1000 - Date.now()) + 1500);

    const late = await author.editComment(c.id, `${c.text} (too late)`);
    expectProblem(assert, late, 409, 'author edit after the window');
    const still = await server.admin().getComment(c.id);
    assert.equal(still.json.text, `${c.text} (in window)`, 'refused edit changed nothing');
    const byAdmin = await server.admin().editComment(c.id, `${c.text} (admin, late)`);
    assert.equal(byAdmin.status, 200, byAdmin.describe());
    // Deleting has no window.
    const del = await author.deleteComment(c.id);
    assert.equal(del.status, 204, del.describe());
});
