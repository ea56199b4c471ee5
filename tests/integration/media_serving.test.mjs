// Serving and taking media, the review's findings (docs/security.md): a malformed Range is
// ignored (RFC 9110 14.2: 200 with the whole file) while a valid one past the end stays 416; a
// crafted image header is refused and stores nothing; a caller who may not upload is refused on
// the headers, before the body; a slow reader of a large file is not cut off while it keeps
// taking bytes (read_timeout_seconds).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { jpeg, png } from './support/media_samples.mjs';
import { connectFrom, statusOf } from './support/raw_http.mjs';
import { sessionFor, startServer } from './support/server.mjs';

const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
const LARGE = 20 << 20;

// GET `path` on a raw connection, taking the answer as `pace(received)` allows: it resolves with
// the head, the body bytes received and whether the server ended the connection first.
function slowGet(port, path, pace) {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () =>
            socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        const chunks = [];
        let received = 0;
        socket.on('data', (chunk) => {
            chunks.push(chunk);  // joined once at the end: copying as it grows would stall the reader
            received += chunk.length;
            const wait = pace(received);
            if (wait > 0) {
                socket.pause();
                setTimeout(() => socket.resume(), wait);
            }
        });
        socket.on('error', () => {});
        socket.on('close', () => {
            const raw = Buffer.concat(chunks);
            const split = raw.indexOf('\r\n\r\n');
            if (split < 0) return reject(new Error('no answer head'));
            resolve({ head: raw.subarray(0, split).toString('latin1'), body: raw.subarray(split + 4) });
        });
    });
}

describe('media serving', { timeout: 120000 }, () => {
    let server;
    let editor;
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MEDIA_MAX_BYTES: String(1 << 20) } });
        editor = server.admin();
    });
    after(() => server?.cleanup());

    const upload = (bytes, type, client = editor) =>
        client.request('POST', '/api/v1/media', { body: bytes, headers: { 'content-type': type } });

    test('a malformed Range is ignored (200, whole file); a valid one past the end is 416', async () => {
        const bytes = png(40, 30, 5000);
        const r = await upload(bytes, 'image/png');
        assert.equal(r.status, 201, r.describe());
        const get = async (path, range) => {
            const res = await fetch(server.baseUrl + path, { headers: { range } });
            return { status: res.status, body: Buffer.from(await res.arrayBuffer()), res };
        };
        for (const range of ['bytes=abc-5', 'bytes=5-3', 'bytes=', 'bytes=-', 'items=0-5', 'bytes=0-5,x', 'bytes= 0-5']) {
            const g = await get(r.json.url, range);
            assert.equal(g.status, 200, `${range}: ignored`);
            assert.ok(g.body.equals(bytes), `${range}: the whole file`);
            assert.equal(g.res.headers.get('content-range'), null);
        }
        const part = await get(r.json.url, 'bytes=5-9');
        assert.equal(part.status, 206);
        assert.ok(part.body.equals(bytes.subarray(5, 10)));
        for (const range of [`bytes=${bytes.length}-`, 'bytes=-0', `bytes=${bytes.length + 10}-${bytes.length + 20}`]) {
            const g = await get(r.json.url, range);
            assert.equal(g.status, 416, range);
            assert.equal(g.res.headers.get('content-range'), `bytes */${bytes.length}`);
        }
        // The static files follow the same rule.
        const js = await get('/embed.js', 'bytes=abc-5');
        assert.equal(js.status, 200);
        assert.equal((await get('/embed.js', 'bytes=0-9')).status, 206);
        assert.equal((await get('/embed.js', 'bytes=99999999-')).status, 416);
    });

    test('a crafted JPEG header is refused as problem+json and nothing is stored', async () => {
        const whole = jpeg(640, 480);
        const sof = whole.indexOf(Buffer.from([0xff, 0xc0]));
        const crafted = [
            whole.subarray(0, sof + 6),  // the frame header's length runs past the end of the file
            Buffer.concat([whole.subarray(0, sof), Buffer.from([0xff, 0xd9])]),  // no frame header
            jpeg(65535, 65535),  // 4 billion pixels claimed
        ];
        for (const bytes of crafted) {
            const r = await upload(bytes, 'image/jpeg');
            assert.equal(r.status, 422, r.describe());
            assert.match(r.header('content-type'), /^application\/problem\+json/);
            assert.equal(r.json.title, 'Unsupported media');
            assert.ok(r.json.request_id);
            const stored = await fetch(`${server.baseUrl}/media/${sha(bytes)}.jpg`);
            assert.equal(stored.status, 404, 'nothing stored');
            const audit = await editor.get(`/api/v1/audit?target=${encodeURIComponent(`media:${sha(bytes)}`)}`);
            assert.equal(audit.json.entries.length, 0, 'nothing audited');
        }
    });

    test('a reader\'s or an anonymous upload is refused on its headers, before any of the body', async () => {
        const reader = await sessionFor(server, 'reader');
        const heads = {
            401: 'POST /api/v1/media HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 900000\r\n\r\n',
            403: `POST /api/v1/media HTTP/1.1\r\nHost: x\r\nCookie: ${reader.cookieHeader()}\r\n` +
                `X-CSRF-Token: ${reader.csrf}\r\nContent-Type: image/png\r\nContent-Length: 900000\r\n\r\n`,
        };
        for (const [want, head] of Object.entries(heads)) {
            const socket = await connectFrom(server, '127.0.0.1');
            // No byte of the body is ever sent: the answer can only come from the headers.
            assert.equal(await statusOf(socket, head, 10000), Number(want));
            socket.destroy();
        }
    });

    test('the caller is checked once, on the headers: an upload admitted there completes', async () => {
        // The editor's session ends between the headers (admitted: 100 Continue) and the body.
        // One check means the upload that was let in is taken; a second check after the body
        // would refuse it.
        const writer = await sessionFor(server, 'editor');
        const bytes = png(12, 34, 100);
        const socket = await connectFrom(server, '127.0.0.1');
        const head = `POST /api/v1/media HTTP/1.1\r\nHost: x\r\nCookie: ${writer.cookieHeader()}\r\n` +
            `X-CSRF-Token: ${writer.csrf}\r\nContent-Type: image/png\r\nContent-Length: ${bytes.length}\r\n` +
            'Expect: 100-continue\r\n\r\n';
        assert.equal(await statusOf(socket, head, 10000), 100, 'admitted on the headers');
        const out = await writer.logout();
        assert.equal(out.status, 204, out.describe());
        const late = await connectFrom(server, '127.0.0.1');
        assert.equal(await statusOf(late, head, 10000), 401, 'the same session\'s next upload: the session is over');
        late.destroy();
        assert.equal(await statusOf(socket, bytes, 10000), 201, 'the admitted upload is taken');
        socket.destroy();
        const stored = await fetch(`${server.baseUrl}/media/${sha(bytes)}.png`);
        assert.equal(stored.status, 200);
    });
});

// A server of its own: with a 1 s read timeout, a client's idle keep-alive connections close
// quickly, which only raw connections here can tell apart from a failure.
describe('media downloads and the read timeout', { timeout: 120000 }, () => {
    let server;
    before(async () => {
        server = await startServer(null, {
            env: { TRIBUNE_MEDIA_MAX_BYTES: String(LARGE + 4096), TRIBUNE_READ_TIMEOUT_SECONDS: '1' },
        });
    });
    after(() => server?.cleanup());

    test('a slow reader of a large file gets all of it, though it takes several read timeouts', async () => {
        const bytes = png(100, 100, LARGE);
        const r = await server.admin().request('POST', '/api/v1/media', { body: bytes, headers: { 'content-type': 'image/png' } });
        assert.equal(r.status, 201, r.describe());
        const url = r.json.url;
        // About 1 MiB then a 300 ms pause, 20 times: several read_timeouts (1 s) in all, never one
        // without taking bytes.
        let next = 1 << 20;
        const started = Date.now();
        const slow = await slowGet(server.port, url, (received) => {
            if (received < next) return 0;
            next += 1 << 20;
            return 300;
        });
        assert.ok(Date.now() - started > 3000, 'the download outlasted the read timeout several times');
        assert.match(slow.head, /^HTTP\/1\.1 200 /);
        assert.equal(slow.body.length, bytes.length, 'every byte arrived');
        assert.equal(sha(slow.body), sha(bytes));

        // The setting is in force: a connection that sends nothing is closed after it (the
        // default, 30 s, would outlast this wait).
        const idle = await connectFrom(server, '127.0.0.1');
        const closed = await new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), 10000);
            idle.once('close', () => { clearTimeout(timer); resolve(true); });
            idle.on('error', () => {});
        });
        idle.destroy();
        assert.ok(closed, 'an idle connection is closed after read_timeout_seconds');
    });
});
