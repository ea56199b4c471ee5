// Authors on the live stream, black-box: an author who proves their token after (re)connecting
// gets the events about their own pending comments they missed while anonymous, over WebSocket
// (the auth frame) and over SSE (POST /api/v1/live/auth with the same frame as its body); the
// endpoint's refusals change nothing; and simultaneous connections never overshoot the cap.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { marker, startServer } from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';
import { HandshakeError, WsClient } from '../support/ws_client.mjs';

const open = new Set();
const freshPage = (label) => `/it/live-auth/${label}-${randomBytes(4).toString('hex')}`;

async function connectWs(server, page, query = {}) {
    const ws = await WsClient.connect({ port: server.port, path: livePath(page, query) });
    open.add(ws);
    ws.hello = await ws.next((m) => m.type === 'hello', { what: 'hello' });
    return ws;
}

async function connectSse(server, page, query = {}) {
    const s = new SseClient(server, livePath(page, query), {});
    open.add(s);
    const head = await s.open();
    assert.equal(head.status, 200, `SSE: ${head.status} ${head.body}`);
    s.hello = await s.next((m) => m.type === 'hello', { what: 'hello' });
    return s;
}

const messagesOf = (c) => (typeof c.json === 'function' ? c.json() : c.data());
const mentions = (c, id) => messagesOf(c).filter((m) => m.comment?.id === id || m.id === id);
const nextComment = (c, type, id, opts = {}) =>
    c.next((m) => m.type === type && (m.comment?.id === id || m.id === id), { what: `${type} for ${id}`, ...opts });

async function readerPost(client, page) {
    const r = await client.postComment({ page, text: marker('pending') });
    assert.equal(r.status, 201, r.describe());
    assert.equal(r.json.comment.status, 'pending');
    return { comment: r.json.comment, token: r.json.author_token };
}

async function adminPost(server, page) {
    const r = await server.admin().postComment({ page, text: marker('sentinel') });
    assert.equal(r.status, 201, r.describe());
    return r.json.comment;
}

function authPost(server, page, connection, body) {
    const q = new URLSearchParams({ page, connection });
    return server.client().request('POST', `/api/v1/live/auth?${q}`, {
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
    });
}

describe('live: authors catch up on their own pending comments', { timeout: 120000 }, () => {
    let server;
    after(async () => {
        for (const c of open) (c.destroy ? c.destroy() : c.close());
        open.clear();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer();
    });

    test('WebSocket: a reconnecting author gets, after auth, the pending comment they posted while away; a reader does not', async () => {
        const page = freshPage('ws-resume');
        const first = await connectWs(server, page);
        const resumeAt = String(first.hello.event_id);
        first.close();
        const author = server.client();
        const { comment, token } = await readerPost(author, page);
        const back = await connectWs(server, page, { last_event_id: resumeAt });
        const reader = await connectWs(server, page, { last_event_id: resumeAt });
        back.sendJson({ type: 'auth', author_token: token });
        const got = await nextComment(back, 'comment.created', comment.id);
        assert.equal(got.comment.status, 'pending');
        const s = await adminPost(server, page);
        await nextComment(reader, 'comment.created', s.id);
        assert.deepEqual(mentions(reader, comment.id), [], 'a reader never hears of another\'s pending comment');
        assert.equal(mentions(back, comment.id).length, 1, 'caught up once');
    });

    test('WebSocket: a comment posted between connecting and auth arrives with the auth', async () => {
        const page = freshPage('ws-early');
        const ws = await connectWs(server, page);
        const { comment, token } = await readerPost(server.client(), page);
        ws.sendJson({ type: 'auth', author_token: token });
        await nextComment(ws, 'comment.created', comment.id);
    });

    test('SSE: POST /api/v1/live/auth with the auth frame -> 204, and the missed pending comment follows', async () => {
        const page = freshPage('sse-resume');
        const first = await connectSse(server, page);
        const resumeAt = String(first.hello.event_id);
        first.close();
        const { comment, token } = await readerPost(server.client(), page);
        const back = await connectSse(server, page, { last_event_id: resumeAt });
        const r = await authPost(server, page, back.hello.connection, { type: 'auth', author_token: token });
        assert.equal(r.status, 204, r.describe());
        const got = await nextComment(back, 'comment.created', comment.id);
        assert.equal(got.comment.status, 'pending');
        const withId = back.events.find((e) => e.data.comment?.id === comment.id);
        assert.ok(withId.id !== null, 'the caught-up event keeps its id');
    });

    test('SSE auth refusals are problems and change nothing', async () => {
        const page = freshPage('sse-refused');
        const s = await connectSse(server, page);
        const other = await connectSse(server, freshPage('sse-other'));
        const { comment, token } = await readerPost(server.client(), page);
        const cases = [
            ['not JSON', s.hello.connection, 'token=abc', 400],
            ['not an auth frame', s.hello.connection, { type: 'typing' }, 400],
            ['no token', s.hello.connection, { type: 'auth' }, 400],
            ['not a token', s.hello.connection, { type: 'auth', author_token: 'x' }, 422],
            ['unknown connection', 'c999999-0000000000000000', { type: 'auth', author_token: token }, 404],
            ['a connection on another page', other.hello.connection, { type: 'auth', author_token: token }, 404],
        ];
        for (const [what, connection, body, status] of cases) {
            const r = await authPost(server, page, connection, body);
            assert.equal(r.status, status, `${what}: ${r.describe()}`);
            assert.match(r.header('content-type') || '', /^application\/problem\+json/i, what);
        }
        const bad = await authPost(server, '', s.hello.connection, { type: 'auth', author_token: token });
        assert.equal(bad.status, 422, `bad page: ${bad.describe()}`);
        const sentinel = await adminPost(server, page);
        await nextComment(s, 'comment.created', sentinel.id);
        assert.deepEqual(mentions(s, comment.id), [], 'no refused auth let the stream see the pending comment');
    });

    test('SSE: a stream proves one token; another is 409 and brings none of its author\'s comments', async () => {
        const page = freshPage('sse-once');
        const s = await connectSse(server, page);
        const mine = await readerPost(server.client(), page);
        const theirs = await readerPost(server.client(), page);
        const first = await authPost(server, page, s.hello.connection, { type: 'auth', author_token: mine.token });
        assert.equal(first.status, 204, first.describe());
        await nextComment(s, 'comment.created', mine.comment.id);
        const again = await authPost(server, page, s.hello.connection, { type: 'auth', author_token: mine.token });
        assert.equal(again.status, 204, `the same token again: ${again.describe()}`);
        const other = await authPost(server, page, s.hello.connection, { type: 'auth', author_token: theirs.token });
        assert.equal(other.status, 409, other.describe());
        const sentinel = await adminPost(server, page);
        await nextComment(s, 'comment.created', sentinel.id);
        assert.deepEqual(mentions(s, theirs.comment.id), [], 'the second token saw nothing');
    });

    test('SSE: connection names cannot be guessed from one\'s own (finding: sequential ids, invertible tags)', async () => {
        const page = freshPage('sse-forge');
        const attacker = await connectSse(server, page);
        const victim = await connectSse(server, page);
        const [, n, tag] = attacker.hello.connection.match(/^c(\d+)-([0-9a-f]+)$/);
        assert.ok(tag.length >= 32, 'a tag of at least 128 bits');
        const victimId = victim.hello.connection.match(/^c(\d+)-/)[1];
        assert.notEqual(victimId, n);
        const { comment, token } = await readerPost(server.client(), page);
        for (const guess of [`c${victimId}-${tag}`, `c${victimId}-${tag.slice(0, 16)}`, `c${victimId}-${'0'.repeat(32)}`, `c${victimId}`]) {
            const r = await authPost(server, page, guess, { type: 'auth', author_token: token });
            assert.equal(r.status, 404, `${guess}: ${r.describe()}`);
        }
        const sentinel = await adminPost(server, page);
        await nextComment(victim, 'comment.created', sentinel.id);
        assert.deepEqual(mentions(victim, comment.id), [], 'the attacker\'s pending comment never reached the victim');
    });

    test('SSE: the auth frame as text/plain (what another site may post without asking) is 415', async () => {
        const page = freshPage('sse-plain');
        const s = await connectSse(server, page);
        const { comment, token } = await readerPost(server.client(), page);
        const q = new URLSearchParams({ page, connection: s.hello.connection });
        const r = await server.client().request('POST', `/api/v1/live/auth?${q}`, {
            body: JSON.stringify({ type: 'auth', author_token: token }),
            headers: { 'content-type': 'text/plain;charset=UTF-8' },
        });
        assert.equal(r.status, 415, r.describe());
        assert.equal(r.json.status, 415);
        const sentinel = await adminPost(server, page);
        await nextComment(s, 'comment.created', sentinel.id);
        assert.deepEqual(mentions(s, comment.id), [], 'the refused auth changed nothing');
    });

    test('WebSocket: a second token on the same stream is refused; many auth frames close it (1008)', async () => {
        const page = freshPage('ws-once');
        const ws = await connectWs(server, page);
        const mine = await readerPost(server.client(), page);
        const theirs = await readerPost(server.client(), page);
        ws.sendJson({ type: 'auth', author_token: mine.token });
        await nextComment(ws, 'comment.created', mine.comment.id);
        ws.sendJson({ type: 'auth', author_token: theirs.token });
        await ws.next((m) => m.type === 'error', { what: 'error frame for a second token' });
        const sentinel = await adminPost(server, page);
        await nextComment(ws, 'comment.created', sentinel.id);
        assert.deepEqual(mentions(ws, theirs.comment.id), [], 'the second token saw nothing');
        const closed = new Promise((resolve) => ws.once('close', resolve));
        for (let i = 0; i < 6; i++) ws.sendJson({ type: 'auth', author_token: mine.token });
        const how = await closed;
        assert.equal(how.code, 1008, `closed with ${how.code}`);
    });
});

describe('live: POST /api/v1/live/auth is limited per address', { timeout: 60000 }, () => {
    let server;
    after(async () => {
        for (const c of open) (c.destroy ? c.destroy() : c.close());
        open.clear();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null);
    });

    test('after a burst of wrong names, 429 with Retry-After', async () => {
        const page = freshPage('sse-throttle');
        const token = (await readerPost(server.client(), page)).token;
        let limited = null;
        for (let i = 0; i < 200 && !limited; i++) {
            const r = await authPost(server, page, `c${i + 1000}-${'0'.repeat(32)}`, { type: 'auth', author_token: token });
            if (r.status === 429) limited = r;
            else assert.equal(r.status, 404, r.describe());
        }
        assert.ok(limited, 'refused before 200 guesses');
        assert.ok(Number(limited.header('retry-after')) >= 1);
    });
});

describe('live: the connection cap under simultaneous arrivals (TRIBUNE_MAX_LIVE_CONNECTIONS=3)', { timeout: 60000 }, () => {
    let server;
    after(async () => {
        for (const c of open) (c.destroy ? c.destroy() : c.close());
        open.clear();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MAX_LIVE_CONNECTIONS: '3' } });
    });

    test('of 16 connections opened at once, exactly 3 are accepted and the rest get 503', async () => {
        const page = freshPage('cap');
        const results = await Promise.all(Array.from({ length: 16 }, () =>
            WsClient.connect({ port: server.port, path: livePath(page) }).then(
                (ws) => { open.add(ws); return 101; },
                (e) => { if (!(e instanceof HandshakeError)) throw e; return e.status; })));
        assert.equal(results.filter((s) => s === 101).length, 3, `statuses: ${results.join(',')}`);
        assert.equal(results.filter((s) => s === 503).length, 13, `statuses: ${results.join(',')}`);
    });
});
