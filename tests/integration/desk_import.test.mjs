// The desk's import (/admin/import and /api/v1/imports): an admin uploads a small Disqus export
// in chunks, starts it and polls it to done; the comments appear, the report and the audit entry
// say what happened. Moderators and readers get 403, a session without its CSRF token 403, a
// file over import_max_bytes 413 with nothing written, and a second import while one is in
// progress 409.

import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { expectProblem, sessionFor, startServer, waitFor, walkComments } from './support/server.mjs';

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
