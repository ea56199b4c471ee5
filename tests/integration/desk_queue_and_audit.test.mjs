// The moderation queue (per queue order, search, paging, counts, context), the moderation actions
// and bulk actions, and the audit trail every one of them leaves (also from the CLI).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    cliComment, createApproved, createComment, createUser, demoArticles, expectProblem, loginAs, marker, startServer,
    waitFor,
} from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';

describe('desk queue and audit', { timeout: 300000 }, () => {
    let server;
    let bearer;
    let admin;
    let mod;
    let demo;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        bearer = server.admin();
        demo = await demoArticles(server);
        admin = await loginAs(server, await createUser(server, { role: 'admin' }));
        mod = await loginAs(server, await createUser(server, { role: 'moderator' }));
    });

    const queue = async (params, client = bearer) => {
        const r = await client.get(`/api/v1/moderation/queue?${new URLSearchParams(params)}`);
        assert.equal(r.status, 200, r.describe());
        assert.match(r.header('cache-control') || '', /no-store/);
        return r.json;
    };
    const ids = (view) => view.items.map((i) => i.comment.id);
    const byNumber = (a, b) => Number(a) - Number(b);
    const auditOf = async (id) => {
        const r = await bearer.get(`/api/v1/audit?target=${encodeURIComponent(`comment:${id}`)}`);
        assert.equal(r.status, 200, r.describe());
        for (const e of r.json.entries) assert.equal(e.target, `comment:${id}`, 'target filter');
        return r.json.entries;
    };
    const post = (page, text, name) => createComment(server.client(), { page, text, author_name: name });

    test('pending queue is oldest first, approved newest first; filtered by page; items carry their context', async () => {
        const page = `/desk-queue/${marker()}`;
        const posted = [];
        for (let i = 0; i < 4; i++) posted.push(await post(page, `queued ${i} ${marker()}`, `Queue Author ${i}`));
        const pending = await queue({ queue: 'pending', page });
        assert.deepEqual(ids(pending), posted.map((c) => c.id), 'oldest first');
        for (const item of pending.items) {
            assert.equal(item.comment.status, 'pending');
            assert.equal(item.comment.page, page);
            assert.equal(item.comment.filter_reason, '');
            assert.equal(item.comment.open_reports, 0);
            assert.equal(item.comment.featured, false);
            assert.equal(item.parent, null);
            assert.equal(item.article, null, 'not one of our articles');
            assert.deepEqual(item.edits, []);
            assert.deepEqual(item.reports, []);
            assert.equal(item.author_history.pending, 1, JSON.stringify(item.author_history));
            assert.equal(item.author_history.approved, 0);
        }
        assert.equal(pending.next_after, null);
        // The default queue is pending.
        assert.deepEqual(ids(await queue({ page })), ids(pending));

        for (const c of posted.slice(0, 3)) assert.equal((await bearer.moderate(c.id, 'approve')).status, 200);
        const approved = await queue({ queue: 'approved', page });
        assert.deepEqual(ids(approved), posted.slice(0, 3).map((c) => c.id).reverse(), 'newest first');
        assert.deepEqual(ids(await queue({ queue: 'pending', page })), [posted[3].id]);
        assert.deepEqual(ids(await queue({ queue: 'rejected', page })), []);
        // A moderator session sees the same queue.
        assert.deepEqual(ids(await queue({ queue: 'approved', page }, mod)), ids(approved));
    });

    test('item view: the parent, the article, the author record and the edit history', async () => {
        const page = demo.empty;
        const author = server.client();
        const parent = await createApproved(server, author, { page, text: `context parent ${marker()}` });
        const reply = await createComment(author, { page, text: `first words ${marker()}`, parent_id: parent.id });
        const edited = await author.editComment(reply.id, `second words ${marker()}`);
        assert.equal(edited.status, 200, edited.describe());
        const r = await bearer.get(`/api/v1/moderation/comments/${reply.id}`);
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.comment.id, reply.id);
        assert.equal(r.json.comment.text, edited.json.text);
        assert.equal(r.json.parent?.id, parent.id);
        assert.equal(r.json.article?.slug, demo.slugOf(page));
        assert.equal(typeof r.json.article.title, 'string');
        assert.equal(r.json.author_history.approved, 1);
        assert.equal(r.json.author_history.pending, 1);
        assert.equal(r.json.edits.length, 1);
        assert.equal(r.json.edits[0].text, reply.text, 'the replaced text');
        assert.equal(r.json.edits[0].edited_by, 'author');
        expectProblem(assert, await bearer.get('/api/v1/moderation/comments/999999999'), 404, 'unknown item');
        expectProblem(assert, await bearer.get('/api/v1/moderation/comments/abc'), 404, 'malformed item id');
    });

    test('search by text and by author name, case-insensitive', async () => {
        const page = `/desk-search/${marker()}`;
        const m = marker('zebra').toUpperCase();
        const hit = await post(page, `A ${m} crossed the road`, 'Alice Searchable');
        const other = await post(page, 'nothing to see here', 'Bob Plain');
        assert.deepEqual(ids(await queue({ q: m.toLowerCase() })), [hit.id], 'text search');
        assert.deepEqual(ids(await queue({ q: m, page })), [hit.id], 'text search on one page');
        assert.deepEqual(ids(await queue({ author: 'bob PLAIN', page })), [other.id], 'author search');
        assert.deepEqual(ids(await queue({ author: 'alice', q: 'nothing', page })), [], 'both must match');
        assert.deepEqual(ids(await queue({ q: marker('absent') })), []);
    });

    test('paging with after: every item once, in order, and next_after null at the end', async () => {
        const page = `/desk-paging/${marker()}`;
        const posted = [];
        for (let i = 0; i < 7; i++) posted.push((await post(page, `page item ${i} ${marker()}`)).id);
        const seen = [];
        let after = null;
        let pages = 0;
        for (; pages < 10; pages++) {
            const v = await queue({ page, limit: 3, ...(after ? { after } : {}) });
            assert.ok(v.items.length <= 3);
            seen.push(...ids(v));
            after = v.next_after;
            if (!after) break;
            assert.equal(after, ids(v).at(-1), 'next_after is the last id of the page');
        }
        assert.equal(pages + 1, 3, 'three pages of 3, 3 and 1');
        assert.deepEqual(seen, posted);
        // Newest-first queues page backwards.
        for (const id of posted) await bearer.moderate(id, 'reject');
        const first = await queue({ queue: 'rejected', page, limit: 4 });
        const second = await queue({ queue: 'rejected', page, limit: 4, after: first.next_after });
        assert.deepEqual([...ids(first), ...ids(second)], [...posted].reverse());
        assert.equal(second.next_after, null);

        for (const bad of [{ limit: '0' }, { limit: '201' }, { limit: 'x' }, { queue: 'bogus' }]) {
            const r = await bearer.get(`/api/v1/moderation/queue?${new URLSearchParams(bad)}`);
            expectProblem(assert, r, 422, JSON.stringify(bad));
        }
        expectProblem(assert, await bearer.get('/api/v1/moderation/queue?after=abc'), 400, 'bad cursor');
    });

    test('counts: every queue, moving with each action', async () => {
        const counts = async () => (await queue({ limit: 1 })).counts;
        const c0 = await counts();
        for (const k of ['pending', 'reported', 'approved', 'rejected', 'spam']) assert.equal(typeof c0[k], 'number', k);
        const c = await post(`/desk-counts/${marker()}`, `counted ${marker()}`);
        const c1 = await counts();
        assert.equal(c1.pending, c0.pending + 1);
        await bearer.moderate(c.id, 'reject');
        const c2 = await counts();
        assert.deepEqual([c2.pending, c2.rejected], [c0.pending, c0.rejected + 1]);
        await bearer.moderate(c.id, 'spam');
        const c3 = await counts();
        assert.deepEqual([c3.rejected, c3.spam], [c0.rejected, c0.spam + 1]);
        await bearer.moderate(c.id, 'approve');
        const c4 = await counts();
        assert.deepEqual([c4.spam, c4.approved, c4.pending], [c0.spam, c0.approved + 1, c0.pending]);
    });

    test('approve, feature, unfeature, reject, spam: each answers the comment and is audited with before/after', async () => {
        const page = demo.empty;
        const c = await post(page, `audited ${marker()}`);
        const steps = [
            ['approve', (r) => assert.equal(r.json.status, 'approved')],
            ['feature', (r) => assert.equal(r.json.featured, true)],
            ['unfeature', (r) => assert.ok(!r.json.featured)],
            ['reject', (r) => assert.equal(r.json.status, 'rejected')],
            ['spam', (r) => assert.equal(r.json.status, 'spam')],
            ['approve', (r) => assert.equal(r.json.status, 'approved')],
        ];
        for (const [action, check] of steps) {
            const r = await admin.moderate(c.id, action);
            assert.equal(r.status, 200, `${action}: ${r.describe()}`);
            assert.equal(r.json.id, c.id);
            check(r);
        }
        const entries = await auditOf(c.id);
        assert.deepEqual(entries.map((e) => e.action), steps.map(([a]) => `comment.${a}`).reverse(), 'newest first');
        for (const e of entries) {
            assert.equal(e.actor, admin.account.name);
            assert.equal(e.actor_user_id, admin.account.id);
            assert.equal(typeof e.before, 'object');
            assert.equal(typeof e.after, 'object');
            assert.equal(e.before.id, c.id);
            assert.equal(e.after.id, c.id);
            assert.match(e.at, /^\d{4}-\d{2}-\d{2}T/);
        }
        const [approveAgain, spam, reject, unfeature, feature, approve] = entries;
        assert.deepEqual([approve.before.status, approve.after.status], ['pending', 'approved']);
        assert.deepEqual([feature.before.featured ?? false, feature.after.featured], [false, true]);
        assert.deepEqual([unfeature.before.featured, unfeature.after.featured ?? false], [true, false]);
        assert.deepEqual([reject.before.status, reject.after.status], ['approved', 'rejected']);
        assert.deepEqual([spam.before.status, spam.after.status], ['rejected', 'spam']);
        assert.deepEqual([approveAgain.before.status, approveAgain.after.status], ['spam', 'approved']);
        assert.ok(entries.every((e, i) => i === 0 || e.id < entries[i - 1].id), 'ids descend');

        // Doing what is already done changes nothing and adds no entry.
        assert.equal((await admin.moderate(c.id, 'approve')).status, 200);
        assert.equal((await auditOf(c.id)).length, entries.length);

        // The actor is whoever acted.
        await bearer.moderate(c.id, 'reject');
        await mod.moderate(c.id, 'approve');
        const [byMod, byToken] = await auditOf(c.id);
        assert.equal(byToken.actor, 'admin token');
        assert.equal(byToken.actor_user_id, null);
        assert.equal(byMod.actor, mod.account.name);
        assert.equal(byMod.actor_user_id, mod.account.id);

        expectProblem(assert, await admin.moderate(c.id, 'promote'), 422, 'unknown action');
        expectProblem(assert, await admin.moderate('999999999', 'approve'), 404, 'unknown comment');
        assert.equal((await bearer.deleteComment(c.id)).status, 204);
        expectProblem(assert, await admin.moderate(c.id, 'approve'), 409, 'deleted comment');
    });

    test('bulk: done and failed per id; each done one is audited', async () => {
        const page = `/desk-bulk/${marker()}`;
        const a = await post(page, `bulk a ${marker()}`);
        const b = await post(page, `bulk b ${marker()}`);
        const gone = await createApproved(server, server.client(), { page, text: `bulk gone ${marker()}` });
        assert.equal((await bearer.deleteComment(gone.id)).status, 204);
        const r = await mod.post('/api/v1/moderation/bulk', { ids: [a.id, '999999999', b.id, gone.id], action: 'reject' });
        assert.equal(r.status, 200, r.describe());
        assert.deepEqual(r.json.done.map((c) => c.id), [a.id, b.id]);
        for (const c of r.json.done) {
            assert.equal(c.status, 'rejected');
            assert.ok('filter_reason' in c && 'open_reports' in c, 'done items are staff views');
        }
        assert.deepEqual(r.json.failed.map((f) => f.id).sort(byNumber), ['999999999', gone.id].sort(byNumber));
        for (const f of r.json.failed) assert.ok(f.title.length > 0, JSON.stringify(f));
        for (const c of [a, b]) {
            const [e] = await auditOf(c.id);
            assert.equal(e.action, 'comment.reject');
            assert.equal(e.actor, mod.account.name);
            assert.deepEqual([e.before.status, e.after.status], ['pending', 'rejected']);
        }
        const numeric = await bearer.post('/api/v1/moderation/bulk', { ids: [Number(a.id)], action: 'approve' });
        assert.equal(numeric.status, 200, numeric.describe());
        assert.equal(numeric.json.done[0]?.status, 'approved', 'ids may be numbers too');

        const tooMany = Array.from({ length: 201 }, (_, i) => String(i + 1));
        for (const [body, what] of [
            [{ ids: [], action: 'approve' }, 'no ids'],
            [{ ids: tooMany, action: 'approve' }, '201 ids'],
            [{ ids: [a.id], action: 'promote' }, 'unknown action'],
            [{ ids: ['x'], action: 'approve' }, 'a malformed id'],
            [{ ids: a.id, action: 'approve' }, 'ids not an array'],
        ]) {
            expectProblem(assert, await mod.post('/api/v1/moderation/bulk', body), 422, what);
        }
        assert.equal((await auditOf(a.id)).length, 2, 'refused bulk requests left no entries');
    });

    test("staff edits and deletes are audited; the author's own are not", async () => {
        const page = demo.empty;
        const author = server.client();
        const c = await createApproved(server, author, { page, text: `edit audit ${marker()}` });
        const own = await author.editComment(c.id, `${c.text} (author)`);
        assert.equal(own.status, 200, own.describe());
        assert.deepEqual((await auditOf(c.id)).map((e) => e.action), ['comment.approve']);

        const byMod = await mod.editComment(c.id, `${c.text} (moderator)`);
        assert.equal(byMod.status, 200, byMod.describe());
        const [edit] = await auditOf(c.id);
        assert.equal(edit.action, 'comment.edit');
        assert.equal(edit.actor, mod.account.name);
        assert.equal(edit.before.text, `${c.text} (author)`);
        assert.equal(edit.after.text, `${c.text} (moderator)`);
        const hist = await bearer.history(c.id);
        assert.deepEqual(hist.json.edits.map((e) => e.edited_by), ['author', mod.account.name]);

        const del = await admin.deleteComment(c.id);
        assert.equal(del.status, 204, del.describe());
        const [gone] = await auditOf(c.id);
        assert.equal(gone.action, 'comment.delete');
        assert.equal(gone.actor, admin.account.name);
        assert.equal(gone.before.status, 'pending', "the author's edit sent it back to the moderators");
        assert.equal(gone.after.status, 'deleted');

        // An author deleting their own comment leaves no entry.
        const mine = await createComment(author, { page, text: `self delete ${marker()}` });
        assert.equal((await author.deleteComment(mine.id)).status, 204);
        assert.deepEqual(await auditOf(mine.id), []);
    });

    test('the CLI `tribune comment approve|reject|spam ID` is audited with actor "cli" and reaches the running server', async () => {
        const page = `/desk-cli/${marker()}`;
        const c = await post(page, `cli moderated ${marker()}`);
        // A reader is on the page (its first page cached, a live stream open) while the
        // operator approves at the command line: the running server hears of it.
        const reader = server.client();
        const warm = await reader.listComments(page);
        assert.deepEqual(warm.json.comments, [], 'pending: not public yet');
        const live = new SseClient(server, livePath(page), {});
        assert.equal((await live.open()).status, 200);
        await live.nextEvent((m) => m.type === 'hello', { what: 'hello' });
        const r = await cliComment(server, 'approve', c.id);
        assert.equal(r.code, 0, `${r.stderr}${r.stdout}`);
        await live.nextEvent((m) => m.type === 'comment.updated' && m.comment?.id === c.id && m.comment.status === 'approved',
            { ms: 5000, what: 'the CLI approval on the live stream' });
        live.close();
        // Well inside the cache's 30 s max age.
        await waitFor(async () => (await reader.listComments(page)).json?.comments.some((x) => x.id === c.id),
            { ms: 5000, what: 'the CLI approval in the cached first page' });
        assert.match(r.stdout, new RegExp(`comment ${c.id} is now approved`));
        const [e] = await auditOf(c.id);
        assert.equal(e.actor, 'cli');
        assert.equal(e.action, 'comment.approve');
        assert.equal(e.target, `comment:${c.id}`);
        assert.equal(e.actor_user_id, null);
        assert.deepEqual([e.before.status, e.after.status], ['pending', 'approved']);
        await waitFor(async () => (await bearer.get(`/api/v1/moderation/comments/${c.id}`)).json?.comment.status === 'approved',
            { ms: 5000, what: 'the server to see the CLI approval' });

        const spam = await cliComment(server, 'spam', c.id);
        assert.equal(spam.code, 0, spam.stderr);
        const [s] = await auditOf(c.id);
        assert.deepEqual([s.actor, s.action, s.before.status, s.after.status], ['cli', 'comment.spam', 'approved', 'spam']);

        const unknown = await cliComment(server, 'approve', '999999999');
        assert.notEqual(unknown.code, 0, 'unknown id fails');
        const bogus = await cliComment(server, 'promote', c.id);
        assert.notEqual(bogus.code, 0, 'unknown action fails');
        assert.equal((await auditOf(c.id)).length, 2);
    });

    test('audit log: newest first, paged with before, bounded limit; admins only', async () => {
        const first = await bearer.get('/api/v1/audit?limit=3');
        assert.equal(first.status, 200, first.describe());
        assert.equal(first.json.entries.length, 3);
        const firstIds = first.json.entries.map((e) => e.id);
        assert.deepEqual(firstIds, [...firstIds].sort((x, y) => y - x), 'newest first');
        assert.equal(first.json.next_before, firstIds.at(-1));
        const next = await admin.get(`/api/v1/audit?limit=3&before=${first.json.next_before}`);
        assert.equal(next.status, 200, next.describe());
        for (const e of next.json.entries) assert.ok(e.id < first.json.next_before, 'strictly older');
        for (const bad of ['limit=0', 'limit=501', 'limit=x']) expectProblem(assert, await bearer.get(`/api/v1/audit?${bad}`), 422, bad);
        expectProblem(assert, await bearer.get('/api/v1/audit?before=x'), 400, 'bad cursor');
        expectProblem(assert, await mod.get('/api/v1/audit'), 403, 'moderators do not read the audit log');
    });
});
