// The desk's import (/admin/import and /api/v1/imports): an admin uploads a small Disqus export
// in chunks, starts it and polls it to done; the comments appear, the report and the audit entry
// say what happened. Moderators and readers get 403, a session without its CSRF token 403, a
// file over import_max_bytes 413 with nothing written, and a second import while one is in
// progress 409. Also: gzip bombs and an oversized Commento document refused (nothing stored, the
// server stays up), cancelling an upload and a running import (DELETE), upload files a crash
// left swept at start, WordPress exports (gzip-compressed) and Tribune's own export (into a new
// server only) imported at the desk.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import {
    countsOf, createComment, createUser, demoArticles, expectProblem, loginAs, runCli, sessionFor, startServer, waitFor,
    walkComments,
} from './support/server.mjs';

const post = (id, thread, { parent = null, message, at }) => `<post dsq:id="${id}"><id/><message><![CDATA[${message}]]></message>
  <createdAt>${at}</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
  <author><email>r${id}@example.org</email><name>Reader ${id}</name><isAnonymous>false</isAnonymous></author>
  <ipAddress>203.0.113.9</ipAddress><thread dsq:id="${thread}"/>${parent ? `<parent dsq:id="${parent}"/>` : ''}</post>`;

const FILE = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="t1"><id/><forum>old</forum><link>https://old.example/2020/desk-import?x=1</link>
  <title>Desk import</title><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>
${post('d2', 't1', { parent: 'd1', message: '<p>A reply before its parent</p>', at: '2020-01-01T10:02:00Z' })}
${post('d1', 't1', { message: '<p>First &amp; foremost</p>', at: '2020-01-01T10:01:00Z' })}
${post('d3', 't1', { message: '<p> </p>', at: '2020-01-01T10:03:00Z' })}
${post('d4', 't404', { message: '<p>Nowhere</p>', at: '2020-01-01T10:04:00Z' })}
</disqus>
`;
const PAGE = '/2020/desk-import';
const MAX_BYTES = 64 * 1024;
const MAX_BODY = 1024;  // chunks: the server's max_body_bytes (its minimum, so the file needs several)

async function uploadsIn(server) {
    try {
        return await readdir(join(server.dataDir, 'imports'));
    } catch {
        return [];
    }
}

test('an admin imports a Disqus file at the desk; others may not', { timeout: 60000 }, async (t) => {
    const server = await startServer(t, {
        env: { TRIBUNE_IMPORT_MAX_BYTES: String(MAX_BYTES), TRIBUNE_MAX_BODY_BYTES: String(MAX_BODY) },
    });
    const admin = await sessionFor(server, 'admin');
    const mod = await sessionFor(server, 'moderator');
    const reader = await sessionFor(server, 'reader');
    const bytes = Buffer.from(FILE);
    const declare = { format: 'disqus', file_name: 'export.xml', size: bytes.length };

    // The page: admins only, in the desk's frame, listing the formats.
    const page = await admin.get('/admin/import');
    assert.equal(page.status, 200, page.describe());
    assert.match(page.text, /<option value="disqus">Disqus XML export<\/option>/);
    assert.match(page.text, /<progress id="import-progress"/);
    assert.equal((await mod.get('/admin/import')).status, 403);
    assert.equal((await reader.get('/admin/import')).status, 403);

    // Moderators and readers may not create, and nothing is written for them.
    expectProblem(assert, await mod.post('/api/v1/imports', declare), 403);
    expectProblem(assert, await reader.post('/api/v1/imports', declare), 403);
    // A session without its CSRF token is refused.
    const noCsrf = await admin.post('/api/v1/imports', declare, { csrf: false });
    expectProblem(assert, noCsrf, 403);
    assert.match(noCsrf.json.title, /CSRF/);
    // A file over import_max_bytes: 413, nothing written.
    expectProblem(assert, await admin.post('/api/v1/imports', { ...declare, size: MAX_BYTES + 1 }), 413);
    assert.deepEqual(await uploadsIn(server), []);

    // Declared: the upload file exists, private.
    const created = await admin.post('/api/v1/imports', declare);
    assert.equal(created.status, 201, created.describe());
    const job = created.json;
    assert.equal(job.state, 'uploading');
    assert.equal(job.chunk_bytes, MAX_BODY);
    const files = await uploadsIn(server);
    assert.equal(files.length, 1);
    assert.equal((await stat(join(server.dataDir, 'imports', files[0]))).mode & 0o777, 0o600);

    // A second import while this one is in progress: 409.
    expectProblem(assert, await admin.post('/api/v1/imports', declare), 409);

    // Chunks: a moderator's and a token-less one are refused and change nothing; out of order 409;
    // a chunk past the declared size 413.
    const url = `/api/v1/imports/${job.id}`;
    const chunk = (client, n, body, opts = {}) =>
        client.request('PUT', `${url}/chunks/${n}`, { body, headers: { 'content-type': 'application/octet-stream' }, ...opts });
    expectProblem(assert, await chunk(mod, 0, bytes.subarray(0, 10)), 403);
    expectProblem(assert, await chunk(admin, 0, bytes.subarray(0, 10), { csrf: false }), 403);
    expectProblem(assert, await chunk(admin, 1, bytes.subarray(0, 10)), 409);
    // Starting before the whole file is there: 409.
    expectProblem(assert, await admin.post(`${url}/start`), 409);
    let n = 0;
    for (let from = 0; from < bytes.length; from += MAX_BODY, n++) {
        const r = await chunk(admin, n, bytes.subarray(from, from + MAX_BODY));
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.received, Math.min(bytes.length, from + MAX_BODY));
    }
    assert.ok(n >= 2, 'the file went up in several chunks');
    expectProblem(assert, await chunk(admin, n, Buffer.from('x')), 413);
    // A chunk larger than max_body_bytes never reaches the handler.
    assert.equal((await chunk(admin, n, Buffer.alloc(MAX_BODY + 1, 0x20))).status, 413);

    // Start (readers may not see it), then poll to done.
    expectProblem(assert, await reader.get(url), 403);
    const started = await admin.post(`${url}/start`);
    assert.equal(started.status, 202, started.describe());
    expectProblem(assert, await admin.post(`${url}/start`), 409);
    let status;
    await waitFor(async () => {
        status = (await admin.get(url)).json;
        return status.state === 'done' || status.state === 'failed';
    }, { what: 'the import to finish' });
    assert.equal(status.state, 'done', status.error);
    assert.equal(status.bytes_read, bytes.length);
    assert.equal(status.total.comments, 2);
    assert.equal(status.total.notes.empty_text, 1);
    assert.equal(status.total.notes.unknown_thread, 1);
    assert.match(status.summary, /^imported 0 articles, 1 threads, 2 comments; skipped 2/);
    assert.deepEqual(await uploadsIn(server), [], 'the upload is removed once imported');

    // The report, for download.
    const report = await admin.get(status.report_url);
    assert.equal(report.status, 200, report.describe());
    assert.match(report.headers.get('content-disposition'), /attachment/);
    assert.equal(report.json.total.comments, 2);
    assert.equal(report.json.threads.find((x) => x.page === PAGE).comments, 2);
    expectProblem(assert, await mod.get(status.report_url), 403);

    // The comments appear to readers (the import told the node's caches), threaded.
    let top = [];
    await waitFor(async () => (top = await walkComments(server.client(), PAGE)).length > 0, { what: 'the comments' });
    assert.equal(top.length, 1);
    assert.equal(top[0].text, 'First & foremost');

    // The audit log names who, the format, the file and the counts.
    const audit = await server.admin().get('/api/v1/audit?limit=5');
    const entry = audit.json.entries.find((e) => e.action === 'import');
    assert.ok(entry, JSON.stringify(audit.json.entries.map((e) => e.action)));
    assert.equal(entry.target, 'import:disqus');
    const after = typeof entry.after === 'string' ? JSON.parse(entry.after) : entry.after;
    assert.equal(after.file, 'export.xml');
    assert.equal(after.counts.comments, 2);

    // Once done, a new import may begin; the same file again adds nothing.
    const again = await admin.post('/api/v1/imports', declare);
    assert.equal(again.status, 201, again.describe());
});

// Declares `bytes` as a file of `settings`, uploads it in the job's chunks and starts it: the job.
async function upload(admin, bytes, settings) {
    const created = await admin.post('/api/v1/imports', { file_name: 'export', size: bytes.length, ...settings });
    assert.equal(created.status, 201, created.describe());
    const job = created.json;
    for (let from = 0, n = 0; from < bytes.length; from += job.chunk_bytes, n++) {
        const r = await admin.request('PUT', `/api/v1/imports/${job.id}/chunks/${n}`, {
            body: bytes.subarray(from, from + job.chunk_bytes), headers: { 'content-type': 'application/octet-stream' },
        });
        assert.equal(r.status, 200, r.describe());
    }
    return job;
}

async function start(admin, job) {
    const started = await admin.post(`/api/v1/imports/${job.id}/start`);
    assert.equal(started.status, 202, started.describe());
    return started.json;
}

async function ended(admin, id) {
    let status;
    await waitFor(async () => {
        status = (await admin.get(`/api/v1/imports/${id}`)).json;
        return ['done', 'failed', 'cancelled'].includes(status.state);
    }, { ms: 60000, what: 'the import to end' });
    return status;
}

async function importAtDesk(admin, bytes, settings) {
    return ended(admin, (await start(admin, await upload(admin, bytes, settings))).id);
}

// gzip of `head`, `mib` MiB of blanks and `tail`, as concatenated gzip members (one file to
// gunzip): a few hundred kilobytes that unpack to `mib` MiB, made without holding them.
function gzipBomb(head, mib, tail) {
    const blanks = gzipSync(Buffer.alloc(1 << 20, 0x20), { level: 9 });
    return Buffer.concat([gzipSync(head), ...Array(mib).fill(blanks), gzipSync(tail)]);
}

test('gzip bombs and a Commento document too large to parse are refused; nothing stored, the server stays up', { timeout: 120000 }, async (t) => {
    const MAX = 4 << 20;  // the gzip bound is 32 times this: 128 MiB unpacked
    const server = await startServer(t, { env: { TRIBUNE_IMPORT_MAX_BYTES: String(MAX), TRIBUNE_MAX_BODY_BYTES: String(1 << 20) } });
    const admin = await sessionFor(server, 'admin');
    const head = FILE.slice(0, FILE.indexOf('</disqus>'));

    const bomb = gzipBomb(head, 160, '</disqus>\n');
    assert.ok(bomb.length < MAX, `the bomb is small: ${bomb.length} bytes`);
    const refused = await importAtDesk(admin, bomb, { format: 'disqus', file_name: 'export.xml.gz' });
    assert.equal(refused.state, 'failed');
    assert.match(refused.error, /unpacks to more than 134217728 bytes/);
    assert.match(refused.error, /nothing was stored/);
    assert.equal(refused.total, undefined);
    assert.deepEqual(await walkComments(server.client(), PAGE), [], 'nothing stored');
    assert.deepEqual(await uploadsIn(server), []);
    assert.equal((await server.client().get('/healthz')).status, 200, 'the server is up');

    // Commento is parsed whole in memory: the desk takes 64 MiB of it, however well it packs.
    const commento = gzipBomb('{"version":1,"comments":[', 70, ']}');
    const tooBig = await importAtDesk(admin, commento, { format: 'commento', file_name: 'commento.json.gz' });
    assert.equal(tooBig.state, 'failed');
    assert.match(tooBig.error, /^Commento export too large: a Commento export is read whole into memory, so it is taken up to 64 MiB/);
    assert.equal((await server.client().get('/healthz')).status, 200, 'the server is up');

    // The same export, packed honestly, imports.
    const fine = await importAtDesk(admin, gzipSync(FILE), { format: 'disqus', file_name: 'export.xml.gz' });
    assert.equal(fine.state, 'done', fine.error);
    assert.equal(fine.total.comments, 2);
});

test('an admin cancels an upload and a running import; what was stored stays, reported', { timeout: 180000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_IMPORT_MAX_BYTES: String(64 << 20), TRIBUNE_MAX_BODY_BYTES: String(1 << 20) } });
    const admin = await sessionFor(server, 'admin');
    const mod = await sessionFor(server, 'moderator');
    const bytes = Buffer.from(FILE);

    // An upload: moderators and token-less sessions may not cancel it; the admin does, its file goes.
    const created = await admin.post('/api/v1/imports', { format: 'disqus', file_name: 'export.xml', size: bytes.length });
    assert.equal(created.status, 201, created.describe());
    const url = `/api/v1/imports/${created.json.id}`;
    const chunk = { body: bytes.subarray(0, 100), headers: { 'content-type': 'application/octet-stream' } };
    assert.equal((await admin.request('PUT', `${url}/chunks/0`, chunk)).status, 200);
    expectProblem(assert, await mod.request('DELETE', url), 403);
    expectProblem(assert, await admin.request('DELETE', url, { csrf: false }), 403);
    expectProblem(assert, await admin.request('DELETE', '/api/v1/imports/00000000000000000000000000000000'), 404);
    assert.equal((await uploadsIn(server)).length, 1);
    const cancelled = await admin.request('DELETE', url);
    assert.equal(cancelled.status, 200, cancelled.describe());
    assert.equal(cancelled.json.state, 'cancelled');
    assert.deepEqual(await uploadsIn(server), [], 'the upload is removed');
    expectProblem(assert, await admin.request('PUT', `${url}/chunks/1`, chunk), 409);
    expectProblem(assert, await admin.post(`${url}/start`), 409);
    expectProblem(assert, await admin.request('DELETE', url), 409);

    // A running import of many posts, cancelled as soon as it starts: it ends at its next item.
    const POSTS = 40000;
    let posts = '';
    for (let i = 1; i <= POSTS; i++)
        posts += post(`c${i}`, 't1', { message: `<p>Post ${i}</p>`, at: '2021-01-01T10:00:00Z' }) + '\n';
    const big = Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="t1"><id/><link>https://old.example/2021/cancelled</link><isClosed>false</isClosed></thread>
${posts}</disqus>
`);
    const job = await upload(admin, big, { format: 'disqus', file_name: 'big.xml' });
    await start(admin, job);
    const cancelling = await admin.request('DELETE', `/api/v1/imports/${job.id}`);
    assert.equal(cancelling.status, 202, cancelling.describe());
    assert.equal(cancelling.json.cancel_requested, true);
    const first = await ended(admin, job.id);
    assert.equal(first.state, 'cancelled', first.error);
    assert.ok(first.total.comments < POSTS, `stopped early: ${first.total.comments}`);
    assert.match(first.summary, /^imported 0 articles, \d+ threads, \d+ comments/);
    assert.equal((await admin.get(`/api/v1/imports/${job.id}/report`)).json.total.comments, first.total.comments);
    assert.deepEqual(await uploadsIn(server), []);
    // What it reported is what is stored.
    await waitFor(async () => (await countsOf(server, ['/2021/cancelled']))['/2021/cancelled'] === first.total.comments,
        { what: 'the stored comments counted' });
    const audit = await server.admin().get('/api/v1/audit?limit=5');
    const entry = audit.json.entries.find((e) => e.action === 'import');
    const after = typeof entry.after === 'string' ? JSON.parse(entry.after) : entry.after;
    assert.equal(after.cancelled, true);

    // The same file again goes on from there.
    const rest = await importAtDesk(admin, big, { format: 'disqus', file_name: 'big.xml' });
    assert.equal(rest.state, 'done', rest.error);
    assert.equal(rest.total.comments, POSTS - first.total.comments);
    assert.equal(rest.total.notes.already_imported ?? 0, first.total.comments);
});

test('upload files a crash left are swept when the server starts', { timeout: 60000 }, async (t) => {
    const server = await startServer(t);
    const admin = await sessionFor(server, 'admin');
    const bytes = Buffer.from(FILE);
    const created = await admin.post('/api/v1/imports', { format: 'disqus', file_name: 'export.xml', size: bytes.length });
    assert.equal(created.status, 201, created.describe());
    const put = await admin.request('PUT', `/api/v1/imports/${created.json.id}/chunks/0`, {
        body: bytes.subarray(0, 100), headers: { 'content-type': 'application/octet-stream' },
    });
    assert.equal(put.status, 200, put.describe());
    await server.kill9();
    // The half upload, and another a crash left earlier; a file that is not an upload stays.
    await writeFile(join(server.dataDir, 'imports', 'upload-0123456789abcdef0123456789abcdef'), 'left over');
    await writeFile(join(server.dataDir, 'imports', 'notes.txt'), 'not ours');
    assert.equal((await uploadsIn(server)).length, 3);
    await server.start();
    assert.deepEqual(await uploadsIn(server), ['notes.txt']);
});

const WXR = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old Paper</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ana]]></wp:author_login>
  <wp:author_display_name><![CDATA[Ana López]]></wp:author_display_name></wp:author>
<item><title>Desk harbour</title><link>https://old.example/2019/06/desk-harbour/</link>
  <dc:creator><![CDATA[ana]]></dc:creator><content:encoded><![CDATA[<p>The harbour <strong>reopens</strong>.</p>]]></content:encoded>
  <excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>501</wp:post_id>
  <wp:post_date_gmt><![CDATA[2019-06-03 10:00:00]]></wp:post_date_gmt><wp:comment_status><![CDATA[open]]></wp:comment_status>
  <wp:post_name><![CDATA[desk-harbour]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[Zoë]]></wp:comment_author>
    <wp:comment_date_gmt><![CDATA[2019-06-03 11:00:00]]></wp:comment_date_gmt>
    <wp:comment_content><![CDATA[First from WordPress]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved>
    <wp:comment_type><![CDATA[]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
  <wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author><![CDATA[Al]]></wp:comment_author>
    <wp:comment_date_gmt><![CDATA[2019-06-03 11:10:00]]></wp:comment_date_gmt>
    <wp:comment_content><![CDATA[A reply]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved>
    <wp:comment_type><![CDATA[]]></wp:comment_type><wp:comment_parent>1</wp:comment_parent></wp:comment>
  <wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_author><![CDATA[Bot]]></wp:comment_author>
    <wp:comment_date_gmt><![CDATA[2019-06-03 11:20:00]]></wp:comment_date_gmt>
    <wp:comment_content><![CDATA[Linked]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved>
    <wp:comment_type><![CDATA[pingback]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
</channel></rss>
`;

test('an admin imports a WordPress export (gzip-compressed) at the desk: articles, comments, old addresses', { timeout: 60000 }, async (t) => {
    const server = await startServer(t);
    const admin = await sessionFor(server, 'admin', { name: 'Ines Importer' });
    const mod = await sessionFor(server, 'moderator');
    const bytes = gzipSync(WXR);
    const page = await admin.get('/admin/import');
    assert.match(page.text, /<option value="wordpress" data-page-keys="no">WordPress export/);

    // Page keys do not apply: comments go to the article each post becomes.
    const declare = { format: 'wordpress', file_name: 'old-paper.xml.gz', size: bytes.length };
    const withKeys = await admin.post('/api/v1/imports', { ...declare, page_key: 'url' });
    expectProblem(assert, withKeys, 422);
    assert.match(withKeys.json.detail, /articles its posts become/);
    expectProblem(assert, await admin.post('/api/v1/imports', { ...declare, map: '/a=/b' }), 422);
    expectProblem(assert, await mod.post('/api/v1/imports', declare), 403);

    // A dry run stores nothing.
    const dry = await importAtDesk(admin, bytes, { ...declare, dry_run: true });
    assert.equal(dry.state, 'done', dry.error);
    assert.match(dry.summary, /^would import 1 articles, 1 threads, 2 comments; skipped 1 \(1 pingback\)/);
    assert.equal((await server.client().get('/articles/desk-harbour')).status, 404);

    const done = await importAtDesk(admin, bytes, declare);
    assert.equal(done.state, 'done', done.error);
    assert.match(done.summary, /^imported 1 articles, 1 threads, 2 comments; skipped 1 \(1 pingback\)/);
    assert.ok(done.messages.includes('1 old addresses now redirect to their articles'), JSON.stringify(done.messages));
    assert.ok(done.bytes_read > 0 && done.bytes_read <= bytes.length);
    const report = await admin.get(done.report_url);
    assert.equal(report.json.format, 'wordpress');
    assert.equal(report.json.total.articles, 1);

    // The article, its comments (threaded) and the old address.
    const reader = server.client();
    let article;
    await waitFor(async () => (article = await reader.get('/articles/desk-harbour')).status === 200, { what: 'the article' });
    assert.match(article.text, /<strong>reopens<\/strong>/);
    let top = [];
    await waitFor(async () => (top = await walkComments(reader, '/articles/desk-harbour')).length > 0, { what: 'the comments' });
    assert.deepEqual(top.map((c) => c.text), ['First from WordPress']);
    assert.equal(top[0].reply_count, 1);
    // The article's first version is the admin's, as the audit log names them.
    const versions = await admin.get('/api/v1/articles/desk-harbour/revisions');
    assert.equal(versions.status, 200);
    assert.equal(versions.json.revisions.at(-1).saved_by, 'Ines Importer');
    const old = await reader.get('/2019/06/desk-harbour/', { redirect: 'manual' });
    assert.equal(old.status, 301);
    assert.match(old.headers.get('location'), /\/articles\/desk-harbour$/);

    // Again: nothing added.
    const again = await importAtDesk(admin, bytes, declare);
    assert.equal(again.state, 'done', again.error);
    assert.match(again.summary, /^imported 0 articles, 0 threads, 0 comments/);
});

test("Tribune's own export at the desk: refused into a store with content, imported into a new server", { timeout: 120000 }, async (t) => {
    const scratch = await mkdtemp(join(tmpdir(), 'tribune-desk-export-'));
    t.after(() => rm(scratch, { recursive: true, force: true }));
    // The old server: the demo publication, a comment, an admin with a password.
    const src = await startServer(t);
    const oldAdmin = await createUser(src, { role: 'admin' });
    const demo = await demoArticles(src);
    await createComment(src.admin(), { page: demo.main, text: 'Brought over by the desk' });
    const file = join(scratch, 'export.jsonl');
    const exported = await runCli(['export', file, '--with-secrets', '--data', src.dataDir]);
    assert.equal(exported.code, 0, `${exported.stdout}\n${exported.stderr}`);
    const bytes = gzipSync(await readFile(file));
    const before = await countsOf(src, demo.all);

    // Into a store with articles and comments: refused at once, nothing uploaded or changed.
    const srcAdmin = await loginAs(src, oldAdmin);
    const declare = { format: 'tribune', file_name: 'export.jsonl.gz', size: bytes.length };
    const refused = await srcAdmin.post('/api/v1/imports', declare);
    expectProblem(assert, refused, 409);
    assert.equal(refused.json.title, 'Store not empty');
    assert.match(refused.json.detail, /only into a new server's store, without articles or comments/);
    assert.deepEqual(await uploadsIn(src), []);
    expectProblem(assert, await srcAdmin.post('/api/v1/imports', { ...declare, page_key: 'url' }), 422);

    // A new server, set up with an admin of its own.
    const dst = await startServer(t, { env: { TRIBUNE_SEED_DEMO: 'false' } });
    const newAdmin = await sessionFor(dst, 'admin');
    const page = await newAdmin.get('/admin/import');
    assert.match(page.text, /<option value="tribune" data-page-keys="no">Tribune export/);
    expectProblem(assert, await (await sessionFor(dst, 'moderator')).post('/api/v1/imports', declare), 403);
    const dry = await importAtDesk(newAdmin, bytes, { ...declare, dry_run: true });
    assert.equal(dry.state, 'done', dry.error);
    assert.match(dry.summary, /^would import \d+ articles, \d+ threads, \d+ comments/);
    assert.equal((await dst.client().get(demo.main)).status, 404, 'a dry run stores nothing');

    const job = await start(newAdmin, await upload(newAdmin, bytes, declare));
    // The import replaces this server's accounts (and so the session that started it): the
    // operator's token follows it.
    const done = await ended(dst.admin(), job.id);
    assert.equal(done.state, 'done', done.error);
    assert.ok(done.messages.some((m) => /^verified: the store's summary equals the file's/.test(m)), JSON.stringify(done.messages));
    assert.ok(done.messages.includes("this server's accounts are now the file's: log in again with one of them"));
    const report = await dst.admin().get(done.report_url);
    assert.equal(report.json.format, 'tribune');
    assert.equal(report.json.verified, true);
    assert.deepEqual(await uploadsIn(dst), []);

    // The old server's content and accounts, served at once (the node's caches were told).
    assert.deepEqual(await countsOf(dst, demo.all), before);
    const top = await walkComments(dst.client(), demo.main);
    assert.ok(top.some((c) => c.text === 'Brought over by the desk'));
    assert.equal((await dst.client().get(demo.main)).status, 200);
    await waitFor(async () => (await newAdmin.get('/api/v1/imports/' + job.id)).status === 401,
        { what: 'the replaced session to end' });
    const again = await loginAs(dst, oldAdmin);
    assert.equal((await again.get('/admin/import')).status, 200);
    // Not empty now: a second Tribune import is refused.
    expectProblem(assert, await again.post('/api/v1/imports', declare), 409);
});
