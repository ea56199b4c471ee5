// "201 means durably stored": restarts keep data, kill -9 right after 201s loses nothing, and
// SIGTERM/SIGINT stop the server cleanly with exit code 0. kill -9 in the middle of posts,
// twenty times over, is faults_kill9.test.mjs; the other storage faults are faults_*.test.mjs.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createApproved, demoArticles, marker, startServer, walkComments } from './support/server.mjs';

test('SIGTERM exits 0 promptly, and a restart keeps comments without seeding twice', { timeout: 90000 }, async (t) => {
    const server = await startServer(t);
    const demo = await demoArticles(server);
    const approved = await createApproved(server, server.client(), { page: demo.empty, text: `survives restart ${marker()}` });
    const author = server.client();
    const posted = await author.postComment({ page: demo.empty, text: `pending survives ${marker()}` });
    assert.equal(posted.status, 201);
    const token = posted.json.author_token;

    const t0 = Date.now();
    const exit = await server.stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null }, `SIGTERM exit status\n${server.tail()}`);
    assert.ok(Date.now() - t0 < 10000, 'stopped within 10 s');

    await server.start();
    const again = await demoArticles(server);
    assert.deepEqual(again.all, demo.all, 'same articles after restart (no second seeding)');
    const got = await server.client().getComment(approved.id);
    assert.equal(got.status, 200, got.describe());
    assert.equal(got.json.text, approved.text);
    assert.equal(got.json.status, 'approved');
    const counts = (await server.client().counts(demo.all)).json.counts;
    assert.deepEqual(counts, { ...demo.counts, [demo.empty]: demo.counts[demo.empty] + 1 });
    // The author token still works across restarts.
    const mine = await server.client({ bearer: token }).getComment(posted.json.comment.id);
    assert.equal(mine.status, 200, mine.describe());
    assert.equal(mine.json.status, 'pending');
    const edit = await server.client({ bearer: token }).editComment(posted.json.comment.id, `edited after restart ${marker()}`);
    assert.equal(edit.status, 200, edit.describe());
});

test('SIGINT also stops cleanly with exit 0', { timeout: 60000 }, async (t) => {
    const server = await startServer(t);
    assert.equal((await server.client().get('/healthz')).status, 200);
    const exit = await server.stop('SIGINT');
    assert.deepEqual(exit, { code: 0, signal: null }, `SIGINT exit status\n${server.tail()}`);
});

test('SIGTERM while requests are in flight: each answered request is kept, exit 0', { timeout: 90000 }, async (t) => {
    const server = await startServer(t);
    const page = `/inflight/${marker()}`;
    const admin = server.admin();
    const results = [];
    let firstAnswer;
    const first = new Promise((r) => { firstAnswer = r; });
    const inflight = Array.from({ length: 20 }, (_, i) =>
        admin.postComment({ page, text: `inflight ${i} ${marker()}` })
            .then((r) => { results.push(r); firstAnswer(); })
            .catch(() => {}));
    // Signal as soon as the first answer arrives, while the rest are still going.
    await Promise.race([first, Promise.all(inflight)]);
    const exit = await server.stop('SIGTERM');
    await Promise.all(inflight);
    assert.deepEqual(exit, { code: 0, signal: null }, `SIGTERM exit status\n${server.tail()}`);
    const created = results.filter((r) => r.status === 201).map((r) => r.json.comment);
    assert.ok(created.length >= 1);
    await server.start();
    const all = await walkComments(server.admin(), page, { status: 'all', limit: 100 });
    const ids = new Set(all.map((c) => c.id));
    for (const c of created) assert.ok(ids.has(c.id), `comment ${c.id} answered 201 before SIGTERM is stored`);
});

test('kill -9 right after a 201: the comment is there after restart', { timeout: 90000 }, async (t) => {
    const server = await startServer(t);
    const page = `/crash/${marker()}`;
    const text = `crash once ${marker()}`;
    const r = await server.client().postComment({ page, text, author_name: 'Crash Tester' });
    assert.equal(r.status, 201, r.describe());
    await server.kill9();
    await server.start();
    const got = await server.admin().getComment(r.json.comment.id);
    assert.equal(got.status, 200, got.describe());
    assert.equal(got.json.text, text);
    assert.equal(got.json.author.name, 'Crash Tester');
    assert.equal(got.json.status, 'pending');
    // The approval (200) is durable too.
    const ok = await server.admin().moderate(r.json.comment.id, 'approve');
    assert.equal(ok.status, 200);
    await server.kill9();
    await server.start();
    assert.equal((await server.client().counts([page])).json.counts[page], 1, 'approval survived kill -9');
});

test('kill -9 after a burst of 50 concurrent posts: every 201 survives', { timeout: 120000 }, async (t) => {
    const server = await startServer(t);
    const page = `/burst/${marker()}`;
    const admin = server.admin();
    const n = 50;
    const replies = await Promise.all(Array.from({ length: n }, (_, i) =>
        admin.postComment({ page, text: `burst ${i} ${marker()}`, author_name: `Burst ${i}` })));
    await server.kill9();
    const bad = replies.filter((r) => r.status !== 201);
    assert.equal(bad.length, 0, `all ${n} posts answered 201: ${bad.map((r) => r.describe()).join('\n')}`);
    const created = replies.map((r) => r.json.comment);
    assert.equal(new Set(created.map((c) => c.id)).size, n, 'distinct ids');

    await server.start();
    const all = await walkComments(server.admin(), page, { status: 'all', limit: 100 });
    const byId = new Map(all.map((c) => [c.id, c]));
    for (const c of created) {
        const s = byId.get(c.id);
        assert.ok(s, `comment ${c.id} (${c.text}) lost after kill -9`);
        assert.equal(s.text, c.text);
    }
    assert.equal(all.length, n);
});
