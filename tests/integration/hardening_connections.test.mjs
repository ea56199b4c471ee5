// Hardening (docs/security.md), connection caps and stalled readers: one client cannot take a
// node's descriptors or memory with connections it opens and never reads. Each address here is
// a different 127.0.0.x source address on loopback, so "many clients" stay on this machine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { connectFrom, statusOf } from './support/raw_http.mjs';
import { startServer, waitFor } from './support/server.mjs';

const PAGE = '/hardening/connections';

const sseRequest = (page = PAGE) =>
    `GET /api/v1/live?page=${encodeURIComponent(page)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`;

/** An SSE stream from `from`: resolves {socket, status}; the socket keeps reading unless paused. */
async function openStream(server, from) {
    const socket = await connectFrom(server, from);
    const status = await statusOf(socket, sseRequest());
    return { socket, status };
}

async function healthy(server) {
    const r = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
    return r.status;
}

function rssBytes(pid) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

test('one address cannot hold more live streams than max_live_per_address (429); others still get in', async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_MAX_LIVE_PER_ADDRESS: '5' } });
    const sockets = [];
    t.after(() => sockets.forEach((s) => s.destroy()));
    for (let i = 0; i < 5; i++) {
        const { socket, status } = await openStream(server, '127.0.0.2');
        sockets.push(socket);
        assert.equal(status, 200, `stream ${i + 1} of 5`);
    }
    const sixth = await openStream(server, '127.0.0.2');
    sockets.push(sixth.socket);
    assert.equal(sixth.status, 429, 'the sixth stream from one address is refused');
    const other = await openStream(server, '127.0.0.3');
    sockets.push(other.socket);
    assert.equal(other.status, 200, 'another address is not affected');
    // A stream that ends gives its slot back.
    sockets[0].destroy();
    await waitFor(async () => (await openStream(server, '127.0.0.2').then((s) => (sockets.push(s.socket), s.status))) === 200, {
        what: 'a slot freed by a closed stream',
    });
});

test('live streams stop at a cap below the descriptor limit; /healthz and pages keep answering', async (t) => {
    // 256 descriptors: the server keeps a reserve and gives live streams at most three quarters
    // of the rest. Before the fix the cap (50,000) sat above the limit: streams took every
    // descriptor and /healthz went unanswered.
    const server = await startServer(t, { prefix: ['prlimit', '--nofile=256:256', '--'], env: { TRIBUNE_WORKER_THREADS: '4' } });
    assert.match(server.log, /connection_caps open_files=256 /);
    const sockets = [];
    t.after(() => sockets.forEach((s) => s.destroy()));
    const statuses = [];
    for (let i = 0; i < 260; i++) {
        const from = `127.0.1.${1 + (i % 50)}`;
        const { socket, status } = await openStream(server, from).catch(() => ({ socket: null, status: -2 }));
        // A refused client goes away (a keep-alive connection it held would count as one).
        if (status === 200) sockets.push(socket);
        else socket?.destroy();
        statuses.push(status);
    }
    const opened = statuses.filter((s) => s === 200).length;
    assert.ok(opened > 50, `some streams opened (${opened})`);
    assert.ok(statuses.includes(503), `streams past the cap get 503: ${JSON.stringify([...new Set(statuses)])}`);
    assert.ok(statuses.every((s) => s === 200 || s === 503), `only 200 or 503: ${JSON.stringify([...new Set(statuses)])}`);
    for (let i = 0; i < 5; i++) assert.equal(await healthy(server), 200, '/healthz answers at the live cap');
    const page = await fetch(`${server.baseUrl}/api/v1/comments?page=${encodeURIComponent(PAGE)}`, {
        signal: AbortSignal.timeout(5000),
    });
    assert.equal(page.status, 200, 'an ordinary request is served at the live cap');
});

test('one peer address cannot hold more HTTP connections than max_connections_per_address', async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_MAX_CONNECTIONS_PER_ADDRESS: '10' } });
    const sockets = [];
    t.after(() => sockets.forEach((s) => s.destroy()));
    for (let i = 0; i < 10; i++) sockets.push(await connectFrom(server, '127.0.0.4'));
    // Each idle connection has been accepted once a request on it is answered.
    assert.equal(await statusOf(sockets[9], 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'), 200);
    const extra = await connectFrom(server, '127.0.0.4');
    sockets.push(extra);
    const refused = await statusOf(extra, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(refused === 429 || refused === 0, `the eleventh connection is refused, got ${refused}`);
    const elsewhere = await connectFrom(server, '127.0.0.5');
    sockets.push(elsewhere);
    assert.equal(await statusOf(elsewhere, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'), 200, 'other addresses are served');
});

test('slowloris: a thousand half-sent requests do not stop a normal reader', async (t) => {
    const server = await startServer(t);
    const sockets = [];
    t.after(() => sockets.forEach((s) => s.destroy()));
    for (let i = 0; i < 1000; i++) {
        const s = await connectFrom(server, `127.0.2.${1 + (i % 20)}`).catch(() => null);
        if (!s) continue;
        s.on('error', () => {});
        s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
        sockets.push(s);
    }
    assert.ok(sockets.length >= 900, `most slow connections opened (${sockets.length})`);
    const drip = setInterval(() => sockets.forEach((s) => s.writable && s.write('a')), 500);
    t.after(() => clearInterval(drip));
    for (let i = 0; i < 50; i++) {
        const r = await fetch(`${server.baseUrl}/api/v1/comments?page=${encodeURIComponent(PAGE)}`, {
            signal: AbortSignal.timeout(5000),
        });
        assert.equal(r.status, 200, `normal request ${i + 1} answered while the slow ones wait`);
    }
});

test('a thousand live readers that never read cost little memory and are dropped past their queue bound', async (t) => {
    // 1,000 streams need as many descriptors on each side (the server's cap is three quarters of
    // what is left after its reserve).
    const limit = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 0);
    if (limit < 4096) return t.skip(`needs a descriptor limit of 4,096 or more (ulimit -Hn), found ${limit}`);
    const server = await startServer(t, {
        env: {
            TRIBUNE_MODERATION: 'post',
            TRIBUNE_LIVE_QUEUE_BYTES: '65536',
            // The sanitizer keeps freed memory for a while; keep that small so RSS tells what is held.
            ASAN_OPTIONS: `${process.env.ASAN_OPTIONS ?? ''}:quarantine_size_mb=4`,
        },
    });
    const stalled = [];
    t.after(() => stalled.forEach((s) => s.destroy()));
    for (let i = 0; i < 1000; i++) {
        const { socket, status } = await openStream(server, `127.0.3.${1 + (i % 10)}`);
        assert.equal(status, 200);
        socket.pause(); // never reads again: the kernel buffers fill, then the server's queue
        stalled.push(socket);
    }
    const reader = await openStream(server, '127.0.3.200');
    t.after(() => reader.socket.destroy());
    let received = '';
    reader.socket.on('data', (c) => (received += c.toString('latin1')));

    const before = rssBytes(server.proc.pid);
    const text = 'x'.repeat(9000);
    // 120 events of 9 KB (1 MB): far more than the kernel (a 128 KB send buffer, the client's
    // receive buffer, whatever its default) and the 64 KB queue hold for a reader that does not read.
    const posts = 120;
    for (let i = 0; i < posts; i++) {
        const r = await fetch(`${server.baseUrl}/api/v1/comments?page=${encodeURIComponent(PAGE)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ page: PAGE, text: `${i} ${text}`, author_name: 'Flood' }),
        });
        assert.equal(r.status, 201);
    }
    await waitFor(() => (received.match(/"type":"comment.created"/g) ?? []).length >= posts, {
        ms: 30000,
        what: 'the reading client to get every event',
    });
    const grown = rssBytes(server.proc.pid) - before;
    // Each stalled SSE reader used to build a private copy of every event it was sent (~1.2 MB
    // each at the frame bound). Shared frames and a byte bound keep it to the events themselves.
    assert.ok(grown < 120 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1048576)} MB for 1,000 stalled readers`);
    // The stalled streams were dropped: read what the kernel kept, then the end.
    const ended = await Promise.all(
        stalled.map(
            (s) =>
                new Promise((resolve) => {
                    const timer = setTimeout(() => resolve(false), 15000);
                    s.on('data', () => {});
                    s.once('close', () => (clearTimeout(timer), resolve(true)));
                    s.resume();
                }),
        ),
    );
    assert.equal(ended.filter(Boolean).length, stalled.length, 'every stalled stream was closed by the server');
});
