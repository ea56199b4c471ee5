// Start-up refusals that no retry fixes say what is wrong and exit 1, instead of "the database is
// busy, try again shortly": a directory where the database file should be, a read-only data
// directory. And a start that cannot listen (the port is taken) writes nothing into a new store:
// the demo publication is seeded only once the address is bound.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';

import { isRoot, scratchDir, tool, unmount } from './support/faults.mjs';
import { discoverArticles, runCli, SERVER_DEFAULTS, TribuneServer } from './support/server.mjs';

/** Starts `server`, expecting it to exit 1 before listening; returns its log. */
async function expectRefusedStart(server) {
    await assert.rejects(server.start(), /exited before listening/);
    assert.deepEqual(server.exitInfo, { code: 1, signal: null }, server.tail());
    assert.doesNotMatch(server.log, /Try again shortly/, `not the "busy" message:\n${server.tail()}`);
    return server.log;
}

test('a directory where the database file should be is named, exit 1', { timeout: 60000 }, async (t) => {
    const dir = await scratchDir('dirdb');
    const dbPath = join(dir, 'tribune.db');
    await mkdir(dbPath);
    const server = new TribuneServer({ dataDir: dir, args: ['--db', `sqlite://${dbPath}`] });
    t.after(async () => {
        await server.cleanup();
        await tool('rm', ['-rf', dir]);
    });
    const log = await expectRefusedStart(server);
    assert.match(log, /Database path is a directory: The database path \S+tribune\.db is a directory, not a file/);
});

test('a read-only data directory is named at start, exit 1', { timeout: 60000 }, async (t) => {
    const root = await scratchDir('rodir');
    const data = join(root, 'data');
    const server = new TribuneServer({ dataDir: data, env: { TRIBUNE_SEED_DEMO: 'false' } });
    let readOnly = data;
    t.after(async () => {
        await server.cleanup();
        if (readOnly !== data) await unmount(readOnly);
        await chmod(data, 0o700).catch(() => {});
        await tool('rm', ['-rf', root]);
    });
    await server.start();
    await server.stop('SIGTERM');
    if (isRoot()) {
        // Root writes through permissions: a read-only bind mount is read-only even to root.
        readOnly = join(root, 'ro');
        await mkdir(readOnly);
        await tool('mount', ['--bind', data, readOnly]);
        await tool('mount', ['-o', 'remount,bind,ro', readOnly]);
        server.dataDir = readOnly;
    } else {
        await chmod(data, 0o500);
    }
    const log = await expectRefusedStart(server);
    assert.match(log, /Database not writable: The directory \S+ is not writable \((it is on a read-only file system|this user may not write to it)\)/,
        server.tail());
});

test('a start that cannot listen leaves a new store empty; the next start seeds the demo', { timeout: 60000 }, async (t) => {
    const blocker = createServer();
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = blocker.address().port;
    const dir = await scratchDir('busyport');
    t.after(async () => {
        blocker.close();
        await tool('rm', ['-rf', dir]);
    });
    const blocked = await runCli(['serve', '--listen', `127.0.0.1:${port}`, '--data', dir],
        { env: { ...SERVER_DEFAULTS, TRIBUNE_ADMIN_TOKEN: randomBytes(24).toString('hex') }, timeoutMs: 30000 });
    const output = `${blocked.stdout}${blocked.stderr}`;
    assert.deepEqual([blocked.code, blocked.signal], [1, null], output);
    assert.match(output, /startup_failed/, output);
    assert.doesNotMatch(output, /demo publication written/, output);

    const quiet = new TribuneServer({ dataDir: dir, env: { TRIBUNE_SEED_DEMO: 'false' } });
    await quiet.start();
    try {
        assert.deepEqual(await discoverArticles(quiet), [], 'no demo articles were written by the failed start');
    } finally {
        await quiet.stop('SIGTERM');
    }
    const seeded = new TribuneServer({ dataDir: dir });
    await seeded.start();
    try {
        assert.ok((await discoverArticles(seeded)).length > 0, 'the demo is seeded once the address is free');
    } finally {
        await seeded.stop('SIGTERM');
    }
});
