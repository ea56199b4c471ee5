// A damaged database file (pages in the middle overwritten). At start: a clear message naming the
// file and what to do, exit status 1 and no crash; `tribune check` lists the problems. At run
// time: reads of damaged pages and every write answer 503 "Database damaged" (never a 500), and
// nothing more is written into the file.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { checkStore, damagePages, expectStoreProblem, PostLoad } from './support/faults.mjs';
import { marker, startServer, TribuneServer } from './support/server.mjs';

const DAMAGED = ['Database damaged'];

/** A server whose store holds `n` comments with long texts (a file of a few hundred pages), stopped. */
async function populatedStore(t, n = 150) {
    const server = await startServer(t, { env: { TRIBUNE_SEED_DEMO: 'false' } });
    const page = `/faults/damage/${marker()}`;
    const results = await new PostLoad(server.client(), page, { label: 'kept', max: n, textBytes: 3000 }).start().finish();
    assert.equal(results.filter((r) => r.status === 201).length, n);
    const exit = await server.stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null });
    return { server, page, created: results.map((r) => r.reply.json.comment) };
}

test('a damaged file at start: a clear message, exit 1, no crash; `tribune check` lists the problems', { timeout: 90000 }, async (t) => {
    const { server } = await populatedStore(t);
    const file = join(server.dataDir, 'tribune.db');
    await damagePages(file);

    await assert.rejects(server.start(), /exited before listening/);
    assert.deepEqual(server.exitInfo, { code: 1, signal: null }, server.tail());
    assert.match(server.log, /Database damaged: The database file \S*tribune\.db is damaged \(/, server.tail());
    assert.match(server.log, /restore a backup/);
    assert.doesNotMatch(server.log, /Try again shortly/, 'not the "busy" message');

    const check = await checkStore(server.dataDir);
    assert.equal(check.code, 1, `${check.stdout}${check.stderr}`);
    assert.match(check.stdout, /^problem: /m);
    assert.match(check.stdout, /damaged: \d+ (or more )?problems; restore a backup/);
});

test('damage found at run time: 503 "Database damaged" for writes and damaged reads, never a 500', { timeout: 90000 }, async (t) => {
    const { server, page, created } = await populatedStore(t);
    await server.start();
    await damagePages(join(server.dataDir, 'tribune.db'));

    const admin = server.admin();
    const reads = [];
    for (const c of created) reads.push(await admin.getComment(c.id));
    const damagedReads = reads.filter((r) => r.status !== 200);
    assert.ok(damagedReads.length > 0, 'some reads met the damage');
    for (const r of damagedReads) expectStoreProblem(assert, r, 'read of a damaged page', { titles: DAMAGED });
    for (const [i, r] of reads.entries()) if (r.status === 200) assert.equal(r.json.text, created[i].text);

    const writes = await new PostLoad(server.client(), page, { label: 'refused', max: 10 }).start().finish();
    for (const w of writes) expectStoreProblem(assert, w.reply, 'write into a damaged store', { titles: DAMAGED });
    assert.ok(server.running, 'the server stays up');
    assert.equal((await server.client().get('/healthz')).status, 200);
    assert.match(server.log, /critical store_error kind=sqlite_corrupt /);
});

test('a file that is not a database at all: named at start, exit 1', { timeout: 60000 }, async (t) => {
    const server = new TribuneServer({ env: { TRIBUNE_SEED_DEMO: 'false' } });
    t.after(() => server.cleanup());
    await server.start();
    await server.stop('SIGTERM');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(server.dataDir, 'tribune.db'), Buffer.alloc(64 * 1024, 'Z'));
    await assert.rejects(server.start(), /exited before listening/);
    assert.deepEqual(server.exitInfo, { code: 1, signal: null }, server.tail());
    assert.match(server.log, /Database damaged: .*SQLite cannot read it as a database/, server.tail());
    assert.equal((await checkStore(server.dataDir)).code, 1);
});
