// The live endpoint as Server-Sent Events, black-box: GET /api/v1/live?page=K with
// Accept: text/event-stream, read with node:http and parsed here. retry/hello/presence, typing
// over POST /api/v1/live/typing, who sees which events (author by cookie or bearer, moderator by
// admin bearer), resume with Last-Event-ID (and across repeated reconnects), reset, heartbeats,
// Origin, bad pages.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { demoArticles, marker, sleep, startServer, waitFor } from './support/server.mjs';

const open = new Set();

const freshPage = (label) => `/it/live-sse/${label}-${randomBytes(4).toString('hex')}`;

function livePath(page, extra = {}) {
    const q = new URLSearchParams(page === undefined ? extra : { page, ...extra });
    return `/api/v1/live?${q}`;
}

/** One event stream. `events` holds {id, data (parsed), raw}; `lines` every line; `comments` the ": ..." lines. */
class SseClient {
    constructor(server, path, headers) {
        this.server = server;
        this.path = path;
        this.headers = { accept: 'text/event-stream', ...headers };
        this.lines = [];
        this.comments = [];
        this.events = [];
        this.retry = null;
        this.closed = false;
        this.waiters = new Set();
        this._partial = '';
        this._cur = { id: null, data: [] };
    }

    /** Resolves once the response head arrived: {status, headers, body (for non-200)}. */
    open(ms = 5000) {
        return new Promise((resolve, reject) => {
            const req = http.get({ host: '127.0.0.1', port: this.server.port, path: this.path, headers: this.headers, agent: false });
            this.req = req;
            const timer = setTimeout(() => {
                req.destroy();
                reject(new Error(`no response head for ${this.path} within ${ms} ms`));
            }, ms);
            req.once('error', (e) => {
                clearTimeout(timer);
                this._closed();
                reject(e);
            });
            req.once('response', (res) => {
                clearTimeout(timer);
                this.res = res;
                this.status = res.statusCode;
                this.resHeaders = res.headers;
                res.setEncoding('utf8');
                if (res.statusCode !== 200) {
                    let body = '';
                    res.on('data', (d) => (body += d));
                    res.once('end', () => {
                        this._closed();
                        resolve({ status: res.statusCode, headers: res.headers, body });
                    });
                    return;
                }
                res.on('data', (d) => this._onData(d));
                res.once('end', () => this._closed());
                res.once('close', () => this._closed());
                res.once('error', () => this._closed());
                resolve({ status: 200, headers: res.headers });
            });
        });
    }

    _closed() {
        if (this.closed) return;
        this.closed = true;
        for (const w of [...this.waiters]) w();
    }

    _onData(text) {
        const all = this._partial + text;
        const parts = all.split('\n');
        this._partial = parts.pop();
        for (const line of parts) this._line(line.replace(/\r$/, ''));
        for (const w of [...this.waiters]) w();
    }

    _line(line) {
        this.lines.push(line);
        if (line === '') {
            if (this._cur.data.length) {
                const raw = this._cur.data.join('\n');
                this.events.push({ id: this._cur.id, raw, data: JSON.parse(raw) });
            }
            this._cur = { id: null, data: [] };
            return;
        }
        if (line.startsWith(':')) {
            this.comments.push(line);
            return;
        }
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        let value = i < 0 ? '' : line.slice(i + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') this._cur.data.push(value);
        else if (field === 'id') this._cur.id = value;
        else if (field === 'retry') this.retry = Number(value);
    }

    /** Parsed data of every event so far. */
    data() {
        return this.events.map((e) => e.data);
    }

    /** The last `id:` seen (what a browser sends back as Last-Event-ID). */
    lastId() {
        return this.events.filter((e) => e.id !== null).at(-1)?.id ?? null;
    }

    /** Resolves with the first event (its parsed data) at index >= from matching pred. */
    nextAt(pred, { from = 0, ms = 5000, what = 'an event' } = {}) {
        return new Promise((resolve, reject) => {
            let i = from;
            const check = () => {
                for (; i < this.events.length; i++) {
                    if (pred(this.events[i].data, this.events[i])) {
                        done();
                        resolve({ msg: this.events[i].data, event: this.events[i], index: i });
                        return;
                    }
                }
                if (this.closed) {
                    done();
                    reject(new Error(`stream closed before ${what}; last: ${this.events.slice(-5).map((e) => e.raw).join(' | ')}`));
                }
            };
            const timer = setTimeout(() => {
                done();
                reject(new Error(`timed out after ${ms} ms waiting for ${what}; last: ${this.events.slice(-5).map((e) => e.raw).join(' | ')}`));
            }, ms);
            const done = () => {
                clearTimeout(timer);
                this.waiters.delete(check);
            };
            this.waiters.add(check);
            check();
        });
    }

    async next(pred, opts) {
        return (await this.nextAt(pred, opts)).msg;
    }

    close() {
        this.req?.destroy();
        this._closed();
    }
}

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
        assert.match(s.hello.connection, /^c\d+-[0-9a-f]{16}$/);
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

    test('heartbeat comments ": keep-alive" every 15 s on an idle stream', { timeout: 30000 }, async () => {
        const s = await stream(server, freshPage('heartbeat'));
        const t0 = Date.now();
        await waitFor(() => s.comments.includes(': keep-alive'), { ms: 17000, every: 100, what: 'a keep-alive comment' });
        const took = Date.now() - t0;
        assert.ok(took >= 13000, `first heartbeat after ${took} ms`);
        assert.equal(s.closed, false);
    });
});
