// Feeds, sitemaps, robots.txt and the article page's meta (docs/openapi.yaml "Feeds"): every
// document is parsed by a real XML parser (xmllint, Debian's libxml2-utils) and checked for the
// elements readers and crawlers need; the JSON-LD is parsed with JSON.parse. Links come from
// public_url (a host this server is not reached at), never from the request.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { approve, cliArticle, createComment, marker, startServer, waitFor } from './support/server.mjs';
import { assertWellFormed, el, xpath } from './support/xml.mjs';

const PUBLIC = 'https://news.example.test';

// An XPath string literal for text without a single quote.
const lit = (s) => { assert.ok(!s.includes("'")); return `'${s}'`; };

describe('feeds, sitemaps and page meta', () => {
    let server;
    let editor;
    let reader;
    const m = marker('feed');
    const nasty = `Harbour <script>alert(1)</script> ]]> & co ${m}`;
    const section = `Harbour Desk ${m}`;
    const sectionSlug = `harbour-desk-${m}`.toLowerCase();
    let a; // the nasty-titled article
    let b; // another section, later
    let c; // the one with a discussion

    before(async () => {
        server = await startServer(null, {
            env: { TRIBUNE_SEED_DEMO: 'false', TRIBUNE_PUBLIC_URL: PUBLIC, TRIBUNE_LOCALE: 'en-GB', TRIBUNE_MODERATION: 'pre' },
        });
        editor = server.admin();
        reader = server.client();
        const create = async (body) => {
            const r = await editor.post('/api/v1/articles', body);
            assert.equal(r.status, 201, r.describe());
            return r.json;
        };
        a = await create({
            title: nasty, summary: 'Ships & <boats>', body_markdown: '**Bold** & <b>raw</b> text',
            authors: ['Ana Núñez'], section, tags: ['Night Watch', 'Ships'],
            media: [{ url: '/media/harbour.jpg', alt: 'A ship' }],
        });
        b = await create({ title: `Ferry timetable ${m}`, body_markdown: 'Times.', authors: ['Bo Lind'], section: `Other ${m}` });
        c = await create({ title: `Discussion ${m}`, body_markdown: 'Talk.', authors: ['Bo Lind'] });
    });
    after(() => server?.cleanup());

    test('the site feeds list the newest articles with escaped text, absolute links and the body', async () => {
        const rss = await reader.get('/feed.rss');
        assert.equal(rss.status, 200, rss.describe());
        assert.equal(rss.header('content-type'), 'application/rss+xml; charset=utf-8');
        assert.match(rss.header('cache-control'), /max-age=\d+/);
        await assertWellFormed(rss.text, '/feed.rss');
        assert.ok(!rss.text.includes('<script>'), 'the title is escaped');
        assert.ok(!rss.text.includes(']]>'), ']]> never appears raw');
        assert.equal(await xpath(rss.text, `count(//${el('item')})`), '3');
        const item = `//${el('item')}[${el('title')}=${lit(nasty)}]`;
        assert.equal(await xpath(rss.text, `count(${item})`), '1', 'the title reads back exactly');
        assert.equal(await xpath(rss.text, `string(${item}/${el('link')})`), `${PUBLIC}/articles/${a.slug}`);
        assert.match(await xpath(rss.text, `string(${item}/${el('pubDate')})`),
            /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/);
        assert.match(await xpath(rss.text, `string(${item}/${el('guid')})`), /^tag:news\.example\.test,\d{4}-\d\d-\d\d:article:\d+$/);
        assert.equal(await xpath(rss.text, `string(${item}/${el('creator')})`), 'Ana Núñez');
        assert.equal(await xpath(rss.text, `string(${item}/${el('description')})`), 'Ships & <boats>');
        const html = await xpath(rss.text, `string(${item}/${el('encoded')})`);
        assert.match(html, /<strong>Bold<\/strong> &amp; /, 'the body as the page renders it');
        assert.doesNotMatch(html, /<b>raw<\/b>/, 'raw HTML in Markdown stays dropped');
        assert.match(html, new RegExp(`<img src="${PUBLIC}/media/harbour.jpg" alt="A ship">`));
        assert.equal(await xpath(rss.text, `string(//${el('channel')}/${el('language')})`), 'en-GB');
        // Newest first.
        assert.equal(await xpath(rss.text, `string(//${el('item')}[1]/${el('title')})`), c.title);

        const atom = await reader.get('/feed.atom');
        assert.equal(atom.status, 200);
        assert.equal(atom.header('content-type'), 'application/atom+xml; charset=utf-8');
        await assertWellFormed(atom.text, '/feed.atom');
        const entry = `//${el('entry')}[${el('title')}=${lit(nasty)}]`;
        assert.equal(await xpath(atom.text, `count(${entry})`), '1');
        assert.match(await xpath(atom.text, `string(${entry}/${el('published')})`), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.match(await xpath(atom.text, `string(${entry}/${el('updated')})`), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(await xpath(atom.text, `string(${entry}/${el('author')}/${el('name')})`), 'Ana Núñez');
        assert.equal(await xpath(atom.text, `string(${entry}/${el('author')}/${el('uri')})`), `${PUBLIC}/authors/ana-nunez`);
        assert.equal(await xpath(atom.text, `string(${entry}/${el('link')}[@rel='alternate']/@href)`), `${PUBLIC}/articles/${a.slug}`);
        assert.equal(await xpath(atom.text, `string(${entry}/${el('content')}/@type)`), 'html');
        assert.equal(await xpath(atom.text, `string(//${el('feed')}/${el('link')}[@rel='self']/@href)`), `${PUBLIC}/feed.atom`);

        const head = await reader.request('HEAD', '/feed.rss');
        assert.equal(head.status, 200);
        assert.equal(head.text, '');
    });

    test('section, author and tag feeds hold their own articles; unknown ones answer 404', async () => {
        const sec = await reader.get(`/sections/${sectionSlug}/feed.atom`);
        assert.equal(sec.status, 200, sec.describe());
        await assertWellFormed(sec.text, 'section feed');
        assert.equal(await xpath(sec.text, `count(//${el('entry')})`), '1');
        assert.equal(await xpath(sec.text, `string(//${el('entry')}/${el('title')})`), nasty);
        assert.match(await xpath(sec.text, `string(//${el('feed')}/${el('title')})`), new RegExp(`^${section} `));

        const author = await reader.get('/authors/bo-lind/feed.rss');
        assert.equal(author.status, 200);
        await assertWellFormed(author.text, 'author feed');
        assert.equal(await xpath(author.text, `count(//${el('item')})`), '2');

        const tag = await reader.get('/tags/night-watch/feed.rss');
        assert.equal(tag.status, 200);
        await assertWellFormed(tag.text, 'tag feed');
        assert.equal(await xpath(tag.text, `count(//${el('item')})`), '1');
        assert.equal(await xpath(tag.text, `string(//${el('item')}/${el('title')})`), nasty);

        for (const path of ['/sections/no-such-section/feed.rss', '/authors/nobody-here/feed.atom',
            '/tags/no-such-tag/feed.atom', '/sections/Not_A_Slug/feed.rss', '/sections/a%20b/feed.rss', '/tags/-x/feed.rss',
            '/articles/no-such-article/comments.atom']) {
            assert.equal((await reader.get(path)).status, 404, path);
        }
    });

    test('the article page has its canonical link, OpenGraph, a Twitter card, JSON-LD and its feeds', async () => {
        const page = await reader.get(`/articles/${a.slug}`);
        assert.equal(page.status, 200);
        assert.match(page.text, /<html lang="en-GB">/);
        assert.ok(page.text.includes(`<link rel="canonical" href="${PUBLIC}/articles/${a.slug}">`));
        assert.ok(page.text.includes('<meta property="og:type" content="article">'));
        assert.ok(page.text.includes(`<meta property="og:url" content="${PUBLIC}/articles/${a.slug}">`));
        assert.ok(page.text.includes(`<meta property="og:image" content="${PUBLIC}/media/harbour.jpg">`));
        assert.ok(page.text.includes(`<meta property="article:section" content="${section}">`));
        assert.ok(page.text.includes('<meta property="article:tag" content="Night Watch">'));
        assert.ok(page.text.includes('<meta name="twitter:card" content="summary_large_image">'));
        assert.ok(page.text.includes('<meta property="og:title" content="Harbour &lt;script&gt;alert(1)&lt;/script&gt;'));
        assert.ok(page.text.includes('<link rel="alternate" type="application/rss+xml" title="Tribune (RSS)" href="/feed.rss">'));
        assert.ok(page.text.includes('<link rel="alternate" type="application/atom+xml" title="Tribune (Atom)" href="/feed.atom">'));
        assert.ok(page.text.includes(`type="application/atom+xml" title="Comments on Harbour &lt;script&gt;`));
        assert.ok(page.text.includes(`href="/articles/${a.slug}/comments.atom"`));

        const scripts = [...page.text.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
        assert.equal(scripts.length, 1);
        assert.ok(!scripts[0][1].includes('<'), 'nothing in the JSON can end the script element');
        const ld = JSON.parse(scripts[0][1]);
        assert.equal(ld['@type'], 'NewsArticle');
        assert.equal(ld.headline, nasty, 'the title reads back exactly');
        assert.equal(ld.description, 'Ships & <boats>');
        assert.match(ld.datePublished, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.match(ld.dateModified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.deepEqual(ld.author, [{ '@type': 'Person', name: 'Ana Núñez', url: `${PUBLIC}/authors/ana-nunez` }]);
        assert.deepEqual(ld.image, [`${PUBLIC}/media/harbour.jpg`]);
        assert.equal(ld.publisher['@type'], 'Organization');
        assert.equal(ld.mainEntityOfPage['@id'], `${PUBLIC}/articles/${a.slug}`);

        const home = await reader.get('/');
        assert.ok(home.text.includes('<link rel="alternate" type="application/atom+xml" title="Tribune (Atom)" href="/feed.atom">'));
        const plain = await reader.get(`/articles/${b.slug}`);
        assert.ok(plain.text.includes('<meta name="twitter:card" content="summary">'), 'no image: a plain card');
        assert.ok(!plain.text.includes('og:image'));
    });

    test("a discussion's feed holds its approved comments only, newest first, as text", async () => {
        const first = await createComment(reader, { page: c.path, text: 'First & <b>approved</b> ]]>', author_name: 'Ola' });
        await approve(server, first.id);
        const held = await createComment(reader, { page: c.path, text: `Pending ${m}`, author_name: 'Pia' });
        assert.equal(held.status, 'pending');
        const path = `/articles/${c.slug}/comments.atom`;
        let feed = await reader.get(path);
        assert.equal(feed.status, 200, feed.describe());
        assert.equal(feed.header('content-type'), 'application/atom+xml; charset=utf-8');
        await assertWellFormed(feed.text, 'comment feed');
        assert.equal(await xpath(feed.text, `count(//${el('entry')})`), '1');
        assert.equal(await xpath(feed.text, `string(//${el('entry')}/${el('content')}/@type)`), 'text');
        assert.equal(await xpath(feed.text, `string(//${el('entry')}/${el('content')})`), 'First & <b>approved</b> ]]>');
        assert.equal(await xpath(feed.text, `string(//${el('entry')}/${el('author')}/${el('name')})`), 'Ola');
        assert.ok(!feed.text.includes(`Pending ${m}`));
        assert.ok(!feed.text.includes('type="html"'));
        feed = await reader.get(path);  // the cached answer is the same
        assert.equal(await xpath(feed.text, `count(//${el('entry')})`), '1');

        await approve(server, held.id);
        feed = await reader.get(path);
        assert.equal(await xpath(feed.text, `count(//${el('entry')})`), '2', 'an approval shows at once');
        assert.equal(await xpath(feed.text, `string(//${el('entry')}[1]/${el('content')})`), `Pending ${m}`);
    });

    test('sitemaps list published articles and their pages; robots.txt names them', async () => {
        const map = await reader.get('/sitemap.xml');
        assert.equal(map.status, 200);
        assert.equal(map.header('content-type'), 'application/xml; charset=utf-8');
        await assertWellFormed(map.text, '/sitemap.xml');
        const url = (path) => `//${el('url')}[${el('loc')}=${lit(PUBLIC + path)}]`;
        assert.equal(await xpath(map.text, `count(${url(`/articles/${b.slug}`)})`), '1');
        assert.match(await xpath(map.text, `string(${url(`/articles/${b.slug}`)}/${el('lastmod')})`), /^\d{4}-\d\d-\d\dT/);
        assert.equal(await xpath(map.text, `count(${url('/')})`), '1');
        assert.equal(await xpath(map.text, `count(${url(`/sections/${sectionSlug}`)})`), '1');
        assert.equal(await xpath(map.text, `count(${url('/authors/bo-lind')})`), '1');
        assert.equal(await xpath(map.text, `count(${url('/tags/night-watch')})`), '1');
        assert.equal((await reader.get('/sitemaps/1.xml')).status, 404, 'one file: no numbered files');
        assert.equal((await reader.get('/sitemaps/01.xml')).status, 404);

        const news = await reader.get('/sitemap-news.xml');
        assert.equal(news.status, 200);
        await assertWellFormed(news.text, '/sitemap-news.xml');
        const item = `//${el('url')}[${el('loc')}=${lit(`${PUBLIC}/articles/${a.slug}`)}]/${el('news')}`;
        assert.equal(await xpath(news.text, `string(${item}/${el('publication')}/${el('name')})`), 'Tribune');
        assert.equal(await xpath(news.text, `string(${item}/${el('publication')}/${el('language')})`), 'en');
        assert.equal(await xpath(news.text, `string(${item}/${el('title')})`), nasty);
        assert.match(await xpath(news.text, `string(${item}/${el('publication_date')})`), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(await xpath(news.text, `count(//${el('url')})`), '3');

        const robots = await reader.get('/robots.txt');
        assert.equal(robots.status, 200);
        assert.equal(robots.header('content-type'), 'text/plain; charset=utf-8');
        const lines = robots.text.split('\n');
        assert.ok(lines.includes(`Sitemap: ${PUBLIC}/sitemap.xml`), robots.text);
        assert.ok(lines.includes(`Sitemap: ${PUBLIC}/sitemap-news.xml`));
        assert.ok(lines.includes('Disallow: /admin'));
        assert.ok(lines.some((l) => /^Disallow: \/api\/?$/.test(l)));
    });

    test('an article published at the command line is in the feeds at once and in the sitemaps within a second', async () => {
        await reader.get('/sitemap.xml');  // cached before the change
        const dir = await mkdtemp(join(tmpdir(), 'tribune-feeds-'));
        const file = join(dir, 'cli.md');
        const slug = `from-the-command-line-${m}`.toLowerCase();
        await writeFile(file, `---\ntitle: From the command line ${m}\nslug: ${slug}\nauthors: [Bo Lind]\nsection: ${section}\n---\nFiled from CI.\n`);
        const r = await cliArticle(server, 'publish', file);
        assert.equal(r.code, 0, r.stderr);
        const rss = await reader.get('/feed.rss');
        assert.ok(rss.text.includes(`<link>${PUBLIC}/articles/${slug}</link>`), 'the feed reads the store');
        const sec = await reader.get(`/sections/${sectionSlug}/feed.atom`);
        assert.ok(sec.text.includes(`${PUBLIC}/articles/${slug}`));
        await waitFor(async () => (await reader.get('/sitemap.xml')).text.includes(`<loc>${PUBLIC}/articles/${slug}</loc>`),
            { what: 'the sitemap names the new article' });
        const r2 = await cliArticle(server, 'unpublish', slug);
        assert.equal(r2.code, 0, r2.stderr);
        assert.ok(!(await reader.get('/feed.atom')).text.includes(slug));
        await waitFor(async () => !(await reader.get('/sitemap.xml')).text.includes(slug), { what: 'the sitemap drops it' });
    });

    test('an unpublished article leaves the feeds and sitemaps at once; its section feed is empty', async () => {
        const r = await editor.patch(`/api/v1/articles/${a.slug}`, { status: 'unpublished' });
        assert.equal(r.status, 200, r.describe());
        for (const path of ['/feed.rss', '/feed.atom', '/tags/night-watch/feed.atom', '/sitemap.xml', '/sitemap-news.xml']) {
            const feed = await reader.get(path);
            assert.equal(feed.status, 200, path);
            await assertWellFormed(feed.text, path);
            assert.ok(!feed.text.includes(a.slug), `${path} no longer names the article`);
        }
        const sec = await reader.get(`/sections/${sectionSlug}/feed.rss`);
        assert.equal(sec.status, 200, 'a section with no published article has an empty feed');
        await assertWellFormed(sec.text, 'empty section feed');
        assert.equal(await xpath(sec.text, `count(//${el('item')})`), '0');
        assert.equal((await reader.get(`/articles/${a.slug}/comments.atom`)).status, 410);
    });
});
