// `tribune migrate-store`: a SQLite install moves to PostgreSQL and back without loss. The API
// shows the same threads, counts and ids on every engine; a non-empty target is refused (exit 2)
// unless --force. Needs TRIBUNE_TEST_PG_URL (a server with database `tribune`); the test creates
// and drops its own databases there with psql.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import {
    BIN, approve, createComment, demoArticles, marker, startServer, walkComments, walkReplies,
} from './support/server.mjs';

const PG_URL = process.env.TRIBUNE_TEST_PG_URL;

function run(file, args, { timeout = 120000 } = {}) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TRIBUNE_')) env[k] = v;
    return new Promise((resolve) => {
        execFile(file, args, { env, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        });
    });
}

function dbUrl(name) {
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    return u.toString();
}

async function psql(db, sql) {
    const r = await run('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', dbUrl(db), '-c', sql]);
    if (r.code !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
    return r.stdout.trim();
}

function migrateStore(from, to, ...extra) {
    return run(BIN, ['migrate-store', '--from', from, '--to', to, ...extra]);
}

// What the API shows about `pages`: every thread as a moderator (every status) and as a reader,
// oldest and newest first, every reply list, every edit history, and the counts.
async function snapshot(server, pages) {
    const admin = server.admin();
    const reader = server.client();
    const out = { counts: (await reader.counts(pages)).json.counts, threads: {}, replies: {}, history: {} };
    for (const page of pages) {
        const all = await walkComments(admin, page, { status: 'all' });
        out.threads[page] = {
            all,
            reader: await walkComments(reader, page),
            newest: await walkComments(reader, page, { sort: 'newest', limit: 3 }),
        };
        for (const c of all) {
            out.replies[c.id] = await walkReplies(admin, c.id, { limit: 2 });
            const h = await admin.history(c.id);
            out.history[c.id] = { status: h.status, json: h.json };
        }
    }
    return out;
}

function maxId(snap) {
    let max = 0;
    for (const t of Object.values(snap.threads)) for (const c of t.all) max = Math.max(max, Number(c.id));
    for (const list of Object.values(snap.replies)) for (const c of list) max = Math.max(max, Number(c.id));
    return max;
}

test('SQLite -> PostgreSQL -> SQLite keeps every thread, count and id', { timeout: 300000 }, async (t) => {
    assert.ok(PG_URL, 'TRIBUNE_TEST_PG_URL must name a PostgreSQL server (scripts/test.sh sets it)');
    const tag = `${process.pid}_${Date.now()}`;
    const pgDb = `tribune_mig_${tag}`;
    await psql('postgres', `CREATE DATABASE ${pgDb}`);
    const backDir = await mkdtemp(join(tmpdir(), 'tribune-migrate-back-'));
    t.after(async () => {
        await psql('postgres', `DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`).catch(() => {});
        await rm(backDir, { recursive: true, force: true });
    });

    // 1. A demo install on SQLite, with comments of every status, an edit and deletes.
    const sqlite = await startServer(t);
    const demo = await demoArticles(sqlite);
    const page = `/migrate/${marker()}`;
    const admin = sqlite.admin();
    const author = sqlite.client();
    const top = await createComment(admin, { page, text: `Grüße 👋 top ${marker()}`, author_name: 'Zoë' });
    const pendingPost = await author.postComment({ page, text: `pending ${marker()}`, author_name: 'Ünal' });
    assert.equal(pendingPost.status, 201);
    const token = pendingPost.json.author_token;
    const rejected = await createComment(sqlite.client(), { page, text: `rejected ${marker()}` });
    assert.equal((await admin.moderate(rejected.id, 'reject')).status, 200);
    const spam = await createComment(sqlite.client(), { page, text: `spam ${marker()}` });
    assert.equal((await admin.moderate(spam.id, 'spam')).status, 200);
    const reply = await createComment(sqlite.client(), { page, text: `reply ${marker()}`, parent_id: top.id });
    await approve(sqlite, reply.id);
    const edited = await author.editComment(pendingPost.json.comment.id, `edited ✍ ${marker()}`, { bearer: token });
    assert.equal(edited.status, 200, edited.describe());
    const tombstone = await createComment(admin, { page: demo.main, text: `tombstone ${marker()}` });
    const kept = await createComment(admin, { page: demo.main, text: `keeps it ${marker()}`, parent_id: tombstone.id });
    assert.ok(kept.id);
    assert.equal((await admin.deleteComment(tombstone.id)).status, 204);
    const gone = await createComment(admin, { page, text: `gone ${marker()}` });
    assert.equal((await admin.editComment(gone.id, `edited then gone ${marker()}`)).status, 200);
    assert.equal((await admin.deleteComment(gone.id)).status, 204);
    const modEdit = await admin.editComment(top.id, `edited by staff ${marker()}`);
    assert.equal(modEdit.status, 200, modEdit.describe());

    const pages = [...demo.all, page];
    const before = await snapshot(sqlite, pages);
    const statuses = new Set(before.threads[page].all.map((c) => c.status));
    for (const s of ['approved', 'pending', 'rejected', 'spam', 'deleted']) assert.ok(statuses.has(s), `a ${s} comment`);
    assert.equal(before.replies[top.id].length, 1);
    assert.equal(before.history[pendingPost.json.comment.id].json.edits.length, 1, 'an edit history');
    assert.equal(before.history[top.id].json.edits.length, 1, 'a staff edit history');
    assert.ok(before.threads[demo.main].reader.some((c) => c.id === tombstone.id && c.status === 'deleted'), 'a tombstone');
    assert.deepEqual(await sqlite.stop('SIGTERM'), { code: 0, signal: null });
    const sqliteUrl = `sqlite://${join(sqlite.dataDir, 'tribune.db')}`;

    // 2. To PostgreSQL.
    const toPg = await migrateStore(sqliteUrl, dbUrl(pgDb));
    assert.equal(toPg.code, 0, `migrate-store to PostgreSQL\n${toPg.stdout}\n${toPg.stderr}`);
    assert.match(toPg.stdout, /^copied \d+ articles, \d+ comments, \d+ comment edits/m);
    assert.match(toPg.stdout, /^verified: /m);
    assert.match(toPg.stderr, /comments: \d+ read/);

    const pg = await startServer(t, { args: ['--db', dbUrl(pgDb)] });
    const onPg = await snapshot(pg, pages);
    assert.deepEqual(onPg, before, 'the API shows the same on PostgreSQL');
    // A new comment after the move gets an id above every imported one.
    const fresh = await createComment(pg.admin(), { page, text: `after the move ${marker()}` });
    assert.ok(Number(fresh.id) > maxId(before), `fresh id ${fresh.id} > ${maxId(before)}`);
    const finalPg = await snapshot(pg, pages);
    assert.deepEqual(await pg.stop('SIGTERM'), { code: 0, signal: null });

    // 3. A non-empty target without --force: exit 2 and nothing changed.
    const fingerprint = () => psql(pgDb,
        "SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || md5(coalesce(string_agg(id || status || text, ',' ORDER BY id), '')) FROM comments");
    const pgBefore = await fingerprint();
    const refused = await migrateStore(sqliteUrl, dbUrl(pgDb));
    assert.equal(refused.code, 2, `${refused.stdout}\n${refused.stderr}`);
    assert.match(refused.stderr, /not empty/);
    assert.equal(await fingerprint(), pgBefore, 'the refused target is unchanged');

    // 4. Back to a new SQLite file: the JSON of every thread is identical.
    const backUrl = `sqlite://${join(backDir, 'tribune.db')}`;
    const toSqlite = await migrateStore(dbUrl(pgDb), backUrl);
    assert.equal(toSqlite.code, 0, `migrate-store back to SQLite\n${toSqlite.stdout}\n${toSqlite.stderr}`);
    assert.match(toSqlite.stdout, /^verified: /m);
    const back = await startServer(t, { dataDir: backDir });
    assert.deepEqual(await snapshot(back, pages), finalPg, 'the API shows the same on SQLite again');
    assert.deepEqual(await back.stop('SIGTERM'), { code: 0, signal: null });

    // 5. --force replaces a non-empty target, and verifies.
    const forced = await migrateStore(sqliteUrl, dbUrl(pgDb), '--force');
    assert.equal(forced.code, 0, `${forced.stdout}\n${forced.stderr}`);
    assert.match(forced.stdout, /^verified: /m);
    assert.notEqual(await fingerprint(), pgBefore, 'the comment posted on PostgreSQL is gone after --force');
});
