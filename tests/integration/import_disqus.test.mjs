// `tribune import disqus FILE` against a running server: every odd case of a real export
// (replies before their parents, replies to replies, unknown threads and parents, CDATA and
// entities, unicode, empty texts, deleted posts with and without replies, spam, closed threads),
// then the same file again (nothing added), --dry-run (nothing stored), --report, page keys with
// --map, and a file that is not a Disqus export (refused, nothing stored).

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { cliImport, startServer, waitFor, walkComments, walkReplies } from './support/server.mjs';

function post(id, thread, { parent = null, message, at, deleted = false, spam = false, name = 'A Reader',
    email = 'reader@example.org', ip = '203.0.113.7' }) {
    return `<post dsq:id="${id}"><id/><message><![CDATA[${message}]]></message>
  <createdAt>${at}</createdAt><isDeleted>${deleted}</isDeleted><isSpam>${spam}</isSpam>
  <author><email>${email}</email><name>${name}</name><isAnonymous>false</isAnonymous><username>u${id}</username></author>
  <ipAddress>${ip}</ipAddress><thread dsq:id="${thread}"/>${parent ? `<parent dsq:id="${parent}"/>` : ''}</post>`;
}

const FILE = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<category dsq:id="1"><forum>oldpaper</forum><title>General</title><isDefault>true</isDefault></category>
<thread dsq:id="t1"><id/><forum>oldpaper</forum><category dsq:id="1"/>
  <link>https://old.example/2019/06/hours?utm=x#c</link><title>Opening hours &amp; more</title>
  <createdAt>2019-06-01T09:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>
<thread dsq:id="t2"><id/><forum>oldpaper</forum><link>https://old.example/2019/07/closed%20story</link>
  <title>Closed</title><isClosed>true</isClosed><isDeleted>false</isDeleted></thread>
${post('p3', 't1', { parent: 'p1', message: '<p>Reply before its parent</p>', at: '2019-06-01T10:03:00Z' })}
${post('p1', 't1', { message: '<p>First &amp; <b>bold</b> &#8220;quoted&#8221;</p><p>Second para with <a href="https://x.example/a">a link</a></p>', at: '2019-06-01T10:01:00Z', name: 'Zoë Ünïcode' })}
${post('p2', 't1', { parent: 'p1', message: 'Plain reply<br>two lines', at: '2019-06-01T10:02:00Z', name: '  ' })}
${post('p4', 't1', { parent: 'p2', message: '<blockquote>Plain reply</blockquote><p>Reply to a reply</p>', at: '2019-06-01T10:04:00Z' })}
${post('p5', 't1', { message: '<p> </p><script>x</script>', at: '2019-06-01T10:05:00Z' })}
${post('p6', 't1', { message: '<p>Removed</p>', at: '2019-06-01T10:06:00Z', deleted: true })}
${post('p7', 't1', { parent: 'p6', message: '<p>Answer to a removed one</p>', at: '2019-06-01T10:07:00Z' })}
${post('p8', 't1', { message: '<p>Removed, no replies</p>', at: '2019-06-01T10:08:00Z', deleted: true })}
${post('p9', 't1', { message: '<p>Buy pills</p>', at: '2019-06-01T10:09:00Z', spam: true })}
${post('p10', 't1', { parent: 'p404', message: '<p>Parent never exported</p>', at: '2019-06-01T10:10:00Z' })}
${post('p11', 't404', { message: '<p>Thread never exported</p>', at: '2019-06-01T10:11:00Z' })}
${post('p12', 't2', { message: '<p>On the closed story</p>', at: '2019-07-01T08:00:00Z' })}
</disqus>
`;

test('a Disqus export imports with its threads, statuses and text rules, once', async (t) => {
    const server = await startServer(t);
    const dir = await mkdtemp(join(tmpdir(), 'tribune-disqus-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'export.xml');
    await writeFile(file, FILE);
    const page = '/2019/06/hours';
    const reader = server.client();

    // A dry run reads everything and stores nothing.
    const dry = await cliImport(server, 'disqus', file, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would import 0 articles, 2 threads, 10 comments; skipped 2 \(1 unknown thread, 1 empty text\); 1 reply without its parent/);
    assert.equal((await walkComments(reader, page)).length, 0);

    const reportFile = join(dir, 'report.json');
    const first = await cliImport(server, 'disqus', file, '--report', reportFile);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^imported 0 articles, 2 threads, 10 comments; skipped 2 \(1 unknown thread, 1 empty text\); 1 reply without its parent imported as top level/);
    const report = JSON.parse(await readFile(reportFile, 'utf8'));
    assert.equal(report.total.comments, 10);
    assert.equal(report.total.notes.empty_text, 1);
    assert.equal(report.total.notes.unknown_thread, 1);
    assert.equal(report.total.notes.missing_parent, 1);
    const hours = report.threads.find((x) => x.page === page);
    assert.equal(hours.comments, 9);

    // What readers see (once the server took the import's notice and dropped its cached page):
    // approved comments, threaded two levels deep, times kept, text as text.
    let top = [];
    await waitFor(async () => (top = await walkComments(reader, page, { sort: 'oldest' })).length > 0,
        { what: 'the imported comments' });
    const texts = top.map((c) => c.text);
    assert.ok(texts[0].startsWith('First & bold \u201cquoted\u201d\n\nSecond para with a link (https://x.example/a)'), texts[0]);
    assert.equal(top[0].author_name ?? top[0].author?.name, 'Zoë Ünïcode');
    assert.equal(top[0].created_at, '2019-06-01T10:01:00Z');
    assert.ok(!texts.includes('Buy pills'), 'spam is not shown');
    assert.ok(!texts.some((x) => x.includes('Removed, no replies')), 'a deleted post without replies is not shown');
    assert.ok(texts.includes('Parent never exported'), 'a reply whose parent is missing is top level');
    assert.ok(!JSON.stringify(top).includes('reader@example.org'), 'emails are never shown');
    assert.ok(!JSON.stringify(top).includes('203.0.113.7'), 'addresses are never shown');

    const replies = await walkReplies(reader, top[0].id);
    assert.deepEqual(replies.map((r) => r.text), ['Plain reply\ntwo lines', 'Reply before its parent', '> Plain reply\n\nReply to a reply']);
    assert.equal(replies[0].author_name ?? replies[0].author?.name, 'No Name');

    // The deleted post with a reply is a tombstone holding it; its text is gone.
    const tomb = top.find((c) => c.status === 'deleted' || c.deleted);
    assert.ok(tomb, JSON.stringify(top));
    assert.ok(!JSON.stringify(tomb).includes('Removed'));
    assert.ok(!JSON.stringify(tomb.author ?? {}).includes('A Reader'), 'a tombstone names no one');
    const tombReplies = await walkReplies(reader, tomb.id);
    assert.deepEqual(tombReplies.map((r) => r.text), ['Answer to a removed one']);

    // Counts are right (approved comments), and the closed story takes no new comments.
    const counts = await reader.counts([page, '/2019/07/closed%20story']);
    assert.equal(counts.status, 200, counts.describe());
    const countOf = (p) => (counts.json.counts ?? counts.json)[p];
    assert.equal(countOf(page), 6);  // p1-p4, p7, p10
    assert.equal(countOf('/2019/07/closed%20story'), 1);
    const refused = await reader.postComment({ page: '/2019/07/closed%20story', author_name: 'Late', text: 'Too late' });
    assert.notEqual(refused.status, 201, refused.describe());

    // The spam is kept, for moderators.
    const spam = await walkComments(server.admin(), page, { status: 'spam' });
    assert.deepEqual(spam.map((c) => c.text), ['Buy pills']);

    // The same file again adds nothing.
    const again = await cliImport(server, 'disqus', file);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^imported 0 articles, 0 threads, 0 comments; skipped 12 \(10 already imported, 1 unknown thread, 1 empty text\)/);
    assert.equal((await walkComments(reader, page)).length, top.length);
});

test('page keys follow --page-key and --map; a file that is not a Disqus export is refused', async (t) => {
    const server = await startServer(t);
    const dir = await mkdtemp(join(tmpdir(), 'tribune-disqus-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'export.xml');
    await writeFile(file, FILE);

    const mapped = await cliImport(server, 'disqus', file, '--map', '/2019/=/archive/2019/');
    assert.equal(mapped.code, 0, mapped.stderr);
    assert.equal((await walkComments(server.client(), '/archive/2019/06/hours')).length > 0, true);
    assert.equal((await walkComments(server.client(), '/2019/06/hours')).length, 0);

    // Another kind of file holding Disqus-like elements is refused before anything is stored.
    const bad = join(dir, 'bad.xml');
    await writeFile(bad, FILE.replace(/<disqus /, '<rss ').replace('</disqus>', '</rss>').replaceAll('/2019/06/', '/elsewhere/'));
    const notDisqus = await cliImport(server, 'disqus', bad);
    assert.equal(notDisqus.code, 2, notDisqus.stdout + notDisqus.stderr);
    assert.match(notDisqus.stderr, /not <disqus>/);
    assert.match(notDisqus.stderr, /nothing was imported/);
    assert.equal((await walkComments(server.client(), '/elsewhere/hours')).length, 0);

    const broken = join(dir, 'broken.xml');
    await writeFile(broken, FILE.slice(0, FILE.length / 2));
    const cut = await cliImport(server, 'disqus', broken, '--page-key', 'url');
    // Its threads were imported (and closed) by the first import here, and the posts before the
    // cut wait in a batch: nothing was stored.
    assert.equal(cut.code, 2, cut.stderr);
    assert.match(cut.stderr, /nothing was imported/);
    assert.match(cut.stderr, /line \d+/);
    assert.equal((await walkComments(server.client(), 'https://old.example/2019/06/hours?utm=x#c')).length, 0);

    const unknown = await cliImport(server, 'blogger', file);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown format/);
});
