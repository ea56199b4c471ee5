// `tribune export` and `tribune import tribune` (docs/export-format.md): a store with every kind
// of row is exported while its server runs, imported into an empty SQLite store (and an empty
// PostgreSQL database when TRIBUNE_TEST_PG_URL is set) and comes back with the same summary
// checksum and the same threads; a store that is not empty and a damaged file are refused with
// nothing changed; password hashes stay out unless --with-secrets. The Disqus and WXR exports
// parse as XML with the elements those formats need.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    BIN, createComment, createUser, demoArticles, marker, runCli, startServer, walkComments, walkReplies,
} from './support/server.mjs';
import { assertWellFormed, el, xpath } from './support/xml.mjs';

const PG_URL = process.env.TRIBUNE_TEST_PG_URL;

function psql(url, sql) {
    return new Promise((resolve, reject) => {
        execFile('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], (error, stdout, stderr) => {
            if (error) reject(new Error(`psql ${sql}: ${stderr}`));
            else resolve(stdout.trim());
        });
    });
}

function pgDbUrl(name) {
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    return u.toString();
}

// The store's summary checksum as `tribune migrate-store` (a separate code path) reports it,
// read by copying the store into a scratch SQLite file.
async function checksumOf(storeArgs, scratch) {
    const from = storeArgs[0] === '--db' ? storeArgs[1] : `sqlite://${join(storeArgs[1], 'tribune.db')}`;
    const to = `sqlite://${join(scratch, `sum-${marker()}.db`)}`;
    const r = await runCli(['migrate-store', '--from', from, '--to', to]);
    assert.equal(r.code, 0, `migrate-store for the summary\n${r.stdout}\n${r.stderr}`);
    const m = /^verified: .*checksum ([0-9a-f]{16})/m.exec(r.stdout);
    assert.ok(m, r.stdout);
    return m[1];
}

function lines(text) {
    return text.trim().split('\n').map((l) => JSON.parse(l));
}

// Every thread of `pages` as staff (every status) and as a reader, with replies and histories.
async function threads(server, pages) {
    const admin = server.admin();
    const reader = server.client();
    const out = {};
    for (const page of pages) {
        const all = await walkComments(admin, page, { status: 'all' });
        const replies = {};
        const history = {};
        for (const c of all) {
            replies[c.id] = await walkReplies(admin, c.id, { status: 'all' });
            history[c.id] = (await admin.history(c.id)).json;
        }
        out[page] = { all, reader: await walkComments(reader, page), replies, history };
    }
    return out;
}

describe('tribune export / import tribune', () => {
    let src;
    let scratch;
    let demo;
    let page;
    let pages;
    let editor;
    let exported;     // the export without secrets, taken while the server runs
    let withSecrets;  // and with them
    let sourceChecksum;
    let before_;
    let markupId;  // a comment whose text looks like markup: it must stay text in every export

    before(async () => {
        scratch = await mkdtemp(join(tmpdir(), 'tribune-export-'));
        src = await startServer(null);
        demo = await demoArticles(src);
        const admin = src.admin();
        editor = await createUser(src, { role: 'editor' });
        page = `/export/${marker()}`;
        pages = [...demo.all, page];
        // Comments: approved with a reply, an edited one, pending, spam, deleted (a tombstone on the demo).
        const top = await createComment(admin, { page, text: `Grüße 👋 <b>top</b> & co\n\nsecond paragraph ${marker()}`, author_name: 'Zoë' });
        const reply = await createComment(admin, { page, text: `reply ${marker()}`, parent_id: top.id });
        assert.equal((await admin.editComment(top.id, `edited by staff ${marker()}`)).status, 200);
        const pending = await src.client().postComment({ page, text: `pending ${marker()}`, author_name: 'Ünal' });
        assert.equal(pending.status, 201, pending.describe());
        assert.equal(pending.json.comment.status, 'pending');
        const spam = await createComment(src.client(), { page, text: `spam ${marker()}` });
        assert.equal((await admin.moderate(spam.id, 'spam')).status, 200);
        const tombstone = await createComment(admin, { page: demo.main, text: `tombstone ${marker()}` });
        await createComment(admin, { page: demo.main, text: `keeps it ${marker()}`, parent_id: tombstone.id });
        assert.equal((await admin.deleteComment(tombstone.id)).status, 204);
        markupId = (await createComment(admin, { page: demo.main, text: '<script>alert(1)</script> AT&T' })).id;
        // A report, a ban, a closed thread.
        const reported = await src.client().post(`/api/v1/comments/${reply.id}/reports`, { reason: 'off topic' });
        assert.ok(reported.status >= 200 && reported.status < 300, reported.describe());
        const ban = await admin.post(`/api/v1/comments/${spam.id}/ban`, { days: 3 });
        assert.equal(ban.status, 201, ban.describe());
        assert.equal((await admin.put('/api/v1/policy/thread', { page, closed: true })).status, 200);
        // Articles: a revision, live coverage with an update, a correction.
        const slug = demo.slugOf(demo.main);
        const saved = await admin.patch(`/api/v1/articles/${slug}`, { summary: `A new summary ${marker()}` });
        assert.equal(saved.status, 200, saved.describe());
        assert.equal((await admin.post(`/api/v1/articles/${slug}/live`, { live: true })).status, 200);
        const update = await admin.post(`/api/v1/articles/${slug}/updates`, { body_markdown: `Update **one** ${marker()}` });
        assert.equal(update.status, 201, update.describe());
        const correction = await admin.post(`/api/v1/articles/${slug}/corrections`, { text: `Corrected ${marker()}` });
        assert.equal(correction.status, 201, correction.describe());

        before_ = await threads(src, pages);
        // Exported while the server runs.
        const file = join(scratch, 'export.jsonl');
        const r = await runCli(['export', file, '--data', src.dataDir]);
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /^exported \d+ articles, .* comments, .*password hashes .* left out/m);
        exported = { file, text: await readFile(file, 'utf8') };
        const secretFile = join(scratch, 'secrets.jsonl');
        const s = await runCli(['export', secretFile, '--with-secrets', '--data', src.dataDir]);
        assert.equal(s.code, 0, `${s.stdout}\n${s.stderr}`);
        assert.match(s.stdout, /the file's checksum equals the store's/);
        withSecrets = { file: secretFile, text: await readFile(secretFile, 'utf8') };
        sourceChecksum = await checksumOf(['--data', src.dataDir], scratch);
    });

    after(async () => {
        await src?.cleanup();
        if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    test('the file holds every kind of row, documented lines, and no password hash without --with-secrets', () => {
        const rows = lines(exported.text);
        assert.equal(rows[0].type, 'header');
        assert.equal(rows[0].format, 'tribune-export');
        assert.equal(rows[0].version, 1);
        assert.equal(rows.at(-1).type, 'end');
        const types = new Set(rows.map((r) => r.type));
        for (const t of ['user', 'author', 'article', 'article_revision', 'live_update', 'comment', 'report', 'ban',
            'audit', 'thread_policy', 'setting', 'thread']) assert.ok(types.has(t), `a ${t} line`);
        const user = rows.find((r) => r.type === 'user' && r.email === editor.email);
        assert.ok(user, 'the editor account');
        assert.equal(user.password_hash, undefined);
        assert.doesNotMatch(exported.text, /\$argon2/, 'no password hash in the file');
        assert.match(withSecrets.text, /\$argon2id\$/, 'the hashes are there with --with-secrets');
        const edited = rows.find((r) => r.type === 'comment' && r.edits.length > 0);
        assert.ok(edited, 'a comment with its edit history');
        assert.match(edited.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, 'times to the microsecond');
        // Without secrets the end line names the checksum of what the file holds; with, the source's.
        assert.equal(rows[0].source.checksum, sourceChecksum);
        assert.notEqual(rows.at(-1).content.checksum, sourceChecksum);
        const secretRows = lines(withSecrets.text);
        assert.equal(secretRows.at(-1).content.checksum, sourceChecksum);
    });

    test('import tribune into an empty SQLite store: the same checksum, the same threads', async (t) => {
        const dir = await mkdtemp(join(scratch, 'sqlite-'));
        const dry = await runCli(['import', 'tribune', withSecrets.file, '--data', dir, '--dry-run']);
        assert.equal(dry.code, 0, `${dry.stdout}\n${dry.stderr}`);
        assert.match(dry.stdout, /^would import \d+ articles, \d+ threads, \d+ comments/m);
        const report = join(scratch, 'report.json');
        const r = await runCli(['import', 'tribune', withSecrets.file, '--data', dir, '--report', report]);
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /^verified: /m);
        assert.match(r.stdout, /its summary checksum equals the source's/);
        const rep = JSON.parse(await readFile(report, 'utf8'));
        assert.equal(rep.verified, true);
        assert.equal(rep.imported.checksum, sourceChecksum);
        assert.ok(rep.imported.comments > 0 && rep.imported.users > 0);
        assert.equal(await checksumOf(['--data', dir], scratch), sourceChecksum);

        const copy = await startServer(t, { dataDir: dir });
        assert.deepEqual(await threads(copy, pages), before_, 'the imported server serves the same threads');
        await copy.stop('SIGTERM');

        // Not empty now: refused, nothing changed.
        const again = await runCli(['import', 'tribune', withSecrets.file, '--data', dir]);
        assert.equal(again.code, 2, `${again.stdout}\n${again.stderr}`);
        assert.match(again.stderr, /not empty/);
        assert.equal(await checksumOf(['--data', dir], scratch), sourceChecksum);
    });

    test('without secrets: the checksum of what the file holds', async () => {
        const dir = await mkdtemp(join(scratch, 'nosecrets-'));
        const r = await runCli(['import', 'tribune', exported.file, '--data', dir]);
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /no password hashes/);
        const end = lines(exported.text).at(-1);
        assert.equal(await checksumOf(['--data', dir], scratch), end.content.checksum);
    });

    test('a garbled or cut-short file is refused with its line number and changes nothing', async () => {
        const dir = await mkdtemp(join(scratch, 'bad-'));
        const text = exported.text.split('\n');
        const bad = text.findIndex((l) => l.startsWith('{"type":"comment"')) + 5;
        const garbled = [...text];
        garbled[bad - 1] = garbled[bad - 1].replace('"status":"', '"status":"x');
        const garbledFile = join(scratch, 'garbled.jsonl');
        await writeFile(garbledFile, garbled.join('\n'));
        const g = await runCli(['import', 'tribune', garbledFile, '--data', dir]);
        assert.equal(g.code, 2, `${g.stdout}\n${g.stderr}`);
        assert.match(g.stderr, new RegExp(`line ${bad}: `));
        assert.match(g.stderr, /unchanged/);

        const cutFile = join(scratch, 'cut.jsonl');
        await writeFile(cutFile, exported.text.slice(0, Math.floor(exported.text.length * 0.7)));
        const c = await runCli(['import', 'tribune', cutFile, '--data', dir]);
        assert.equal(c.code, 2, `${c.stdout}\n${c.stderr}`);
        assert.match(c.stderr, /line \d+: .*cut short/);

        // A changed value that still parses: the end line's checksum catches it.
        const changedFile = join(scratch, 'changed.jsonl');
        await writeFile(changedFile, exported.text.replace('"reason":"off topic"', '"reason":"on topic"'));
        const d = await runCli(['import', 'tribune', changedFile, '--data', dir]);
        assert.equal(d.code, 2, `${d.stdout}\n${d.stderr}`);
        assert.match(d.stderr, /do not match its end line/);

        // Nothing was written: the store still takes the good file.
        const ok = await runCli(['import', 'tribune', exported.file, '--data', dir]);
        assert.equal(ok.code, 0, `${ok.stdout}\n${ok.stderr}`);
    });

    test('a failed export leaves nothing under the file name', async () => {
        const target = join(scratch, 'missing-dir', 'x.jsonl');
        const r = await runCli(['export', target, '--data', src.dataDir]);
        assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stderr, /nothing was written/);
        await assert.rejects(readFile(target), 'nothing under the name');
        // Cut off half way (a file size limit): the name keeps what it held before.
        const kept = join(scratch, 'kept.jsonl');
        await writeFile(kept, 'the previous export\n');
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TRIBUNE_')));
        const cut = await new Promise((resolve) => {
            execFile('prlimit', [`--fsize=${Math.floor(exported.text.length / 2)}`, BIN, 'export', kept, '--data', src.dataDir],
                { env }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
        });
        assert.ok(cut.error, `the export under a file size limit must fail\n${cut.stdout}`);
        assert.equal(await readFile(kept, 'utf8'), 'the previous export\n');
        const missing = await runCli(['export', join(scratch, 'y.jsonl'), '--data', join(scratch, 'no-such-dir')]);
        assert.equal(missing.code, 2, `${missing.stdout}\n${missing.stderr}`);
        assert.match(missing.stderr, /no database/);
        await assert.rejects(readFile(join(scratch, 'y.jsonl')), 'no file for a store that is not there');
        const stdout = await runCli(['export', '-', '--data', src.dataDir]);
        assert.equal(stdout.code, 0);
        assert.equal(lines(stdout.stdout)[0].type, 'header');
        assert.match(stdout.stderr, /^exported /m);
    });

    test('import tribune into an empty PostgreSQL database', async (t) => {
        const db = `tribune_export_${process.pid}_${Date.now()}`;
        await psql(pgDbUrl('postgres'), `CREATE DATABASE ${db}`);
        t.after(() => psql(pgDbUrl('postgres'), `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {}));
        const r = await runCli(['import', 'tribune', withSecrets.file, '--db', pgDbUrl(db)]);
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /its summary checksum equals the source's/);
        assert.equal(await checksumOf(['--db', pgDbUrl(db)], scratch), sourceChecksum);
        const pg = await startServer(t, { args: ['--db', pgDbUrl(db)] });
        assert.deepEqual(await threads(pg, pages), before_, 'PostgreSQL serves the same threads');
        await pg.stop('SIGTERM');
    });

    test('Disqus export: threads and posts a Disqus reader takes in', async () => {
        const file = join(scratch, 'disqus.xml');
        const r = await runCli(['export', file, '--format', 'disqus', '--data', src.dataDir, '--public-url', 'https://news.example']);
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        const xml = await readFile(file, 'utf8');
        await assertWellFormed(xml, 'the Disqus export');
        assert.equal(await xpath(xml, `namespace-uri(/*)`), 'http://disqus.com');
        const rows = lines(exported.text).filter((l) => l.type === 'comment');
        const pagesWithComments = new Set(rows.map((c) => c.page));
        assert.equal(Number(await xpath(xml, `count(/${el('disqus')}/${el('thread')})`)), pagesWithComments.size);
        const shown = rows.filter((c) => c.status !== 'pending');
        assert.equal(Number(await xpath(xml, `count(/${el('disqus')}/${el('post')})`)), shown.length);
        const thread = `/${el('disqus')}/${el('thread')}[${el('id')}='${page}']`;
        assert.equal(await xpath(xml, `string(${thread}/${el('link')})`), `https://news.example${page}`);
        assert.equal(await xpath(xml, `string(${thread}/${el('isClosed')})`), 'true');
        const threadId = await xpath(xml, `string(${thread}/@*[local-name()='id'])`);
        const top = before_[page].all.find((c) => c.parent_id === null && c.author.name === 'Zoë');
        const post = `/${el('disqus')}/${el('post')}[@*[local-name()='id']='${top.id}']`;
        assert.equal(await xpath(xml, `string(${post}/${el('thread')}/@*[local-name()='id'])`), threadId);
        assert.match(await xpath(xml, `string(${post}/${el('message')})`), /^<p>edited by staff/);
        assert.match(await xpath(xml, `string(${post}/${el('createdAt')})`), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        const reply = before_[page].replies[top.id][0];
        const replyPost = `/${el('disqus')}/${el('post')}[@*[local-name()='id']='${reply.id}']`;
        assert.equal(await xpath(xml, `string(${replyPost}/${el('parent')}/@*[local-name()='id'])`), String(top.id));
        assert.equal(Number(await xpath(xml, `count(//${el('post')}[${el('isSpam')}='true'])`)), 1);
        assert.ok(Number(await xpath(xml, `count(//${el('post')}[${el('isDeleted')}='true'])`)) >= 1);
        const article = `/${el('disqus')}/${el('thread')}[${el('id')}='${demo.main}']/${el('title')}`;
        assert.notEqual(await xpath(xml, `string(${article})`), demo.main, 'an article thread has its title');
    });

    test('WXR export: published articles with their comments', async () => {
        const file = join(scratch, 'wxr.xml');
        const r = await runCli(['export', file, '--format', 'wxr', '--data', src.dataDir]);
        assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
        assert.match(r.stdout, /left out \d+ comments on pages that are not published articles/);
        const xml = await readFile(file, 'utf8');
        await assertWellFormed(xml, 'the WXR export');
        assert.equal(await xpath(xml, `string(//${el('wxr_version')})`), '1.2');
        const articles = lines(exported.text).filter((l) => l.type === 'article' && l.status === 'published');
        assert.equal(Number(await xpath(xml, 'count(/rss/channel/item)')), articles.length);
        const slug = demo.slugOf(demo.main);
        const item = `/rss/channel/item[${el('post_name')}='${slug}']`;
        assert.equal(await xpath(xml, `string(${item}/${el('post_type')})`), 'post');
        assert.equal(await xpath(xml, `string(${item}/${el('status')})`), 'publish');
        assert.match(await xpath(xml, `string(${item}/${el('encoded')}[namespace-uri()='http://purl.org/rss/1.0/modules/content/'])`), /<p>/);
        const comments = lines(exported.text).filter((l) => l.type === 'comment' && l.page === demo.main);
        assert.equal(Number(await xpath(xml, `count(${item}/${el('comment')})`)), comments.length);
        const deleted = comments.find((c) => c.status === 'deleted');
        assert.equal(await xpath(xml, `string(${item}/${el('comment')}[${el('comment_id')}='${deleted.id}']/${el('comment_approved')})`), 'trash');
        const replyOf = comments.find((c) => c.parent_id !== null);
        assert.equal(await xpath(xml, `string(${item}/${el('comment')}[${el('comment_id')}='${replyOf.id}']/${el('comment_parent')})`), String(replyOf.parent_id));
        // WordPress reads comment content as HTML: a reader's text arrives escaped, never as markup.
        assert.equal(await xpath(xml, `string(${item}/${el('comment')}[${el('comment_id')}='${markupId}']/${el('comment_content')})`),
            '<p>&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;T</p>');
    });
});
