// Response compression: static files and the cached, anonymous thread page and JSON come back
// as br, gzip or identity as Accept-Encoding asks, each form decompressing to exactly the
// identity bytes, with Vary: Accept-Encoding, an ETag per form (If-None-Match works per form),
// the right Content-Length on HEAD, and a fresh form once the thread changes. Answers with
// credentials are never compressed (BREACH), and `compression = false` turns it all off.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';

import { approve, createComment, demoArticles, marker, startServer } from './support/server.mjs';

/** One request over a fresh connection; the body as raw bytes (nothing decoded). */
function raw(server, path, { method = 'GET', headers = {} } = {}) {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: server.port, path, method, headers, agent: false }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
            res.on('error', reject);
        });
        req.setTimeout(15000, () => req.destroy(new Error(`${method} ${path}: no answer in 15 s`)));
        req.on('error', reject);
        req.end();
    });
}

/** The identity bytes of an answer, undoing its Content-Encoding. */
function decoded(r) {
    const coding = r.headers['content-encoding'];
    if (coding === 'br') return zlib.brotliDecompressSync(r.body);
    if (coding === 'gzip') return zlib.gunzipSync(r.body);
    assert.equal(coding, undefined, `unexpected Content-Encoding ${coding}`);
    return r.body;
}

const varies = (r) => (r.headers.vary || '').split(',').map((s) => s.trim().toLowerCase()).includes('accept-encoding');

const FORMS = [
    { ask: 'gzip, deflate, br', coding: 'br', suffix: '-br"' },
    { ask: 'gzip, deflate', coding: 'gzip', suffix: '-gz"' },
    { ask: 'identity', coding: undefined, suffix: null },
];

/**
 * Asks `path` in each form; checks the coding, Vary, decoding to the identity bytes, the ETag
 * per form, 304 per form, and HEAD's Content-Length. Returns the answers by coding.
 */
async function checkForms(server, path, { minSaving = 0.5 } = {}) {
    const identity = await raw(server, path);
    assert.equal(identity.status, 200, `${path}: ${identity.status}`);
    assert.equal(identity.headers['content-encoding'], undefined, `${path}: no Accept-Encoding, no coding`);
    assert.ok(varies(identity), `${path}: identity varies too: ${identity.headers.vary}`);
    const byCoding = {};
    for (const form of FORMS) {
        const r = await raw(server, path, { headers: { 'accept-encoding': form.ask } });
        assert.equal(r.status, 200, `${path} ${form.ask}`);
        assert.equal(r.headers['content-encoding'], form.coding, `${path} ${form.ask}`);
        assert.ok(varies(r), `${path} ${form.ask}: Vary ${r.headers.vary}`);
        assert.ok(decoded(r).equals(identity.body), `${path} ${form.ask}: decodes to the identity bytes`);
        assert.equal(Number(r.headers['content-length']), r.body.length, `${path} ${form.ask}: Content-Length`);
        const etag = r.headers.etag;
        assert.ok(etag, `${path} ${form.ask}: an ETag`);
        if (form.suffix) {
            assert.ok(etag.endsWith(form.suffix), `${path} ${form.ask}: ETag ${etag}`);
            assert.ok(r.body.length < identity.body.length * minSaving,
                `${path} ${form.ask}: ${r.body.length} B is not much smaller than ${identity.body.length} B`);
        } else {
            assert.equal(etag, identity.headers.etag);
        }
        const again = await raw(server, path, { headers: { 'accept-encoding': form.ask, 'if-none-match': etag } });
        assert.equal(again.status, 304, `${path} ${form.ask}: If-None-Match with its own ETag`);
        assert.equal(again.body.length, 0);
        assert.equal(again.headers['content-encoding'], undefined, `${path} ${form.ask}: a 304 has no coding`);
        assert.equal(again.headers.etag, etag);
        assert.ok(varies(again), `${path} ${form.ask}: the 304 varies`);
        const head = await raw(server, path, { method: 'HEAD', headers: { 'accept-encoding': form.ask } });
        assert.equal(head.status, 200);
        assert.equal(head.body.length, 0);
        assert.equal(head.headers['content-encoding'], form.coding, `${path} HEAD ${form.ask}`);
        assert.equal(Number(head.headers['content-length']), r.body.length, `${path} HEAD ${form.ask}: the encoded length`);
        byCoding[form.coding ?? 'identity'] = r;
    }
    // Another form's ETag is not this form's: the client holds different bytes.
    const crossed = await raw(server, path, {
        headers: { 'accept-encoding': 'gzip', 'if-none-match': byCoding.br.headers.etag },
    });
    assert.equal(crossed.status, 200, `${path}: a br ETag does not validate the gzip form`);
    assert.equal(crossed.headers['content-encoding'], 'gzip');
    return { identity, ...byCoding };
}

describe('compressed answers', { timeout: 120000 }, () => {
    let server;
    let page;
    let empty;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        ({ main: page, empty } = await demoArticles(server));
    });

    test('embed.js and the stylesheet: br, gzip, identity', async () => {
        const js = await checkForms(server, '/embed.js', { minSaving: 0.4 });
        assert.ok(js.identity.body.length > 40000, `embed.js is ${js.identity.body.length} B`);
        assert.ok(js.identity.headers['cache-control'].includes('public'));
        await checkForms(server, '/static/tribune.css');
    });

    test('the article page, cached for anonymous readers: br, gzip, identity', async () => {
        const r = await checkForms(server, page);
        assert.match(decoded(r.br).toString('utf8'), /<html/i);
    });

    test('the thread\'s comments JSON: br, gzip, identity', async () => {
        const path = `/api/v1/comments?page=${encodeURIComponent(page)}&limit=20`;
        const r = await checkForms(server, path);
        const json = JSON.parse(decoded(r.gzip).toString('utf8'));
        assert.ok(json.comments.length > 0, 'the demo thread has comments');
    });

    // Approves a new comment on `onPage` and returns its text (letters and digits: no escaping).
    const approvedComment = async (onPage) => {
        const text = `compressed and fresh ${marker().replace(/[^A-Za-z0-9]/g, '')}`;
        const c = await createComment(server.client(), { page: onPage, text, author_name: 'Zed' });
        assert.equal(c.status, 'pending');
        await approve(server, c.id);
        return text;
    };

    test('an approved comment changes every form of the JSON', async () => {
        const path = `/api/v1/comments?page=${encodeURIComponent(page)}&limit=20&sort=newest`;
        const ask = { 'accept-encoding': 'br' };
        const before = await raw(server, path, { headers: ask });
        assert.equal(before.headers['content-encoding'], 'br');
        assert.equal((await raw(server, path, { headers: ask })).headers.etag, before.headers.etag, 'a cache hit');
        const text = await approvedComment(page);
        const fresh = await raw(server, path, { headers: ask });
        assert.notEqual(fresh.headers.etag, before.headers.etag);
        assert.ok(fresh.headers.etag.endsWith('-br"'));
        assert.ok(decoded(fresh).toString('utf8').includes(text), 'the br form holds the new comment');
        const stale = await raw(server, path, { headers: { ...ask, 'if-none-match': before.headers.etag } });
        assert.equal(stale.status, 200, 'the old br ETag no longer validates');
        const gzip = await raw(server, path, { headers: { 'accept-encoding': 'gzip' } });
        assert.ok(decoded(gzip).toString('utf8').includes(text), 'the gzip form too');
        const identity = await raw(server, path);
        assert.ok(decoded(fresh).equals(identity.body), 'and both decode to the identity bytes');
        assert.ok(decoded(gzip).equals(identity.body));
    });

    test('an approved comment changes every form of the article page', async () => {
        const ask = { 'accept-encoding': 'br' };
        const before = await raw(server, empty, { headers: ask });
        assert.equal(before.headers['content-encoding'], 'br');
        const text = await approvedComment(empty);
        const fresh = await raw(server, empty, { headers: ask });
        assert.notEqual(fresh.headers.etag, before.headers.etag);
        assert.ok(decoded(fresh).toString('utf8').includes(text), 'the br form holds the new comment');
        const gzip = await raw(server, empty, { headers: { 'accept-encoding': 'gzip' } });
        assert.ok(decoded(gzip).toString('utf8').includes(text), 'the gzip form too');
    });

    test('answers with credentials are never compressed (BREACH)', async () => {
        const path = `/api/v1/comments?page=${encodeURIComponent(page)}&limit=20`;
        const admin = await raw(server, path, {
            headers: { 'accept-encoding': 'br, gzip', authorization: `Bearer ${server.adminToken}` },
        });
        assert.equal(admin.status, 200);
        assert.equal(admin.headers['content-encoding'], undefined);
        const author = await raw(server, page, { headers: { 'accept-encoding': 'br, gzip', cookie: 'tribune_author=x' } });
        assert.equal(author.status, 200);
        assert.equal(author.headers['content-encoding'], undefined);
        const desk = await raw(server, '/admin/login', { headers: { 'accept-encoding': 'br, gzip' } });
        assert.equal(desk.headers['content-encoding'], undefined, 'desk pages carry CSRF tokens');
    });

    test('small answers, video and live streams are sent as they are', async () => {
        const health = await raw(server, '/healthz', { headers: { 'accept-encoding': 'br, gzip' } });
        assert.equal(health.headers['content-encoding'], undefined);
        const video = await raw(server, '/media/harbour-timelapse.webm', { headers: { 'accept-encoding': 'br, gzip' } });
        assert.equal(video.status, 200);
        assert.equal(video.headers['content-encoding'], undefined);
        assert.ok(!varies(video), 'nothing to choose between');
        const sse = await new Promise((resolve, reject) => {
            const req = http.request({
                host: '127.0.0.1', port: server.port, agent: false,
                path: `/api/v1/live?page=${encodeURIComponent(page)}`,
                headers: { accept: 'text/event-stream', 'accept-encoding': 'br, gzip' },
            }, (res) => {
                resolve(res.headers);
                res.destroy();
            });
            req.setTimeout(15000, () => req.destroy(new Error('no SSE answer in 15 s')));
            req.on('error', (e) => (e.code === 'ECONNRESET' ? null : reject(e)));
            req.end();
        });
        assert.match(sse['content-type'], /text\/event-stream/);
        assert.equal(sse['content-encoding'], undefined);
    });

    test('a range is of the form chosen', async () => {
        const full = await raw(server, '/embed.js', { headers: { 'accept-encoding': 'br' } });
        const part = await raw(server, '/embed.js', { headers: { 'accept-encoding': 'br', range: 'bytes=10-99' } });
        assert.equal(part.status, 206);
        assert.equal(part.headers['content-encoding'], 'br');
        assert.equal(part.headers['content-range'], `bytes 10-99/${full.body.length}`);
        assert.ok(part.body.equals(full.body.subarray(10, 100)));
        const beyond = await raw(server, '/embed.js', { headers: { 'accept-encoding': 'br', range: 'bytes=9999999-' } });
        assert.equal(beyond.status, 416);
        assert.equal(beyond.headers['content-range'], `bytes */${full.body.length}`);
        assert.equal(beyond.headers['content-encoding'], undefined, 'an empty body has no coding');
    });

    test('a hostile Accept-Encoding is bounded and answered', async () => {
        const junk = Array.from({ length: 400 }, (_, i) => `x${i};q=0.5`).join(', ');
        const r = await raw(server, '/embed.js', { headers: { 'accept-encoding': `${junk}, br` } });
        assert.equal(r.status, 200);
        assert.equal(r.headers['content-encoding'], undefined, 'br came after the items looked at');
        const refused = await raw(server, '/embed.js', { headers: { 'accept-encoding': 'br;q=0, gzip;q=0, identity;q=0' } });
        assert.equal(refused.status, 200);
        assert.equal(refused.headers['content-encoding'], undefined, 'identity rather than a 406');
        const weighted = await raw(server, '/embed.js', { headers: { 'accept-encoding': 'BR;q=0.2, GZip;q=0.9' } });
        assert.equal(weighted.headers['content-encoding'], 'gzip');
    });
});

describe('compression = false', { timeout: 60000 }, () => {
    let server;
    let page;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_COMPRESSION: 'false' } });
        page = (await demoArticles(server)).main;
    });

    test('nothing is compressed and nothing varies on Accept-Encoding', async () => {
        for (const path of ['/embed.js', page, `/api/v1/comments?page=${encodeURIComponent(page)}&limit=20`]) {
            for (let i = 0; i < 2; i++) {  // a miss, then a cache hit
                const r = await raw(server, path, { headers: { 'accept-encoding': 'br, gzip' } });
                assert.equal(r.status, 200, path);
                assert.equal(r.headers['content-encoding'], undefined, path);
                assert.ok(!varies(r), `${path}: Vary ${r.headers.vary}`);
                assert.ok(!r.headers.etag.endsWith('-br"'), path);
            }
        }
    });
});
