// Where live comments go on a busy article page (web/embed.js, page mode), in Chromium. With five
// comments on screen, new top-level comments from others wait behind "Show N new comments" (the
// default, live_insert = auto) and the ARIA live region says how many; a reply to a comment on
// screen appears under it at once. On a server with live_insert = immediate (the section's
// data-live-insert) new comments go straight into the list, announced by their author's name.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ROOT, createApproved, createComment, approve, demoArticles, startServer, waitFor } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 15000;
const ON_SCREEN = 5; // embed.js BUSY_THRESHOLD: from this many top-level comments on, new ones wait

describe('live insertion of new comments in Chromium', { timeout: 180000 }, () => {
    let browser;
    const servers = [];
    const contexts = [];

    after(async () => {
        for (const c of contexts.splice(0)) await c.close().catch(() => {});
        await browser?.close();
        for (const s of servers.splice(0)) await s.cleanup();
    });

    before(async () => {
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    /** A server whose empty demo article now has ON_SCREEN approved top-level comments. */
    async function busyServer(env = {}) {
        const server = await startServer(null, { env });
        servers.push(server);
        const demo = await demoArticles(server);
        const seeded = [];
        for (let i = 1; i <= ON_SCREEN; i++) {
            seeded.push(await createApproved(server, server.client(), { page: demo.empty, text: `Seed comment ${i}`, author_name: `Seeder ${i}` }));
        }
        return { server, page: demo.empty, seeded };
    }

    /** One reader with the article open and its live stream connected. */
    async function openReader({ server, page: path }) {
        const context = await browser.newContext();
        contexts.push(context);
        if (process.env.TRIBUNE_EMBED_FROM_DISK) {
            const body = await readFile(join(ROOT, 'web', 'embed.js'), 'utf8');
            await context.route(/\/embed\.js(\?.*)?$/, (route) =>
                route.fulfill({ status: 200, contentType: 'text/javascript', body }));
        }
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        const res = await page.goto(server.baseUrl + path, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        await waitFor(async () => (await page.locator('#comments [data-active]').innerText()).trim() === '1',
            { ms: WAIT_MS, what: `the live stream to connect (Active: 1)\n${server.tail(10)}` });
        const top = await page.locator('#comments ol.comment-list > li').count();
        assert.ok(top >= ON_SCREEN, `${top} top-level comments on screen`);
        return { page, errors };
    }

    const announced = (page) => page.locator('#comments [data-announcer]').textContent();
    const showNew = (page) => page.locator('#comments [data-show-new]');
    const shown = (page, id) => page.locator(`#comments [id="comment-${id}"]`);

    test('auto: two new comments wait behind "Show 2 new comments", announced; the button inserts them', async () => {
        const busy = await busyServer();
        const { page, errors } = await openReader(busy);
        assert.equal(await page.locator('section#comments').getAttribute('data-live-insert'), 'auto');
        assert.equal(await showNew(page).isVisible(), false, 'no button before anything new');

        const fresh = [];
        for (const n of [1, 2]) {
            const c = await createComment(busy.server.client(), { page: busy.page, text: `Late arrival ${n}`, author_name: `Latecomer ${n}` });
            await approve(busy.server, c.id);
            fresh.push(c);
        }
        await waitFor(async () => (await showNew(page).isVisible()) && (await showNew(page).innerText()).trim() === 'Show 2 new comments',
            { ms: WAIT_MS, what: `"Show 2 new comments" (shows "${await showNew(page).innerText().catch(() => '?')}")\n${busy.server.tail(10)}` });
        await waitFor(async () => (await announced(page)) === '2 new comments',
            { ms: WAIT_MS, what: `the live region to say "2 new comments" (says "${await announced(page)}")` });
        for (const c of fresh) assert.equal(await shown(page, c.id).count(), 0, 'not inserted before the click');

        await showNew(page).click();
        for (const c of fresh) await shown(page, c.id).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await showNew(page).isVisible(), false, 'the button goes once they are in');
        const order = await page.locator('#comments ol.comment-list > li > article.comment').evaluateAll((els) => els.map((e) => e.dataset.id));
        assert.deepEqual(order.slice(-2), fresh.map((c) => String(c.id)), 'appended in order at the end (oldest first)');
        assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), `comment-${fresh[0].id}`,
            'focus moves to the first new comment');
        assert.deepEqual(errors, []);
    });

    test('auto: a reply to a comment on screen appears under it at once, with no button', async () => {
        const busy = await busyServer();
        const { page, errors } = await openReader(busy);
        const parent = busy.seeded[1];
        const reply = await createComment(busy.server.client(), { page: busy.page, text: 'A reply in place', author_name: 'Replier', parent_id: parent.id });
        await approve(busy.server, reply.id);

        const inPlace = page.locator(`#comments li.thread-item:has(> article[id="comment-${parent.id}"]) > ol.replies [id="comment-${reply.id}"]`);
        await inPlace.waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch((e) => { throw new Error(`the reply never appeared under its parent: ${e.message}\n${busy.server.tail(10)}`); });
        assert.equal(await showNew(page).isVisible(), false, 'no "Show new comments" button for a reply');
        await waitFor(async () => (await announced(page)) === 'New reply from Replier',
            { ms: WAIT_MS, what: `the live region to announce the reply (says "${await announced(page)}")` });
        assert.deepEqual(errors, []);
    });

    test('live_insert = immediate: a new comment goes straight into a busy list, announced by name', async () => {
        const eager = await busyServer({ TRIBUNE_LIVE_INSERT: 'immediate' });
        const { page, errors } = await openReader(eager);
        assert.equal(await page.locator('section#comments').getAttribute('data-live-insert'), 'immediate');

        const c = await createComment(eager.server.client(), { page: eager.page, text: 'Straight in', author_name: 'Hasty' });
        await approve(eager.server, c.id);
        await shown(page, c.id).waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch((e) => { throw new Error(`the comment was not inserted at once: ${e.message}\n${eager.server.tail(10)}`); });
        assert.equal(await showNew(page).isVisible(), false, 'no button in immediate mode');
        const last = page.locator('#comments ol.comment-list > li').last().locator('> article.comment');
        assert.equal(await last.getAttribute('data-id'), String(c.id), 'appended at the end of the list');
        await waitFor(async () => (await announced(page)) === 'New comment from Hasty',
            { ms: WAIT_MS, what: `the live region to announce the comment (says "${await announced(page)}")` });
        assert.deepEqual(errors, []);
    });
});
