// The replay window, black-box: with TRIBUNE_REPLAY_WINDOW_SECONDS=1 a reconnect right after an
// event replays it, and once the window has passed the same resume point gets {"type":"reset"}
// instead (the client must reload), over WebSocket (last_event_id) and SSE (Last-Event-ID).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { marker, sleep, startServer } from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';
import { WsClient } from '../support/ws_client.mjs';

const freshPage = (label) => `/it/live-window/${label}-${randomBytes(4).toString('hex')}`;
const open = new Set();

async function connectWs(server, page, query = {}) {
    const ws = await WsClient.connect({ port: server.port, path: livePath(page, query) });
    open.add(ws);
    ws.once('close', () => open.delete(ws));
    ws.hello = await ws.next((m) => m.type === 'hello', { what: 'hello' });
    return ws;
}

async function connectSse(server, page, headers = {}) {
    const s = new SseClient(server, livePath(page), headers);
    open.add(s);
    const head = await s.open();
    assert.equal(head.status, 200, `SSE ${s.path}: ${head.status} ${head.body}`);
    s.hello = await s.next((m) => m.type === 'hello', { what: 'hello' });
    return s;
}

async function adminPost(server, page) {
    const r = await server.admin().postComment({ page, text: marker('window') });
    assert.equal(r.status, 201, r.describe());
    return r.json.comment;
}

/** What a resume brings: 'replay' (the comment event came again) or 'reset'. */
async function resumeOutcome(client, commentId) {
    const m = await client.next((f) => f.type === 'reset' || (f.type === 'comment.created' && f.comment.id === commentId),
        { ms: 3000, what: `a replay of ${commentId} or a reset` });
    return m.type === 'reset' ? 'reset' : 'replay';
}

/**
 * Reconnects (`reconnect()` resolves with a client) every 500 ms until a resume gets a reset;
 * returns {client, at} or throws after `ms`. Every attempt before it must replay the event.
 */
async function pollForReset(reconnect, commentId, ms = 10000) {
    const deadline = Date.now() + ms;
    const outcomes = [];
    for (;;) {
        const c = await reconnect();
        const outcome = await resumeOutcome(c, commentId);
        outcomes.push(outcome);
        if (outcome === 'reset') return { client: c, outcomes, at: Date.now() };
        c.close();
        if (Date.now() > deadline) throw new Error(`no reset within ${ms} ms: ${outcomes.join(', ')}`);
        await sleep(500); // let the window pass between attempts
    }
}

describe('live: replay window (TRIBUNE_REPLAY_WINDOW_SECONDS=1)', { timeout: 60000 }, () => {
    let server;
    after(async () => {
        for (const c of open) c.close();
        open.clear();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_REPLAY_WINDOW_SECONDS: '1' } });
    });

    test('WebSocket: a reconnect at once replays the missed event; after the window the same last_event_id gets a reset', async () => {
        const page = freshPage('ws');
        const ws = await connectWs(server, page);
        const from = ws.hello.event_id;
        const c = await adminPost(server, page);
        const created = await ws.next((m) => m.type === 'comment.created' && m.comment.id === c.id, { what: 'the comment event' });
        const postedAt = Date.now();
        assert.ok(from < created.event_id, `hello event_id ${from} is before the comment's ${created.event_id}`);
        await ws.close();

        const back = await connectWs(server, page, { last_event_id: String(from) });
        assert.equal(await resumeOutcome(back, c.id), 'replay', 'an immediate reconnect replays the event');
        const replayed = back.json().find((m) => m.type === 'comment.created');
        assert.equal(replayed.event_id, created.event_id);
        assert.ok(!back.json().some((m) => m.type === 'reset'), 'no reset inside the window');
        await back.close();

        const { client, outcomes, at } = await pollForReset(() => connectWs(server, page, { last_event_id: String(from) }), c.id);
        assert.ok(at - postedAt >= 1000, `reset only after the 1 s window (${at - postedAt} ms; ${outcomes.join(', ')})`);
        assert.ok(!client.json().some((m) => m.type === 'comment.created'), 'the reset comes instead of the replay');
        assert.equal(client.json()[0].type, 'hello');
        // The stream still works after the reset.
        const c2 = await adminPost(server, page);
        await client.next((m) => m.type === 'comment.created' && m.comment.id === c2.id, { what: 'a live event after the reset' });
    });

    test('SSE: the same with Last-Event-ID', async () => {
        const page = freshPage('sse');
        const s = await connectSse(server, page);
        const from = String(s.hello.event_id);
        const c = await adminPost(server, page);
        const { event } = await s.nextAt((m) => m.type === 'comment.created' && m.comment.id === c.id, { what: 'the comment event' });
        const postedAt = Date.now();
        assert.ok(BigInt(from) < BigInt(event.id), `hello event_id ${from} is before the comment's id ${event.id}`);
        s.close();

        const back = await connectSse(server, page, { 'last-event-id': from });
        assert.equal(await resumeOutcome(back, c.id), 'replay', 'an immediate reconnect replays the event');
        back.close();

        const { client, outcomes, at } = await pollForReset(() => connectSse(server, page, { 'last-event-id': from }), c.id);
        assert.ok(at - postedAt >= 1000, `reset only after the 1 s window (${at - postedAt} ms; ${outcomes.join(', ')})`);
        assert.ok(!client.data().some((m) => m.type === 'comment.created'), 'the reset comes instead of the replay');
        client.close();
    });
});
