// The media library (docs/openapi.yaml "media"): editors upload raw files that are sniffed from
// their bytes, measured and stored under their SHA-256; anyone reads them back with ETag, one
// Range and immutable caching. Only the upload route takes bodies above max_body_bytes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { jpeg, mp3, mp4, png, pngSize, realPng, webm } from './support/media_samples.mjs';
import { connectFrom, exchange, statusesOf, statusOf } from './support/raw_http.mjs';
import { cliArticle, ROOT, runCli, sessionFor, startServer, TribuneServer } from './support/server.mjs';

const MEDIA_MAX = 1024 * 1024;

describe('media', { timeout: 120000 }, () => {
    let server;
    let editor;
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MEDIA_MAX_BYTES: String(MEDIA_MAX) } });
        editor = server.admin();
    });
    after(() => server?.cleanup());

    const upload = (bytes, type, { client = editor, filename = null } = {}) => {
        const q = filename === null ? '' : `?filename=${encodeURIComponent(filename)}`;
        const headers = type === null ? {} : { 'content-type': type };
        return client.request('POST', `/api/v1/media${q}`, { body: bytes, headers });
    };
    const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
    const bytesOf = async (path, headers = {}) => {
        const res = await fetch(server.baseUrl + path, { headers });
        return { res, body: Buffer.from(await res.arrayBuffer()) };
    };

    let image;
    let imageBytes;
    test('an editor uploads an image bigger than max_body_bytes: 201 with its facts and URL', async () => {
        imageBytes = png(2000, 1000, 300 * 1024);  // over the 128 KiB every other route allows
        const r = await upload(imageBytes, 'image/png', { filename: '../../etc/<b>lead photo</b>.png' });
        assert.equal(r.status, 201, r.describe());
        image = r.json;
        assert.deepEqual(image, {
            url: `/media/${sha(imageBytes)}.png`, kind: 'image', content_type: 'image/png',
            bytes: imageBytes.length, width: 2000, height: 1000,
        });
        assert.equal(r.header('location'), image.url);

        const again = await upload(imageBytes, 'image/png', { filename: 'copy.png' });
        assert.equal(again.status, 201, again.describe());
        assert.equal(again.json.url, image.url, 'the same bytes are the same item');

        const audit = await editor.get(`/api/v1/audit?target=${encodeURIComponent(`media:${sha(imageBytes)}`)}`);
        assert.equal(audit.status, 200, audit.describe());
        assert.equal(audit.json.entries.length, 1, 'audited once: the second upload added nothing');
        assert.equal(audit.json.entries[0].action, 'media.upload');
        assert.doesNotMatch(JSON.stringify(audit.json.entries[0]), /[<>/]b|etc/, 'the file name is sanitized');
    });

    test('anyone reads it: type, nosniff, ETag, immutable caching; 304, HEAD, Range 206 and 416', async () => {
        const { res, body } = await bytesOf(image.url);
        assert.equal(res.status, 200);
        assert.ok(body.equals(imageBytes), 'the bytes come back whole');
        assert.equal(res.headers.get('content-type'), 'image/png');
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('etag'), `"${sha(imageBytes)}"`);
        assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.equal(res.headers.get('accept-ranges'), 'bytes');

        const cached = await bytesOf(image.url, { 'if-none-match': res.headers.get('etag') });
        assert.equal(cached.res.status, 304);
        assert.equal(cached.body.length, 0);

        const head = await fetch(server.baseUrl + image.url, { method: 'HEAD' });
        assert.equal(head.status, 200);
        assert.equal(head.headers.get('content-length'), String(imageBytes.length));
        assert.equal(head.headers.get('content-type'), 'image/png');

        const part = await bytesOf(image.url, { range: 'bytes=100-199' });
        assert.equal(part.res.status, 206);
        assert.equal(part.res.headers.get('content-range'), `bytes 100-199/${imageBytes.length}`);
        assert.ok(part.body.equals(imageBytes.subarray(100, 200)));
        const tail = await bytesOf(image.url, { range: 'bytes=-16' });
        assert.equal(tail.res.status, 206);
        assert.ok(tail.body.equals(imageBytes.subarray(imageBytes.length - 16)));

        const beyond = await bytesOf(image.url, { range: `bytes=${imageBytes.length}-` });
        assert.equal(beyond.res.status, 416);
        assert.equal(beyond.res.headers.get('content-range'), `bytes */${imageBytes.length}`);
        const several = await bytesOf(image.url, { range: 'bytes=0-1,5-6' });
        assert.equal(several.res.status, 200, 'several ranges: the whole file');
        assert.equal(several.body.length, imageBytes.length);
    });

    test('audio and video are measured: duration_seconds from the file', async () => {
        const audio = mp3(200);  // 200 x 1152 samples at 44.1 kHz: 5.2 s
        const a = await upload(audio, 'audio/mpeg', { filename: 'interview.mp3' });
        assert.equal(a.status, 201, a.describe());
        assert.equal(a.json.kind, 'audio');
        assert.equal(a.json.content_type, 'audio/mpeg');
        assert.equal(a.json.duration_seconds, 5);
        assert.match(a.json.url, /^\/media\/[0-9a-f]{64}\.mp3$/);
        const got = await bytesOf(a.json.url);
        assert.equal(got.res.headers.get('content-type'), 'audio/mpeg');
        assert.ok(got.body.equals(audio));

        const v = await upload(webm(293), 'video/webm');
        assert.equal(v.status, 201, v.describe());
        assert.deepEqual([v.json.kind, v.json.content_type, v.json.duration_seconds], ['video', 'video/webm', 293]);
        const m = await upload(mp4(61), null);  // no declared type: the bytes decide
        assert.equal(m.status, 201, m.describe());
        assert.deepEqual([m.json.kind, m.json.content_type, m.json.duration_seconds], ['video', 'video/mp4', 61]);
        assert.match(m.json.url, /\.mp4$/);
    });

    test('the type comes from the bytes: a mismatch or an unknown format is refused and stores nothing', async () => {
        const photo = jpeg(640, 480);
        const mismatch = await upload(photo, 'image/png');
        assert.equal(mismatch.status, 422, mismatch.describe());
        assert.equal(mismatch.json.title, 'Media type mismatch');
        assert.match(mismatch.json.detail, /image\/jpeg/);
        assert.equal((await fetch(`${server.baseUrl}/media/${sha(photo)}.jpg`)).status, 404, 'nothing stored');

        for (const [bytes, type] of [
            ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
            ['<!DOCTYPE html><script>alert(1)</script>', 'text/html'],
            ['<!DOCTYPE html><script>alert(1)</script>', 'image/png'],
        ]) {
            const r = await upload(Buffer.from(bytes), type);
            assert.equal(r.status, 422, r.describe());
            assert.equal(r.json.title, 'Unsupported media');
        }
        const ok = await upload(photo, 'image/jpeg; charset=binary');
        assert.equal(ok.status, 201, ok.describe());
        assert.deepEqual([ok.json.width, ok.json.height], [640, 480]);
    });

    test('names are checked before any lookup: only <sha256>.<its own extension>', async () => {
        const hash = sha(imageBytes);
        for (const path of [`/media/${hash}.jpg`, `/media/${hash}.svg`, `/media/${hash.toUpperCase()}.png`,
            `/media/${hash}`, `/media/${hash}.png.html`, `/media/${'0'.repeat(64)}.png`, '/media/..%2Fetc%2Fpasswd']) {
            const r = await fetch(server.baseUrl + path);
            assert.equal(r.status, 404, path);
        }
        const demo = await fetch(`${server.baseUrl}/media/harbour-timelapse.webm`);
        assert.equal(demo.status, 200, 'the demo files are still served');
        assert.equal(demo.headers.get('content-type'), 'video/webm');
    });

    test('a large enough image gets resized variants, served at their own URLs and in the page\'s srcset', async () => {
        const original = await realPng(2000, 1000);
        const r = await upload(original, 'image/png', { filename: 'harbour.png' });
        assert.equal(r.status, 201, r.describe());
        assert.deepEqual(r.json.variants.map((v) => [v.width, v.height]), [[480, 240], [960, 480], [1600, 800]]);
        for (const v of r.json.variants) {
            assert.match(v.url, /^\/media\/[0-9a-f]{64}\.png$/);
            const got = await bytesOf(v.url);
            assert.equal(got.res.status, 200);
            assert.equal(got.res.headers.get('content-type'), 'image/png');
            assert.deepEqual(pngSize(got.body), [v.width, v.height], 'really resized');
            assert.equal(v.url.slice(7, 71), sha(got.body), 'named by its own hash');
        }
        const small = await upload(await realPng(600, 300), 'image/png');
        assert.deepEqual(small.json.variants.map((v) => v.width), [480], 'only widths under the original');

        const a = await editor.post('/api/v1/articles', {
            title: `Harbour at dawn ${Date.now()}`, body_markdown: 'Calm.', media: [{ url: r.json.url, alt: 'The harbour' }],
        });
        assert.equal(a.status, 201, a.describe());
        const page = await server.client().get(a.json.path);
        assert.equal(page.status, 200);
        const [v480, v960, v1600] = r.json.variants.map((v) => v.url);
        assert.ok(page.text.includes(`srcset="${v480} 480w, ${v960} 960w, ${v1600} 1600w, ${r.json.url} 2000w"`), page.text.slice(0, 3000));
        assert.match(page.text, /sizes="\(min-width: 48rem\) 46rem, 100vw"/);
        assert.ok(page.text.includes('width="2000" height="1000"') || page.text.includes(`src="${r.json.url}"`));
    });

    test('tribune article publish stores a local media file and puts its URL and duration in the article', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'tribune-media-cli-'));
        const audio = mp3(200);
        await writeFile(join(dir, 'interview.mp3'), audio);
        const slug = `harbour-interview-${Date.now()}`;
        await writeFile(join(dir, 'story.md'), `---\ntitle: Harbour interview\nslug: ${slug}\nmedia: interview.mp3\nmedia_caption: The harbour master\n---\nListen.\n`);
        const r = await cliArticle(server, 'publish', join(dir, 'story.md'));
        assert.equal(r.code, 0, r.stderr + r.stdout);
        const a = await server.client().get(`/api/v1/articles/${slug}`);
        assert.equal(a.status, 200, a.describe());
        const [m] = a.json.media;
        assert.equal(m.url, `/media/${sha(audio)}.mp3`);
        assert.equal(m.kind, 'audio');
        assert.equal(m.duration_seconds, 5);
        assert.ok((await bytesOf(m.url)).body.equals(audio));

        await writeFile(join(dir, 'bad.md'), '---\ntitle: Not media\nmedia: story.md\n---\nx\n');
        const bad = await cliArticle(server, 'publish', join(dir, 'bad.md'));
        assert.notEqual(bad.code, 0);
        assert.match(bad.stderr + bad.stdout, /Unsupported media/);
    });

    test('a client that expects 100 Continue gets it before sending the body', async () => {
        const bytes = mp3(30);
        const socket = await connectFrom(server, '127.0.0.1');
        const interim = await statusOf(socket, `POST /api/v1/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.adminToken}\r\n` +
            `Content-Type: audio/mpeg\r\nContent-Length: ${bytes.length}\r\nExpect: 100-continue\r\n\r\n`);
        assert.equal(interim, 100);
        assert.equal(await statusOf(socket, bytes), 201);
        socket.destroy();
    });

    test('who may upload: nobody anonymous (401), not a reader (403)', async () => {
        const anonymous = await upload(png(10, 10), 'image/png', { client: server.client() });
        assert.equal(anonymous.status, 401, anonymous.describe());
        const reader = await sessionFor(server, 'reader');
        const refused = await upload(png(10, 10), 'image/png', { client: reader });
        assert.equal(refused.status, 403, refused.describe());
        const moderator = await sessionFor(server, 'moderator');
        assert.equal((await upload(png(10, 10), 'image/png', { client: moderator })).status, 403);
        const author = await sessionFor(server, 'author');
        assert.equal((await upload(png(11, 10), 'image/png', { client: author })).status, 201, 'authors upload for their drafts');
    });

    test('too large: 413 above media_max_bytes, and every other route keeps max_body_bytes', async () => {
        const auth = `Authorization: Bearer ${server.adminToken}\r\n`;
        const big = await exchange(server.port, `POST /api/v1/media HTTP/1.1\r\nHost: x\r\n${auth}` +
            `Content-Type: image/png\r\nContent-Length: ${MEDIA_MAX + 1}\r\n\r\n`);
        assert.deepEqual(statusesOf(big.text), [413], big.text.slice(0, 300));
        assert.match(big.text, new RegExp(`exceeds ${MEDIA_MAX} bytes`));

        // A chunk announced larger than the limit is refused when announced.
        const chunked = await exchange(server.port, `POST /api/v1/media HTTP/1.1\r\nHost: x\r\n${auth}` +
            `Content-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n${(MEDIA_MAX + 10).toString(16)}\r\n`);
        assert.deepEqual(statusesOf(chunked.text), [413], 'a chunked body is bounded too');

        const json = await exchange(server.port, `POST /api/v1/articles HTTP/1.1\r\nHost: x\r\n${auth}` +
            `Content-Type: application/json\r\nContent-Length: ${300 * 1024}\r\n\r\n`);
        assert.deepEqual(statusesOf(json.text), [413], 'the articles API still takes 128 KiB at most');
        assert.match(json.text, /exceeds 131072 bytes/);
    });
});

// Several nodes on PostgreSQL alone: the bytes are in the database (1 MiB rows); the node that
// did not take the upload serves it from its own disk cache; migrate-store carries it to SQLite.
describe('media on two nodes sharing PostgreSQL', { timeout: 180000 }, () => {
    const run = promisify(execFile);
    const pgSh = join(ROOT, 'scripts', 'pg.sh');
    const pgDir = join(tmpdir(), `tribune-it-media-pg-${process.pid}-${randomBytes(3).toString('hex')}`);
    const adminToken = randomBytes(24).toString('hex');
    let url;
    let a;
    let b;
    before(async () => {
        const { stdout } = await run(pgSh, ['start', pgDir], { timeout: 90000, encoding: 'utf8' });
        url = stdout.trim().split('\n').pop();
        const env = { TRIBUNE_IP_HASH_KEY: randomBytes(24).toString('hex'), TRIBUNE_MEDIA_MAX_BYTES: String(4 << 20) };
        a = new TribuneServer({ adminToken, args: ['--db', url], env });
        await a.start();
        b = new TribuneServer({ adminToken, args: ['--db', url], env });
        await b.start();
    });
    after(async () => {
        await a?.cleanup();
        await b?.cleanup();
        await run(pgSh, ['stop', pgDir], { timeout: 90000 }).catch(() => {});
        await rm(pgDir, { recursive: true, force: true }).catch(() => {});
    });

    test('uploaded on one node, served by the other from its cache, and copied to SQLite', async () => {
        const audio = mp3(6000);  // 2.5 MB: three chunk rows
        const hash = createHash('sha256').update(audio).digest('hex');
        const up = await a.admin().request('POST', '/api/v1/media', { body: audio, headers: { 'content-type': 'audio/mpeg' } });
        assert.equal(up.status, 201, up.describe());
        assert.equal(up.json.url, `/media/${hash}.mp3`);

        const whole = await fetch(b.baseUrl + up.json.url);
        assert.equal(whole.status, 200);
        assert.ok(Buffer.from(await whole.arrayBuffer()).equals(audio), 'node B serves the same bytes');
        assert.equal(whole.headers.get('etag'), `"${hash}"`);
        const cached = await stat(join(b.dataDir, 'media-cache', hash));
        assert.equal(cached.size, audio.length, 'B keeps a copy in its disk cache');
        const from = (1 << 20) - 5;  // across the first chunk row's end
        const part = await fetch(b.baseUrl + up.json.url, { headers: { range: `bytes=${from}-${from + 9}` } });
        assert.equal(part.status, 206);
        assert.ok(Buffer.from(await part.arrayBuffer()).equals(audio.subarray(from, from + 10)));

        const target = await mkdtemp(join(tmpdir(), 'tribune-media-move-'));
        const moved = await runCli(['migrate-store', '--from', url, '--to', `sqlite://${join(target, 'tribune.db')}`], { env: {} });
        assert.equal(moved.code, 0, moved.stderr);
        assert.match(moved.stdout, /^copied 1 media items \(\d+ bytes\)$/m);
        assert.match(moved.stdout, /^verified: .*1 media items/m);
        const copy = await readFile(join(target, 'tribune.db-media', hash));
        assert.ok(copy.equals(audio), 'the bytes are beside the SQLite database');
        await rm(target, { recursive: true, force: true });
    });
});

// A node reads at most media_uploads_at_once large bodies at once: memory stays bounded.
describe('media uploads at once', { timeout: 60000 }, () => {
    let server;
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MEDIA_UPLOADS_AT_ONCE: '1' } });
    });
    after(() => server?.cleanup());

    test('a second upload while one is being read gets 503; after it, uploads go through again', async () => {
        const bytes = mp3(50);
        const head = (length) => `POST /api/v1/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.adminToken}\r\n` +
            `Content-Type: audio/mpeg\r\nContent-Length: ${length}\r\n\r\n`;
        // The first upload sends its headers and half its body, then waits.
        const slow = await connectFrom(server, '127.0.0.1');
        const slowAnswer = statusOf(slow, Buffer.concat([Buffer.from(head(bytes.length)), bytes.subarray(0, 1000)]), 30000);
        await new Promise((r) => setTimeout(r, 300));  // its headers are read by now
        // Only headers: the refusal needs no body (and none is left unread to reset the connection).
        const probe = await connectFrom(server, '127.0.0.1');
        const refused = await statusOf(probe, head(bytes.length), 10000);
        probe.destroy();
        assert.equal(refused, 503, 'the second reader of a large body is refused');
        slow.write(bytes.subarray(1000));
        assert.equal(await slowAnswer, 201, 'the first upload completes');
        slow.destroy();
        const after = await exchange(server.port, Buffer.concat([Buffer.from(head(bytes.length)), bytes]), { end: true });
        assert.deepEqual(statusesOf(after.text), [201], 'its place is free again');
    });

    test('a caller who may not upload is refused at the headers and holds no upload slot', async () => {
        // Headers that announce a large body and never send it: before any byte of the body the
        // route's caller check answers, so nobody can hold the node's upload slots (and memory).
        const anonymous = 'POST /api/v1/media HTTP/1.1\r\nHost: x\r\nContent-Type: audio/mpeg\r\n' +
            'Content-Length: 50000000\r\n\r\n';
        const holders = [];
        for (let i = 0; i < 3; i += 1) holders.push(await connectFrom(server, '127.0.0.1'));
        const statuses = await Promise.all(holders.map((s) => statusOf(s, anonymous, 10000)));
        assert.deepEqual(statuses, [401, 401, 401]);
        const bytes = mp3(40);
        const upload = `POST /api/v1/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.adminToken}\r\n` +
            `Content-Type: audio/mpeg\r\nContent-Length: ${bytes.length}\r\n\r\n`;
        const ok = await exchange(server.port, Buffer.concat([Buffer.from(upload), bytes]), { end: true });
        assert.deepEqual(statusesOf(ok.text), [201], 'the one slot is free for an editor');
        for (const s of holders) s.destroy();
    });
});
