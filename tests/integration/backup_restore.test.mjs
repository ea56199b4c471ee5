// `tribune backup` while a server takes a write load, `tribune restore` into a fresh store, and
// scheduled backups. Every comment acknowledged (201) before the backup command started is in
// the restored store, whose summary equals the manifest's; a non-empty DEST, a non-empty or
// running store and a tampered backup are refused. The PostgreSQL case needs
// TRIBUNE_TEST_PG_URL (as every PostgreSQL test, it fails without it) and creates and drops its own databases with psql.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { BIN, marker, startServer, walkComments, waitFor } from './support/server.mjs';

const PG_URL = process.env.TRIBUNE_TEST_PG_URL;

function run(args, { timeout = 120000 } = {}) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TRIBUNE_')) env[k] = v;
    return new Promise((resolve) => {
        execFile(BIN, args, { env, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        });
    });
}

function runFile(file, args) {
    return new Promise((resolve) => {
        execFile(file, args, { timeout: 60000 }, (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        });
    });
}

async function tempDir(t, name) {
    const dir = await mkdtemp(join(tmpdir(), `tribune-${name}-`));
    t.after(() => rm(dir, { recursive: true, force: true }));
    return dir;
}

// `total` comments posted `inFlight` at a time; each records when it was acknowledged.
function writeLoad(server, page, total = 300, inFlight = 4) {
    const admin = server.admin();
    const acked = [];
    let next = 0;
    async function worker() {
        while (next < total) {
            const n = next++;
            const r = await admin.postComment({ page, text: `load ${n} ${marker()}`, author_name: 'Loader' });
            if (r.status === 201) acked.push({ id: r.json.comment.id, at: Date.now() });
        }
    }
    const done = Promise.all(Array.from({ length: inFlight }, worker));
    return { acked, done };
}

async function idsOn(server, page) {
    const all = await walkComments(server.admin(), page, { status: 'all' });
    return new Set(all.map((c) => c.id));
}

async function flipByte(file, offset) {
    const f = await open(file, 'r+');
    try {
        const b = Buffer.alloc(1);
        await f.read(b, 0, 1, offset);
        b[0] ^= 0x01;
        await f.write(b, 0, 1, offset);
    } finally {
        await f.close();
    }
}

test('SQLite: backup during a write load, restore, refusals', { timeout: 180000 }, async (t) => {
    const server = await startServer(t);
    const page = `/backup/${marker()}`;
    const load = writeLoad(server, page);
    await waitFor(() => load.acked.length >= 60, { what: '60 acknowledged comments' });

    const dest = join(await tempDir(t, 'backups'), 'b1');
    const backupStarted = Date.now();
    const taken = await run(['backup', dest, '--data', server.dataDir]);
    const backupEnded = Date.now();
    await load.done;
    assert.equal(taken.code, 0, `backup\n${taken.stdout}\n${taken.stderr}`);
    assert.match(taken.stdout, /^backup written to .*: sqlite backup, schema \d+: /m);
    assert.match(taken.stdout, /^verified: SQLite integrity check/m);
    const ackedBefore = load.acked.filter((a) => a.at < backupStarted);
    const ackedDuring = load.acked.filter((a) => a.at >= backupStarted && a.at < backupEnded).length;
    t.diagnostic(`${ackedBefore.length} acknowledged before the backup, ${ackedDuring} while it ran; ${(/\d+ pages copied \(\d+ restarts\)/.exec(taken.stderr) || [''])[0]}`);
    assert.ok(ackedBefore.length >= 60, `${ackedBefore.length} acknowledged before the backup`);
    assert.equal(load.acked.length, 300, 'the server took every write while the backup ran');

    const manifest = JSON.parse(await readFile(join(dest, 'manifest.json'), 'utf8'));
    assert.equal(manifest.engine, 'sqlite');
    assert.equal(manifest.format, 1);
    assert.ok(manifest.summary.comments >= ackedBefore.length);
    assert.match(manifest.summary.checksum, /^[0-9a-f]{16}$/);
    assert.ok(manifest.files.some((f) => f.path === 'tribune.db' && /^[0-9a-f]{64}$/.test(f.sha256)));
    assert.equal((await stat(dest)).mode & 0o777, 0o700, 'the backup directory is private');
    assert.equal((await stat(join(dest, 'tribune.db'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(dest, 'manifest.json'))).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(join(dest, '..'))).filter((n) => n.includes('partial')), [], 'no partial directory left');

    // A DEST that is not empty: refused.
    const again = await run(['backup', dest, '--data', server.dataDir]);
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /not empty/);

    // A restore into the running server's store: refused before anything is read into it.
    const busy = await run(['restore', dest, '--data', server.dataDir]);
    assert.equal(busy.code, 2, busy.stderr);
    assert.match(busy.stderr, /open; stop it/);

    // Into a fresh data directory: verified against the manifest, then served.
    const fresh = await tempDir(t, 'restored');
    const restored = await run(['restore', dest, '--data', fresh]);
    assert.equal(restored.code, 0, `restore\n${restored.stdout}\n${restored.stderr}`);
    assert.match(restored.stdout, /^verified: .* match the manifest$/m);
    const back = await startServer(t, { dataDir: fresh });
    const ids = await idsOn(back, page);
    for (const a of ackedBefore) assert.ok(ids.has(a.id), `comment ${a.id} acknowledged before the backup is restored`);
    const ackedIds = new Set(load.acked.map((a) => a.id));
    for (const id of ids) assert.ok(ackedIds.has(id), `restored comment ${id} was posted`);

    // A second restore over the restored (now non-empty) store: refused, nothing changed.
    assert.deepEqual(await back.stop('SIGTERM'), { code: 0, signal: null });
    const over = await run(['restore', dest, '--data', fresh]);
    assert.equal(over.code, 2, over.stderr);
    assert.match(over.stderr, /not empty/);
    await back.start();
    assert.deepEqual(await idsOn(back, page), ids, 'the refused restore changed nothing');

    // A tampered backup (one byte of the database flipped): refused with a clear message.
    const tampered = join(await tempDir(t, 'tampered'), 'b');
    await cp(dest, tampered, { recursive: true });
    await flipByte(join(tampered, 'tribune.db'), 4096 + 100);
    const target = await tempDir(t, 'target');
    const refused = await run(['restore', tampered, '--data', target]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /damaged or altered; nothing was restored/);
    assert.match(refused.stderr, /tribune\.db: its SHA-256 differs/);
    assert.equal(existsSync(join(target, 'tribune.db')), false, 'nothing written');
});

test('scheduled backups: written, verified and pruned to backup_keep', { timeout: 60000 }, async (t) => {
    const dir = await tempDir(t, 'scheduled');
    const server = await startServer(t, {
        env: { TRIBUNE_BACKUP_EVERY_HOURS: '0.0003', TRIBUNE_BACKUP_KEEP: '2', TRIBUNE_BACKUP_DIR: dir },
    });
    await waitFor(() => (server.log.match(/backup_written /g) || []).length >= 3, { ms: 30000, what: '3 scheduled backups' });
    assert.deepEqual(await server.stop('SIGTERM'), { code: 0, signal: null });
    assert.doesNotMatch(server.log, /backup_failed/);
    assert.match(server.log, /backup_pruned backup=tribune-/);
    const names = (await readdir(dir)).sort();
    assert.equal(names.length, 2, `kept: ${names.join(', ')}`);
    for (const n of names) assert.match(n, /^tribune-\d{8}T\d{6}\.\d{3}Z$/);
    // The newest is a whole backup: it restores and verifies.
    const fresh = await tempDir(t, 'from-scheduled');
    const restored = await run(['restore', join(dir, names[1]), '--data', fresh]);
    assert.equal(restored.code, 0, `${restored.stdout}\n${restored.stderr}`);
});

test('a bad backup_every_hours is refused at start', async () => {
    const r = await run(['backup', '/nonexistent-dest', '--backup-every-hours', '-1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /backup_every_hours must be 0 \(never\) or a number of hours/);
});

test('PostgreSQL: backup while serving, restore into a fresh database', { timeout: 180000 }, async (t) => {
    const dbUrl = (name) => {
        const u = new URL(PG_URL);
        u.pathname = `/${name}`;
        return u.toString();
    };
    const psql = async (db, sql) => {
        const r = await runFile('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', dbUrl(db), '-c', sql]);
        if (r.code !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
        return r.stdout.trim();
    };
    const tag = `${process.pid}_${Date.now()}`;
    const src = `tribune_bk_src_${tag}`;
    const dst = `tribune_bk_dst_${tag}`;
    const migrated = `tribune_bk_mig_${tag}`;
    for (const db of [src, dst, migrated]) await psql('postgres', `CREATE DATABASE ${db}`);
    t.after(async () => {
        for (const db of [src, dst, migrated]) await psql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
    });

    const server = await startServer(t, { args: ['--db', dbUrl(src)] });
    const page = `/backup-pg/${marker()}`;
    const load = writeLoad(server, page, 200, 4);
    await waitFor(() => load.acked.length >= 40, { what: '40 acknowledged comments' });
    const dest = join(await tempDir(t, 'pg-backups'), 'b1');
    const backupStarted = Date.now();
    const taken = await run(['backup', dest, '--db', dbUrl(src)]);
    const backupEnded = Date.now();
    await load.done;
    assert.equal(taken.code, 0, `backup\n${taken.stdout}\n${taken.stderr}`);
    assert.match(taken.stdout, /^backup written to .*: postgresql backup, schema \d+: /m);
    const manifest = JSON.parse(await readFile(join(dest, 'manifest.json'), 'utf8'));
    assert.equal(manifest.engine, 'postgresql');
    assert.equal(manifest.summary_source, "the dump's snapshot");
    assert.deepEqual(manifest.files.map((f) => f.path), ['tribune.dump']);
    const ackedBefore = load.acked.filter((a) => a.at < backupStarted);
    const ackedDuring = load.acked.filter((a) => a.at >= backupStarted && a.at < backupEnded).length;
    t.diagnostic(`${ackedBefore.length} acknowledged before the backup, ${ackedDuring} while it ran`);
    assert.equal(manifest.summary.comments >= ackedBefore.length, true);

    // Not into the database a node is serving from (pg_restore would drop its tables under it).
    const over = await run(['restore', dest, '--db', dbUrl(src)]);
    assert.equal(over.code, 2, over.stderr);
    assert.match(over.stderr, /other connections use the database \(a running node\?\)/);

    const restored = await run(['restore', dest, '--db', dbUrl(dst)]);
    assert.equal(restored.code, 0, `restore\n${restored.stdout}\n${restored.stderr}`);
    assert.match(restored.stdout, /^verified: .* match the manifest$/m);
    const back = await startServer(t, { args: ['--db', dbUrl(dst)] });
    const ids = await idsOn(back, page);
    for (const a of ackedBefore) assert.ok(ids.has(a.id), `comment ${a.id} acknowledged before the backup is restored`);
    assert.equal(Number(await psql(dst, `SELECT count(*) FROM comments WHERE page = '${page}'`)), ids.size);

    // Into a database holding only an empty schema of the same version (`tribune migrate`): replaced.
    assert.equal((await run(['migrate', '--db', dbUrl(migrated)])).code, 0);
    const onSchema = await run(['restore', dest, '--db', dbUrl(migrated)]);
    assert.equal(onSchema.code, 0, `restore over an empty schema\n${onSchema.stdout}\n${onSchema.stderr}`);
    assert.match(onSchema.stdout, /^verified: .* match the manifest$/m);
});

test('PostgreSQL: of two nodes, one takes the scheduled backups', { timeout: 60000 }, async (t) => {
    const u = new URL(PG_URL);
    const db = `tribune_bk_cluster_${process.pid}_${Date.now()}`;
    const psql = async (sql) => {
        const r = await runFile('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', PG_URL.replace(/\/[^/?]*(\?|$)/, '/postgres$1'), '-c', sql]);
        if (r.code !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
    };
    await psql(`CREATE DATABASE ${db}`);
    t.after(() => psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {}));
    u.pathname = `/${db}`;
    const nodes = [];
    for (const name of ['a', 'b']) {
        const dir = await tempDir(t, `cluster-${name}`);
        nodes.push({
            dir,
            server: await startServer(t, {
                args: ['--db', u.toString()],
                env: { TRIBUNE_BACKUP_EVERY_HOURS: '0.0003', TRIBUNE_BACKUP_KEEP: '5', TRIBUNE_BACKUP_DIR: dir },
            }),
        });
    }
    const written = (n) => (n.server.log.match(/backup_written /g) || []).length;
    await waitFor(() => written(nodes[0]) + written(nodes[1]) >= 3, { ms: 40000, what: '3 scheduled backups' });
    for (const n of nodes) assert.deepEqual(await n.server.stop('SIGTERM'), { code: 0, signal: null });
    const backers = nodes.filter((n) => written(n) > 0);
    assert.equal(backers.length, 1, 'exactly one node backs up');
    const other = nodes.find((n) => written(n) === 0);
    assert.match(other.server.log, /backup_skipped reason="another node takes the scheduled backups"/);
    assert.deepEqual(await readdir(other.dir), []);
    for (const n of nodes) assert.doesNotMatch(n.server.log, /backup_failed/);
});
