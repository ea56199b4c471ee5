// The live endpoint over WebSocket, black-box: GET /api/v1/live?page=K upgraded with our own
// RFC 6455 client (tests/support/ws_client.mjs). Presence, typing (throttle, expiry, never to the
// typist), who sees which comment events, resume with last_event_id, reset, a slow consumer
// dropped while others keep up, the connection cap, Origin checks, bad client frames, bad pages.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { demoArticles, marker, sleep, startServer, waitFor } from './support/server.mjs';
import { floodUntilDropped } from './support/live_flood.mjs';
import { encodeFrame, HandshakeError, OP, withDeadline, WsClient } from '../support/ws_client.mjs';

const open = new Set();

/** A fresh page key, so one test's events never reach another's clients. */
const freshPage = (label) => `/it/live-ws/${label}-${randomBytes(4).toString('hex')}`;

function livePath(page, extra = {}) {
    const q = new URLSearchParams(page === undefined ? extra : { page, ...extra });
    return `/api/v1/live?${q}`;
}

/** Opens a WebSocket to the live endpoint and waits for its hello. Other options go to WsClient. */
async function connect(server, page, { headers = {}, query = {}, hello = true, ...clientOpts } = {}) {
    const ws = await WsClient.connect({ ...clientOpts, port: server.port, path: livePath(page, query), headers });
    open.add(ws);
    ws.once('close', () => open.delete(ws));
    if (hello) ws.hello = await ws.next((m) => m.type === 'hello', { what: 'hello' });
    return ws;
}

/** Connects expecting a refusal; returns the HandshakeError (status, headers, body). */
async function refused(server, page, opts = {}) {
    try {
        const ws = await WsClient.connect({ port: server.port, path: livePath(page, opts.query || {}), headers: opts.headers || {} });
        open.add(ws);
        await ws.close();
        assert.fail(`expected the upgrade to be refused, got 101 for ${livePath(page, opts.query || {})}`);
    } catch (e) {
        if (!(e instanceof HandshakeError)) throw e;
        return e;
    }
}

function assertProblem(err, status) {
    assert.equal(err.status, status, `status: ${err.message}`);
    assert.match(err.headers['content-type'] || '', /^application\/problem\+json/i, `content-type: ${JSON.stringify(err.headers)}`);
    const p = JSON.parse(err.body);
    assert.equal(p.status, status);
    assert.equal(typeof p.title, 'string');
    return p;
}

const presenceOf = (ws) => ws.json().filter((m) => m.type === 'presence').at(-1)?.active;
const typingFrames = (ws) => ws.json().filter((m) => m.type === 'typing');
const events = (ws) => ws.json().filter((m) => m.event_id !== undefined && m.type !== 'hello');
const mentions = (ws, id) => ws.messages.filter((raw) => {
    const m = JSON.parse(raw);
    return m.comment?.id === id || m.id === id;
});

async function waitPresence(ws, n, ms = 3000) {
    await waitFor(() => presenceOf(ws) === n, { ms, every: 20, what: `presence ${n} (last ${presenceOf(ws)})` });
}

const nextComment = (ws, type, id, opts = {}) =>
    ws.next((m) => m.type === type && (m.comment?.id === id || m.id === id), { what: `${type} for ${id}`, ...opts });

async function adminPost(server, page, text = marker('admin')) {
    const r = await server.admin().postComment({ page, text });
    assert.equal(r.status, 201, r.describe());
    assert.equal(r.json.comment.status, 'approved', 'admin posts are approved at once');
    return r.json.comment;
}

async function readerPost(client, page, text = marker('reader')) {
    const r = await client.postComment({ page, text });
    assert.equal(r.status, 201, r.describe());
    assert.equal(r.json.comment.status, 'pending', 'reader posts wait for moderation');
    return { comment: r.json.comment, token: r.json.author_token };
}

async function moderate(server, id, action) {
    const r = await server.admin().moderate(id, action);
    assert.equal(r.status, 200, `${action} ${id}: ${r.describe()}`);
    return r.json;
}

async function closeAll() {
    await Promise.all([...open].map((ws) => ws.close(1000, 1000).catch(() => {})));
    open.clear();
}

describe('live over WebSocket', { timeout: 180000 }, () => {
    let server;
    after(async () => {
        await closeAll();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_ALLOWED_ORIGINS: 'https://partner.example' } });
    });

    test('hello first (connection id, latest event id), then presence', async () => {
        const { main } = await demoArticles(server);
        const ws = await connect(server, main);
        // The presence frame may trail the hello by a tick: wait for it, then check the order.
        await ws.next((m) => m.type === 'presence', { what: 'presence after hello' });
        const [first, second] = ws.json();
        assert.equal(first.type, 'hello', `first frame: ${ws.messages[0]}`);
        assert.match(first.connection, /^c\d+-[0-9a-f]{32}$/);
        assert.equal(typeof first.event_id, 'number');
        assert.equal(second.type, 'presence', `second frame: ${ws.messages[1]}`);
        assert.ok(second.active >= 1);
        assert.equal(ws.responseHeaders.upgrade.toLowerCase(), 'websocket');
        await ws.close();
        assert.equal(ws.closeInfo.clean, true, `clean close: ${JSON.stringify(ws.closeInfo)}`);
    });

    test('presence counts up to 3, and down within 3 s when one closes (cleanly or by dropping TCP)', async () => {
        const page = freshPage('presence');
        const a = await connect(server, page);
        const b = await connect(server, page);
        const c = await connect(server, page);
        for (const ws of [a, b, c]) await waitPresence(ws, 3);
        await c.close();
        for (const ws of [a, b]) await waitPresence(ws, 2);
        b.destroy(); // a tab that vanished without a close frame
        await waitPresence(a, 1);
        // Other pages are not counted.
        const other = await connect(server, freshPage('presence-other'));
        await waitPresence(other, 1);
        await sleep(300); // a few presence ticks: nothing about the other page reaches `a`
        assert.equal(presenceOf(a), 1);
    });

    test('typing reaches the others, never the typist; a second signal 100 ms later is dropped; it expires within 6.5 s', async () => {
        const page = freshPage('typing');
        const typist = await connect(server, page);
        const b = await connect(server, page);
        const c = await connect(server, page);
        const t0 = Date.now();
        typist.sendJson({ type: 'typing' });
        await sleep(100);
        typist.sendJson({ type: 'typing' });
        for (const ws of [b, c]) await ws.next((m) => m.type === 'typing' && m.typing === true, { ms: 2000, what: 'typing:true' });
        const off = await b.nextAt((m) => m.type === 'typing' && m.typing === false, { ms: 7500, what: 'typing:false' });
        const expiredAfter = Date.now() - t0;
        assert.ok(expiredAfter <= 6500, `typing:false after ${expiredAfter} ms (> 6.5 s)`);
        assert.ok(expiredAfter >= 4500, `typing:false after only ${expiredAfter} ms (expiry is 5 s)`);
        await c.next((m) => m.type === 'typing' && m.typing === false, { ms: 1000, what: 'typing:false on c' });
        assert.deepEqual(typingFrames(b), [{ type: 'typing', typing: true }, { type: 'typing', typing: false }],
            'exactly one typing:true (the throttled second signal adds nothing), then false');
        assert.deepEqual(typingFrames(typist), [], 'the typist never hears about its own typing');
        assert.ok(off.index > 0);
        // Well past the 2 s throttle, a new signal counts again.
        typist.sendJson({ type: 'typing' });
        await b.nextAt((m) => m.type === 'typing' && m.typing === true, { from: off.index + 1, ms: 2000, what: 'typing:true again' });
        assert.deepEqual(typingFrames(typist), [], 'still nothing to the typist');
        // Another client typing does reach the first typist.
        c.sendJson({ type: 'typing' });
        await typist.next((m) => m.type === 'typing' && m.typing === true, { ms: 2000, what: 'typing:true from c' });
        assert.ok(!typingFrames(typist).some((m) => m.typing === false), 'no typing:false while c types');
    });

    describe('who sees which comment events', () => {
        let page;
        let reader;
        let authorWs;
        let mod;
        let author;
        let token;
        let pending;
        let earlyPending;
        let sentinel;

        before(async () => {
            page = freshPage('filter');
            author = server.client();
            // The reader is there before the page's first comment.
            reader = await connect(server, page);
            // A first comment gives the author a token (also kept as the tribune_author cookie).
            let first;
            ({ token, comment: first } = await readerPost(author, page));
            earlyPending = first;
            authorWs = await connect(server, page);
            authorWs.sendJson({ type: 'auth', author_token: token });
            mod = await connect(server, page, { headers: { Authorization: `Bearer ${server.adminToken}` } });
            // Frames are handled in order and auth has no answer: the error frame for a probe sent
            // right after it says the auth frame has been processed.
            authorWs.send('sync-probe');
            await authorWs.next((m) => m.type === 'error', { what: 'the probe\'s error frame' });
            const second = await readerPost(author, page);
            assert.equal(second.token, token, 'the cookie keeps the same author token for the second comment');
            pending = second.comment;
            sentinel = await adminPost(server, page);
            for (const ws of [reader, authorWs, mod]) await nextComment(ws, 'comment.created', sentinel.id);
        });

        test('the author (auth frame) and a moderator (admin bearer) get the pending comment.created', async () => {
            const a = await nextComment(authorWs, 'comment.created', pending.id, { ms: 1000 });
            assert.equal(a.comment.status, 'pending');
            assert.equal(typeof a.event_id, 'number');
            const m = await nextComment(mod, 'comment.created', pending.id, { ms: 1000 });
            assert.equal(m.comment.status, 'pending');
            assert.equal(authorWs.json().filter((f) => f.type === 'error').length, 1, 'only the probe got an error: the auth frame was accepted');
        });

        test('a plain reader gets nothing that names the pending comment', async () => {
            assert.deepEqual(mentions(reader, pending.id), [], 'reader frames naming the pending comment');
            assert.deepEqual(mentions(reader, earlyPending.id), [], 'reader frames naming the first pending comment');
            assert.ok(mentions(reader, sentinel.id).length >= 1, 'but it got the approved one');
        });

        test('a plain reader gets no event at all caused by the pending comment (not even a count)', async () => {
            const before = reader.json().filter((m) => m.event_id !== undefined && m.type !== 'hello');
            const idx = before.findIndex((m) => m.comment?.id === sentinel.id);
            const earlier = before.slice(0, idx);
            assert.deepEqual(earlier, [], 'events the reader received before the approved sentinel (only two pending comments were posted then)');
        });

        test('the author edits the pending comment: author and moderator see comment.updated, the reader nothing', async () => {
            const r = await author.editComment(pending.id, `${pending.text} (edited)`);
            assert.equal(r.status, 200, r.describe());
            const s2 = await adminPost(server, page);
            for (const ws of [authorWs, mod]) {
                const u = await nextComment(ws, 'comment.updated', pending.id);
                assert.match(u.comment.text, /\(edited\)$/);
            }
            await nextComment(reader, 'comment.created', s2.id);
            assert.deepEqual(mentions(reader, pending.id), [], 'reader frames naming the pending comment');
        });

        test('the author deletes a pending comment: author and moderator hear comment.deleted, the reader nothing', async () => {
            const r = await author.deleteComment(earlyPending.id);
            assert.equal(r.status, 204, r.describe());
            const s = await adminPost(server, page);
            for (const ws of [authorWs, mod]) await nextComment(ws, 'comment.deleted', earlyPending.id);
            await nextComment(reader, 'comment.created', s.id);
            assert.deepEqual(mentions(reader, earlyPending.id), [], 'reader frames naming a pending comment that was deleted');
            // Nor does a reader resuming from before it hear of it.
            const late = await connect(server, page, { query: { last_event_id: String(reader.hello.event_id) } });
            await nextComment(late, 'comment.created', s.id);
            assert.deepEqual(mentions(late, earlyPending.id), [], 'replayed frames naming the deleted pending comment');
        });

        test('rejecting the pending comment tells a plain reader nothing about it', async () => {
            await moderate(server, pending.id, 'reject');
            const s3 = await adminPost(server, page);
            await nextComment(mod, 'comment.updated', pending.id);
            await nextComment(reader, 'comment.created', s3.id);
            assert.deepEqual(mentions(reader, pending.id), [],
                'reader frames naming a comment it never saw (rejected while pending)');
        });
    });

    test('approval reaches a plain reader as comment.updated (approved) plus a count; reject and spam as comment.deleted', async () => {
        const page = freshPage('approve');
        const reader = await connect(server, page);
        const first = await adminPost(server, page);
        const c1 = await reader.nextAt((m) => m.type === 'count', { what: 'count after the first approved comment' });
        assert.equal(c1.msg.total, 1);
        const { comment } = await readerPost(server.client(), page);
        await moderate(server, comment.id, 'approve');
        const up = await nextComment(reader, 'comment.updated', comment.id);
        assert.equal(up.comment.status, 'approved');
        assert.equal(up.comment.id, comment.id);
        const count = await reader.nextAt((m) => m.type === 'count' && m.event_id > up.event_id, { what: 'count after approval' });
        assert.equal(count.msg.total, 2);
        assert.ok(!reader.json().some((m) => m.type === 'comment.created' && m.comment.id === comment.id),
            'no comment.created for the pending phase');

        await moderate(server, comment.id, 'reject');
        const del = await nextComment(reader, 'comment.deleted', comment.id);
        assert.deepEqual(Object.keys(del).sort(), ['event_id', 'id', 'type'], `comment.deleted carries only the id: ${JSON.stringify(del)}`);
        const count2 = await reader.next((m) => m.type === 'count' && m.event_id > del.event_id, { what: 'count after reject' });
        assert.equal(count2.total, 1);

        await moderate(server, first.id, 'spam');
        await nextComment(reader, 'comment.deleted', first.id);
        const count3 = await reader.next((m) => m.type === 'count' && m.total === 0, { what: 'count 0 after spam' });
        assert.ok(count3.event_id > del.event_id);
        const ids = events(reader).map((m) => m.event_id);
        assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'event ids arrive in increasing order');
        assert.equal(new Set(ids).size, ids.length, 'no duplicate event ids');
    });

    test('resume with last_event_id: exactly the missed visible events, in order, no duplicates', async () => {
        const page = freshPage('resume');
        const author = server.client();
        const watcher = await connect(server, page); // stays connected: the reference
        const leaver = await connect(server, page);
        await adminPost(server, page);
        const seen = await leaver.next((m) => m.type === 'count', { what: 'count before leaving' });
        const resumeFrom = Math.max(...events(leaver).map((m) => m.event_id));
        assert.equal(resumeFrom, seen.event_id);
        await leaver.close();

        // While away: an approved post, someone's pending post (invisible), its approval,
        // another approved post, then an edit that changes no count.
        const a1 = await adminPost(server, page);
        const { comment: p } = await readerPost(author, page);
        await moderate(server, p.id, 'approve');
        const a2 = await adminPost(server, page);
        const edited = await server.admin().editComment(a1.id, `${a1.text} (edited)`);
        assert.equal(edited.status, 200, edited.describe());
        await nextComment(watcher, 'comment.updated', a1.id);

        const expected = events(watcher).filter((m) => m.event_id > resumeFrom);
        const back = await connect(server, page, { query: { last_event_id: String(resumeFrom) } });
        await nextComment(back, 'comment.updated', a1.id);
        await waitFor(() => events(back).length >= expected.filter((m) => m.type !== 'count').length + 1,
            { ms: 2000, what: 'the replayed count' }).catch(() => {});
        const got = events(back);
        const ids = got.map((m) => m.event_id);
        assert.equal(new Set(ids).size, ids.length, `no duplicate event ids: ${ids}`);
        assert.ok(ids.every((id) => id > resumeFrom), `nothing at or before ${resumeFrom}: ${ids}`);
        assert.deepEqual(got.filter((m) => m.type !== 'count'), expected.filter((m) => m.type !== 'count'),
            'comment events: exactly what the connected watcher saw after the resume point');
        assert.equal(got.filter((m) => m.type === 'count').at(-1)?.total, expected.filter((m) => m.type === 'count').at(-1)?.total,
            'the latest count');
        assert.deepEqual(ids, [...ids].sort((x, y) => x - y),
            `event ids in increasing order (a client keeping the last id it saw must not skip or repeat anything): ` +
            got.map((m) => `${m.event_id}:${m.type}`).join(', '));
        assert.ok(!got.some((m) => m.comment?.id === p.id && m.type === 'comment.created'), 'the pending phase stays invisible');
    });

    test('a resume id from before the server started gets a reset', async () => {
        const page = freshPage('reset');
        const ws = await connect(server, page, { query: { last_event_id: '1' } });
        await ws.next((m) => m.type === 'reset', { what: 'reset' });
        const types = ws.json().map((m) => m.type);
        assert.equal(types[0], 'hello');
        // The stream keeps working after a reset.
        const c = await adminPost(server, page);
        await nextComment(ws, 'comment.created', c.id);
    });

    test('origin: foreign -> 403, allowed (TRIBUNE_ALLOWED_ORIGINS) -> 101, same origin -> 101', async () => {
        const page = freshPage('origin');
        const e = await refused(server, page, { headers: { Origin: 'https://evil.example' } });
        assertProblem(e, 403);
        const ok = await connect(server, page, { headers: { Origin: 'https://partner.example' } });
        assert.equal(ok.hello.type, 'hello');
        const same = await connect(server, page, { headers: { Origin: `http://127.0.0.1:${server.port}` } });
        assert.equal(same.hello.type, 'hello');
        const lookalike = await refused(server, page, { headers: { Origin: 'https://partner.example.evil.example' } });
        assertProblem(lookalike, 403);
    });

    test('an invalid client frame gets an error frame and the connection stays usable', async () => {
        const page = freshPage('badframe');
        const ws = await connect(server, page);
        const other = await connect(server, page);
        ws.send('this is not json');
        const err = await ws.next((m) => m.type === 'error', { what: 'error frame' });
        assert.equal(typeof err.message, 'string');
        assert.ok(err.message.length > 0);
        ws.sendJson({ type: 'no-such-thing' });
        ws.send('[1,2,3]');
        ws.sendFrame(encodeFrame(OP.BINARY, Buffer.from([1, 2, 3])));
        await waitFor(() => ws.json().filter((m) => m.type === 'error').length >= 4, { ms: 3000, what: '4 error frames' });
        // Still subscribed: events arrive, and a valid typing frame still works.
        const c = await adminPost(server, page);
        await nextComment(ws, 'comment.created', c.id);
        ws.sendJson({ type: 'typing' });
        await other.next((m) => m.type === 'typing' && m.typing === true, { ms: 2000, what: 'typing after bad frames' });
        assert.equal(ws.closed, false);
    });

    test('a fragmented client message is reassembled', async () => {
        const page = freshPage('fragments');
        const ws = await connect(server, page);
        const other = await connect(server, page);
        ws.sendFrame(encodeFrame(OP.TEXT, '{"type":', { fin: false }));
        ws.ping('mid'); // control frames may come between fragments
        ws.sendFrame(encodeFrame(OP.CONT, '"typ', { fin: false }));
        ws.sendFrame(encodeFrame(OP.CONT, 'ing"}', { fin: true }));
        await other.next((m) => m.type === 'typing' && m.typing === true, { ms: 2000, what: 'typing from a fragmented frame' });
        assert.deepEqual(ws.json().filter((m) => m.type === 'error'), []);
    });

    test('a client frame over 4096 bytes closes the connection (a 4096-byte one does not)', async () => {
        const page = freshPage('oversize');
        const ok = await connect(server, page);
        const fits = JSON.stringify({ type: 'typing', pad: 'x'.repeat(4096 - 26) });
        assert.equal(Buffer.byteLength(fits), 4096);
        ok.send(fits);
        const c = await adminPost(server, page);
        await nextComment(ok, 'comment.created', c.id);
        assert.equal(ok.closed, false, 'a 4096-byte frame is allowed');

        const big = await connect(server, page);
        big.send(JSON.stringify({ type: 'typing', pad: 'x'.repeat(5000) }));
        const info = await big.waitClose(5000);
        assert.equal(info.code, 1009, `closed: ${JSON.stringify(info)}`);
        assert.deepEqual(big.closeFrame, { code: 1009, reason: '' }, 'the server\'s close frame says 1009 (message too big)');
        await waitPresence(ok, 1);

        // The same limit holds for a message split into fragments.
        const frag = await connect(server, page);
        frag.sendFrame(encodeFrame(OP.TEXT, 'x'.repeat(3000), { fin: false }));
        frag.sendFrame(encodeFrame(OP.CONT, 'x'.repeat(3000), { fin: true }));
        const fragInfo = await frag.waitClose(5000);
        assert.equal(fragInfo.code, 1009, `fragmented: closed: ${JSON.stringify(fragInfo)}`);
    });

    test('a client ping gets a pong with the same payload', async () => {
        const ws = await connect(server, freshPage('ping'));
        ws.ping('abc');
        await waitFor(() => ws.pongs.length >= 1, { ms: 3000, every: 10, what: 'a pong' });
        assert.deepEqual(ws.pongs, ['abc']);
        ws.ping(Buffer.alloc(0));
        await waitFor(() => ws.pongs.length >= 2, { ms: 3000, every: 10, what: 'a second pong' });
        assert.deepEqual(ws.pongs, ['abc', ''], 'an empty ping gets an empty pong');
        assert.equal(ws.closed, false);
    });

    test('a client close frame 1000 gets a close frame 1000 back and the TCP connection ends', async () => {
        const page = freshPage('close');
        const other = await connect(server, page);
        const ws = await connect(server, page);
        await waitPresence(other, 2);
        const socket = ws.socket;
        const socketClosed = new Promise((r) => (socket.closed ? r() : socket.once('close', r)));
        const info = await ws.close(1000, 5000); // our close frame; destroys the socket if none comes back
        assert.deepEqual(ws.closeFrame, { code: 1000, reason: '' }, `the server's close frame: ${JSON.stringify(info)}`);
        assert.equal(info.clean, true);
        await withDeadline(socketClosed, 5000, 'the TCP connection to end after the close handshake');
        await waitPresence(other, 1);
    });

    test('an unmasked client frame gets close code 1002', async () => {
        const ws = await connect(server, freshPage('unmasked'));
        ws.sendFrame(encodeFrame(OP.TEXT, '{"type":"typing"}', { mask: false }));
        const info = await ws.waitClose(5000);
        assert.equal(ws.closeFrame?.code, 1002, `closed: ${JSON.stringify(info)}`);
        assert.equal(ws.protocolError, undefined, `no client-side protocol error: ${ws.protocolError}`);
    });

    test('a text frame with invalid UTF-8 gets close code 1007', async () => {
        const ws = await connect(server, freshPage('utf8'));
        ws.sendFrame(encodeFrame(OP.TEXT, Buffer.from([0x63, 0x61, 0x66, 0xc3])));
        const info = await ws.waitClose(5000);
        assert.equal(ws.closeFrame?.code, 1007, `closed: ${JSON.stringify(info)}`);
        assert.deepEqual(ws.json().filter((m) => m.type === 'error'), [], 'a close, not an error frame');
    });

    test('a comment.created frame and the count it changes arrive in one TCP read', async () => {
        const page = freshPage('onewrite');
        const ws = await connect(server, page, { recordChunks: true });
        for (let i = 0; i < 3; i++) {
            const c = await adminPost(server, page);
            const { index: ci, msg: created } = await ws.nextAt((m) => m.type === 'comment.created' && m.comment.id === c.id,
                { what: `comment.created for ${c.id}` });
            const { index: ki, msg: count } = await ws.nextAt((m) => m.type === 'count', { from: ci + 1, what: 'the count after it' });
            assert.equal(count.event_id, created.event_id + 1, 'the count event follows the comment event');
            assert.equal(count.total, i + 1);
            const createdBytes = Buffer.from(ws.messages[ci]);
            const countBytes = Buffer.from(ws.messages[ki]);
            const chunk = ws.chunks.find((b) => b.includes(createdBytes));
            assert.ok(chunk, `one socket read holds the whole comment.created frame (reads: ${ws.chunks.map((b) => b.length)})`);
            const at = chunk.indexOf(createdBytes);
            assert.ok(chunk.indexOf(countBytes, at + createdBytes.length) > at,
                `the read holding comment.created (${chunk.length} bytes) also holds its count after it; reads: ${ws.chunks.map((b) => b.length)}`);
        }
    });

    test('bad or missing page -> 422 problem+json; neither WebSocket nor SSE -> 400', async () => {
        assertProblem(await refused(server, undefined), 422);
        assertProblem(await refused(server, ''), 422);
        assertProblem(await refused(server, 'p'.repeat(513)), 422);
        assertProblem(await refused(server, 'bad\u0000page'), 422);
        const plain = await server.client().get(livePath('/articles/x'));
        assert.equal(plain.status, 400, plain.describe());
        assert.match(plain.contentType, /^application\/problem\+json/i);
    });

    test('an idle connection is pinged by the server, our pongs keep it open', { timeout: 50000 }, async () => {
        const ws = await connect(server, freshPage('idle'));
        // Ticks come every 10 s; the first one after the greeting sends no ping (the stream just
        // carried frames), so the second ping is due 30 s in: a margin for a loaded machine.
        await waitFor(() => (ws.pings || 0) >= 2, { ms: 40000, every: 200, what: 'two server pings' });
        assert.equal(ws.closed, false, `still open after ${ws.pings} pings: ${JSON.stringify(ws.closeInfo)}`);
    });
});

describe('live over WebSocket: slow consumer (TRIBUNE_LIVE_QUEUE_FRAMES=8)', { timeout: 180000 }, () => {
    let server;
    after(async () => {
        await closeAll();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_LIVE_QUEUE_FRAMES: '8' } });
    });

    test('a client that stops reading is disconnected; a normal client on the page receives everything', async () => {
        const page = freshPage('slow');
        const normal = await connect(server, page);
        const slow = await connect(server, page);
        await waitPresence(normal, 2);
        slow.pause();
        const posted = await floodUntilDropped(server, page, () => presenceOf(normal) === 1);
        await waitPresence(normal, 1, 5000).catch((e) => {
            throw new Error(`the paused client was not dropped after ${posted.length} comments of 9 kB: ${e.message}`);
        });
        // The normal client gets every comment, in order.
        await nextComment(normal, 'comment.created', posted.at(-1), { ms: 20000 });
        const created = normal.json().filter((m) => m.type === 'comment.created').map((m) => m.comment.id);
        assert.deepEqual(created, posted, 'the normal client received every comment.created, in order');
        assert.equal(normal.closed, false);
        // The slow one, once it reads again, finds its stream ended short of the end.
        slow.resume();
        await slow.waitClose(10000);
        const slowCreated = slow.json().filter((m) => m.type === 'comment.created').length;
        assert.ok(slowCreated < posted.length, `the slow client got ${slowCreated} of ${posted.length} before being dropped`);
    });

    test('a resume that replays more events than the queue holds still delivers them', async () => {
        const page = freshPage('bigresume');
        const ws = await connect(server, page);
        const from = ws.hello.event_id;
        await ws.close();
        const ids = [];
        for (let i = 0; i < 20; i++) ids.push((await adminPost(server, page)).id);
        const back = await connect(server, page, { query: { last_event_id: String(from) }, hello: false });
        try {
            await nextComment(back, 'comment.created', ids.at(-1), { ms: 5000 });
        } catch (e) {
            throw new Error(`resuming 20 missed comments (40 events) with a queue of 8 frames: ${e.message}; ` +
                `received ${back.messages.length} frames, closed: ${JSON.stringify(back.closeInfo)}`);
        }
    });
});

describe('live over WebSocket: a client that stops answering pings', { timeout: 90000 }, () => {
    let server;
    after(async () => {
        await closeAll();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null);
    });

    test('is dropped within 35 s of going silent, and presence drops by one', { timeout: 60000 }, async () => {
        const page = freshPage('nopong');
        const watcher = await connect(server, page); // answers pings: stays
        const t0 = Date.now();
        const mute = await connect(server, page, { autoPong: false });
        await waitPresence(watcher, 2);
        const info = await mute.waitClose(40000);
        const took = Date.now() - t0;
        assert.ok(took >= 15000 && took <= 35000, `closed ${took} ms after connecting (expected 15-35 s): ${JSON.stringify(info)}`);
        assert.notEqual(info.reason, 'destroyed by client', 'the server hung up');
        assert.ok((mute.pings || 0) >= 1, `the server pinged before hanging up (${mute.pings} pings)`);
        await waitPresence(watcher, 1, 5000);
        assert.equal(watcher.closed, false, `the pong-answering watcher stays: ${JSON.stringify(watcher.closeInfo)}`);
        assert.ok((watcher.pings || 0) >= 1, 'the watcher was pinged too');
    });
});

describe('live over WebSocket: connection cap (TRIBUNE_MAX_LIVE_CONNECTIONS=3)', { timeout: 60000 }, () => {
    let server;
    after(async () => {
        await closeAll();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MAX_LIVE_CONNECTIONS: '3' } });
    });

    test('the 4th live connection gets 503; after one closes, a new one is accepted', async () => {
        const page = freshPage('cap');
        const a = await connect(server, page);
        await connect(server, page);
        await connect(server, freshPage('cap-other')); // the cap is per node, not per page
        const e = await refused(server, page);
        assertProblem(e, 503);
        // SSE streams count against the same cap.
        const sse = await server.client().get(livePath(page), { headers: { accept: 'text/event-stream' }, timeoutMs: 5000 });
        assert.equal(sse.status, 503, sse.describe());
        // Plain API requests are not affected.
        const api = await server.client().listComments(page);
        assert.equal(api.status, 200, api.describe());
        await a.close();
        const again = await waitFor(async () => {
            try {
                return await connect(server, page);
            } catch (err) {
                if (err instanceof HandshakeError && err.status === 503) return null;
                throw err;
            }
        }, { ms: 3000, every: 100, what: 'a free slot after closing one' });
        assert.equal(again.hello.type, 'hello');
    });
});
