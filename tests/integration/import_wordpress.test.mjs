// `tribune import wordpress FILE` against a running server: posts become articles (authors,
// section, tags, dates, excerpt, body structure through the allow-list), drafts, scheduled and
// private posts, pages and attachments reported, comments with every status (and pingbacks,
// empty texts, reply chains, a reply before its parent), a closed thread, a post without
// post_name, the old URLs answering 301; then --dry-run (nothing stored) and the same file again
// (nothing added).

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { cliImport, startServer, waitFor, walkComments, walkReplies } from './support/server.mjs';

function comment(id, { parent = 0, text, at, approved = '1', type = '', name = 'A Reader' }) {
    return `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[${name}]]></wp:comment_author>
  <wp:comment_author_email><![CDATA[reader${id}@example.org]]></wp:comment_author_email>
  <wp:comment_author_url>https://reader.example</wp:comment_author_url>
  <wp:comment_author_IP><![CDATA[203.0.113.9]]></wp:comment_author_IP>
  <wp:comment_date><![CDATA[${at}]]></wp:comment_date><wp:comment_date_gmt><![CDATA[${at}]]></wp:comment_date_gmt>
  <wp:comment_content><![CDATA[${text}]]></wp:comment_content><wp:comment_approved><![CDATA[${approved}]]></wp:comment_approved>
  <wp:comment_type><![CDATA[${type}]]></wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent>
  <wp:comment_user_id>0</wp:comment_user_id></wp:comment>`;
}

function item(id, { title, link, creator = 'ana', body = '', excerpt = '', name = '', date = '0000-00-00 00:00:00',
    status = 'publish', type = 'post', commentStatus = 'open', terms = '', comments = '' }) {
    return `<item><title>${title}</title><link>${link}</link><pubDate>Mon, 03 Jun 2019 10:00:00 +0000</pubDate>
  <dc:creator><![CDATA[${creator}]]></dc:creator><guid isPermaLink="false">https://old.example/?p=${id}</guid>
  <description></description><content:encoded><![CDATA[${body}]]></content:encoded>
  <excerpt:encoded><![CDATA[${excerpt}]]></excerpt:encoded><wp:post_id>${id}</wp:post_id>
  <wp:post_date><![CDATA[${date}]]></wp:post_date><wp:post_date_gmt><![CDATA[${date}]]></wp:post_date_gmt>
  <wp:comment_status><![CDATA[${commentStatus}]]></wp:comment_status><wp:ping_status>open</wp:ping_status>
  <wp:post_name><![CDATA[${name}]]></wp:post_name><wp:status><![CDATA[${status}]]></wp:status>
  <wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type><![CDATA[${type}]]></wp:post_type>
  <wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>${terms}
  <wp:postmeta><wp:meta_key><![CDATA[_edit_last]]></wp:meta_key><wp:meta_value><![CDATA[1]]></wp:meta_value></wp:postmeta>
  ${comments}</item>`;
}

const HARBOUR_BODY = `The harbour <strong>reopens</strong> today.<script>alert('x')</script>
Second line.

<h2>What changes</h2>

<ul>
<li>Ferries run <em>hourly</em></li>
<li>See <a href="https://port.example/times" onclick="steal()">the timetable</a></li>
</ul>

<blockquote>We are ready.</blockquote>

<img src="https://old.example/wp-content/uploads/harbour.jpg" alt="The harbour at dawn" onerror="alert(1)">

<iframe src="https://evil.example/embed"></iframe><style>body{display:none}</style>
<a href="javascript:alert(2)">bad link</a>`;

const FILE = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old Paper</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ana]]></wp:author_login>
  <wp:author_email><![CDATA[ana@old.example]]></wp:author_email><wp:author_display_name><![CDATA[Ana López]]></wp:author_display_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[ben]]></wp:author_login>
  <wp:author_display_name><![CDATA[Ben Okafor]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[city]]></wp:category_nicename><wp:cat_name><![CDATA[City]]></wp:cat_name></wp:category>
${item(101, {
        title: 'Harbour reopens', link: 'https://old.example/2019/06/harbour/', name: 'harbour-reopens', date: '2019-06-03 10:00:00',
        body: HARBOUR_BODY, excerpt: 'The harbour is <em>open</em> again.',
        terms: '<category domain="category" nicename="city"><![CDATA[City]]></category><category domain="category" nicename="port"><![CDATA[Port]]></category>'
            + '<category domain="post_tag" nicename="ferries"><![CDATA[Ferries]]></category><category domain="post_tag" nicename="summer"><![CDATA[Summer]]></category>',
        comments: [
            comment(1, { text: 'First <b>comment</b>\n\nsecond paragraph', at: '2019-06-03 11:00:00', name: 'Zoë' }),
            comment(2, { parent: 1, text: 'A reply', at: '2019-06-03 11:10:00' }),
            comment(3, { parent: 5, text: 'Reply written before its parent', at: '2019-06-03 11:40:00' }),
            comment(4, { text: 'Waiting for a moderator', at: '2019-06-03 11:20:00', approved: '0' }),
            comment(5, { text: 'Later top level', at: '2019-06-03 11:30:00' }),
            comment(6, { text: 'Buy pills', at: '2019-06-03 11:50:00', approved: 'spam' }),
            comment(7, { text: 'Thrown away', at: '2019-06-03 11:55:00', approved: 'trash' }),
            comment(8, { text: 'Linked from elsewhere', at: '2019-06-03 12:00:00', type: 'pingback' }),
            comment(9, { text: '  <p> </p>  ', at: '2019-06-03 12:05:00' }),
            comment(10, { parent: 2, text: 'Reply to a reply', at: '2019-06-03 12:10:00' }),
        ].join('\n'),
    })}
${item(102, {
        title: 'Council votes', link: 'https://old.example/2020/01/council/', name: 'council-votes', creator: 'ben',
        date: '2020-01-10 09:00:00', body: '<p>The council voted.</p>', commentStatus: 'closed',
        terms: '<category domain="category" nicename="politics"><![CDATA[Politics]]></category>',
        comments: comment(20, { text: 'Before it closed', at: '2020-01-10 10:00:00' }),
    })}
${item(103, { title: 'Draft: budget', link: 'https://old.example/?p=103', status: 'draft', body: 'Not yet.' })}
${item(104, { title: 'Future plans', link: 'https://old.example/?p=104', name: 'future-plans', status: 'future', date: '2099-01-01 00:00:00', body: 'Soon.' })}
${item(105, { title: 'About', link: 'https://old.example/about/', name: 'about', type: 'page', body: 'We are a paper.' })}
${item(106, { title: 'harbour.jpg', link: 'https://old.example/harbour-jpg/', name: 'harbour-jpg', type: 'attachment', status: 'inherit' })}
${item(107, { title: 'Night Market Opens!', link: 'https://old.example/2021/03/night-market/', creator: 'ben', date: '2021-03-05 18:00:00', body: 'Stalls &amp; food.' })}
${item(108, { title: 'Staff only', link: 'https://old.example/staff-only/', name: 'staff-only', status: 'private', date: '2021-04-01 09:00:00', body: 'Private.' })}
</channel></rss>
`;

const HARBOUR = '/articles/harbour-reopens';

test('a WordPress export becomes articles with their comments and old addresses, once', async (t) => {
    const server = await startServer(t);
    const dir = await mkdtemp(join(tmpdir(), 'tribune-wordpress-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'export.xml');
    await writeFile(file, FILE);
    const reader = server.client();
    const admin = server.admin();

    // A dry run reads everything and stores nothing.
    const dry = await cliImport(server, 'wordpress', file, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^would import 6 articles, 6 threads, 9 comments; skipped 4 \(1 empty text, 1 pingback, 1 page, 1 attachment\)/);
    assert.equal((await reader.get(HARBOUR)).status, 404);
    assert.equal((await reader.get('/2019/06/harbour/')).status, 404);

    const first = await cliImport(server, 'wordpress', file);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^imported 6 articles, 6 threads, 9 comments; skipped 4 \(1 empty text, 1 pingback, 1 page, 1 attachment\)/);
    assert.match(first.stdout, /4 old addresses now redirect/);
    assert.match(first.stdout, /1 private posts imported as drafts/);

    // The article page: the body's structure kept, nothing outside the allow-list.
    let page;
    await waitFor(async () => (page = await reader.get(HARBOUR)).status === 200, { what: 'the imported article' });
    const html = page.text;
    assert.match(html, /<h2[^>]*>What changes<\/h2>/);
    assert.match(html, /<strong>reopens<\/strong>/);
    assert.match(html, /<li>Ferries run <em>hourly<\/em><\/li>/);
    assert.match(html, /<a href="https:\/\/port\.example\/times"[^>]*>the timetable<\/a>/);
    assert.match(html, /<blockquote>\s*<p>We are ready\.<\/p>\s*<\/blockquote>/);
    assert.match(html, /<img [^>]*alt="The harbour at dawn"/);
    assert.match(html, /src="https:\/\/old\.example\/wp-content\/uploads\/harbour\.jpg"/);
    for (const bad of ['alert(', 'steal()', 'evil.example', 'javascript:', 'onclick', 'onerror', 'display:none'])
        assert.ok(!html.includes(bad), `${bad} survived`);
    assert.ok(html.includes('bad link'), 'a refused link keeps its text');

    // The article's fields.
    const api = (await reader.get(`/api/v1/articles/harbour-reopens`)).json;
    assert.equal(api.title, 'Harbour reopens');
    assert.equal(api.summary, 'The harbour is open again.');
    assert.equal(api.published_at, '2019-06-03T10:00:00Z');
    assert.equal(api.section.name, 'City');
    assert.deepEqual(api.tags.map((x) => x.name), ['Ferries', 'Summer']);
    assert.deepEqual(api.authors.map((a) => a.name), ['Ana López']);
    const council = (await reader.get('/api/v1/articles/council-votes')).json;
    assert.deepEqual(council.authors.map((a) => a.name), ['Ben Okafor']);
    // No post_name: a slug from the title.
    const market = (await reader.get('/api/v1/articles/night-market-opens')).json;
    assert.equal(market.title, 'Night Market Opens!');
    assert.equal(market.body_markdown, 'Stalls \\& food.');

    // Section, tag and author pages list them.
    assert.match((await reader.get('/sections/city')).text, /Harbour reopens/);
    assert.match((await reader.get('/tags/ferries')).text, /Harbour reopens/);
    assert.match((await reader.get('/authors/ben-okafor')).text, /Council votes/);

    // Drafts, scheduled and private posts are not public; editors find them in their status.
    assert.equal((await reader.get('/articles/draft-budget')).status, 404);
    assert.equal((await reader.get('/articles/future-plans')).status, 404);
    assert.equal((await admin.get('/api/v1/articles/draft-budget')).json.status, 'draft');
    assert.equal((await admin.get('/api/v1/articles/future-plans')).json.status, 'scheduled');
    assert.equal((await admin.get('/api/v1/articles/staff-only')).json.status, 'draft');
    // Pages and attachments are not articles.
    assert.equal((await admin.get('/api/v1/articles/about')).status, 404);

    // The old addresses answer 301 to the article, with or without the trailing slash; a draft's
    // old address and a private post's do not lead anywhere.
    const moved = await reader.get('/2019/06/harbour/');
    assert.equal(moved.status, 301, moved.describe());
    assert.equal(moved.header('location'), HARBOUR);
    assert.equal((await reader.get('/2019/06/harbour')).header('location'), HARBOUR);
    const followed = await reader.get('/2021/03/night-market/', { redirect: 'follow' });
    assert.equal(followed.status, 200);
    assert.match(followed.text, /Night Market Opens!/);
    assert.equal((await reader.get('/staff-only/')).status, 404);
    assert.equal((await reader.get('/2019/06/nothing/')).status, 404);
    assert.equal((await reader.post('/2019/06/harbour/', {})).status === 301, false);

    // Comments: approved ones shown, threaded two levels deep, the reply before its parent under it.
    const top = await walkComments(reader, HARBOUR, { sort: 'oldest' });
    assert.deepEqual(top.map((c) => c.text), ['First comment\n\nsecond paragraph', 'Later top level']);
    assert.equal(top[0].created_at, '2019-06-03T11:00:00Z');
    assert.ok(!JSON.stringify(top).includes('example.org'), 'emails are never shown');
    assert.ok(!JSON.stringify(top).includes('203.0.113.9'), 'addresses are never shown');
    assert.deepEqual((await walkReplies(reader, top[0].id)).map((r) => r.text), ['A reply', 'Reply to a reply']);
    assert.deepEqual((await walkReplies(reader, top[1].id)).map((r) => r.text), ['Reply written before its parent']);
    assert.deepEqual((await walkComments(admin, HARBOUR, { status: 'pending' })).map((c) => c.text), ['Waiting for a moderator']);
    assert.deepEqual((await walkComments(admin, HARBOUR, { status: 'spam' })).map((c) => c.text), ['Buy pills']);
    const counts = await reader.counts([HARBOUR, '/articles/council-votes']);
    const countOf = (p) => (counts.json.counts ?? counts.json)[p];
    assert.equal(countOf(HARBOUR), 5);
    assert.equal(countOf('/articles/council-votes'), 1);

    // comment_status closed: the article's thread takes no new comments.
    const refused = await reader.postComment({ page: '/articles/council-votes', author_name: 'Late', text: 'Too late' });
    assert.notEqual(refused.status, 201, refused.describe());
    const open = await reader.postComment({ page: HARBOUR, author_name: 'New', text: 'Still open' });
    assert.equal(open.status, 201, open.describe());

    // The same file again adds nothing.
    const again = await cliImport(server, 'wordpress', file);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^imported 0 articles, 0 threads, 0 comments; skipped 19 \(15 already imported, 1 empty text, 1 pingback, 1 page, 1 attachment\)/);
    const list = (await admin.get('/api/v1/articles?status=all&limit=50')).json;
    const items = list.articles ?? list.items ?? list;
    assert.equal(items.filter((a) => a.title === 'Harbour reopens').length, 1);
    assert.equal((await walkComments(reader, HARBOUR)).length, 3);  // two imported, one new
});

test('escaped schemes stay relative, long clashing slugs fit, tags without letters and comments of pages are reported', async (t) => {
    const server = await startServer(t);
    const dir = await mkdtemp(join(tmpdir(), 'tribune-wordpress-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const long = `${'a'.repeat(60)}-${'b'.repeat(59)}`;  // a slug of 120 bytes, the most there is
    const file = join(dir, 'odd.xml');
    await writeFile(file, `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Odd</title>
${item(201, {
        title: 'Long one', link: 'https://old.example/long-one/', name: long, date: '2019-06-03 10:00:00',
        body: '<p><a href="&amp;#109;ailto:x@example.org">mail</a> and <a href="&amp;#106;avascript:alert(1)">js</a></p>',
        terms: '<category domain="post_tag" nicename="party"><![CDATA[🎉]]></category><category domain="post_tag" nicename="ferries"><![CDATA[Ferries]]></category>',
    })}
${item(202, { title: 'Long two', link: 'https://old.example/long-two/', name: long, date: '2019-06-04 10:00:00', body: 'Two.' })}
${item(203, {
        title: 'About', link: 'https://old.example/about/', name: 'about', type: 'page',
        comments: comment(30, { text: 'On a page', at: '2019-06-03 11:00:00' }) + comment(31, { text: 'Also', at: '2019-06-03 11:05:00' }),
    })}
</channel></rss>
`);
    const dry = await cliImport(server, 'wordpress', file, '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^would import 2 articles, 2 threads, 0 comments; skipped 3 \(3 page\)/);
    const first = await cliImport(server, 'wordpress', file);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^imported 2 articles, 2 threads, 0 comments; skipped 3 \(3 page\)/);
    assert.match(first.stdout, /note: post 201: the tag "🎉" has no letters or digits to make a link of; left out/);

    const reader = server.client();
    let page;
    await waitFor(async () => (page = await reader.get(`/articles/${long}`)).status === 200, { what: 'the imported article' });
    // "&amp;#109;ailto:" was checked as a relative address and must not become mailto: on the page.
    const links = page.text.match(/<a [^>]*>(mail|js)<\/a>/g) ?? [];
    assert.equal(links.length, 2, page.text);
    for (const link of links) assert.ok(!/href="(mailto|javascript):/i.test(link), link);
    assert.match(page.text, /<a href="&amp;#109;ailto:x@example\.org">mail<\/a>/);
    const one = (await reader.get(`/api/v1/articles/${long}`)).json;
    assert.deepEqual(one.tags.map((x) => x.name), ['Ferries']);
    // The second post of the same name: the post id within the slug's limit.
    const two = (await reader.get(`/api/v1/articles/${long.slice(0, 116)}-202`)).json;
    assert.equal(two.title, 'Long two');

    const again = await cliImport(server, 'wordpress', file);
    assert.match(again.stdout, /^imported 0 articles, 0 threads, 0 comments; skipped 5 \(2 already imported, 3 page\)/);
});

test('a file that is not a WordPress export is refused and --map does not apply', async (t) => {
    const server = await startServer(t);
    const dir = await mkdtemp(join(tmpdir(), 'tribune-wordpress-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const bad = join(dir, 'bad.xml');
    await writeFile(bad, '<disqus><thread/></disqus>');
    const refused = await cliImport(server, 'wordpress', bad);
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /not <rss>/);
    const broken = join(dir, 'broken.xml');
    await writeFile(broken, FILE.slice(0, FILE.length / 2));
    const cut = await cliImport(server, 'wordpress', broken);
    assert.notEqual(cut.code, 0);
    assert.match(cut.stderr, /line \d+/);
    const mapped = await cliImport(server, 'wordpress', bad, '--map', '/a=/b');
    assert.equal(mapped.code, 2);
    assert.match(mapped.stderr, /do not apply to WordPress/);
});
