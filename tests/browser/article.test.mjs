// The article page in a real browser (Debian's Chromium through playwright-core): post a comment
// with and without JavaScript, see the feedback, approve through the API, see it published to
// another reader, check that markup in a comment stays text, and keep a full-page screenshot.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ROOT, approve, demoArticles, marker, startServer, walkComments } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const THANKS = 'Thank you! Your submission has been received!';
const PENDING = 'Your comment will appear once approved by a moderator.';
const WAIT_MS = 15000;

function screenshotDir() {
    const build = process.env.TRIBUNE_BUILD_DIR || 'build';
    return join(isAbsolute(build) ? build : join(ROOT, build), 'screenshots');
}

/** The main comment form of an article page (the one without a parent_id). */
async function mainForm(page) {
    const withoutParent = page.locator('form[action$="/comments"]:not(:has(input[name="parent_id"]))');
    if (await withoutParent.count()) return withoutParent.first();
    return page.locator('form[action$="/comments"]').first();
}

describe('article page in Chromium', { timeout: 240000 }, () => {
    let server;
    let browser;
    let demo;
    const posted = []; // { text, id }

    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => {
        await browser?.close();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    /** Posts through the page's own form and waits for the success feedback and the pending notice. */
    async function postThroughForm(context, text, name) {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        const dialogs = [];
        page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
        const res = await page.goto(server.baseUrl + demo.main, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        await page.locator('video').first().waitFor({ state: 'attached', timeout: WAIT_MS });
        await page.getByText('04:53').first().waitFor({ state: 'visible', timeout: WAIT_MS });

        const form = await mainForm(page);
        await form.waitFor({ state: 'visible', timeout: WAIT_MS });
        const nameField = form.locator('[name="author_name"]');
        if (await nameField.count() && await nameField.first().isVisible()) await nameField.first().fill(name);
        await form.locator('textarea[name="text"]').fill(text);
        await form.locator('button[type="submit"], input[type="submit"], button:not([type])').first().click();

        await page.getByText(THANKS).first().waitFor({ state: 'visible', timeout: WAIT_MS });
        await page.getByText(PENDING).first().waitFor({ state: 'visible', timeout: WAIT_MS });

        // Find the new comment through the staff API: it must be pending, with exactly the typed text.
        const pending = await walkComments(server.admin(), demo.main, { status: 'pending', limit: 100 });
        const mine = pending.find((c) => c.text === text);
        assert.ok(mine, `the typed text arrived exactly as typed: ${JSON.stringify(text)}`);
        assert.equal(mine.status, 'pending');

        // The author's page shows their own pending comment, with the notice on it.
        const own = page.locator(`[id="comment-${mine.id}"]`);
        await own.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.ok((await own.innerText()).includes(PENDING), 'pending notice on the own comment');
        assert.deepEqual(dialogs, [], 'no dialog opened');
        assert.deepEqual(errors, [], 'no uncaught script errors');
        await page.close();
        return mine;
    }

    test('post with JavaScript enabled', async () => {
        const context = await browser.newContext();
        try {
            const text = `<img src=x onerror=alert(1)> posted with scripts ${marker()}`;
            const c = await postThroughForm(context, text, 'Scripted Reader');
            posted.push(c);
        } finally {
            await context.close();
        }
    });

    test('post with JavaScript disabled', async () => {
        const context = await browser.newContext({ javaScriptEnabled: false });
        try {
            const text = `Posted without scripts ${marker()}`;
            const c = await postThroughForm(context, text, 'Plain Reader');
            posted.push(c);
        } finally {
            await context.close();
        }
    });

    test('after approval another reader sees both; markup stays text', async () => {
        assert.equal(posted.length, 2, 'both posts succeeded');
        for (const c of posted) await approve(server, c.id);

        const context = await browser.newContext();
        try {
            const page = await context.newPage();
            const dialogs = [];
            page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
            for (const c of posted) {
                // New comments sit after the first page (oldest first): follow "Load More Comments".
                await page.goto(server.baseUrl + demo.main, { waitUntil: 'load', timeout: WAIT_MS });
                for (let i = 0; i < 20 && (await page.locator(`[id="comment-${c.id}"]`).count()) === 0; i++) {
                    const more = page.getByRole('link', { name: 'Load More Comments' }).first();
                    assert.ok(await more.count(), `"Load More Comments" to reach ${c.id}`);
                    const href = await more.getAttribute('href');
                    await page.goto(new URL(href, page.url()).href, { waitUntil: 'load', timeout: WAIT_MS });
                }
                const el = page.locator(`[id="comment-${c.id}"]`);
                await el.waitFor({ state: 'visible', timeout: WAIT_MS });
                const body = el.locator('.comment-text').first();
                assert.equal(await body.count(), 1, '.comment-text inside the comment');
                assert.equal((await body.innerText()).trim(), c.text, 'shown exactly as typed, as text');
                assert.equal(await el.locator('.comment-text img').count(), 0, 'no <img> element inside .comment-text');
                assert.ok(!(await el.innerText()).includes(PENDING), 'no pending notice once published');
            }
            assert.deepEqual(dialogs, [], 'no alert ran');

            // Back at the top for the screenshot, with scripts on as most readers have them.
            await page.goto(server.baseUrl + demo.main, { waitUntil: 'load', timeout: WAIT_MS });
            const dir = screenshotDir();
            await mkdir(dir, { recursive: true });
            const file = join(dir, 'article.png');
            await page.screenshot({ path: file, fullPage: true });
            const count = (await server.client().counts([demo.main])).json.counts[demo.main];
            assert.equal(count, demo.counts[demo.main] + 2, 'count +2 after approving both');
            await page.getByText(new RegExp(`\\b${count}\\s+Comments\\b`)).first().waitFor({ state: 'visible', timeout: WAIT_MS });
        } finally {
            await context.close();
        }
    });
});
