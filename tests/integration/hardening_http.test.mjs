// Hardening (docs/security.md), headers, framing and hostile clients:
// request smuggling, impossible framing, oversized and absurd input each get a clean 4xx and
// change nothing; every answer carries its request id and the browser safety headers; what a
// client sends cannot forge a log line.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { exchange, statusesOf } from './support/raw_http.mjs';
import { countsOf, demoArticles, marker, sleep, startServer } from './support/server.mjs';

describe('HTTP framing and hostile input', { timeout: 180000 }, () => {
    let server;
    let page;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MODERATION: 'post' } });
        page = (await demoArticles(server)).empty;
    });

    const smuggled = () => {
        const body = JSON.stringify({ page, text: `smuggled ${marker()}`, author_name: 'Mallory' });
        return `POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    };

    test('a Transfer-Encoding that does not end in chunked is 400 and the rest is never read as a request', async () => {
        const before = (await countsOf(server, [page]))[page];
        for (const te of ['identity', 'gzip', 'chunked, identity']) {
            const r = await exchange(server.port,
                `POST /api/v1/live/typing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${te}\r\n\r\n${smuggled()}`);
            assert.deepEqual(statusesOf(r.text), [400], `${te}: one answer, 400: ${r.text.slice(0, 200)}`);
            assert.ok(r.closed, `${te}: the connection is closed`);
        }
        assert.equal((await countsOf(server, [page]))[page], before, 'no smuggled comment was stored');
    });

    test('Content-Length with Transfer-Encoding, two lengths, bad chunk sizes: 400', async () => {
        const cases = [
            'POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
            'POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello12',
            'POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
            'POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx\r\n',
        ];
        for (const req of cases) {
            const r = await exchange(server.port, req);
            assert.deepEqual(statusesOf(r.text), [400], `${JSON.stringify(req.slice(0, 90))}: ${r.text.slice(0, 200)}`);
        }
    });

    test('HTTP/1.1 without a Host, or with two, is 400', async () => {
        for (const req of ['GET /healthz HTTP/1.1\r\n\r\n', 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n']) {
            const r = await exchange(server.port, req);
            assert.deepEqual(statusesOf(r.text), [400], JSON.stringify(req));
        }
        const ok = await exchange(server.port, 'GET /healthz HTTP/1.0\r\n\r\n');
        assert.deepEqual(statusesOf(ok.text), [200], 'HTTP/1.0 needs no Host');
    });

    test('an invalid Sec-WebSocket-Key is 400', async () => {
        for (const key of ['short', 'dGhlIHNhbXBsZSBub25jZQ', 'dGhlIHNhbXBsZSBub25jZR==', '!GhlIHNhbXBsZSBub25jZQ==']) {
            const r = await exchange(server.port, `GET /api/v1/live?page=%2Fa HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n`
                + `Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`, { end: true });
            assert.deepEqual(statusesOf(r.text), [400], key);
        }
    });

    test('10,000 headers, a 1 MB query string: 431; JSON 100,000 deep and 1e999999: 400 or 422', async () => {
        const many = Array.from({ length: 10000 }, (_, i) => `X-H${i}: v`).join('\r\n');
        const r1 = await exchange(server.port, `GET /healthz HTTP/1.1\r\nHost: x\r\n${many}\r\n\r\n`);
        assert.deepEqual(statusesOf(r1.text), [431]);
        const r2 = await exchange(server.port, `GET /api/v1/comments?page=${'a'.repeat(1 << 20)} HTTP/1.1\r\nHost: x\r\n\r\n`);
        assert.deepEqual(statusesOf(r2.text), [431]);
        const client = server.client();
        const deep = await client.request('POST', '/api/v1/comments', {
            // 100 KB, under the body limit: the JSON parser itself meets the depth.
            body: `{"page":${'['.repeat(100000)}`, headers: { 'content-type': 'application/json' },
        });
        assert.equal(deep.status, 400, deep.describe());
        const huge = await client.request('POST', '/api/v1/comments', {
            body: `{"page":"${page}","text":"x","parent_id":1e999999}`, headers: { 'content-type': 'application/json' },
        });
        assert.ok([400, 422].includes(huge.status), huge.describe());
        assert.equal((await client.get('/healthz')).status, 200);
    });
});

describe('list parameters are canonical (cache keys from parsed values, never raw query text)', { timeout: 60000 }, () => {
    let server;
    let page;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        page = (await demoArticles(server)).main;
    });

    test('limit=0100 and friends are 400; limit=100 is served', async () => {
        const list = (limit) => server.client().get(`/api/v1/comments?page=${encodeURIComponent(page)}&limit=${limit}`);
        for (const limit of ['0100', '00100', '+100', '100.0', '1e2', ' 100']) {
            const r = await list(encodeURIComponent(limit));
            assert.equal(r.status, 400, `${limit}: ${r.describe()}`);
        }
        const ok = await list('100');
        assert.equal(ok.status, 200, ok.describe());
        const again = await list('100');
        assert.equal(again.header('etag'), ok.header('etag'), 'the same entry');
    });
});

describe('answers carry request ids and safety headers', { timeout: 120000 }, () => {
    let server;
    let demo;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
    });

    test('the database and its WAL are for the server\'s user alone (0600)', async () => {
        for (const file of ['tribune.db', 'tribune.db-wal']) {
            const mode = statSync(join(server.dataDir, file)).mode & 0o777;
            assert.equal(mode.toString(8), '600', file);
        }
    });

    test('/readyz says ready while the store answers; /healthz is liveness', async () => {
        const ready = await server.client().get('/readyz');
        assert.equal(ready.status, 200, ready.describe());
        assert.equal(ready.json.status, 'ready');
        assert.equal((await server.client().get('/healthz')).json.status, 'ok');
    });

    test('every answer has X-Request-Id; a problem names the same id', async () => {
        const ok = await server.client().get('/healthz');
        assert.match(ok.header('x-request-id') || '', /^[0-9a-f]+$/);
        const bad = await server.client().get('/api/v1/comments?page=');
        assert.equal(bad.json.request_id, bad.header('x-request-id'));
        assert.match(server.tail(200), new RegExp(`request id=${bad.json.request_id} `), 'the same id as the log line');
    });

    test('HTML answers carry a CSP without inline scripts, nosniff and a referrer policy', async () => {
        for (const path of [demo.main, '/', '/admin/login', '/no-such-page']) {
            const r = await server.client().get(path);
            const csp = r.header('content-security-policy') || '';
            assert.match(csp, /script-src 'self'(;|$)/, `${path}: ${csp}`);
            assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
            assert.match(csp, /frame-ancestors 'self'/, path);
            assert.equal(r.header('x-content-type-options'), 'nosniff', path);
            assert.ok(r.header('referrer-policy'), path);
        }
        assert.equal((await server.client().get(demo.main)).header('strict-transport-security'), null, 'no HSTS over http');
    });

    test('answers for a viewer with credentials are private and vary on them', async () => {
        const author = server.client();
        await author.postComment({ page: demo.empty, text: `mine ${marker()}`, author_name: 'Ada' });
        for (const path of [demo.empty, `/api/v1/comments?page=${encodeURIComponent(demo.empty)}`]) {
            const r = await author.get(path);
            assert.equal(r.header('cache-control'), 'private, no-store', path);
            assert.match(r.header('vary') || '', /Cookie/, path);
        }
        const anon = await server.client().get(`/api/v1/comments?page=${encodeURIComponent(demo.empty)}`);
        assert.notEqual(anon.header('cache-control'), 'private, no-store', 'anonymous answers stay cacheable');
        const asset = await author.get('/embed.js');
        assert.notEqual(asset.header('cache-control'), 'private, no-store', 'static files are the same for everyone');
    });

    test('a path with a line break cannot forge a log line', async () => {
        const forged = `request id=ffff method=GET path="/forged" status=200`;
        await exchange(server.port, `GET /x%0a${encodeURIComponent(forged)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        await sleep(200);
        const lines = server.tail(400).split('\n');
        assert.ok(!lines.some((l) => l.startsWith(forged) || l.includes('] request id=ffff')), 'no line of the client\'s making');
    });
});
