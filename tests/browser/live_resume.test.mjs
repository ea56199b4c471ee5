// Resuming the live stream after a dropped connection (web/embed.js, page mode): the reader's
// page reaches Tribune through a TCP relay that the test cuts. While the stream is down the post
// buttons are disabled ("a reader never replies to a stale view") and "Reconnecting…" shows. A
// comment approved during the outage arrives after the reconnect (last_event_id replay) while the
// buttons are still disabled, and then the forms come back and "Reconnecting…" goes.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ROOT, approve, createComment, demoArticles, startServer, waitFor } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 15000;
const RECONNECTING = 'Reconnecting…';

/** A TCP relay to 127.0.0.1:port that can drop every connection and refuse new ones. */
async function startRelay(port) {
    const sockets = new Set();
    let accepting = true;
    const relay = net.createServer((client) => {
        if (!accepting) return client.destroy();
        const upstream = net.connect(port, '127.0.0.1');
        const end = () => {
            client.destroy();
            upstream.destroy();
            sockets.delete(client);
            sockets.delete(upstream);
        };
        for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', end);
            s.on('close', end);
        }
        client.pipe(upstream);
        upstream.pipe(client);
    });
    await new Promise((resolve, reject) => {
        relay.once('error', reject);
        relay.listen(0, '127.0.0.1', resolve);
    });
    return {
        url: `http://127.0.0.1:${relay.address().port}`,
        cut() {
            accepting = false;
            for (const s of sockets) s.destroy();
        },
        restore() { accepting = true; },
        close() {
            accepting = false;
            for (const s of sockets) s.destroy();
            return new Promise((resolve) => relay.close(() => resolve()));
        },
    };
}

describe('live stream resume in Chromium', { timeout: 120000 }, () => {
    let server;
    let relay;
    let browser;
    let demo;

    after(async () => {
        await browser?.close();
        await relay?.close();
        await server?.cleanup();
    });

    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
        relay = await startRelay(server.port);
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    test('stale while disconnected, replayed on reconnect, then writable again', async () => {
        const context = await browser.newContext();
        if (process.env.TRIBUNE_EMBED_FROM_DISK) {
            const body = await readFile(join(ROOT, 'web', 'embed.js'), 'utf8');
            await context.route(/\/embed\.js(\?.*)?$/, (route) =>
                route.fulfill({ status: 200, contentType: 'text/javascript', body }));
        }
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        const sockets = [];
        page.on('websocket', (ws) => sockets.push(ws.url()));
        await page.goto(relay.url + demo.empty, { waitUntil: 'load', timeout: WAIT_MS });
        const section = page.locator('section#comments');
        const post = page.locator('#comments form.comment-form:not(.reply-form) button[type="submit"]');
        const reconnecting = page.locator('#comments [data-reconnecting]');
        await waitFor(async () => (await page.locator('#comments [data-active]').innerText()).trim() === '1',
            { ms: WAIT_MS, what: 'the live stream to connect (Active: 1)' });
        assert.equal(await post.isDisabled(), false);
        assert.equal(await reconnecting.isVisible(), false, 'no "Reconnecting…" while connected');
        assert.equal(await reconnecting.getAttribute('aria-live'), 'polite');

        relay.cut();
        await waitFor(() => post.isDisabled(), { ms: WAIT_MS, what: 'the post button to be disabled while offline' });
        assert.equal(await section.getAttribute('aria-busy'), 'true');
        await waitFor(async () => (await reconnecting.isVisible()) && (await reconnecting.innerText()).trim() === RECONNECTING,
            { ms: WAIT_MS, what: `"${RECONNECTING}" to show while offline` });

        const c = await createComment(server.client(), { page: demo.empty, text: 'Approved while you were away', author_name: 'Relay' });
        await approve(server, c.id);

        // Every change of the post button's disabled attribute and the replayed comment's arrival, in
        // the order they happened: the button's state when the comment appeared is the oldValue of
        // the next change (or its state now, when nothing changed after).
        await page.evaluate((id) => {
            const button = document.querySelector('#comments form.comment-form:not(.reply-form) button[type="submit"]');
            const log = (window.__resumeLog = []);
            const isIt = (n) => n.nodeType === 1 && (n.id === `comment-${id}` || !!n.querySelector(`[id="comment-${id}"]`));
            new MutationObserver((records) => {
                for (const r of records) {
                    if (r.type === 'attributes' && r.target === button) log.push({ disabledBefore: r.oldValue !== null });
                    else if (r.type === 'childList' && [...r.addedNodes].some(isIt)) log.push({ inserted: true });
                }
            }).observe(document.querySelector('#comments'),
                { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'], attributeOldValue: true });
        }, c.id);

        relay.restore();
        await waitFor(async () => (await page.locator(`[id="comment-${c.id}"]`).count()) > 0,
            { ms: WAIT_MS, every: 100, what: `the comment approved during the outage to be replayed\n${server.tail(10)}` });
        await waitFor(async () => !(await post.isDisabled()), { ms: WAIT_MS, what: 'the post button to come back after catch-up' });
        await waitFor(async () => !(await reconnecting.isVisible()), { ms: WAIT_MS, what: `"${RECONNECTING}" to go once caught up` });
        assert.equal((await reconnecting.textContent()).trim(), '');

        const log = await page.evaluate(() => window.__resumeLog);
        const at = log.findIndex((e) => e.inserted);
        assert.ok(at >= 0, `the replayed comment's insertion was observed: ${JSON.stringify(log)}`);
        const next = log.slice(at + 1).find((e) => 'disabledBefore' in e);
        assert.ok(next, `the button was enabled after the replayed comment arrived: ${JSON.stringify(log)}`);
        assert.equal(next.disabledBefore, true, `post was disabled when the replayed comment arrived: ${JSON.stringify(log)}`);
        assert.ok(log.slice(0, at).every((e) => !('disabledBefore' in e) || e.disabledBefore),
            `the button was never enabled before catch-up: ${JSON.stringify(log)}`);
        assert.equal(await page.locator('#comments [data-count]').innerText(), '1');
        assert.equal(await page.locator('#comments [data-empty]').isVisible(), false, 'empty state gone');
        assert.ok(sockets.slice(1).some((u) => /[?&]last_event_id=\d+/.test(u)), `reconnected with last_event_id: ${sockets.join(' ')}`);
        assert.deepEqual(errors, []);
        await context.close();
    });
});
