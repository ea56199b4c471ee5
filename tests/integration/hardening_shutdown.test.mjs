// Hardening (docs/security.md): a stop (SIGTERM) answers the requests clients sent before it, instead of
// closing their keep-alive connections with the request unread, and nothing acknowledged is lost.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';

import { startServer } from './support/server.mjs';

const PAGE = '/hardening/shutdown';

/** A keep-alive connection that has answered one request; `next()` resolves with the next answer's status (0: closed without one). */
async function idleConnection(server) {
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    socket.on('error', () => {});
    let text = '';
    let waiter = null;
    const check = () => {
        const m = /HTTP\/1\.1 (\d{3}) [^]*?\r\n\r\n/.exec(text);
        if (m && waiter) {
            const w = waiter;
            waiter = null;
            text = text.slice(m.index + m[0].length);
            w(Number(m[1]));
        }
    };
    socket.on('data', (c) => {
        text += c.toString('latin1');
        check();
    });
    socket.on('close', () => waiter?.(0));
    const answer = () => new Promise((resolve) => {
        waiter = resolve;
        check();
    });
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(await answer(), 200);
    text = '';
    return { socket, answer };
}

function commentRequest(i) {
    const body = JSON.stringify({ page: PAGE, text: `written before the stop ${i}`, author_name: 'Stopper' });
    return `POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

test('requests written just before SIGTERM are all answered, and what was acknowledged is kept', async (t) => {
    for (let round = 0; round < 3; round++) {
        const server = await startServer(t, { env: { TRIBUNE_MODERATION: 'post' } });
        const conns = [];
        for (let i = 0; i < 30; i++) conns.push(await idleConnection(server));
        // Two pipelined requests on each: the second waits in the server's buffer while the first
        // is handled, which is when a stop used to close the connection.
        const answers = conns.map(async (c) => [await c.answer(), await c.answer()]);
        conns.forEach((c, i) => c.socket.write(commentRequest(2 * i) + commentRequest(2 * i + 1)));
        const stopped = server.stop(); // sends SIGTERM now
        const statuses = (await Promise.all(answers)).flat();
        conns.forEach((c) => c.socket.destroy());
        const exit = await stopped;
        assert.equal(exit.code, 0, `round ${round}: a clean stop`);
        const unanswered = statuses.filter((s) => s === 0).length;
        assert.equal(unanswered, 0, `round ${round}: every request sent before the stop is answered: ${statuses.join(',')}`);
        const created = statuses.filter((s) => s === 201).length;
        assert.ok(statuses.every((s) => s === 201 || s === 503), `201 or a clear 503 only: ${statuses.join(',')}`);
        // Restarted on the same data: every acknowledged comment is there.
        await server.start();
        const r = await server.client().get(`/api/v1/comments?page=${encodeURIComponent(PAGE)}&limit=100`);
        assert.equal(r.status, 200);
        const kept = r.json.comments.filter((c) => c.text.startsWith('written before the stop')).length;
        assert.ok(kept >= created, `round ${round}: ${created} acknowledged, ${kept} kept`);
        await server.cleanup();
    }
});

test('a stop that runs out of grace with a half-sent request still exits cleanly', async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_SHUTDOWN_GRACE_SECONDS: '1' } });
    const slow = net.connect({ host: '127.0.0.1', port: server.port });
    slow.on('error', () => {});
    t.after(() => slow.destroy());
    await new Promise((r) => slow.once('connect', r));
    slow.write('POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"pa');
    // The server has read part of a request: the stop waits for it, then gives up at the grace.
    await new Promise((r) => setTimeout(r, 200));
    const exit = await server.stop();
    assert.equal(exit.code, 0, `exit ${JSON.stringify(exit)}\n${server.tail()}`);
});

// Found when a test overwrote the database right after a stop: a SIGTERM that arrived just after
// the listening line, before the server had taken the signals over, ended the process where it
// stood, so SQLite's WAL (holding the newest pages) was left beside the file. Now the signals are
// taken before the line is printed, and a stop at any moment after it is a clean one.
test('SIGTERM right after the listening line stops cleanly: exit 0 and no WAL left behind', async (t) => {
    const { TribuneServer } = await import('./support/server.mjs');
    const { readdir } = await import('node:fs/promises');
    const server = new TribuneServer({ env: { TRIBUNE_SEED_DEMO: 'false' } });
    t.after(() => server.cleanup());
    for (let round = 0; round < 8; round++) {
        await server.start();
        await server.stop('SIGTERM');  // at once, as the listening line arrives
        assert.deepEqual(server.exitInfo, { code: 0, signal: null }, `round ${round}: ${server.tail()}`);
        const files = await readdir(server.dataDir);
        assert.ok(!files.includes('tribune.db-wal'), `round ${round}: the store closed cleanly: ${files}`);
    }
});
