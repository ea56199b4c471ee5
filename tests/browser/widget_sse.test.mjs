// The embeddable widget (<tribune-comments>, web/embed.js in "widget" mode) on a plain HTML page
// served from ANOTHER origin than the Tribune server, in browsers without WebSocket: the live
// connection falls back to Server-Sent Events. Over SSE it shows presence, sends typing with
// POST /api/v1/live/typing, and proves the author's token with POST /api/v1/live/auth (the widget
// sends no cookies across origins), so the author sees a moderator's edit of their own pending
// comment live, while the other reader sees nothing of it until it is approved.
//
// TRIBUNE_EMBED_FROM_DISK=1 serves web/embed.js from the working tree instead of the binary's copy.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { waitFor } from '../integration/support/server.mjs';
import { embedFromDisk, startWidgetWorld } from './support/widget_host.mjs';

const THANKS = 'Thank you! Your submission has been received!';
const PENDING = 'Your comment will appear once approved by a moderator.';
const TYPING = 'Someone is typing...';
const WAIT_MS = 15000;
const PAGE_KEY = '/notes/ferry-pier-sse';

describe('embeddable widget on another origin, live over SSE', { timeout: 240000 }, () => {
    let world;
    let tribune;
    let hostUrl;
    let browser;
    let A;            // the author (SSE only)
    let B;            // another reader (SSE only)
    let commentId;    // A's pending comment
    let marker;       // in every version of its text
    let finalText;    // its text after the moderator's last edit
    const readers = [];

    after(async () => {
        for (const r of readers.splice(0)) await r.context.close().catch(() => {});
        await world?.close();
    });

    before(async () => {
        world = await startWidgetWorld(PAGE_KEY);
        ({ tribune, hostUrl, browser } = world);
        assert.notEqual(new URL(hostUrl).origin, new URL(tribune.baseUrl).origin, 'two different origins');
    });

    /** A reader whose page has no WebSocket at all (embed.js then goes to EventSource at once). */
    async function openSseReader(label) {
        const context = await browser.newContext();
        await context.addInitScript(() => { delete window.WebSocket; window.WebSocket = undefined; });
        await embedFromDisk(context);
        const page = await context.newPage();
        const reader = { label, context, page, errors: [], consoleErrors: [], requests: [], responses: [], websockets: [],
            w: page.locator('tribune-comments') };
        page.on('pageerror', (e) => reader.errors.push(String(e)));
        page.on('console', (m) => { if (m.type() === 'error') reader.consoleErrors.push(m.text()); });
        page.on('websocket', (ws) => reader.websockets.push(ws.url()));
        page.on('request', (req) => {
            const url = new URL(req.url());
            if (url.origin !== tribune.baseUrl) return;
            const entry = { at: Date.now(), method: req.method(), path: url.pathname, search: url.search, type: req.resourceType(),
                postData: req.postData(), headers: null };
            reader.requests.push(entry);
            req.allHeaders().then((h) => { entry.headers = h; }, () => {});
        });
        page.on('response', (res) => {
            const url = new URL(res.url());
            if (url.origin !== tribune.baseUrl) return;
            reader.responses.push({ at: Date.now(), method: res.request().method(), path: url.pathname, search: url.search, status: res.status() });
        });
        const res = await page.goto(`${hostUrl}/?page=${encodeURIComponent(PAGE_KEY)}`, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        assert.equal(await page.evaluate(() => typeof window.WebSocket), 'undefined', `${label}: no WebSocket in the page`);
        readers.push(reader);
        return reader;
    }

    const activeOf = (r) => r.w.locator('.active-readers').innerText({ timeout: WAIT_MS });
    const typingShown = (r) => r.w.locator('[data-typing]').isVisible();
    const debug = (r) => `\n${r.label} requests: ${JSON.stringify(r.requests.map((q) => `${q.method} ${q.path}${q.search}`))}` +
        `\n${r.label} responses: ${JSON.stringify(r.responses.map((q) => `${q.status} ${q.method} ${q.path}`))}` +
        `\n${r.label} console errors: ${JSON.stringify(r.consoleErrors)}\n${tribune.tail(15)}`;

    /** Waits for a POST /api/v1/live/auth from `r` after `since`, answered; returns its response. */
    async function liveAuthAfter(r, since, what) {
        return waitFor(() => r.responses.find((x) => x.at >= since && x.method === 'POST' && x.path === '/api/v1/live/auth'),
            { ms: WAIT_MS, what: `${what}${debug(r)}` });
    }

    /**
     * Records, in B's page, every time a comment article containing `text` is in the widget's
     * shadow DOM (with its status), from now on: a pending comment showing up even for a moment is caught.
     */
    async function watchFor(r, text) {
        await r.page.evaluate((needle) => {
            const root = document.querySelector('tribune-comments').shadowRoot;
            window.__seen = [];
            const check = () => {
                for (const a of root.querySelectorAll('article.comment')) {
                    if (a.textContent.includes(needle)) window.__seen.push({ id: a.dataset.id, status: a.dataset.status });
                }
            };
            check();
            new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
        }, text);
    }
    const seenIn = (r) => r.page.evaluate(() => window.__seen);

    test('two SSE-only readers: both connect over the event stream and show "Active: 2"', async () => {
        A = await openSseReader('A');
        B = await openSseReader('B');
        for (const r of [A, B]) {
            await waitFor(async () => (await activeOf(r)).trim() === 'Active: 2',
                { ms: WAIT_MS, what: `${r.label} to show "Active: 2" (shows ${await activeOf(r).catch(() => '?')})${debug(r)}` });
            await r.w.locator('form.comment-form:not(.reply-form) button[type="submit"]:not([disabled])')
                .waitFor({ state: 'visible', timeout: WAIT_MS });

            const streams = await waitFor(() => {
                const s = r.requests.filter((q) => q.method === 'GET' && q.path === '/api/v1/live' && q.headers);
                return s.length ? s : null;
            }, { ms: WAIT_MS, what: `${r.label} to request /api/v1/live${debug(r)}` });
            const stream = streams[0];
            assert.match(stream.headers.accept || '', /text\/event-stream/, `${r.label}: the live request asks for an event stream (${JSON.stringify(stream.headers)})`);
            assert.equal(stream.type, 'eventsource', `${r.label}: made by EventSource`);
            assert.equal(new URLSearchParams(stream.search).get('page'), PAGE_KEY);
            assert.equal(stream.headers.upgrade, undefined, `${r.label}: no upgrade`);
            const answered = r.responses.find((x) => x.path === '/api/v1/live' && x.method === 'GET');
            assert.equal(answered?.status, 200, `${r.label}: the event stream is answered 200`);
            assert.equal(streams.length, 1, `${r.label}: one stream, no reconnects${debug(r)}`);
            assert.deepEqual(r.websockets, [], `${r.label}: no WebSocket was opened`);
        }
    });

    test('typing over POST /api/v1/live/typing shows in A, not in B', async () => {
        const box = B.w.locator('form.comment-form:not(.reply-form) textarea');
        await box.click();
        let typistSawIt = false;
        const until = Date.now() + 2500;
        while (Date.now() < until) {
            await box.pressSequentially('hmm ', { delay: 60 });
            typistSawIt ||= await typingShown(B);
        }
        await A.w.getByText(TYPING).waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch((e) => { throw new Error(`A never showed "${TYPING}": ${e.message}${debug(B)}`); });
        typistSawIt ||= await typingShown(B);
        assert.equal(typistSawIt, false, 'the typist never sees their own typing');

        const posts = B.requests.filter((q) => q.method === 'POST' && q.path === '/api/v1/live/typing');
        assert.ok(posts.length >= 1, `B sent typing over POST /api/v1/live/typing${debug(B)}`);
        const q = new URLSearchParams(posts[0].search);
        assert.equal(q.get('page'), PAGE_KEY);
        assert.ok(q.get('connection'), 'typing names the stream\'s connection');
        const answers = B.responses.filter((x) => x.method === 'POST' && x.path === '/api/v1/live/typing');
        assert.ok(answers.length >= 1 && answers.every((x) => x.status === 204), `typing answered 204: ${JSON.stringify(answers)}`);
        assert.equal(A.requests.filter((x) => x.path === '/api/v1/live/typing').length, 0, 'A did not type');
        assert.deepEqual([...A.websockets, ...B.websockets], [], 'still no WebSocket');

        await box.fill('');
        await waitFor(async () => !(await typingShown(A)), { ms: 7000, every: 100, what: 'the typing indicator to expire within ~7 s' });
    });

    test('anonymous post: pending for A; a moderator\'s edit reaches A live over SSE after POST /api/v1/live/auth; B sees nothing', async () => {
        marker = `sse-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
        const text = `Pending over SSE ${marker}`;
        await watchFor(B, marker);

        assert.equal(await A.page.evaluate((k) => localStorage.getItem(k), `tribune:author:${tribune.baseUrl}`), null,
            'A starts without an author token');
        assert.equal(A.requests.filter((q) => q.path === '/api/v1/live/auth').length, 0, 'no auth before A has a token');

        const postedAt = Date.now();
        const form = A.w.locator('form.comment-form:not(.reply-form)');
        await form.locator('textarea').fill(text);
        await form.getByRole('button', { name: 'Post comment' }).click();
        await A.w.getByText(THANKS).waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch(async (e) => {
                const shown = await A.w.locator('.feedback').allTextContents().catch(() => []);
                throw new Error(`no success feedback: ${e.message}\nwidget feedback: ${JSON.stringify(shown)}${debug(A)}`);
            });
        const own = A.w.locator('article.comment', { hasText: marker });
        await own.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.ok((await own.innerText()).includes(PENDING), 'pending notice on the own comment');
        commentId = await own.getAttribute('data-id');
        assert.ok(commentId, 'the own comment carries its id');

        const stored = await tribune.admin().getComment(commentId);
        assert.equal(stored.status, 200, stored.describe());
        assert.equal(stored.json.status, 'pending');
        assert.equal(stored.json.text, text);

        // Posting gave A an author token; the widget proves it on its event stream.
        const token = await A.page.evaluate((k) => localStorage.getItem(k), `tribune:author:${tribune.baseUrl}`);
        assert.ok(token, 'A got an author token');
        const auth = await liveAuthAfter(A, postedAt, 'A to POST /api/v1/live/auth after posting');
        assert.equal(auth.status, 204, `POST /api/v1/live/auth answered 204 (got ${auth.status})${debug(A)}`);
        const authReq = A.requests.find((q) => q.at >= postedAt && q.method === 'POST' && q.path === '/api/v1/live/auth');
        const aq = new URLSearchParams(authReq.search);
        assert.equal(aq.get('page'), PAGE_KEY);
        assert.ok(aq.get('connection'), 'auth names the stream\'s connection');
        assert.deepEqual(JSON.parse(authReq.postData), { type: 'auth', author_token: token }, 'the body is the auth frame');
        assert.equal(authReq.headers?.cookie, undefined, 'no cookies across origins');

        // The moderator edits the pending comment; only its author's (authenticated) stream hears of it.
        finalText = `Edited by the desk over SSE ${marker}`;
        const editedAt = Date.now();
        const r = await tribune.admin().editComment(commentId, finalText);
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.status, 'pending', 'still pending after the edit');
        assert.equal(r.json.text, finalText);

        await waitFor(async () => (await own.locator('.comment-text').innerText().catch(() => '')).trim() === finalText,
            { ms: WAIT_MS, every: 100, what: `A to show the edited text live (shows "${await own.locator('.comment-text').innerText().catch(() => '?')}")${debug(A)}` });
        assert.ok((await own.innerText()).includes(PENDING), 'still marked pending');
        assert.equal(await own.locator('.edited').count(), 1, 'marked (Edited)');
        assert.equal(await A.w.getByText(text, { exact: true }).count(), 0, 'the original text is gone');
        // Live, not fetched: no list or comment request since the edit, and the stream was never reopened.
        const fetched = A.requests.filter((q) => q.at >= editedAt && q.method === 'GET' && q.path.startsWith('/api/v1/comments'));
        assert.deepEqual(fetched, [], 'the edit came over the stream, not from a refetch');
        assert.equal(A.requests.filter((q) => q.method === 'GET' && q.path === '/api/v1/live').length, 1, `A kept its one stream${debug(A)}`);
        assert.deepEqual(A.websockets, [], 'A never opened a WebSocket');

        assert.equal(await B.w.getByText(marker).count(), 0, 'B does not show the pending comment');
        assert.deepEqual(await seenIn(B), [], 'B never showed the pending comment');
        assert.equal(B.requests.filter((q) => q.path === '/api/v1/live/auth').length, 0, 'B has no token to prove');
    });

    test('after a reload A proves its stored token on hello and still gets the edits live', async () => {
        assert.ok(commentId, 'needs the pending comment from the previous test');
        const reloadedAt = Date.now();
        await A.page.reload({ waitUntil: 'load', timeout: WAIT_MS });
        const own = A.w.locator(`article.comment[data-id="${commentId}"]`);
        await own.waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch((e) => { throw new Error(`A's pending comment not listed after reload: ${e.message}${debug(A)}`); });
        assert.equal((await own.locator('.comment-text').innerText()).trim(), finalText);
        assert.ok((await own.innerText()).includes(PENDING));

        const auth = await liveAuthAfter(A, reloadedAt, 'A to POST /api/v1/live/auth on hello after the reload');
        assert.equal(auth.status, 204, `POST /api/v1/live/auth answered 204 (got ${auth.status})`);
        await waitFor(async () => (await activeOf(A)).trim() === 'Active: 2' && (await activeOf(B)).trim() === 'Active: 2',
            { ms: WAIT_MS, what: `both to show "Active: 2" again (A: ${await activeOf(A).catch(() => '?')}, B: ${await activeOf(B).catch(() => '?')})` });

        const text = `Edited twice by the desk ${marker}`;
        const editedAt = Date.now();
        const r = await tribune.admin().editComment(commentId, text);
        assert.equal(r.status, 200, r.describe());
        await waitFor(async () => (await own.locator('.comment-text').innerText().catch(() => '')).trim() === text,
            { ms: WAIT_MS, every: 100, what: `A to show the second edit live (shows "${await own.locator('.comment-text').innerText().catch(() => '?')}")${debug(A)}` });
        finalText = text;
        const fetched = A.requests.filter((q) => q.at >= editedAt && q.method === 'GET' && q.path.startsWith('/api/v1/comments'));
        assert.deepEqual(fetched, [], 'the edit came over the stream, not from a refetch');
        assert.deepEqual(A.websockets, [], 'A never opened a WebSocket');
        assert.deepEqual(await seenIn(B), [], 'B never showed the pending comment');
    });

    test('approval reaches B live over SSE, with the edited text', async () => {
        assert.ok(commentId, 'needs the pending comment from the previous tests');
        const navigationsBefore = B.requests.filter((q) => q.type === 'document').length;
        const r = await tribune.admin().moderate(commentId, 'approve');
        assert.equal(r.status, 200, r.describe());

        const arrived = B.w.locator(`article.comment[data-id="${commentId}"]`);
        await waitFor(async () => {
            if (await arrived.count()) return true;
            const show = B.w.getByRole('button', { name: /^Show \d+ new comments?$/ });
            if (await show.count() && await show.isVisible()) await show.click();
            return false;
        }, { ms: WAIT_MS, every: 100, what: `the approved comment ${commentId} to arrive live in B${debug(B)}` });
        assert.equal((await arrived.locator('.comment-text').innerText()).trim(), finalText);
        assert.equal(await arrived.getAttribute('data-status'), 'approved');
        assert.equal(await arrived.locator('.pending-notice').count(), 0);

        // Everything B ever rendered of it was the approved comment (the stream is ordered: a leak of
        // the pending one would have been recorded before this arrived).
        const seen = await seenIn(B);
        assert.ok(seen.length > 0, 'the observer saw it arrive');
        assert.deepEqual([...new Set(seen.map((s) => `${s.id}:${s.status}`))], [`${commentId}:approved`], JSON.stringify(seen.slice(0, 5)));
        assert.equal(B.requests.filter((q) => q.type === 'document').length, navigationsBefore, 'B was not reloaded');
        assert.equal(B.requests.filter((q) => q.method === 'GET' && q.path === '/api/v1/live').length, 1, `B kept its one stream${debug(B)}`);

        const own = A.w.locator(`article.comment[data-id="${commentId}"]`);
        await waitFor(async () => !(await own.innerText()).includes(PENDING), { ms: WAIT_MS, what: 'A\'s pending notice to go once approved' });
        for (const x of [A, B]) {
            assert.deepEqual(x.websockets, [], `${x.label}: no WebSocket`);
            assert.deepEqual(x.errors, [], `${x.label}: no script errors`);
        }
    });
});
