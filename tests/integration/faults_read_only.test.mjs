// Storage that stops taking writes under a running server. The WAL's shared-memory file (-shm)
// cut short: touching its mapping raises SIGBUS, which used to end the process; now the store
// refuses calls with a 503 problem until a restart, and nothing answered 201 is lost. A file
// system that turns read-only (an ext4 loop mount hitting an error, as a failing disk does; root
// only): the server stays up, refuses writes with 503 problems, and what it acknowledged before
// the failure is on the disk.

import assert from 'node:assert/strict';
import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { checkStore, expectStoreProblem, isRoot, loopDevicesAvailable, loopExt4, PostLoad, scratchDir } from './support/faults.mjs';
import { expectProblem, marker, sleep, startServer, TribuneServer, walkComments } from './support/server.mjs';

const STORE_TITLES = ['Storage failed', 'Storage unavailable'];

/** Asserts every post of `created` (answered 201) is stored with its exact text. */
async function expectAllStored(server, page, created) {
    const stored = await walkComments(server.admin(), page, { status: 'all', limit: 100 });
    const texts = new Set(stored.map((c) => c.text));
    const lost = created.filter((r) => !texts.has(r.text)).map((r) => r.text);
    assert.deepEqual(lost, [], 'comments answered 201 but lost');
}

test('the -shm file cut short under a running server: 503 problems, no SIGBUS, nothing lost', { timeout: 90000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_SEED_DEMO: 'false' } });
    const page = `/faults/shm/${marker()}`;
    const before = await new PostLoad(server.client(), page, { label: 'before', max: 30 }).start().finish();
    assert.equal(before.filter((r) => r.status === 201).length, 30);

    await truncate(join(server.dataDir, 'tribune.db-shm'), 0);
    const during = await new PostLoad(server.client(), page, { label: 'cut', max: 40, concurrency: 4 }).start().finish();
    const readers = await Promise.all(before.slice(0, 10).map((r) => server.admin().getComment(r.reply.json.comment.id)));
    assert.ok(server.running, `the server survived the fault:\n${server.tail(20)}`);
    const refused = during.filter((r) => r.status !== 201);
    assert.ok(refused.length > 0, 'writes met the fault');
    for (const r of refused) expectStoreProblem(assert, r.reply, 'post after the cut', { titles: ['Storage failed'] });
    for (const r of readers) if (r.status !== 200) expectStoreProblem(assert, r, 'read after the cut', { titles: ['Storage failed'] });
    expectProblem(assert, await server.client().get('/readyz'), 503, '/readyz after the fault');
    assert.equal((await server.client().get('/healthz')).status, 200);
    assert.match(server.log, /critical store_error kind=sqlite_shm_fault /, 'the fault is logged as critical');

    const exit = await server.stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null }, server.tail());
    const check = await checkStore(server.dataDir);
    assert.equal(check.code, 0, `tribune check: ${check.stdout}${check.stderr}`);
    await server.start();
    await expectAllStored(server, page, [...before, ...during].filter((r) => r.status === 201));
    assert.equal((await server.client().postComment({ page, text: marker('after restart') })).status, 201);
});

test('the file system turns read-only under the server: it stays up, refuses writes with 503 problems, keeps what it acknowledged',
    { skip: (!isRoot() || !loopDevicesAvailable()) && 'needs root and loop devices (CI runs as root)', timeout: 120000 },
    async (t) => {
        const disk = await loopExt4(await scratchDir('ro'), 24);
        const server = new TribuneServer({ dataDir: join(disk.dir, 'data'), env: { TRIBUNE_SEED_DEMO: 'false' } });
        t.after(async () => {
            await server.cleanup();
            await disk.cleanup();
        });
        await server.start();
        const page = `/faults/ro/${marker()}`;
        const load = new PostLoad(server.client(), page, { label: 'ro', concurrency: 4, max: 600 }).start();
        await sleep(400);
        const failing = Date.now();
        await disk.failWrites();
        await sleep(800);
        const results = await load.stop();
        const created = results.filter((r) => r.status === 201);
        // A commit whose fsync returns while the kernel is still failing the file system may be
        // reported durable and then dropped with the aborted journal: no program can know. Those
        // acknowledged before the failure began must all be there.
        const durable = created.filter((r) => r.at < failing);
        assert.ok(durable.length > 0, 'posts went through before the failure');

        const after = await new PostLoad(server.client(), page, { label: 'after', max: 20 }).start().finish();
        assert.ok(server.running, `the server survived:\n${server.tail(20)}`);
        for (const r of after) {
            assert.notEqual(r.status, 201, 'no write is acknowledged on a read-only file system');
            expectStoreProblem(assert, r.reply, 'post on a read-only file system', { titles: STORE_TITLES });
        }
        for (const r of results.filter((x) => x.status !== 201)) {
            assert.notEqual(r.status, 0, `an HTTP answer, not a dropped connection: ${r.error}`);
            expectStoreProblem(assert, r.reply, 'post as the file system failed', { titles: STORE_TITLES });
        }
        const read = await server.admin().getComment(created[0].reply.json.comment.id);
        if (read.status !== 200) expectStoreProblem(assert, read, 'read on a read-only file system', { titles: STORE_TITLES });
        assert.equal((await server.client().get('/healthz')).status, 200);

        const exit = await server.stop('SIGTERM');
        assert.equal(exit.signal, null, `stopped without a signal death:\n${server.tail()}`);
        await disk.remount();
        const check = await checkStore(server.dataDir);
        assert.equal(check.code, 0, `tribune check: ${check.stdout}${check.stderr}`);
        await server.start();
        await expectAllStored(server, page, durable);
    });
