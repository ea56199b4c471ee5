// `tribune import remark42|isso|commento FILE` against a running server: for each format a small
// file with the odd cases (replies before their parents, replies to replies, missing parents,
// empty texts, unicode, deleted comments with and without replies, the format's statuses and
// closed threads), then --dry-run (nothing stored), the import, what readers and moderators see,
// the same file again (nothing added), and a file of another format (refused with exit 2).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { cliImport, startServer, waitFor, walkComments, walkReplies } from './support/server.mjs';

async function tempDir(t) {
    const dir = await mkdtemp(join(tmpdir(), 'tribune-formats-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    return dir;
}

// Dry run, import with a report, and the same file again: the summaries say what happened.
async function importThrice(server, format, file, dir, { comments, skipped }) {
    const dry = await cliImport(server, format, file, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`^would import 0 articles, \\d+ threads, ${comments} comments`));

    const reportFile = join(dir, `${format}-report.json`);
    const first = await cliImport(server, format, file, '--report', reportFile);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`^imported 0 articles, \\d+ threads, ${comments} comments; skipped ${skipped}`));
    const report = JSON.parse(await readFile(reportFile, 'utf8'));
    assert.equal(report.format, format);
    assert.equal(report.total.comments, comments);
    return { dry, first, report };
}

async function importedAgainAddsNothing(server, format, file, comments) {
    const again = await cliImport(server, format, file);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^imported 0 articles, 0 threads, 0 comments; skipped \\d+ \\(${comments} already imported`));
}

async function shown(server, page) {
    let top = [];
    await waitFor(async () => (top = await walkComments(server.client(), page, { sort: 'oldest' })).length > 0,
        { what: `the imported comments of ${page}` });
    return top;
}

const nameOf = (c) => c.author_name ?? c.author?.name;

// ---------------------------------------------------------------------------------------------
// Remark42: JSON lines, a meta line first, gzip-compressed as remark42 writes its backups.

const R42_HOURS = 'https://old.example/2019/06/hours?utm=x';
const R42_CLOSED = 'https://old.example/2019/07/closed';

function r42(id, pid, url, text, time, extra = {}) {
    return JSON.stringify({
        id, pid, text, user: { name: 'Zo&lt;ë&gt;', id: 'github_u1', picture: '', ip: 'f'.repeat(40), admin: false },
        locator: { site: 'news', url }, score: 0, vote: 0, time, ...extra,
    });
}

const REMARK42 = [
    JSON.stringify({ version: 1, users: [{ id: 'github_u1', blocked: { status: false }, verified: false,
        details: { user_id: 'github_u1', email: 'zoe@example.org' } }], posts: [{ url: R42_CLOSED, read_only: true }] }),
    r42('r3', 'r1', R42_HOURS, '<p>Reply before its parent</p>', '2019-06-01T10:03:00Z'),
    r42('r1', '', R42_HOURS, '<p>First &amp; <b>bold</b></p><p>Ünïcode ✓ <a href="https://x.example/a">a link</a></p>', '2019-06-01T12:01:00+02:00'),
    r42('r2', 'r3', R42_HOURS, '<p>Reply to a reply</p>', '2019-06-01T10:04:00Z'),
    r42('r4', '', R42_HOURS, '', '2019-06-01T10:05:00Z', { delete: true }),
    r42('r5', 'r4', R42_HOURS, '<p>Answer to a deleted one</p>', '2019-06-01T10:06:00Z'),
    r42('r6', '', R42_HOURS, '', '2019-06-01T10:07:00Z', { delete: true }),
    r42('r7', '', R42_HOURS, '<p> </p>', '2019-06-01T10:08:00Z'),
    r42('r8', 'r404', R42_HOURS, '<p>Parent never exported</p>', '2019-06-01T10:09:00Z'),
    r42('r9', '', R42_CLOSED, '<p>On the closed story</p>', '2019-07-01T08:00:00Z'),
].join('\n') + '\n';

test('a Remark42 backup (gzip) imports with its threads, statuses and closed posts, once', async (t) => {
    const server = await startServer(t);
    const dir = await tempDir(t);
    const file = join(dir, 'backup-news-20190701.gz');
    await writeFile(file, gzipSync(REMARK42));
    const page = '/2019/06/hours';

    const { dry } = await importThrice(server, 'remark42', file, dir, { comments: 8, skipped: 1 });
    assert.match(dry.stdout, /1 empty text/);

    const top = await shown(server, page);
    assert.equal(top[0].text, 'First & bold\n\nÜnïcode ✓ a link (https://x.example/a)');
    assert.equal(nameOf(top[0]), 'Zo<ë>');
    assert.equal(top[0].created_at, '2019-06-01T10:01:00Z');
    assert.ok(top.some((c) => c.text === 'Parent never exported'), 'a reply without its parent is top level');
    assert.ok(!JSON.stringify(top).includes('zoe@example.org'), 'emails are never shown');
    const replies = await walkReplies(server.client(), top[0].id);
    assert.deepEqual(replies.map((r) => r.text), ['Reply before its parent', 'Reply to a reply']);
    const tomb = top.find((c) => c.status === 'deleted' || c.deleted);
    assert.ok(tomb, 'the deleted comment with a reply is a tombstone');
    assert.deepEqual((await walkReplies(server.client(), tomb.id)).map((r) => r.text), ['Answer to a deleted one']);
    assert.equal(top.length, 3, JSON.stringify(top.map((c) => c.text)));  // r1, r4 (tombstone), r8

    // The read-only post is a closed thread.
    const closedPage = '/2019/07/closed';
    assert.deepEqual((await shown(server, closedPage)).map((c) => c.text), ['On the closed story']);
    const refused = await server.client().postComment({ page: closedPage, author_name: 'Late', text: 'Too late' });
    assert.notEqual(refused.status, 201, refused.describe());

    await importedAgainAddsNothing(server, 'remark42', file, 8);
    assert.equal((await walkComments(server.client(), page)).length, top.length);

    // Another format given as remark42 is refused, and nothing changes.
    const wrong = join(dir, 'commento.json');
    await writeFile(wrong, JSON.stringify({ version: 1, comments: [], commenters: [] }));
    const refusedFile = await cliImport(server, 'remark42', wrong);
    assert.equal(refusedFile.code, 2, refusedFile.stdout + refusedFile.stderr);
    assert.match(refusedFile.stderr, /Not a Remark42 backup/);
});

// ---------------------------------------------------------------------------------------------
// Isso: its SQLite database, made here with the sqlite3 command-line shell.

const ISSO_SQL = `
CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
    created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR,
    author VARCHAR, email VARCHAR, website VARCHAR, likes INTEGER DEFAULT 0,
    dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, notification INTEGER NOT NULL DEFAULT 0);
INSERT INTO threads VALUES (1, '/blog/isso-post/', 'A post');
INSERT INTO comments (tid, id, parent, created, mode, remote_addr, text, author, email, voters) VALUES
 (1, 1, NULL, 1559383260.5, 1, '203.0.113.0', 'First *one*' || char(10) || 'Ünïcode ✓ <3', 'Zoë', 'zoe@example.org', x''),
 (1, 2, 1, 1559383320, 1, '203.0.113.0', 'A reply', NULL, NULL, x''),
 (1, 3, NULL, 1559383380, 2, '203.0.113.0', 'Waiting for moderation', 'Mo', NULL, x''),
 (1, 4, NULL, 1559383440, 4, NULL, '', NULL, NULL, x''),
 (1, 5, 4, 1559383500, 1, NULL, 'Answer to a deleted one', 'Al', NULL, x''),
 (1, 6, NULL, 1559383560, 1, NULL, '  ', 'Al', NULL, x''),
 (1, 7, 404, 1559383620, 1, NULL, 'Parent is gone', 'Al', NULL, x''),
 (9, 8, NULL, 1559383680, 1, NULL, 'Thread is gone', 'Al', NULL, x'');
`;

function sqlite3(file, sql) {
    const r = spawnSync('sqlite3', [file], { input: sql, encoding: 'utf8' });
    assert.equal(r.error, undefined, 'the sqlite3 shell is needed (scripts/install-deps.sh)');
    assert.equal(r.status, 0, r.stderr);
}

test('an Isso database imports read-only with its modes and threads, once', async (t) => {
    const server = await startServer(t);
    const dir = await tempDir(t);
    const file = join(dir, 'comments.db');
    sqlite3(file, ISSO_SQL);
    const bytes = await readFile(file);
    const page = '/blog/isso-post/';

    const { first } = await importThrice(server, 'isso', file, dir, { comments: 6, skipped: 2 });
    assert.match(first.stdout, /1 unknown thread, 1 empty text\); 1 reply without its parent/);
    assert.ok((await readFile(file)).equals(bytes), 'the Isso database is only read');

    const top = await shown(server, page);
    assert.deepEqual(top.map((c) => c.text), ['First *one*\nÜnïcode ✓ <3', '', 'Parent is gone']);
    assert.equal(nameOf(top[0]), 'Zoë');
    assert.equal(top[0].created_at, '2019-06-01T10:01:00Z');
    assert.deepEqual((await walkReplies(server.client(), top[0].id)).map((r) => [r.text, nameOf(r)]), [['A reply', 'No Name']]);
    assert.deepEqual((await walkReplies(server.client(), top[1].id)).map((r) => r.text), ['Answer to a deleted one']);
    const pending = await walkComments(server.admin(), page, { status: 'pending' });
    assert.deepEqual(pending.map((c) => c.text), ['Waiting for moderation']);

    await importedAgainAddsNothing(server, 'isso', file, 6);

    const text = join(dir, 'not-a-database.txt');
    await writeFile(text, 'just some text, long enough to be looked at as a database header\n'.repeat(4));
    const notSqlite = await cliImport(server, 'isso', text);
    assert.equal(notSqlite.code, 2, notSqlite.stdout + notSqlite.stderr);
    assert.match(notSqlite.stderr, /not an SQLite database/);
    const other = join(dir, 'other.db');
    sqlite3(other, 'CREATE TABLE posts (id INTEGER PRIMARY KEY);');
    const notIsso = await cliImport(server, 'isso', other);
    assert.equal(notIsso.code, 2, notIsso.stdout + notIsso.stderr);
    assert.match(notIsso.stderr, /no threads and comments tables/);
});

// ---------------------------------------------------------------------------------------------
// Commento: one JSON document.

function commento(hex, parentHex, markdown, { state = 'approved', commenterHex = 'c0ffee', minute = 20, deleted } = {}) {
    return { commentHex: hex, domain: 'old.example', url: '/blog/commento-post', commenterHex, markdown, html: '',
        parentHex, score: 0, state, creationDate: `2021-03-12T11:${minute}:56.5Z`, direction: 0,
        ...(deleted === undefined ? {} : { deleted }) };
}

const COMMENTO = JSON.stringify({
    version: 1,
    comments: [
        commento('a3', 'a1', 'Reply before its parent', { minute: 23 }),
        commento('a1', 'root', 'First *one*\n\nÜnïcode ✓', { minute: 21 }),
        commento('a2', 'a3', 'Reply to a reply', { minute: 24, commenterHex: 'anonymous' }),
        commento('a4', 'root', 'Held', { minute: 25, state: 'unapproved' }),
        commento('a5', 'root', 'Buy pills', { minute: 26, state: 'flagged' }),
        commento('a6', 'root', '[deleted]', { minute: 27, deleted: true }),
        commento('a7', 'a6', 'Answer to a deleted one', { minute: 28 }),
        commento('a8', 'root', ' ', { minute: 29 }),
        commento('a9', 'b404', 'Parent never exported', { minute: 30 }),
    ],
    commenters: [{ commenterHex: 'c0ffee', email: 'zoe@example.org', name: 'Zoë', link: '', photo: '',
        provider: 'commento', joinDate: '2021-03-01T00:00:00Z', isModerator: false }],
});

test('a Commento export imports with its states and commenters, once', async (t) => {
    const server = await startServer(t);
    const dir = await tempDir(t);
    const file = join(dir, 'commento-export.json');
    await writeFile(file, COMMENTO);
    const page = '/blog/commento-post';

    const { first } = await importThrice(server, 'commento', file, dir, { comments: 8, skipped: 1 });
    assert.match(first.stdout, /1 empty text\); 1 reply without its parent/);

    const top = await shown(server, page);
    assert.deepEqual(top.map((c) => c.text), ['First *one*\n\nÜnïcode ✓', '', 'Parent never exported']);
    assert.equal(nameOf(top[0]), 'Zoë');
    assert.equal(top[0].created_at, '2021-03-12T11:21:56Z');
    assert.ok(!JSON.stringify(top).includes('zoe@example.org'), 'emails are never shown');
    const replies = await walkReplies(server.client(), top[0].id);
    assert.deepEqual(replies.map((r) => [r.text, nameOf(r)]), [['Reply before its parent', 'Zoë'], ['Reply to a reply', 'Anonymous']]);
    assert.deepEqual((await walkReplies(server.client(), top[1].id)).map((r) => r.text), ['Answer to a deleted one']);
    assert.deepEqual((await walkComments(server.admin(), page, { status: 'pending' })).map((c) => c.text), ['Held']);
    assert.deepEqual((await walkComments(server.admin(), page, { status: 'spam' })).map((c) => c.text), ['Buy pills']);

    await importedAgainAddsNothing(server, 'commento', file, 8);

    // A Remark42 backup given as commento is refused, and a truncated export too.
    const wrong = join(dir, 'backup.json');
    await writeFile(wrong, REMARK42);
    const refused = await cliImport(server, 'commento', wrong);
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /Not a Commento export/);
    const cut = join(dir, 'cut.json');
    await writeFile(cut, COMMENTO.slice(0, COMMENTO.length / 2));
    const truncated = await cliImport(server, 'commento', cut);
    assert.equal(truncated.code, 2, truncated.stdout + truncated.stderr);
    assert.equal((await walkComments(server.client(), page)).length, top.length);
});
