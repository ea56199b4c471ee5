// Live coverage in a real browser (Debian's Chromium through playwright-core): a reader keeps an
// article page open while an editor posts, edits, pins and deletes updates through the API; each
// change arrives on the open page over the live stream, without a reload, in the page's order.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { marker, sessionFor, startServer, waitFor } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 15000;

describe('live coverage on an open article page in Chromium', { timeout: 180000 }, () => {
    let server;
    let browser;
    after(async () => {
        await browser?.close();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_SEED_DEMO: 'false' } });
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    test('posted, edited, pinned and deleted updates reach the open page', async () => {
        const m = marker('lc');
        const editor = await sessionFor(server, 'editor');
        const a = await editor.post('/api/v1/articles', { title: `Flood watch ${m}`, body_markdown: 'The river rises.' });
        assert.equal(a.status, 201, a.describe());
        const slug = a.json.slug;
        const updates = `/api/v1/articles/${slug}/updates`;
        assert.equal((await editor.post(`/api/v1/articles/${slug}/live`, { live: true })).status, 200);
        const first = await editor.post(updates, { body_markdown: 'Sandbags handed out' });
        assert.equal(first.status, 201, first.describe());

        const context = await browser.newContext();
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        const res = await page.goto(`${server.baseUrl}/articles/${slug}`, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        await page.locator('.live-badge').first().waitFor({ state: 'visible', timeout: WAIT_MS });
        await page.locator(`#update-${first.json.id}`).waitFor({ state: 'visible', timeout: WAIT_MS });
        // The stream is open once presence counts this reader.
        await waitFor(async () => (await page.locator('#comments [data-active]').first().innerText()).trim() === '1',
            { ms: WAIT_MS, what: 'the page to join the live stream' });
        // Marked so a reload would be noticed: it would drop this property.
        await page.evaluate(() => { window.__noReload = true; });

        const ids = async () => page.locator('[data-update-list] article.live-update')
            .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-update-id'))));

        const second = await editor.post(updates, { body_markdown: `**Evacuation** of the lower town ${m} <img src=x onerror=alert(1)>` });
        assert.equal(second.status, 201);
        const item = page.locator(`#update-${second.json.id}`);
        await item.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await item.locator('strong').innerText(), 'Evacuation');
        assert.equal(await item.locator('img').count(), 0, 'raw HTML in an update never becomes markup');
        assert.deepEqual(await ids(), [second.json.id, first.json.id], 'newest first');

        assert.equal((await editor.patch(`${updates}/${second.json.id}`, { body_markdown: 'Evacuation **complete**' })).status, 200);
        await waitFor(async () => (await item.innerText()).includes('Evacuation complete'), { ms: WAIT_MS, what: 'the edit to arrive' });
        assert.ok((await item.innerText()).includes('Edited'));

        assert.equal((await editor.patch(`${updates}/${first.json.id}`, { pinned: true })).status, 200);
        await waitFor(async () => JSON.stringify(await ids()) === JSON.stringify([first.json.id, second.json.id]),
            { ms: WAIT_MS, what: 'the pinned update to move to the top' });
        assert.ok((await page.locator(`#update-${first.json.id}`).innerText()).includes('Pinned'));

        assert.equal((await editor.request('DELETE', `${updates}/${second.json.id}`)).status, 204);
        await item.waitFor({ state: 'detached', timeout: WAIT_MS });
        assert.deepEqual(await ids(), [first.json.id]);

        assert.equal(await page.evaluate(() => window.__noReload === true), true, 'the page was never reloaded');
        assert.deepEqual(errors, []);
        await context.close();
    });
});
