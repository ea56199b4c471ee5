// Scale-out, black-box: two `tribune serve` nodes on one private PostgreSQL (scripts/pg.sh) share
// one live discussion. A comment written or approved through node A reads on B, reaches B's live
// streams within 200 ms, and drops B's cached first page; presence sums and typing crosses nodes;
// a reader resumes on B from an id it got on A; stopping PostgreSQL for ~3 s while A takes posts
// loses no answered post, refuses the others with 503 problem+json, and both nodes recover.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { expectProblem, marker, ROOT, runCli, sleep, TribuneServer, waitFor, walkComments } from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';

const run = promisify(execFile);
const PG_SH = join(ROOT, 'scripts', 'pg.sh');
const PG_DEADLINE_MS = 90000;
const LATENCY_LIMIT_MS = 200;

const freshPage = (label) => `/it/multinode/${label}-${randomBytes(4).toString('hex')}`;

/** scripts/pg.sh <command> <dir>; resolves with its stdout (the URL for start). */
async function pg(command, dir) {
    const { stdout } = await run(PG_SH, [command, dir], { timeout: PG_DEADLINE_MS, encoding: 'utf8' });
    return stdout.trim().split('\n').pop();
}

const presenceOf = (s) => s.data().filter((m) => m.type === 'presence').at(-1)?.active;
const typingOf = (s) => s.data().filter((m) => m.type === 'typing').at(-1)?.typing ?? false;

describe('two nodes on one PostgreSQL', { timeout: 300000 }, () => {
    const pgDir = join(tmpdir(), `tribune-it-multinode-pg-${process.pid}-${randomBytes(3).toString('hex')}`);
    const adminToken = randomBytes(24).toString('hex');
    const streams = new Set();
    let url;
    let a;
    let b;

    before(async () => {
        url = await pg('start', pgDir);
        assert.match(url, /^postgres:\/\//, `pg.sh start printed ${url}`);
        // One after the other: the first seeds the demo publication into the empty database.
        // As the README says for several nodes: one IP-hash key for all.
        const env = { TRIBUNE_IP_HASH_KEY: randomBytes(24).toString('hex') };
        a = new TribuneServer({ adminToken, args: ['--db', url], env });
        await a.start();
        b = new TribuneServer({ adminToken, args: ['--db', url], env });
        await b.start();
        assert.ok(!/ip_hash_key_mismatch/.test(a.log + b.log), 'the nodes hash addresses alike');
    });

    after(async () => {
        for (const s of streams) s.close();
        await a?.cleanup();
        await b?.cleanup();
        await pg('stop', pgDir).catch(() => {});
        await rm(pgDir, { recursive: true, force: true }).catch(() => {});
    });

    async function stream(server, page, headers = {}) {
        const s = new SseClient(server, livePath(page), headers);
        streams.add(s);
        const head = await s.open();
        assert.equal(head.status, 200, `SSE ${s.path} -> ${head.status}`);
        s.hello = (await s.nextEvent((m) => m.type === 'hello', { what: 'hello' })).data;
        return s;
    }

    async function pending(server, page, text = marker('mn')) {
        const r = await server.client().postComment({ page, text });
        assert.equal(r.status, 201, r.describe());
        return r.json.comment;
    }

    async function approve(server, id) {
        const r = await server.admin().moderate(id, 'approve');
        assert.equal(r.status, 200, `approve ${id}: ${r.describe()}`);
        return r.json;
    }

    test('a comment posted and approved on A reads on B', async () => {
        const page = freshPage('read');
        const c = await pending(a, page);
        await approve(a, c.id);
        const one = await b.client().getComment(c.id);
        assert.equal(one.status, 200, one.describe());
        assert.equal(one.json.comment?.status ?? one.json.status, 'approved');
        const list = await walkComments(b.client(), page);
        assert.deepEqual(list.map((x) => x.id), [c.id]);
    });

    test(`a stream on B receives a comment approved through A within ${LATENCY_LIMIT_MS} ms`, async () => {
        const page = freshPage('latency');
        const s = await stream(b, page);
        const samples = [];
        for (let i = 0; i < 5; i++) {
            const c = await pending(a, page);
            const from = s.events.length;
            const sent = performance.now();
            const [event] = await Promise.all([
                s.nextEvent((m) => m.type === 'comment.updated' && m.comment?.id === c.id, { from, what: `approval of ${c.id}` }),
                approve(a, c.id),
            ]);
            samples.push(Math.round((event.at - sent) * 10) / 10);
        }
        const sorted = [...samples].sort((x, y) => x - y);
        console.log(`# cross-node approval latency, ms (request sent on A -> event read on B): ${samples.join(', ')}`);
        // The median carries the requirement; one sample may lose a scheduling race on a loaded machine.
        assert.ok(sorted[2] <= LATENCY_LIMIT_MS, `median ${sorted[2]} ms > ${LATENCY_LIMIT_MS} ms (${samples})`);
        assert.ok(sorted[3] <= LATENCY_LIMIT_MS, `4 of 5 within ${LATENCY_LIMIT_MS} ms: ${samples}`);
    });

    test('presence sums the readers of both nodes', async () => {
        const page = freshPage('presence');
        const onA = await stream(a, page);
        const onB = await stream(b, page);
        await waitFor(() => presenceOf(onA) === 2 && presenceOf(onB) === 2, {
            ms: 3000, every: 20, what: `active 2 on both (A ${presenceOf(onA)}, B ${presenceOf(onB)})`,
        });
        onB.close();
        await waitFor(() => presenceOf(onA) === 1, { ms: 3000, every: 20, what: `active 1 on A (${presenceOf(onA)})` });
    });

    test('typing on A shows on B', async () => {
        const page = freshPage('typing');
        const onA = await stream(a, page);
        const onB = await stream(b, page);
        const r = await a.client().request('POST', `/api/v1/live/typing?${new URLSearchParams({ page, connection: onA.hello.connection })}`);
        assert.equal(r.status, 204, r.describe());
        await onB.nextEvent((m) => m.type === 'typing' && m.typing === true, { ms: 2000, what: 'typing on B' });
        assert.equal(typingOf(onA), false, 'the typist never sees its own typing');
        await onB.nextEvent((m) => m.type === 'typing' && m.typing === false, { ms: 10000, what: 'typing stops on B' });
    });

    test('a reader who saw events on A resumes on B with Last-Event-ID, missing nothing', async () => {
        const page = freshPage('resume');
        const first = await pending(a, page);
        const onA = await stream(a, page);
        await approve(a, first.id);
        await onA.nextEvent((m) => m.type === 'comment.updated' && m.comment?.id === first.id, { what: 'first approval on A' });
        await onA.nextEvent((m) => m.type === 'count', { what: 'count on A' });
        const resumeFrom = onA.lastId();
        assert.ok(resumeFrom, 'events carry ids');
        onA.close();

        const missed = [await pending(a, page), await pending(a, page)];
        for (const c of missed) await approve(a, c.id);

        const onB = await stream(b, page, { 'last-event-id': resumeFrom });
        const got = await waitFor(() => {
            const comments = onB.events.filter((e) => e.data.type?.startsWith('comment.'));
            return comments.length >= 2 && comments;
        }, { ms: 3000, every: 20, what: 'the two missed approvals on B' });
        await sleep(300);  // nothing more may follow
        const comments = onB.events.filter((e) => e.data.type?.startsWith('comment.'));
        assert.deepEqual(comments.map((e) => [e.data.type, e.data.comment?.id]), missed.map((c) => ['comment.updated', c.id]));
        assert.equal(onB.data().filter((m) => m.type === 'reset').length, 0, 'no reset');
        for (const e of got) assert.ok(BigInt(e.id) > BigInt(resumeFrom), `event ${e.id} after ${resumeFrom}`);
        assert.ok(BigInt(comments[1].id) > BigInt(comments[0].id), 'in id order');
        const counts = onB.data().filter((m) => m.type === 'count');
        assert.equal(counts.at(-1)?.total, 3, 'the latest count');
    });

    test("B's cached first page reflects an approval made on A", async () => {
        const page = freshPage('cache');
        const c1 = await pending(a, page);
        await approve(a, c1.id);
        const reader = b.client();
        const warm = await reader.listComments(page);
        assert.equal(warm.status, 200, warm.describe());
        const etag = warm.header('etag');
        assert.ok(etag, 'lists carry an ETag');
        const again = await reader.listComments(page, {}, { headers: { 'if-none-match': etag } });
        assert.equal(again.status, 304, `warm cache: ${again.describe()}`);

        const c2 = await pending(a, page);
        await approve(a, c2.id);
        // Far below the cache's 30 s max age: the bus dropped B's entry.
        const fresh = await waitFor(async () => {
            const r = await reader.listComments(page);
            return r.status === 200 && r.json.comments.some((x) => x.id === c2.id) && r;
        }, { ms: 1000, every: 20, what: 'the approval in B\'s first page' });
        assert.notEqual(fresh.header('etag'), etag);
        assert.deepEqual(fresh.json.comments.map((x) => x.id), [c1.id, c2.id]);
    });

    test('an approval at the command line reaches both nodes once: their streams and their caches', async () => {
        const page = freshPage('cli');
        const onA = await stream(a, page);
        const onB = await stream(b, page);
        const c = await pending(a, page);
        const reader = b.client();
        const warm = await reader.listComments(page);
        assert.equal(warm.status, 200, warm.describe());
        assert.deepEqual(warm.json.comments, [], 'pending: not in the public page yet');
        const fromA = onA.events.length;
        const fromB = onB.events.length;
        const cli = await runCli(['comment', 'approve', String(c.id), '--db', url]);
        assert.equal(cli.code, 0, `${cli.stderr}${cli.stdout}`);
        const approved = (m) => m.type === 'comment.updated' && m.comment?.id === c.id && m.comment.status === 'approved';
        await onA.nextEvent(approved, { from: fromA, ms: 5000, what: 'the CLI approval on A' });
        await onB.nextEvent(approved, { from: fromB, ms: 5000, what: 'the CLI approval on B' });
        // Well inside the cache's 30 s max age: the notice dropped B's cached page.
        await waitFor(async () => {
            const r = await reader.listComments(page);
            return r.status === 200 && r.json.comments.some((x) => x.id === c.id);
        }, { ms: 5000, every: 50, what: "the approval in B's cached first page" });
        // One node took the notice: each stream heard the approval once.
        await sleep(1500);
        for (const [s, from] of [[onA, fromA], [onB, fromB]])
            assert.equal(s.events.slice(from).filter((e) => approved(e.data ?? e)).length, 1, 'exactly one event per stream');
    });

    test('PostgreSQL stopped for ~3 s during 100 posts to A: no answered post lost, clear 503s, recovery', async () => {
        const page = freshPage('outage');
        const onB = await stream(b, page);
        const poster = a.client();
        const results = [];
        const posting = (async () => {
            for (let i = 0; i < 100; i++) {
                const text = `outage-${i}-${randomBytes(3).toString('hex')}`;
                let r;
                try {
                    r = await poster.postComment({ page, text }, { timeoutMs: 20000 });
                } catch (e) {
                    r = { status: 0, error: e.message };
                }
                results.push({ text, reply: r });
                await sleep(50);
            }
        })();
        await waitFor(() => results.length >= 20, { ms: 20000, every: 20, what: '20 posts before the outage' });
        assert.equal((await a.client().get('/readyz')).status, 200, 'ready while PostgreSQL is up');
        await pg('stop', pgDir);
        const stoppedAt = performance.now();
        const unready = await a.client().get('/readyz', { timeoutMs: 15000 });
        expectProblem(assert, unready, 503, '/readyz while PostgreSQL is down');
        assert.equal((await a.client().get('/healthz')).status, 200, '/healthz stays liveness');
        await sleep(Math.max(0, 3000 - (performance.now() - stoppedAt)));
        await pg('start', pgDir);
        console.log(`# PostgreSQL was down ${Math.round(performance.now() - stoppedAt)} ms`);
        await posting;

        const created = results.filter((r) => r.reply.status === 201);
        const refused = results.filter((r) => r.reply.status !== 201);
        console.log(`# outage: ${created.length} posts answered 201, ${refused.length} refused`);
        assert.ok(refused.length > 0, 'some posts met the outage');
        for (const r of refused) expectProblem(assert, r.reply, 503, `post ${r.text} during the outage`);

        // Every post answered 201 is stored, seen through either node.
        const stored = await waitFor(async () => walkComments(b.admin(), page, { status: 'all' }), { ms: 15000, what: 'the list on B' });
        const texts = new Set(stored.map((x) => x.text));
        for (const r of created) assert.ok(texts.has(r.text), `${r.text} answered 201 but is not stored`);

        // Both nodes work again without a restart: a write through A reaches B's stream live.
        const after = await waitFor(async () => {
            const r = await poster.postComment({ page, text: marker('after') });
            return r.status === 201 && r.json.comment;
        }, { ms: 15000, every: 200, what: 'a post accepted after the outage' });
        const from = onB.events.length;
        await approve(a, after.id);
        await onB.nextEvent((m) => m.type === 'comment.updated' && m.comment?.id === after.id, {
            from, ms: 5000, what: 'an approval on B after the outage',
        });
        assert.ok(a.running && b.running, 'both nodes kept running');
    });
});
