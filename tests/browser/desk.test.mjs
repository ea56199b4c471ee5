// The moderation desk (/admin) in a real browser (Debian's Chromium through playwright-core): a
// moderator logs in through the desk's form, a reader's new comment arrives in the Pending queue
// without a reload (web/desk.js, WebSocket on the staff channel "tribune:desk"), the moderator
// focuses it with `j` and approves it with `a`, and readers see it published; without scripts the
// Approve button's form approves through POST-redirect-GET. Screenshots: build/screenshots/
// desk-queue.png and desk-approved.png.
//
// TRIBUNE_BIN picks the binary (default build/tribune). TRIBUNE_DESK_FROM_DISK=1 serves
// web/desk.js from the working tree instead of the copy compiled into the binary (or, set to a
// file path, that file).

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ROOT, createComment, createUser, demoArticles, marker, startServer, waitFor } from '../integration/support/server.mjs';

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

async function screenshot(page, name) {
    const dir = screenshotDir();
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, name), fullPage: true });
}

describe('moderation desk in Chromium', { timeout: 240000 }, () => {
    let server;
    let browser;
    let demo;
    let moderator;
    const contexts = [];

    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => {
        for (const c of contexts.splice(0)) await c.close().catch(() => {});
        await browser?.close();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
        moderator = await createUser(server, { role: 'moderator', name: 'Desk Moderator' });
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    async function newContext(opts = {}) {
        const context = await browser.newContext(opts);
        contexts.push(context);
        const fromDisk = process.env.TRIBUNE_DESK_FROM_DISK;
        if (fromDisk) {
            const body = await readFile(fromDisk === '1' ? join(ROOT, 'web', 'desk.js') : fromDisk, 'utf8');
            await context.route(/\/static\/desk\.js(\?.*)?$/, (route) =>
                route.fulfill({ status: 200, contentType: 'text/javascript', body }));
        }
        return context;
    }

    /** A page that records uncaught script errors and never accepts a dialog. */
    async function newPage(context) {
        const page = await context.newPage();
        page.errors = [];
        page.dialogs = [];
        page.on('pageerror', (e) => page.errors.push(String(e)));
        page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
        return page;
    }

    /** Opens /admin, is sent to the login form, logs in there and lands on the Pending queue. */
    async function logIn(page) {
        await page.goto(`${server.baseUrl}/admin`, { waitUntil: 'load', timeout: WAIT_MS });
        const url = new URL(page.url());
        assert.equal(url.pathname, '/admin/login', 'an anonymous visitor is sent to the login form');
        assert.equal(url.searchParams.get('next'), '/admin');
        await page.getByLabel('Email').fill(moderator.email);
        await page.getByLabel('Password').fill(moderator.password);
        await Promise.all([
            page.waitForURL((u) => u.pathname === '/admin', { timeout: WAIT_MS }),
            page.getByRole('button', { name: 'Log in' }).click(),
        ]);
        await page.locator('h1.page-title', { hasText: 'Pending' }).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await page.locator('.desk-tabs a[aria-current="page"]').getAttribute('data-queue'), 'pending');
        assert.equal((await page.locator('.desk-staff-name').innerText()).trim(), moderator.name);
        assert.equal(await page.locator('[data-desk-items]').getAttribute('data-queue'), 'pending');
    }

    const pendingCount = async (page) =>
        Number((await page.locator('.desk-count[data-count="pending"]').innerText({ timeout: WAIT_MS })).trim());

    /** The reader's page of the article, scrolled through "Load More Comments" until comment `id` is there. */
    async function findOnArticle(page, id) {
        await page.goto(server.baseUrl + demo.main, { waitUntil: 'load', timeout: WAIT_MS });
        for (let i = 0; i < 20 && (await page.locator(`[id="comment-${id}"]`).count()) === 0; i++) {
            const more = page.getByRole('link', { name: 'Load More Comments' }).first();
            assert.ok(await more.count(), `"Load More Comments" to reach comment ${id}`);
            await page.goto(new URL(await more.getAttribute('href'), page.url()).href, { waitUntil: 'load', timeout: WAIT_MS });
        }
        const el = page.locator(`[id="comment-${id}"]`);
        await el.waitFor({ state: 'visible', timeout: WAIT_MS });
        return el;
    }

    test('a pending comment arrives live on the desk, "a" approves it, and readers see it', async () => {
        // Moderator (context A): log in through the form; watch the desk's WebSocket.
        const deskContext = await newContext();
        const desk = await newPage(deskContext);
        const frames = [];
        desk.on('websocket', (ws) => {
            ws.on('framereceived', (f) => {
                try { frames.push({ url: ws.url(), ...JSON.parse(String(f.payload)) }); } catch { /* not JSON */ }
            });
        });
        await logIn(desk);
        await desk.locator('.desk-shortcut-hint').waitFor({ state: 'visible', timeout: WAIT_MS }); // desk.js ran
        await waitFor(() => frames.some((f) => f.type === 'hello' && /page=tribune%3Adesk/.test(f.url)),
            { ms: WAIT_MS, what: `the desk's live stream to say hello\n${server.tail(15)}` });
        const countBefore = await pendingCount(desk);
        await desk.evaluate(() => { window.__sameDocument = true; });

        // Reader (context B): post through the article page's form, scripts on.
        const readerContext = await newContext();
        const reader = await newPage(readerContext);
        const res = await reader.goto(server.baseUrl + demo.main, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        const text = `Desk arrival ${marker('desk')}`;
        const form = reader.locator('#comments form.comment-form:not(.reply-form)').first();
        await form.waitFor({ state: 'visible', timeout: WAIT_MS });
        const nameField = form.locator('[name="author_name"]');
        if (await nameField.count() && await nameField.first().isVisible()) await nameField.first().fill('Desk Reader');
        await form.locator('textarea[name="text"]').fill(text);
        await form.locator('button[type="submit"]').click();
        await reader.getByText(THANKS).first().waitFor({ state: 'visible', timeout: WAIT_MS });
        const own = reader.locator('#comments article.comment', { hasText: text }).first();
        await own.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.ok((await own.innerText()).includes(PENDING), 'the author sees the pending notice');
        const id = await own.getAttribute('data-id');
        assert.ok(id, 'the new comment carries data-id');
        assert.equal((await server.client().getComment(id)).status, 404, 'pending: not public yet');

        // The desk: the item arrives on its own, on top, counted and announced.
        const item = desk.locator(`.desk-item[data-id="${id}"]`);
        await item.waitFor({ state: 'visible', timeout: WAIT_MS }).catch((e) => {
            throw new Error(`comment ${id} never arrived in the Pending queue without a reload: ${e.message}\n` +
                `frames: ${JSON.stringify(frames.slice(-5))}\n${server.tail(15)}`);
        });
        assert.equal(await desk.evaluate(() => window.__sameDocument), true, 'no reload happened');
        assert.equal((await item.locator('.desk-text').innerText()).trim(), text);
        assert.equal(await item.getAttribute('data-status'), 'pending');
        assert.match(await item.getAttribute('class'), /\bis-new\b/);
        assert.equal(await item.locator('form.desk-action-approve button').count(), 1, 'it has an Approve button');
        await desk.locator('form#desk-bulk').waitFor({ state: 'visible', timeout: WAIT_MS }); // its checkbox has a form to join
        if (countBefore === 0) assert.equal(await desk.locator('[data-desk-empty]').isVisible(), false, 'no empty-queue message over an item');
        await waitFor(async () => (await pendingCount(desk)) === countBefore + 1,
            { ms: WAIT_MS, what: `the Pending tab count to become ${countBefore + 1}` });
        await waitFor(async () => (await desk.locator('[data-desk-live]').textContent()) === `New in pending: comment ${id}`,
            { ms: WAIT_MS, what: 'the arrival to be announced in the aria-live region' });
        await screenshot(desk, 'desk-queue.png');

        // The keyboard: j until the new item has the focus ring (and the DOM focus), then a.
        const focusedId = () => desk.evaluate(() => document.querySelector('.desk-item.is-focused')?.dataset.id ?? null);
        const total = await desk.locator('.desk-item').count();
        await desk.locator('h1.page-title').click(); // the document has the keyboard, outside any field
        for (let i = 0; i < total && (await focusedId()) !== id; i++) await desk.keyboard.press('j');
        assert.equal(await focusedId(), id, '"j" reaches the new item');
        assert.equal(await desk.evaluate(() => document.activeElement?.dataset?.id ?? null), id, 'the item has the DOM focus');
        await desk.keyboard.press('a');

        await item.waitFor({ state: 'detached', timeout: WAIT_MS }).catch((e) => {
            throw new Error(`the approved item stayed in the Pending list: ${e.message}\n${server.tail(15)}`);
        });
        await waitFor(async () => (await pendingCount(desk)) === countBefore,
            { ms: WAIT_MS, what: `the Pending tab count to return to ${countBefore}` });
        await waitFor(async () => (await desk.locator('[data-desk-live]').textContent()) === `Approved: comment ${id}`,
            { ms: WAIT_MS, what: 'the approval to be announced in the aria-live region' });
        assert.equal(await desk.locator('.desk-item-error').count(), 0, 'no error shown on any item');
        if (countBefore === 0) {
            await desk.locator('[data-desk-empty]').waitFor({ state: 'visible', timeout: WAIT_MS });
            assert.equal(await desk.locator('form#desk-bulk').isVisible(), false, 'no bulk bar over an empty queue');
        }
        assert.equal(await desk.evaluate(() => window.__sameDocument), true, 'approved in place, no navigation');
        await screenshot(desk, 'desk-approved.png');

        // The API: public and approved.
        const api = await server.client().getComment(id);
        assert.equal(api.status, 200, api.describe());
        assert.equal(api.json.status, 'approved');
        assert.equal(api.json.text, text);

        // The author (B): the pending notice leaves their comment live.
        await waitFor(async () => !(await own.innerText()).includes(PENDING),
            { ms: WAIT_MS, what: 'the pending notice to leave the author\'s comment after approval' });
        assert.ok((await own.innerText()).includes(text));

        // Another reader (C), fresh: the comment is on the article, as text, without the notice.
        const otherContext = await newContext();
        const other = await newPage(otherContext);
        const el = await findOnArticle(other, id);
        assert.equal((await el.locator('.comment-text').first().innerText()).trim(), text);
        assert.ok(!(await el.innerText()).includes(PENDING));

        for (const [who, p] of [['desk', desk], ['author', reader], ['other reader', other]]) {
            assert.deepEqual(p.errors, [], `no script errors on the ${who}'s page`);
            assert.deepEqual(p.dialogs, [], `no dialog on the ${who}'s page`);
        }
    });

    test('without scripts the Approve button approves (POST-redirect-GET)', async () => {
        const text = `Desk without scripts ${marker('nojs')}`;
        const c = await createComment(server.client(), { page: demo.main, text, author_name: 'Plain Reader' });
        assert.equal(c.status, 'pending');

        const context = await newContext({ javaScriptEnabled: false });
        const desk = await newPage(context);
        await logIn(desk);
        const countBefore = await pendingCount(desk);
        const item = desk.locator(`.desk-item[data-id="${c.id}"]`);
        await item.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal((await item.locator('.desk-text').innerText()).trim(), text);

        await Promise.all([
            desk.waitForURL((u) => u.pathname === '/admin' && u.searchParams.get('done') === 'approve:1', { timeout: WAIT_MS }),
            item.getByRole('button', { name: 'Approve' }).click(),
        ]);
        await desk.locator('.feedback-ok', { hasText: 'Approved 1 comment.' }).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await item.count(), 0, 'the approved comment left the Pending list');
        assert.equal(await pendingCount(desk), countBefore - 1, 'the Pending count went down by one');

        const api = await server.client().getComment(c.id);
        assert.equal(api.status, 200, api.describe());
        assert.equal(api.json.status, 'approved');
        assert.deepEqual(desk.errors, []);
    });
});
