// The whole life of a comment through the JSON API: post (pending) -> seen by its author only ->
// approved -> seen by everyone, counted -> edited -> history -> deleted (gone, or a tombstone).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    approve, commentHtml, countsOf, createApproved, createComment, demoArticles, expectProblem, marker,
    parseSetCookie, startServer, walkComments,
} from './support/server.mjs';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function assertCommentShape(c, what = 'comment') {
    assert.equal(typeof c.id, 'string', `${what}.id is a string: ${JSON.stringify(c)}`);
    assert.ok(c.id.length > 0, `${what}.id not empty`);
    assert.equal(typeof c.page, 'string', `${what}.page`);
    assert.ok(c.parent_id === null || typeof c.parent_id === 'string', `${what}.parent_id null or string`);
    assert.equal(typeof c.author?.name, 'string', `${what}.author.name`);
    assert.ok(['reader', 'moderator', 'admin'].includes(c.author.role), `${what}.author.role: ${c.author.role}`);
    assert.equal(typeof c.text, 'string', `${what}.text`);
    assert.ok(['approved', 'pending', 'rejected', 'spam', 'deleted'].includes(c.status), `${what}.status: ${c.status}`);
    assert.match(c.created_at, RFC3339, `${what}.created_at is RFC 3339`);
    assert.equal(typeof c.edited, 'boolean', `${what}.edited`);
    assert.ok(c.edited_at === null || RFC3339.test(c.edited_at), `${what}.edited_at: ${c.edited_at}`);
    assert.equal(typeof c.reply_count, 'number', `${what}.reply_count`);
    assert.equal(typeof c.version, 'string', `${what}.version`);
}

describe('comment lifecycle via the JSON API', { timeout: 120000 }, () => {
    let server;
    let demo;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
    });

    test('healthz answers ok', async () => {
        const r = await server.client().get('/healthz');
        assert.equal(r.status, 200, r.describe());
        assert.deepEqual(r.json, { status: 'ok' });
    });

    test('the demo publication is seeded', async () => {
        assert.ok(demo.all.length >= 4, `home links to >= 4 articles: ${demo.all}`);
        assert.ok(demo.counts[demo.main] >= 24, `main article has >= 24 approved comments: ${JSON.stringify(demo.counts)}`);
        assert.ok(demo.empty, `one article has no comments: ${JSON.stringify(demo.counts)}`);
        const list = await server.client().listComments(demo.main);
        assert.equal(list.status, 200, list.describe());
        assert.match(list.contentType, /^application\/json/i);
        assert.equal(list.json.page, demo.main);
        assert.equal(list.json.total, demo.counts[demo.main], 'list total equals counts');
        assert.ok(Array.isArray(list.json.comments));
        assert.ok('next_cursor' in list.json, 'next_cursor present (null or string)');
        for (const c of list.json.comments) {
            assertCommentShape(c, `demo comment ${c.id}`);
            assert.equal(c.parent_id, null, 'top-level comments have parent_id null');
            assert.equal(c.page, demo.main);
            assert.ok(Array.isArray(c.replies), 'replies[] present');
            assert.ok(c.replies.length <= 3, 'at most 3 embedded replies');
            assert.ok('replies_next_cursor' in c, 'replies_next_cursor present');
            for (const r of c.replies) {
                assertCommentShape(r, `demo reply ${r.id}`);
                assert.equal(r.parent_id, c.id);
            }
        }
        const emptyList = await server.client().listComments(demo.empty);
        assert.equal(emptyList.status, 200);
        assert.equal(emptyList.json.total, 0);
        assert.deepEqual(emptyList.json.comments, []);
        assert.equal(emptyList.json.next_cursor, null);
    });

    test('post -> pending -> approve -> edit -> history -> delete', async () => {
        const page = demo.empty;
        const author = server.client();
        const other = server.client();
        const anon = server.client();
        const admin = server.admin();
        const text = `Lifecycle ${marker()} first version`;

        const before = await countsOf(server, [page]);

        // Post: 201, pending, token in body and HttpOnly cookie.
        const posted = await author.postComment({ page, text, author_name: 'Lifecycle Tester' });
        assert.equal(posted.status, 201, posted.describe());
        assert.match(posted.contentType, /^application\/json/i);
        const c = posted.json.comment;
        assertCommentShape(c);
        assert.equal(c.page, page);
        assert.equal(c.text, text);
        assert.equal(c.status, 'pending');
        assert.equal(c.parent_id, null);
        assert.equal(c.author.name, 'Lifecycle Tester');
        assert.equal(c.author.role, 'reader');
        assert.equal(c.edited, false);
        assert.equal(c.edited_at, null);
        assert.equal(c.reply_count, 0);
        const token = posted.json.author_token;
        assert.equal(typeof token, 'string');
        assert.ok(token.length >= 16, 'author token is long enough to be unguessable');
        const cookie = posted.setCookies().map(parseSetCookie).find((k) => k.name === 'tribune_author');
        assert.ok(cookie, `Set-Cookie tribune_author: ${posted.setCookies()}`);
        assert.ok(cookie.attrs.httponly, 'cookie is HttpOnly');
        assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax', 'cookie is SameSite=Lax');
        assert.equal(cookie.attrs.path, '/', 'cookie Path=/');

        // The author sees it (cookie, and bearer token); nobody else does; the count is unchanged.
        const mine = await author.listComments(page);
        assert.equal(mine.status, 200);
        assert.ok(mine.json.comments.some((x) => x.id === c.id && x.status === 'pending'), 'author sees own pending comment');
        assert.equal(mine.json.total, before[page], 'total counts approved only');
        const byBearer = server.client({ bearer: token });
        const viaBearer = await byBearer.getComment(c.id);
        assert.equal(viaBearer.status, 200, viaBearer.describe());
        assert.equal(viaBearer.json.text, text);
        for (const who of [anon, other]) {
            const l = await who.listComments(page);
            assert.equal(l.status, 200);
            assert.ok(!l.json.comments.some((x) => x.id === c.id), 'others do not see a pending comment');
            assert.ok(!l.text.includes(text), 'pending text appears nowhere in the list');
            const one = await who.getComment(c.id);
            assert.equal(one.status, 404, `others get 404 for a pending comment: ${one.describe()}`);
            assert.ok(!one.text.includes(text));
            const html = await who.get(page);
            assert.equal(html.status, 200);
            assert.ok(!html.text.includes(text), 'pending text is not in the article HTML for others');
        }
        assert.deepEqual(await countsOf(server, [page]), before, 'counts unchanged by a pending comment');

        // Staff list of pending comments includes it.
        const pend = await admin.listComments(page, { status: 'pending' });
        assert.equal(pend.status, 200, pend.describe());
        assert.ok(pend.json.comments.some((x) => x.id === c.id), 'admin status=pending list has it');

        // Approve: visible to all, counted.
        const approved = await admin.moderate(c.id, 'approve');
        assert.equal(approved.status, 200, approved.describe());
        assert.equal(approved.json.id, c.id);
        assert.equal(approved.json.status, 'approved');
        const after1 = await countsOf(server, [page]);
        assert.equal(after1[page], before[page] + 1, 'count +1 after approval');
        const seen = await anon.listComments(page);
        assert.equal(seen.json.total, before[page] + 1);
        const seenC = seen.json.comments.find((x) => x.id === c.id);
        assert.ok(seenC, 'anonymous reader sees the approved comment');
        assert.equal(seenC.text, text);
        assert.equal((await other.getComment(c.id)).status, 200);
        const html = await anon.get(page);
        assert.ok(commentHtml(html.text, c.id), 'approved comment is an <article id="comment-ID"> in the HTML');
        assert.ok(html.text.includes(text), 'approved text in the article HTML');

        // Edit by its author (cookie): edited, edited_at.
        const text2 = `${text} -> second version`;
        const edited = await author.editComment(c.id, text2);
        assert.equal(edited.status, 200, edited.describe());
        assertCommentShape(edited.json);
        assert.equal(edited.json.text, text2);
        assert.equal(edited.json.edited, true);
        assert.match(edited.json.edited_at, RFC3339);
        // Pre-moderated: the edited text waits for a moderator, and the comment is hidden until then.
        assert.equal(edited.json.status, 'pending', 'an author\'s edit goes back to the moderators');
        assert.equal((await anon.getComment(c.id)).status, 404, 'hidden from readers while the edit waits');
        const stale = await admin.moderate(c.id, 'approve', { headers: { 'if-match': `"${c.version}"` } });
        expectProblem(assert, stale, 409, 'approving the version seen before the edit');
        const reviewed = await admin.moderate(c.id, 'approve', { headers: { 'if-match': `"${edited.json.version}"` } });
        assert.equal(reviewed.status, 200, reviewed.describe());
        assert.equal(reviewed.json.status, 'approved');
        const anonView = await anon.getComment(c.id);
        assert.equal(anonView.json.text, text2);
        assert.equal(anonView.json.edited, true);
        const editedHtml = await anon.get(page);
        assert.match(commentHtml(editedHtml.text, c.id) || '', /\(Edited\)/, '"(Edited)" marker in HTML');

        // Edit again with the bearer token: history keeps both earlier texts, oldest first.
        const text3 = `${text} -> third version`;
        const edited2 = await byBearer.editComment(c.id, text3);
        assert.equal(edited2.status, 200, edited2.describe());
        const hist = await admin.history(c.id);
        assert.equal(hist.status, 200, hist.describe());
        assert.equal(hist.json.id, c.id);
        assert.ok(Array.isArray(hist.json.edits));
        assert.deepEqual(hist.json.edits.map((e) => e.text), [text, text2], 'history: earlier texts, oldest first');
        for (const e of hist.json.edits) {
            assert.match(e.replaced_at, RFC3339);
            assert.equal(typeof e.edited_by, 'string');
        }

        // Delete by its author: 204; without replies it disappears; count back.
        const del = await author.deleteComment(c.id);
        assert.equal(del.status, 204, del.describe());
        assert.equal(del.text, '');
        const afterDel = await anon.listComments(page);
        assert.ok(!afterDel.json.comments.some((x) => x.id === c.id), 'deleted comment without replies is gone from lists');
        assert.deepEqual(await countsOf(server, [page]), before, 'count back to where it was');
        assert.equal((await anon.getComment(c.id)).status, 404, 'deleted comment is 404 for readers');
        const delHtml = await anon.get(page);
        assert.ok(!delHtml.text.includes(text), 'deleted text gone from the HTML');
    });

    test('a deleted comment with replies stays as a tombstone with its replies', async () => {
        const page = demo.all.find((p) => p !== demo.main && p !== demo.empty) || demo.main;
        const author = server.client();
        const replier = server.client();
        const anon = server.client();
        const top = await createApproved(server, author, { page, text: `Tombstone parent ${marker()}` });
        const reply = await createApproved(server, replier, { page, text: `Tombstone reply ${marker()}`, parent_id: top.id });
        assert.equal(reply.parent_id, top.id);
        const before = await countsOf(server, [page]);

        const del = await author.deleteComment(top.id);
        assert.equal(del.status, 204, del.describe());

        const all = await walkComments(anon, page, { limit: 100 });
        const tomb = all.find((x) => x.id === top.id);
        assert.ok(tomb, 'tombstone still listed');
        assert.equal(tomb.status, 'deleted');
        assert.equal(tomb.text, '', 'tombstone text is empty');
        assert.ok(tomb.replies.some((r) => r.id === reply.id && r.text === reply.text), 'tombstone keeps its replies');
        const afterCounts = await countsOf(server, [page]);
        assert.equal(afterCounts[page], before[page] - 1, 'the deleted comment no longer counts; its reply does');
        const html = await anon.get(page);
        assert.ok(!html.text.includes(top.text), 'deleted text is not in the HTML');
        assert.ok(html.text.includes(reply.text), 'the reply is still in the HTML');
        assert.ok(commentHtml(html.text, top.id), 'tombstone is rendered as a comment element');
    });

    test('replies: a reply to a reply attaches to the top-level comment; unknown parent is 404', async () => {
        const page = demo.empty;
        const a = server.client();
        const top = await createApproved(server, a, { page, text: `Top ${marker()}` });
        const r1 = await createApproved(server, server.client(), { page, text: `Reply 1 ${marker()}`, parent_id: top.id });
        const r2 = await createComment(server.client(), { page, text: `Reply to reply ${marker()}`, parent_id: r1.id });
        assert.equal(r2.parent_id, top.id, 'reply to a reply gets parent_id = top-level id');
        await approve(server, r2.id);

        const list = await server.client().listComments(page, { limit: 100 });
        const node = list.json.comments.find((x) => x.id === top.id);
        assert.ok(node, 'top-level comment listed');
        assert.deepEqual(node.replies.map((x) => x.id), [r1.id, r2.id], 'both replies under the top-level comment, oldest first');
        assert.equal(node.reply_count, 2);
        assert.ok(!list.json.comments.some((x) => x.id === r1.id || x.id === r2.id), 'replies are not top-level');

        const reps = await server.client().replies(top.id);
        assert.equal(reps.status, 200, reps.describe());
        assert.equal(reps.json.parent_id, top.id);
        assert.deepEqual(reps.json.comments.map((x) => x.id), [r1.id, r2.id]);
        assert.equal(reps.json.next_cursor, null);

        const bad = await server.client().postComment({ page, text: 'orphan', parent_id: 'no-such-comment-999999' });
        assert.equal(bad.status, 404, bad.describe());
        const bad2 = await server.client().postComment({ page, text: 'orphan', parent_id: '987654321' });
        assert.equal(bad2.status, 404, bad2.describe());
    });

    test('author_name: blank or missing is "No Name"; text is trimmed and CRLF becomes LF', async () => {
        const page = demo.empty;
        const missing = await createComment(server.client(), { page, text: `no name ${marker()}` });
        assert.equal(missing.author.name, 'No Name');
        const blank = await createComment(server.client(), { page, text: `blank name ${marker()}`, author_name: '   ' });
        assert.equal(blank.author.name, 'No Name');
        const m = marker();
        const crlf = await createComment(server.client(), { page, text: `  \r\n line one ${m}\r\nline two\r\n\r\n  ` });
        assert.equal(crlf.text, `line one ${m}\nline two`);
    });

    test('XSS strings round-trip exactly in JSON and appear only escaped in HTML', async () => {
        const page = demo.empty;
        const payload = '<script>alert(1)</script>';
        const name = '<b onmouseover="alert(2)">Mallory</b>';
        const c = await createComment(server.client(), { page, text: payload, author_name: name });
        assert.equal(c.text, payload, 'text stored exactly');
        assert.equal(c.author.name, name, 'name stored exactly');
        await approve(server, c.id);
        const got = await server.client().getComment(c.id);
        assert.equal(got.json.text, payload);
        const html = await server.client().get(page);
        assert.equal(html.status, 200);
        assert.ok(!html.text.includes(payload), 'raw <script>alert(1)</script> must not be in the HTML');
        assert.ok(html.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped form is in the HTML');
        assert.ok(!html.text.includes(name), 'raw name markup must not be in the HTML');
        assert.ok(html.text.includes('&lt;b onmouseover='), 'escaped name is in the HTML');
    });

    test('the author token is reused on later posts (cookie and bearer)', async () => {
        const page = demo.empty;
        const a = server.client();
        const first = await a.postComment({ page, text: `token 1 ${marker()}` });
        assert.equal(first.status, 201);
        const second = await a.postComment({ page, text: `token 2 ${marker()}` });
        assert.equal(second.status, 201);
        assert.equal(second.json.author_token, first.json.author_token, 'cookie carries the token');
        const b = server.client({ bearer: first.json.author_token });
        const third = await b.postComment({ page, text: `token 3 ${marker()}` });
        assert.equal(third.status, 201);
        assert.equal(third.json.author_token, first.json.author_token, 'bearer carries the token');
        // The author may edit all three with that one token.
        const e = await b.editComment(second.json.comment.id, `token 2 edited ${marker()}`);
        assert.equal(e.status, 200, e.describe());
    });

    test('reject and spam hide a comment from readers and from counts', async () => {
        const page = demo.empty;
        const before = await countsOf(server, [page]);
        const admin = server.admin();
        for (const action of ['reject', 'spam']) {
            const c = await createApproved(server, server.client(), { page, text: `${action} me ${marker()}` });
            const r = await admin.moderate(c.id, action);
            assert.equal(r.status, 200, r.describe());
            assert.equal(r.json.status, action === 'reject' ? 'rejected' : 'spam');
            assert.equal((await server.client().getComment(c.id)).status, 404);
            const l = await server.client().listComments(page, { limit: 100 });
            assert.ok(!l.json.comments.some((x) => x.id === c.id));
            const staff = await admin.listComments(page, { status: r.json.status, limit: 100 });
            assert.equal(staff.status, 200, staff.describe());
            assert.ok(staff.json.comments.some((x) => x.id === c.id), `status=${r.json.status} lists it for staff`);
            const everything = await admin.listComments(page, { status: 'all', limit: 100 });
            assert.equal(everything.status, 200);
            assert.ok(everything.json.comments.some((x) => x.id === c.id), 'status=all lists it for staff');
        }
        assert.deepEqual(await countsOf(server, [page]), before, 'counts unchanged');
    });

    test('counts for many pages at once; unknown pages count 0', async () => {
        const pages = [...demo.all, '/articles/does-not-exist', 'https://example.com/some/embedded/page'];
        const r = await server.client().counts(pages);
        assert.equal(r.status, 200, r.describe());
        assert.match(r.contentType, /^application\/json/i);
        assert.deepEqual(Object.keys(r.json.counts).sort(), [...pages].sort());
        assert.equal(r.json.counts['/articles/does-not-exist'], 0);
        for (const p of demo.all) {
            const l = await server.client().listComments(p);
            assert.equal(r.json.counts[p], l.json.total, `counts[${p}] equals list total`);
        }
    });

    test('an unknown page lists as empty', async () => {
        const r = await server.client().listComments('/articles/never-written');
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.total, 0);
        assert.deepEqual(r.json.comments, []);
    });

    test('comments on any page key (embedded site), not only articles', async () => {
        const page = `https://blog.example.org/posts/${marker()}?x=1&y=ü`;
        const c = await createApproved(server, server.client(), { page, text: `embedded ${marker()}` });
        assert.equal(c.page, page);
        const l = await server.client().listComments(page);
        assert.equal(l.json.total, 1);
        assert.equal(l.json.comments[0].id, c.id);
        assert.equal((await countsOf(server, [page]))[page], 1);
    });
});
