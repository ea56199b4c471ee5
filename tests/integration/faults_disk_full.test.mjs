// A full disk under a running server (SQLite on a small tmpfs; root only, as CI runs): writes are
// refused with a 503 problem that says the disk is full, reads go on, the log holds a few lines
// a second and a count of the rest (not one line per failure), writing resumes by itself once
// space is freed, and nothing refused was half-written.

import assert from 'node:assert/strict';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { expectStoreProblem, isRoot, mountTmpfs, PostLoad, scratchDir, storeLogLines, checkStore } from './support/faults.mjs';
import { marker, sleep, TribuneServer, waitFor, walkComments } from './support/server.mjs';

const TMPFS_BYTES = 6 * 1024 * 1024;
const BURST_PER_SECOND = 5; // store::kLogBurst

/** Writes zeros into `file` until the file system is full. */
async function fillDisk(file) {
    const f = await open(file, 'w');
    const chunk = Buffer.alloc(64 * 1024);
    try {
        for (;;) await f.write(chunk);
    } catch (e) {
        if (e.code !== 'ENOSPC') throw e;
    } finally {
        await f.close();
    }
}

test('a full disk: 503 "Storage full" for writes, reads go on, a short log, and writing resumes once space is freed',
    { skip: !isRoot() && 'needs root to mount a small tmpfs (CI runs as root)', timeout: 120000 }, async (t) => {
        const mnt = await scratchDir('full');
        const unmountTmpfs = await mountTmpfs(mnt, TMPFS_BYTES);
        const server = new TribuneServer({ dataDir: join(mnt, 'data'), env: { TRIBUNE_SEED_DEMO: 'false' } });
        t.after(async () => {
            await server.cleanup();
            await unmountTmpfs();
        });
        await server.start();
        const page = `/faults/full/${marker()}`;
        const admin = server.admin();

        const before = await new PostLoad(server.client(), page, { label: 'before', max: 20 }).start().finish();
        assert.deepEqual(before.filter((r) => r.status !== 201).map((r) => r.status), [], 'posts before the disk fills');

        const filler = join(mnt, 'filler');
        await fillDisk(filler);
        const floodStarted = Date.now();
        const flood = new PostLoad(server.client(), page, { label: 'full', concurrency: 6, textBytes: 4000, max: 400 }).start();
        await sleep(1500);
        const during = await flood.stop();
        const floodSeconds = (Date.now() - floodStarted) / 1000;
        const refused = during.filter((r) => r.status !== 201);
        console.log(`# full disk: ${during.length} posts, ${refused.length} refused in ${floodSeconds.toFixed(1)} s`);
        assert.ok(refused.length > 2 * BURST_PER_SECOND, `most posts met the full disk (${refused.length} refused)`);
        for (const r of refused) {
            assert.notEqual(r.status, 0, `${r.text.slice(0, 30)} got an HTTP answer: ${r.error}`);
            expectStoreProblem(assert, r.reply, `post while full`, { titles: ['Storage full'] });
        }

        // Reads go on, and the process is alive.
        const first = before[0].reply.json.comment;
        const got = await admin.getComment(first.id);
        assert.equal(got.status, 200, got.describe());
        assert.equal(got.json.text, first.text);
        assert.equal((await server.client().listComments(page)).status, 200);
        assert.equal((await server.client().get('/healthz')).status, 200);
        assert.ok(server.running, 'the server is still running');

        // Once space is freed, writing resumes without a restart.
        await rm(filler);
        await waitFor(async () => (await server.client().postComment({ page, text: marker('probe') })).status === 201,
            { ms: 15000, every: 200, what: 'a post accepted after space was freed' });
        const after = await new PostLoad(server.client(), page, { label: 'after', max: 10 }).start().finish();
        assert.deepEqual(after.filter((r) => r.status !== 201).map((r) => r.status), [], 'posts after space was freed');

        const exit = await server.stop('SIGTERM');
        assert.deepEqual(exit, { code: 0, signal: null }, server.tail());

        // The log: a few store_error lines a second, and one line counting the rest.
        const log = storeLogLines(server.log, 'sqlite_full');
        const allowed = BURST_PER_SECOND * (Math.ceil(floodSeconds) + 2);
        assert.ok(log.errors.length >= 1, 'the full disk is logged');
        assert.ok(log.errors.length <= allowed, `at most ${allowed} sqlite_full lines, got ${log.errors.length}`);
        const suppressed = log.suppressed.reduce((a, b) => a + b, 0);
        assert.ok(suppressed > 0, `a store_errors_suppressed line counts the rest:\n${server.tail(30)}`);
        assert.doesNotMatch(server.log, /tribune store: /, 'no raw store lines on stderr');

        const check = await checkStore(server.dataDir);
        assert.equal(check.code, 0, `tribune check: ${check.stdout}${check.stderr}`);

        // Every post answered 201 is stored whole; none refused was half-written.
        await server.start();
        const stored = await walkComments(server.admin(), page, { status: 'all', limit: 100 });
        const texts = new Map(stored.map((c) => [c.text, c]));
        for (const r of [...before, ...during, ...after].filter((x) => x.status === 201))
            assert.ok(texts.has(r.text), `${r.text.slice(0, 40)} answered 201 but is not stored`);
        for (const r of refused)
            assert.ok(!texts.has(r.text), `${r.text.slice(0, 40)} was refused but is stored`);
    });
