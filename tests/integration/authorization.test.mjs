// Who may do what: authors by token, other readers, anonymous callers, the admin bearer token.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    approve, commentHtml, countsOf, createApproved, createComment, demoArticles, expectProblem, marker,
    startServer,
} from './support/server.mjs';

describe('authorization', { timeout: 120000 }, () => {
    let server;
    let page;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        page = (await demoArticles(server)).empty;
    });

    test('editing: author 200, another reader 403, no token 401, admin 200', async () => {
        const author = server.client();
        const c = await createApproved(server, author, { page, text: `edit auth ${marker()}` });

        const other = server.client();
        const otherPost = await other.postComment({ page, text: `other reader has a token ${marker()}` });
        assert.equal(otherPost.status, 201, otherPost.describe());
        assert.ok(other.cookies.has('tribune_author'), 'the other reader holds an author token of their own');
        expectProblem(assert, await other.editComment(c.id, 'hijacked'), 403, 'another reader edits');
        const otherBearer = server.client({ bearer: otherPost.json.author_token });
        expectProblem(assert, await otherBearer.editComment(c.id, 'hijacked'), 403, 'another reader (bearer) edits');
        expectProblem(assert, await server.client().editComment(c.id, 'hijacked'), 401, 'no token edits');

        const still = await server.client().getComment(c.id);
        assert.equal(still.json.text, c.text, 'refused edits changed nothing');
        assert.equal(still.json.edited, false);

        const mine = await author.editComment(c.id, `${c.text} (by author)`);
        assert.equal(mine.status, 200, mine.describe());
        const byAdmin = await server.admin().editComment(c.id, `${c.text} (by admin)`);
        assert.equal(byAdmin.status, 200, byAdmin.describe());
        assert.equal(byAdmin.json.text, `${c.text} (by admin)`);
        assert.equal(byAdmin.json.edited, true);
        const hist = await server.admin().history(c.id);
        assert.equal(hist.status, 200, hist.describe());
        assert.equal(hist.json.edits.length, 2);
    });

    test('deleting: another reader 403, no token 401, refused deletes change nothing; admin 204', async () => {
        const author = server.client();
        const c = await createApproved(server, author, { page, text: `delete auth ${marker()}` });
        const before = await countsOf(server, [page]);
        const other = server.client();
        await createComment(other, { page, text: `token holder ${marker()}` });
        expectProblem(assert, await other.deleteComment(c.id), 403, 'another reader deletes');
        expectProblem(assert, await server.client().deleteComment(c.id), 401, 'no token deletes');
        assert.deepEqual(await countsOf(server, [page]), before);
        assert.equal((await server.client().getComment(c.id)).status, 200);
        const del = await server.admin().deleteComment(c.id);
        assert.equal(del.status, 204, del.describe());
        assert.equal((await server.client().getComment(c.id)).status, 404);
    });

    test('a pending comment cannot be edited or deleted by another reader', async () => {
        const author = server.client();
        const c = await createComment(author, { page, text: `pending target ${marker()}` });
        const other = server.client();
        await createComment(other, { page, text: `token holder ${marker()}` });
        const e = await other.editComment(c.id, 'hijacked');
        assert.ok([403, 404].includes(e.status), `edit someone else's pending comment: ${e.describe()}`);
        const d = await other.deleteComment(c.id);
        assert.ok([403, 404].includes(d.status), `delete someone else's pending comment: ${d.describe()}`);
        const mine = await author.getComment(c.id);
        assert.equal(mine.status, 200);
        assert.equal(mine.json.text, c.text);
        assert.equal(mine.json.status, 'pending');
    });

    test('moderation: no auth 401, author token 403, bad token refused, unknown action 422, admin 200', async () => {
        const author = server.client();
        const authorPost = await author.postComment({ page, text: `moderate auth ${marker()}` });
        assert.equal(authorPost.status, 201, authorPost.describe());
        const c = authorPost.json.comment;
        const before = await countsOf(server, [page]);
        expectProblem(assert, await server.client().moderate(c.id, 'approve'), 401, 'moderate without auth');
        expectProblem(assert, await author.moderate(c.id, 'approve'), 403, 'author moderates own comment (cookie)');
        const tokenOnly = server.client({ bearer: authorPost.json.author_token });
        expectProblem(assert, await tokenOnly.moderate(c.id, 'approve'), 403, 'author moderates (bearer)');
        const wrong = await server.client({ bearer: `${server.adminToken}x` }).moderate(c.id, 'approve');
        assert.ok([401, 403].includes(wrong.status), `wrong bearer token: ${wrong.describe()}`);
        const unknown = await server.admin().moderate(c.id, 'promote');
        expectProblem(assert, unknown, 422, 'unknown action');
        const missing = await server.admin().post(`/api/v1/comments/${c.id}/moderation`, {});
        assert.ok([400, 422].includes(missing.status), `missing action: ${missing.describe()}`);
        assert.equal((await author.getComment(c.id)).json.status, 'pending', 'refused moderation changed nothing');
        assert.deepEqual(await countsOf(server, [page]), before);
        expectProblem(assert, await server.admin().moderate('no-such-id-123', 'approve'), 404, 'moderate unknown id');
        const ok = await server.admin().moderate(c.id, 'approve');
        assert.equal(ok.status, 200, ok.describe());
        assert.equal(ok.json.status, 'approved');
    });

    test('status filter and history are for staff only', async () => {
        const author = server.client();
        const c = await createApproved(server, author, { page, text: `staff only ${marker()}` });
        for (const status of ['pending', 'rejected', 'spam', 'all']) {
            const r = await author.listComments(page, { status });
            expectProblem(assert, r, 403, `reader with status=${status}`);
            const anon = await server.client().listComments(page, { status });
            assert.ok([401, 403].includes(anon.status), `anonymous with status=${status}: ${anon.describe()}`);
            const staff = await server.admin().listComments(page, { status });
            assert.equal(staff.status, 200, `admin status=${status}: ${staff.describe()}`);
        }
        expectProblem(assert, await author.history(c.id), 403, 'author reads history');
        const anonHist = await server.client().history(c.id);
        assert.ok([401, 403].includes(anonHist.status), `anonymous reads history: ${anonHist.describe()}`);
        const adminHist = await server.admin().history(c.id);
        assert.equal(adminHist.status, 200, adminHist.describe());
        assert.deepEqual(adminHist.json.edits, []);
    });

    test('other readers never see a pending comment: list, one, replies, counts, HTML', async () => {
        const top = await createApproved(server, server.client(), { page, text: `visible parent ${marker()}` });
        const author = server.client();
        const secret = `secret pending reply ${marker()}`;
        const reply = await createComment(author, { page, text: secret, parent_id: top.id });
        assert.equal(reply.status, 'pending');
        const anon = server.client();
        const list = await anon.listComments(page, { limit: 100 });
        assert.ok(!list.text.includes(secret), 'not in list JSON');
        const node = list.json.comments.find((x) => x.id === top.id);
        assert.ok(!node.replies.some((r) => r.id === reply.id));
        assert.equal(node.reply_count, 0, 'reply_count counts approved replies');
        const reps = await anon.replies(top.id);
        assert.equal(reps.status, 200);
        assert.ok(!reps.text.includes(secret), 'not in replies JSON');
        assert.equal((await anon.getComment(reply.id)).status, 404);
        const html = await anon.get(page);
        assert.ok(!html.text.includes(secret), 'not in article HTML');
        const repliesHtml = await anon.get(`${page}/comments/${top.id}`);
        assert.equal(repliesHtml.status, 200, repliesHtml.describe());
        assert.ok(!repliesHtml.text.includes(secret), 'not in the replies HTML page');

        // Its author sees it under the parent, with the pending notice in HTML.
        const own = await author.replies(top.id);
        assert.ok(own.json.comments.some((r) => r.id === reply.id), 'author sees own pending reply');
        const ownHtml = await author.get(page);
        const frag = commentHtml(ownHtml.text, reply.id);
        assert.ok(frag, 'author sees own pending reply in HTML');
        assert.match(frag, /Your comment will appear once approved by a moderator\./);

        // A reader cannot reply to a comment they cannot see.
        const hidden = await createComment(server.client(), { page, text: `hidden parent ${marker()}` });
        const r = await server.client().postComment({ page, text: 'reply to hidden', parent_id: hidden.id });
        assert.equal(r.status, 404, `reply to someone else's pending comment: ${r.describe()}`);
        await approve(server, reply.id);
        assert.equal((await anon.getComment(reply.id)).status, 200);
    });

    test('staff comments carry their role and the Moderator badge', async () => {
        const admin = server.admin();
        const posted = await admin.postComment({ page, text: `from the newsroom ${marker()}`, author_name: 'Desk' });
        assert.equal(posted.status, 201, posted.describe());
        const c = posted.json.comment;
        assert.equal(c.author.role, 'admin');
        assert.equal(c.status, 'approved', 'staff comments are approved at once');
        const html = await server.client().get(page);
        const frag = commentHtml(html.text, c.id);
        assert.ok(frag, 'staff comment in HTML');
        assert.match(frag, /Moderator/, 'Moderator badge');
        const plain = await createApproved(server, server.client(), { page, text: `plain reader ${marker()}` });
        const html2 = await server.client().get(page);
        assert.doesNotMatch(commentHtml(html2.text, plain.id) || 'missing', /Moderator/, 'no badge for readers');
    });
});
