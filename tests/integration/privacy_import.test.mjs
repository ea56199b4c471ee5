// Privacy requests about imported commenters: a Disqus import keeps each poster's email
// (canonical: trimmed, lower-cased) and nothing else that names them. An admin exports and
// erases such a person by that email (in the query, or in the erasure's JSON body) or by one of
// their comments; a malformed email is refused with 422 and changes nothing.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { cliImport, expectFieldError, expectProblem, sessionFor, startServer, waitFor, walkComments, walkReplies } from './support/server.mjs';

function post(id, { parent = null, message, at, name, email }) {
    return `<post dsq:id="${id}"><id/><message><![CDATA[${message}]]></message>
  <createdAt>${at}</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
  <author><email>${email}</email><name>${name}</name><isAnonymous>false</isAnonymous></author>
  <ipAddress>203.0.113.9</ipAddress><thread dsq:id="t1"/>${parent ? `<parent dsq:id="${parent}"/>` : ''}</post>`;
}

const FILE = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="t1"><id/><forum>oldpaper</forum><link>https://old.example/2020/01/harbour</link>
  <title>Harbour</title><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>
${post('p1', { message: '<p>Ann opens the thread</p>', at: '2020-01-02T10:00:00Z', name: 'Ann', email: ' Ann.Lee@Example.ORG ' })}
${post('p2', { parent: 'p1', message: '<p>Bob answers Ann</p>', at: '2020-01-02T10:05:00Z', name: 'Bob', email: 'bob@example.org' })}
${post('p3', { message: '<p>Ann comes back</p>', at: '2020-01-02T11:00:00Z', name: 'Ann', email: 'ann.lee@example.org' })}
</disqus>
`;

async function importFile(t, server) {
    const dir = await mkdtemp(join(tmpdir(), 'tribune-privacy-import-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'export.xml');
    await writeFile(file, FILE);
    const imported = await cliImport(server, 'disqus', file);
    assert.equal(imported.code, 0, imported.stderr);
}

test('an imported commenter is exported and erased by email; a bad email is refused', async (t) => {
    const server = await startServer(t);
    await importFile(t, server);

    const page = '/2020/01/harbour';
    const reader = server.client();
    const admin = server.admin();
    let top = [];
    await waitFor(async () => (top = await walkComments(reader, page, { sort: 'oldest' })).length === 2,
        { what: 'the imported comments' });
    const [opening, comeback] = top;
    const [bobs] = await walkReplies(reader, opening.id);
    assert.equal(bobs.text, 'Bob answers Ann');

    // By email, as written in any case and with spaces around: both of Ann's comments, each with
    // the email kept (her own data), never Bob's.
    const exported = await admin.get(`/api/v1/privacy/export?email=${encodeURIComponent('  ANN.lee@example.org ')}`);
    assert.equal(exported.status, 200, exported.describe());
    assert.deepEqual(exported.json.comments.map((c) => c.text), ['Ann opens the thread', 'Ann comes back']);
    for (const c of exported.json.comments) assert.equal(c.author_email, 'ann.lee@example.org');
    assert.equal(exported.json.account, null);
    assert.deepEqual(exported.json.reports_filed, []);
    assert.deepEqual(exported.json.bans, []);
    assert.ok(!exported.text.includes('Bob'), exported.text);

    // By one of their comments: the imported comment's author is its email's owner.
    const bobByComment = await admin.get(`/api/v1/privacy/export?comment=${bobs.id}`);
    assert.equal(bobByComment.status, 200, bobByComment.describe());
    assert.deepEqual(bobByComment.json.comments.map((c) => [c.text, c.author_email]), [['Bob answers Ann', 'bob@example.org']]);

    // Malformed or ambiguous requests: 422 problem+json, nothing changes.
    for (const bad of ['not-an-email', 'a@b@c', 'ann lee@example.org', `${'a'.repeat(250)}@b.cd`, '']) {
        expectFieldError(assert, await admin.get(`/api/v1/privacy/export?email=${encodeURIComponent(bad)}`), 'email', `export ${bad.slice(0, 20)}`);
        expectFieldError(assert, await admin.request('POST', `/api/v1/privacy/erase?email=${encodeURIComponent(bad)}`), 'email', `erase ${bad.slice(0, 20)}`);
    }
    expectFieldError(assert, await admin.request('POST', '/api/v1/privacy/erase', { json: { email: 42 } }), 'email', 'not a string');
    expectProblem(assert, await admin.request('POST', `/api/v1/privacy/erase?comment=${bobs.id}&email=bob%40example.org`), 422, 'two names');
    assert.equal((await walkComments(reader, page)).length, 2, 'nothing was erased');
    assert.equal((await reader.getComment(bobs.id)).json.text, 'Bob answers Ann');

    // Erased by email in the body: her comments become tombstones (the one with a reply stays in
    // the thread), Bob's reply stays, and nothing is left to export.
    const erased = await admin.request('POST', '/api/v1/privacy/erase', { json: { email: 'Ann.Lee@example.org' } });
    assert.equal(erased.status, 200, erased.describe());
    assert.equal(erased.json.comments, 2);
    assert.equal(erased.json.reports, 0);
    assert.equal(erased.json.user_removed, false);
    await waitFor(async () => (await reader.getComment(comeback.id)).status === 404, { what: 'the erasure reaching readers' });
    const tomb = await reader.getComment(opening.id);
    assert.equal(tomb.status, 200, tomb.describe());
    assert.equal(tomb.json.status, 'deleted');
    assert.equal(tomb.json.text, '');
    assert.ok(!tomb.text.includes('Ann'), tomb.text);
    assert.equal((await reader.getComment(bobs.id)).json.text, 'Bob answers Ann');

    const after = await admin.get('/api/v1/privacy/export?email=ann.lee%40example.org');
    assert.equal(after.status, 200, after.describe());
    assert.deepEqual(after.json.comments, []);
    // The tombstone keeps no email, so it no longer names anyone.
    expectProblem(assert, await admin.get(`/api/v1/privacy/export?comment=${opening.id}`), 422, 'an erased comment');

    // The audit log records both requests without the address.
    const audit = await admin.get('/api/v1/audit?limit=50');
    assert.equal(audit.status, 200, audit.describe());
    const privacy = audit.json.entries.filter((e) => e.action.startsWith('privacy.'));
    assert.equal(privacy.length, 4, JSON.stringify(privacy));  // Ann's two exports, Bob's, Ann's erasure
    for (const e of privacy) assert.match(e.target, /^email:[0-9a-f]{12}$/);
    assert.ok(!audit.text.toLowerCase().includes('ann.lee'), 'no address in the audit log');
});

test('the desk privacy page exports and erases by email', async (t) => {
    const server = await startServer(t);
    await importFile(t, server);
    const reader = server.client();
    const admin = await sessionFor(server, 'admin');
    let top = [];
    await waitFor(async () => (top = await walkComments(reader, '/2020/01/harbour', { sort: 'oldest' })).length === 2,
        { what: 'the imported comments' });
    const [bobs] = await walkReplies(reader, top[0].id);

    const page = await admin.get('/admin/privacy');
    assert.equal(page.status, 200, page.describe());
    assert.match(page.text, /id="export-email" name="email"/);
    assert.match(page.text, /id="erase-email" name="email"/);

    const exported = await admin.get('/admin/privacy/export?email=Bob%40Example.org');
    assert.equal(exported.status, 200, exported.describe());
    assert.equal(exported.header('content-disposition'), 'attachment; filename="tribune-export-email.json"');
    assert.deepEqual(exported.json.comments.map((c) => c.author_email), ['bob@example.org']);

    // A bad address: the form again, filled in (escaped), with the message; nothing erased.
    const bad = await admin.request('POST', '/admin/privacy/erase', {
        form: [['email', 'bob"<b>@@example.org'], ['confirm', '1'], ['csrf_token', admin.csrf]], csrf: false,
    });
    assert.equal(bad.status, 422, bad.describe());
    assert.match(bad.text, /Invalid email/);
    assert.ok(bad.text.includes('value="bob&quot;&lt;b&gt;@@example.org"'), bad.text);
    assert.equal((await reader.getComment(bobs.id)).status, 200);

    const erased = await admin.request('POST', '/admin/privacy/erase', {
        form: [['email', ' BOB@example.org'], ['confirm', '1'], ['csrf_token', admin.csrf]], csrf: false,
    });
    assert.equal(erased.status, 303, erased.describe());
    await waitFor(async () => (await reader.getComment(bobs.id)).status === 404, { what: "Bob's reply erased" });
    assert.equal((await reader.getComment(top[1].id)).status, 200, "Ann's comments stay");
});
