// The live endpoint as Server-Sent Events, black-box: GET /api/v1/live?page=K with
// Accept: text/event-stream, read with node:http and parsed here. retry/hello/presence, typing
// over POST /api/v1/live/typing, who sees which events (author by cookie or bearer, moderator by
// admin bearer), resume with Last-Event-ID (and across repeated reconnects), reset, heartbeats,
// Origin, bad pages.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { demoArticles, marker, sleep, startServer, waitFor } from './support/server.mjs';
import { floodUntilDropped } from './support/live_flood.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';

const open = new Set();

const freshPage = (label) => `/it/live-sse/${label}-${randomBytes(4).toString('hex')}`;

/** Opens a stream and waits for hello (asserting 200). */
async function stream(server, page, { headers = {}, query = {} } = {}) {
    const s = new SseClient(server, livePath(page, query), headers);
    open.add(s);
    const head = await s.open();
    assert.equal(head.status, 200, `SSE ${s.path}: ${head.status} ${head.body}`);
    s.hello = await s.next((m) => m.type === 'hello', { what: 'hello' });
    return s;
}

/** Opens a stream expecting a refusal; returns {status, headers, body}. */
async function refusedStream(server, path, headers = {}) {
    const s = new SseClient(server, path, headers);
    open.add(s);
    const head = await s.open();
    s.close();
    assert.notEqual(head.status, 200, `expected a refusal for ${path}`);
    return head;
}

function assertProblem(head, status) {
    assert.equal(head.status, status, `${head.status} ${head.body}`);
    assert.match(head.headers['content-type'] || '', /^application\/problem\+json/i);
    assert.equal(JSON.parse(head.body).status, status);
}

const presenceOf = (s) => s.data().filter((m) => m.type === 'presence').at(-1)?.active;
const typingFrames = (s) => s.data().filter((m) => m.type === 'typing');
const eventsOf = (s) => s.events.filter((e) => e.id !== null);
const mentions = (s, id) => s.data().filter((m) => m.comment?.id === id || m.id === id);
const nextComment = (s, type, id, opts = {}) =>
    s.next((m) => m.type === type && (m.comment?.id === id || m.id === id), { what: `${type} for ${id}`, ...opts });

async function waitPresence(s, n, ms = 3000) {
    await waitFor(() => presenceOf(s) === n, { ms, every: 20, what: `presence ${n} (last ${presenceOf(s)})` });
}

async function adminPost(server, page, text = marker('admin')) {
    const r = await server.admin().postComment({ page, text });
    assert.equal(r.status, 201, r.describe());
    return r.json.comment;
}

async function readerPost(client, page, text = marker('reader')) {
    const r = await client.postComment({ page, text });
    assert.equal(r.status, 201, r.describe());
    assert.equal(r.json.comment.status, 'pending');
    return { comment: r.json.comment, token: r.json.author_token };
}

async function moderate(server, id, action) {
    const r = await server.admin().moderate(id, action);
    assert.equal(r.status, 200, `${action} ${id}: ${r.describe()}`);
    return r.json;
}

/**
 * An event stream read straight off a TCP socket, so the test can stop reading (pause()) and the
 * kernel buffers between it and the server fill. Keeps every byte as text; `ended` once the
 * connection is gone.
 */
async function rawStream(server, page) {
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    const st = { socket, parts: [], bytes: 0, ended: false };
    st.text = () => st.parts.join('');
    st.done = new Promise((resolve) => socket.once('close', () => {
        st.ended = true;
        resolve();
    }));
    socket.on('error', () => {}); // a reset ends in 'close' too
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
        st.parts.push(d);
        st.bytes += d.length;
    });
    await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
    });
    socket.write(`GET ${livePath(page)} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAccept: text/event-stream\r\n\r\n`);
    await waitFor(() => /^HTTP\/1\.1 200 [^]*"type":"hello"/.test(st.text()), { ms: 5000, every: 10, what: 'a 200 head and hello on the raw stream' });
    return st;
}

function typingPost(server, page, connection) {
    return server.client().request('POST', `/api/v1/live/typing?${new URLSearchParams({ page, connection })}`);
}

describe('live over SSE', { timeout: 180000 }, () => {
    let server;
    after(async () => {
        for (const s of open) s.close();
        open.clear();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_ALLOWED_ORIGINS: 'https://partner.example' } });
    });

    test('the stream: 200 text/event-stream, retry: 2000 first, hello (no id), presence', async () => {
        const { main } = await demoArticles(server);
        const s = await stream(server, main);
        assert.match(s.resHeaders['content-type'], /^text\/event-stream/);
        assert.match(s.resHeaders['cache-control'] || '', /no-cache/);
        assert.equal(s.lines[0], 'retry: 2000', `first line: ${JSON.stringify(s.lines[0])}`);
        assert.equal(s.retry, 2000);
        assert.equal(s.events[0].data.type, 'hello');
        assert.equal(s.events[0].id, null, 'hello carries no id: it is not resumable');
        assert.match(s.hello.connection, /^c\d+-[0-9a-f]{32}$/);
        await s.next((m) => m.type === 'presence', { what: 'presence' });
        assert.equal(s.events[1].data.type, 'presence');
        assert.equal(s.events[1].id, null);
    });

    test('presence counts up to 3, and down within 3 s when one closes', async () => {
        const page = freshPage('presence');
        const a = await stream(server, page);
        const b = await stream(server, page);
        const c = await stream(server, page);
        for (const s of [a, b, c]) await waitPresence(s, 3);
        c.close();
        for (const s of [a, b]) await waitPresence(s, 2);
        b.close();
        await waitPresence(a, 1);
    });

    test('typing via POST /live/typing: 204, reaches others not the typist, throttled, expires within 6.5 s', async () => {
        const page = freshPage('typing');
        const typist = await stream(server, page);
        const b = await stream(server, page);
        const t0 = Date.now();
        const r1 = await typingPost(server, page, typist.hello.connection);
        assert.equal(r1.status, 204, r1.describe());
        await sleep(100);
        const r2 = await typingPost(server, page, typist.hello.connection);
        assert.equal(r2.status, 204, `a throttled signal is still accepted: ${r2.describe()}`);
        await b.next((m) => m.type === 'typing' && m.typing === true, { ms: 2000, what: 'typing:true' });
        await b.next((m) => m.type === 'typing' && m.typing === false, { ms: 7500, what: 'typing:false' });
        const after = Date.now() - t0;
        assert.ok(after <= 6500 && after >= 4500, `typing:false after ${after} ms`);
        assert.deepEqual(typingFrames(b), [{ type: 'typing', typing: true }, { type: 'typing', typing: false }]);
        assert.deepEqual(typingFrames(typist), [], 'nothing to the typist');
    });

    test('typing with an unknown connection, or one from another page -> 404', async () => {
        const page = freshPage('typing-404');
        const s = await stream(server, page);
        const unknown = await typingPost(server, page, 'c999999999');
        assert.equal(unknown.status, 404, unknown.describe());
        const garbage = await typingPost(server, page, 'nope');
        assert.equal(garbage.status, 404, garbage.describe());
        const otherPage = await typingPost(server, freshPage('elsewhere'), s.hello.connection);
        assert.equal(otherPage.status, 404, otherPage.describe());
        s.close();
        await waitFor(async () => (await typingPost(server, page, s.hello.connection)).status === 404,
            { ms: 3000, what: 'a closed stream\'s connection id to become unknown' });
    });

    describe('who sees which comment events', () => {
        let page;
        let reader;
        let byCookie;
        let byBearer;
        let mod;
        let author;
        let pending;
        let sentinel;

        before(async () => {
            page = freshPage('filter');
            author = server.client();
            reader = await stream(server, page);
            await readerPost(author, page); // the author's token, kept as the tribune_author cookie
            const token = author.cookies.get('tribune_author');
            assert.ok(token, 'the 201 set the tribune_author cookie');
            byCookie = await stream(server, page, { headers: { cookie: `tribune_author=${token}` } });
            byBearer = await stream(server, page, { headers: { authorization: `Bearer ${token}` } });
            mod = await stream(server, page, { headers: { authorization: `Bearer ${server.adminToken}` } });
            ({ comment: pending } = await readerPost(author, page));
            sentinel = await adminPost(server, page);
            for (const s of [reader, byCookie, byBearer, mod]) await nextComment(s, 'comment.created', sentinel.id);
        });

        test('the author (cookie, or bearer) and a moderator stream get the pending comment.created, with an id:', async () => {
            for (const [name, s] of [['cookie', byCookie], ['bearer', byBearer], ['moderator', mod]]) {
                const { msg, event } = await s.nextAt((m) => m.type === 'comment.created' && m.comment.id === pending.id,
                    { ms: 1000, what: `pending comment on the ${name} stream` });
                assert.equal(msg.comment.status, 'pending');
                assert.equal(event.id, String(msg.event_id), 'the SSE id is the event id');
            }
        });

        test('a plain reader gets nothing that names the pending comments', async () => {
            assert.deepEqual(mentions(reader, pending.id), []);
            assert.ok(mentions(reader, sentinel.id).length >= 1);
        });

        test('a plain reader gets no event at all caused by pending comments (not even a count)', async () => {
            const evs = reader.data().filter((m) => m.event_id !== undefined && m.type !== 'hello');
            const idx = evs.findIndex((m) => m.comment?.id === sentinel.id);
            assert.deepEqual(evs.slice(0, idx), [], 'events before the approved sentinel (only pending comments were posted then)');
        });

        test('approval reaches the plain reader as comment.updated (approved) plus a count; reject as comment.deleted', async () => {
            await moderate(server, pending.id, 'approve');
            const up = await nextComment(reader, 'comment.updated', pending.id);
            assert.equal(up.comment.status, 'approved');
            const count = await reader.next((m) => m.type === 'count' && m.event_id > up.event_id, { what: 'count after approval' });
            assert.equal(count.total, 2);
            await moderate(server, pending.id, 'reject');
            const del = await nextComment(reader, 'comment.deleted', pending.id);
            assert.deepEqual(Object.keys(del).sort(), ['event_id', 'id', 'type']);
            const count2 = await reader.next((m) => m.type === 'count' && m.event_id > del.event_id, { what: 'count after reject' });
            assert.equal(count2.total, 1);
            // The moderator sees the rejection as an update with the new status.
            const modUp = await mod.next((m) => m.type === 'comment.updated' && m.comment.id === pending.id && m.comment.status === 'rejected',
                { what: 'rejected update on the moderator stream' });
            assert.equal(modUp.comment.status, 'rejected');
        });
    });

    test('resume with Last-Event-ID: exactly the missed visible events, in order; reconnecting again repeats nothing', async () => {
        const page = freshPage('resume');
        const watcher = await stream(server, page);
        const leaver = await stream(server, page);
        await adminPost(server, page);
        await leaver.next((m) => m.type === 'count', { what: 'count before leaving' });
        const resumeFrom = leaver.lastId();
        assert.ok(resumeFrom, 'the stream sent ids');
        leaver.close();

        const a1 = await adminPost(server, page);
        const { comment: p } = await readerPost(server.client(), page);
        await moderate(server, p.id, 'approve');
        await adminPost(server, page);
        const edited = await server.admin().editComment(a1.id, `${a1.text} (edited)`);
        assert.equal(edited.status, 200, edited.describe());
        await nextComment(watcher, 'comment.updated', a1.id);
        const expected = eventsOf(watcher).filter((e) => BigInt(e.id) > BigInt(resumeFrom));

        const back = await stream(server, page, { headers: { 'last-event-id': resumeFrom } });
        await nextComment(back, 'comment.updated', a1.id);
        await sleep(300); // anything still queued after the last comment event (the replayed count)
        const got = eventsOf(back);
        const ids = got.map((e) => e.id);
        assert.equal(new Set(ids).size, ids.length, `no duplicates: ${ids}`);
        assert.deepEqual(got.filter((e) => e.data.type !== 'count').map((e) => e.raw),
            expected.filter((e) => e.data.type !== 'count').map((e) => e.raw),
            'comment events: exactly what the connected watcher saw after Last-Event-ID');
        assert.equal(got.filter((e) => e.data.type === 'count').at(-1)?.data.total,
            expected.filter((e) => e.data.type === 'count').at(-1)?.data.total, 'the latest count');

        // A browser reconnects with the last id it saw; nothing it already has may come again.
        const lastSeen = back.lastId();
        back.close();
        const again = await stream(server, page, { headers: { 'last-event-id': lastSeen } });
        const marker2 = await adminPost(server, page);
        await nextComment(again, 'comment.created', marker2.id);
        const repeated = eventsOf(again).filter((e) => ids.includes(e.id)).map((e) => e.raw);
        assert.deepEqual(repeated, [],
            `events delivered again after reconnecting with Last-Event-ID ${lastSeen} (first resume order: ` +
            `${got.map((e) => `${e.id}:${e.data.type}`).join(', ')})`);
        const numeric = ids.map(BigInt);
        assert.ok(numeric.every((v, i) => i === 0 || v > numeric[i - 1]), `ids increase: ${ids.join(', ')}`);
    });

    test('last_event_id in the query works like the header', async () => {
        const page = freshPage('resume-query');
        const s = await stream(server, page);
        const from = String(s.hello.event_id);
        s.close();
        const c = await adminPost(server, page);
        const back = await stream(server, page, { query: { last_event_id: from } });
        await nextComment(back, 'comment.created', c.id, { ms: 2000 });
    });

    test('a Last-Event-ID from before the server started gets a reset', async () => {
        const s = await stream(server, freshPage('reset'), { headers: { 'last-event-id': '1' } });
        await s.next((m) => m.type === 'reset', { what: 'reset' });
    });

    test('Origin: foreign -> 403; allowed -> 200 with Access-Control-Allow-Origin', async () => {
        const page = freshPage('origin');
        assertProblem(await refusedStream(server, livePath(page), { origin: 'https://evil.example' }), 403);
        const ok = await stream(server, page, { headers: { origin: 'https://partner.example' } });
        assert.equal(ok.resHeaders['access-control-allow-origin'], 'https://partner.example');
    });

    test('bad or missing page -> 422', async () => {
        assertProblem(await refusedStream(server, '/api/v1/live'), 422);
        assertProblem(await refusedStream(server, livePath('')), 422);
        assertProblem(await refusedStream(server, livePath('p'.repeat(513))), 422);
    });

    test('heartbeat comments ": keep-alive" every 10 s on an idle stream', { timeout: 30000 }, async () => {
        const s = await stream(server, freshPage('heartbeat'));
        const t0 = Date.now();
        await waitFor(() => s.comments.includes(': keep-alive'), { ms: 13000, every: 100, what: 'a keep-alive comment' });
        const took = Date.now() - t0;
        assert.ok(took >= 8000, `first heartbeat after ${took} ms`);
        assert.equal(s.closed, false);
    });
});

describe('live over SSE: slow consumer (TRIBUNE_LIVE_QUEUE_FRAMES=8)', { timeout: 180000 }, () => {
    let server;
    let slow;
    after(async () => {
        slow?.socket.destroy();
        for (const s of open) s.close();
        open.clear();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_LIVE_QUEUE_FRAMES: '8' } });
    });

    test('a stream that stops reading is disconnected; a normal stream on the page receives everything', async () => {
        const page = freshPage('slow');
        const normal = await stream(server, page);
        slow = await rawStream(server, page);
        await waitPresence(normal, 2);
        slow.socket.pause();
        const posted = await floodUntilDropped(server, page, () => presenceOf(normal) === 1);
        await waitPresence(normal, 1, 5000).catch((e) => {
            throw new Error(`the paused stream was not dropped after ${posted.length} comments of 9 kB: ${e.message}`);
        });
        // The normal stream gets every comment, in order.
        await nextComment(normal, 'comment.created', posted.at(-1), { ms: 20000 });
        const created = normal.data().filter((m) => m.type === 'comment.created').map((m) => m.comment.id);
        assert.deepEqual(created, posted, 'the normal stream received every comment.created, in order');
        assert.equal(normal.closed, false, 'the normal stream is still open');
        // The slow one, once it reads again, finds its stream ended short of the end.
        slow.socket.resume();
        await waitFor(() => slow.ended, { ms: 10000, every: 20, what: `the server to end the paused stream (read ${slow.bytes} bytes so far)` });
        // Only whole events count: the stream may end inside one (a client drops that part).
        const whole = slow.text().split('\n\n').slice(0, -1);
        const slowCreated = [];
        for (const line of whole.join('\n').split('\n')) {
            if (!line.startsWith('data: ')) continue;
            const m = JSON.parse(Buffer.from(line.slice(6), 'latin1').toString('utf8'));
            if (m.type === 'comment.created') slowCreated.push(m.comment.id);
        }
        assert.ok(slowCreated.length < posted.length, `the slow stream got ${slowCreated.length} of ${posted.length} before being dropped`);
        assert.deepEqual(slowCreated, posted.slice(0, slowCreated.length), 'what the slow stream got is a prefix of what was posted, in order');
    });
});
