// Article bodies (docs/openapi.yaml "ARTICLE.body_html"): footnotes, and embeds of the newsroom's
// own media. A Markdown image whose URL is a file of the media library becomes the element its
// kind needs, on the page, in the API's body_html and in the feeds; other images stay images.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { mp3, mp4, realPng } from './support/media_samples.mjs';
import { decodeHtml, marker, startServer } from './support/server.mjs';

describe('article embeds and footnotes', { timeout: 120000 }, () => {
    let server;
    let editor;
    let image;
    let video;
    let audio;
    let article;
    const word = `quayledger${marker('w').replace(/[^a-z0-9]/gi, '').toLowerCase()}`;  // in the footnote only
    const titleWord = `harbourtitle${marker('t').replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MEDIA_MAX_BYTES: String(4 << 20) } });
        editor = server.admin();
        const upload = async (bytes, type) => {
            const r = await editor.request('POST', '/api/v1/media', { body: bytes, headers: { 'content-type': type } });
            assert.equal(r.status, 201, r.describe());
            return r.json;
        };
        image = await upload(await realPng(1200, 600), 'image/png');
        video = await upload(mp4(293), 'video/mp4');
        audio = await upload(mp3(2500), 'audio/mpeg');  // 2500 x 1152 samples at 44.1 kHz: 65 s
        assert.ok(image.variants?.length >= 2, 'the image has resized variants');
        assert.equal(video.duration_seconds, 293);
        assert.equal(audio.duration_seconds, 65);

        const body = [
            `The harbour reopened at dawn.[^notice] Crews worked all night.[^notice]`,
            '',
            `![The quay at first light](${image.url} "Photo: the harbour office")`,
            '',
            `![Ferry & tug arrive](${video.url})`,
            '',
            `Listen: ![Harbourmaster interview](${audio.url}) then read on.`,
            '',
            '![An outside picture](https://example.org/outside.png)',
            '',
            '<script>alert(1)</script>',
            '',
            `[^notice]: Port authority notice, ${word}.`,
            '',
        ].join('\n');
        const r = await editor.post('/api/v1/articles', {
            title: `Harbour reopens ${titleWord}`, body_markdown: body, status: 'published', authors: ['Embed Writer'],
        });
        assert.equal(r.status, 201, r.describe());
        article = r.json;
    });
    after(() => server?.cleanup());

    const checkBody = (html, base = '') => {
        const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        // The image: a figure with the size reserved and srcset/sizes over its variants.
        const img = html.match(new RegExp(`<img src="${esc(base + image.url)}"[^>]*>`))?.[0];
        assert.ok(img, `an <img> of the library image in: ${html}`);
        assert.match(img, /alt="The quay at first light"/);
        assert.match(img, / width="1200" height="600"/);
        for (const v of image.variants) assert.ok(img.includes(`${base}${v.url} ${v.width}w`), `${v.url} in ${img}`);
        assert.match(img, / sizes="\(min-width: 48rem\) 46rem, 100vw"/);
        assert.match(html, /<figure class="media media-image media-embed">/);
        assert.match(html, /<figcaption><span class="media-caption">Photo: the harbour office<\/span><\/figcaption>/);
        // The video: a player named by the alt text, its duration as the page shows lead media.
        assert.match(html, new RegExp(`<video controls preload="metadata" aria-label="Ferry &amp; tug arrive"><source src="${esc(base + video.url)}" type="video/mp4">`));
        assert.match(html, /<span class="media-caption">Ferry &amp; tug arrive<\/span> <span class="media-duration"><time datetime="PT4M53S">04:53<\/time><\/span>/);
        // The audio, within its sentence: the bare player and its duration.
        assert.match(html, new RegExp(`Listen: <audio controls preload="metadata" aria-label="Harbourmaster interview"><source src="${esc(base + audio.url)}" type="audio/mpeg">`));
        assert.match(html, /<\/audio> <span class="media-duration"><time datetime="PT1M5S">01:05<\/time><\/span> then read on\./);
        // Other images as before; raw HTML never.
        assert.match(html, /<img src="https:\/\/example\.org\/outside\.png" alt="An outside picture" \/>/);
        assert.doesNotMatch(html, /<script/);
        // Footnotes: a reference each time, one note with a back-link to each.
        assert.match(html, /<sup class="footnote-ref"><a href="#fn-notice" id="fnref-notice" data-footnote-ref>1<\/a><\/sup>/);
        assert.match(html, /<section class="footnotes" data-footnotes aria-label="Footnotes">/);
        assert.match(html, new RegExp(`<li id="fn-notice">\\s*<p>Port authority notice, ${word}\\. <a href="#fnref-notice" class="footnote-backref"`));
        assert.match(html, /<a href="#fnref-notice-2" class="footnote-backref"[^>]*aria-label="Back to content"/);
    };

    test('the article page shows each embed as its element, and the footnotes', async () => {
        const page = await server.client().get(article.path);
        assert.equal(page.status, 200, page.describe());
        const story = page.text.slice(page.text.indexOf('<div class="story-body">'));
        checkBody(story.slice(0, story.indexOf('</article>')));
    });

    test('the API\'s body_html is the same', async () => {
        const r = await server.client().get(`/api/v1/articles/${article.slug}`);
        assert.equal(r.status, 200, r.describe());
        checkBody(r.json.body_html);
        assert.equal(article.body_html, r.json.body_html, 'the create answer rendered the same body');
    });

    test('the feeds carry the embeds with absolute URLs', async () => {
        const atom = await server.client().get('/feed.atom');
        assert.equal(atom.status, 200, atom.describe());
        const entry = atom.text.slice(atom.text.indexOf(`Harbour reopens ${titleWord}`));
        const content = decodeHtml(entry.slice(entry.indexOf('<content'), entry.indexOf('</content>')));
        const base = content.match(/<video[^>]*><source src="(https?:\/\/[^"]+?)\/media\//)?.[1];
        assert.ok(base, `an absolute video URL in: ${content.slice(0, 2000)}`);
        checkBody(content, base);
    });

    test('search finds the article by its footnote\'s text, without the note markers', async () => {
        const r = await server.client().get(`/api/v1/articles?q=${word}`);
        assert.equal(r.status, 200, r.describe());
        assert.deepEqual(r.json.articles.map((a) => a.slug), [article.slug]);
        const snippet = r.json.articles[0].snippet_html;
        assert.match(snippet, new RegExp(`<mark>${word}</mark>`), snippet);
        assert.doesNotMatch(snippet, /\[\^|notice\]/, 'the note\'s text, not its Markdown');
    });
});
