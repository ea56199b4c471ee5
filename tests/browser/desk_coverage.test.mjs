// Live coverage run from the desk in a real browser (Debian's Chromium through playwright-core):
// an editor logs in at the desk, opens an article, starts its live coverage at
// /admin/articles/{slug}/live, posts two updates (the second with Ctrl+Enter, web/desk_live.js),
// pins one, edits one, deletes one (confirm() with scripts; the server's own question without)
// and ends the coverage. A reader keeps the article's page open in another browser context and
// sees each change arrive without a reload: newest first, pinned first, the "Live" badge until
// the end. Screenshot: build/screenshots/desk-live.png.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ROOT, createUser, marker, startServer, waitFor } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 15000;

function screenshotDir() {
    const build = process.env.TRIBUNE_BUILD_DIR || 'build';
    return join(isAbsolute(build) ? build : join(ROOT, build), 'screenshots');
}

describe('live coverage from the desk in Chromium', { timeout: 180000 }, () => {
    let server;
    let browser;
    let editor;
    after(async () => {
        await browser?.close();  // and every context in it
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_SEED_DEMO: 'false' } });
        editor = await createUser(server, { role: 'editor', name: 'Live Editor' });
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    async function newPage(opts = {}) {
        const page = await (await browser.newContext(opts)).newPage();
        page.errors = [];
        page.on('pageerror', (e) => page.errors.push(String(e)));
        return page;
    }

    /** Submits by `act` and waits for the PRG answer: a new document at `path` (the old one was
     *  marked, so a page that merely stayed put does not count). */
    async function submitted(page, path, act) {
        await page.evaluate(() => { window.__oldDocument = true; });
        await act();
        await waitFor(async () => {
            try {
                return new URL(page.url()).pathname === path &&
                    await page.evaluate(() => !window.__oldDocument && document.readyState === 'complete');
            } catch { return false; }  // between documents
        }, { ms: WAIT_MS, what: `the answer at ${path}` });
        assert.equal((await page.locator('.feedback-error').count()), 0, await page.locator('main').innerText());
    }

    test('an editor runs the coverage; an open reader page follows it live', async () => {
        const m = marker('dl');
        const made = await server.admin().post('/api/v1/articles',
            { title: `Harbour storm ${m}`, body_markdown: 'The wind rises.', status: 'published' });
        assert.equal(made.status, 201, made.describe());
        const slug = made.json.slug;
        const deskPath = `/admin/articles/${slug}/live`;

        // The editor logs in through the desk's form and opens the article.
        const desk = await newPage();
        await desk.goto(`${server.baseUrl}/admin/articles`, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(new URL(desk.url()).pathname, '/admin/login');
        await desk.getByLabel('Email').fill(editor.email);
        await desk.getByLabel('Password').fill(editor.password);
        await submitted(desk, '/admin/articles', () => desk.getByRole('button', { name: 'Log in' }).click());
        await submitted(desk, `/admin/articles/${slug}`, () => desk.getByRole('link', { name: `Harbour storm ${m}` }).click());
        await submitted(desk, deskPath, () => desk.getByRole('link', { name: 'Live coverage' }).click());
        assert.equal(await desk.getByRole('link', { name: /Back to the editor/ }).getAttribute('href'), `/admin/articles/${slug}`);

        // The reader opens the article's page (not live yet: no badge, no updates) and joins its stream.
        const reader = await newPage();
        const res = await reader.goto(`${server.baseUrl}/articles/${slug}`, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        assert.equal(await reader.locator('.live-badge').count(), 0);
        assert.equal(await reader.locator('section[data-live-updates]').count(), 0);
        await waitFor(async () => (await reader.locator('#comments [data-active]').first().innerText()).trim() === '1',
            { ms: WAIT_MS, what: 'the reader page to join the live stream' });
        await reader.evaluate(() => { window.__noReload = true; });

        // Coverage starts: the badge comes to the open page, beside the date and on the new section.
        await submitted(desk, deskPath, () => desk.getByRole('button', { name: 'Start live coverage' }).click());
        await desk.getByText('Live coverage started').waitFor({ state: 'visible', timeout: WAIT_MS });
        await reader.locator('.story-meta > .live-badge').waitFor({ state: 'visible', timeout: WAIT_MS });
        await reader.locator('section[data-live-updates] h2 > .live-badge').waitFor({ state: 'visible', timeout: WAIT_MS });
        const readerIds = async () => reader.locator('[data-update-list] article.live-update')
            .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-update-id'))));
        const updateIds = async () => (await server.admin().get(`/api/v1/articles/${slug}/updates`)).json.updates
            .map((u) => u.id);

        // Two updates: the first with the button, the second with Ctrl+Enter from the keyboard.
        const body = desk.getByLabel('Update (Markdown)');
        await body.fill(`Ferries **stopped** ${m}`);
        await submitted(desk, deskPath, () => desk.getByRole('button', { name: 'Post update' }).click());
        const [first] = await updateIds();
        await reader.locator(`#update-${first}`).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await reader.locator(`#update-${first} strong`).innerText(), 'stopped');
        await desk.getByLabel('Update (Markdown)').focus();
        await desk.keyboard.type(`Shelters open at the school ${m}`);
        await submitted(desk, deskPath, () => desk.keyboard.press('Control+Enter'));
        await desk.getByText('Posted the update.').waitFor({ state: 'visible', timeout: WAIT_MS });
        const [second] = await updateIds();
        assert.notEqual(second, first);
        await reader.locator(`#update-${second}`).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.deepEqual(await readerIds(), [second, first], 'newest first');

        // Pin the older one: it moves to the top of the reader's list.
        const firstItem = desk.locator(`#desk-update-${first}`);
        await submitted(desk, deskPath, () => firstItem.getByRole('button', { name: /^Pin/ }).click());
        await waitFor(async () => JSON.stringify(await readerIds()) === JSON.stringify([first, second]),
            { ms: WAIT_MS, what: 'the pinned update to lead the reader page' });
        assert.ok((await reader.locator(`#update-${first}`).innerText()).includes('Pinned'));
        assert.deepEqual(await desk.locator('[data-desk-live-updates] > li').evaluateAll(
            (els) => els.map((e) => Number(e.getAttribute('data-update-id')))), [first, second], 'the desk agrees');

        // Edit the newer one in place.
        await desk.locator(`#desk-update-${second}`).getByRole('link', { name: /^Edit/ }).click();
        const editBox = desk.getByLabel('Edit the update (Markdown)');
        await editBox.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await editBox.inputValue(), `Shelters open at the school ${m}`);
        await editBox.fill(`Shelters open at the _town hall_ ${m}`);
        await submitted(desk, deskPath, () => desk.getByRole('button', { name: 'Save update' }).click());
        const edited = reader.locator(`#update-${second}`);
        await waitFor(async () => (await edited.innerText()).includes('town hall'), { ms: WAIT_MS, what: 'the edit to arrive' });
        assert.equal(await edited.locator('em').innerText(), 'town hall');
        assert.ok((await edited.innerText()).includes('Edited'));

        await mkdir(screenshotDir(), { recursive: true });
        await desk.screenshot({ path: join(screenshotDir(), 'desk-live.png'), fullPage: true });

        // Delete the newer one: the script asks with confirm(); a "no" keeps it.
        const dialogs = [];
        desk.once('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
        await desk.locator(`#desk-update-${second}`).getByRole('button', { name: /^Delete/ }).click();
        await waitFor(() => dialogs.length === 1, { ms: WAIT_MS, what: 'the confirm() question' });
        assert.match(dialogs[0], /Delete this update\?/);
        assert.equal((await updateIds()).length, 2, 'a "no" deletes nothing');
        desk.once('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
        await submitted(desk, deskPath, () => desk.locator(`#desk-update-${second}`).getByRole('button', { name: /^Delete/ }).click());
        await desk.getByText('Deleted the update.').waitFor({ state: 'visible', timeout: WAIT_MS });
        await reader.locator(`#update-${second}`).waitFor({ state: 'detached', timeout: WAIT_MS });
        assert.deepEqual(await readerIds(), [first]);

        // End the coverage: the badge leaves the open page; the updates stay.
        await submitted(desk, deskPath, () => desk.getByRole('button', { name: 'End live coverage' }).click());
        await desk.getByText('Live coverage ended.').waitFor({ state: 'visible', timeout: WAIT_MS });
        await waitFor(async () => (await reader.locator('.live-badge').count()) === 0,
            { ms: WAIT_MS, what: 'every "Live" badge to leave the reader page' });
        assert.equal(await reader.locator('section[data-live-updates]').getAttribute('data-live'), null);
        assert.deepEqual(await readerIds(), [first]);

        assert.equal(await reader.evaluate(() => window.__noReload === true), true, 'the reader page was never reloaded');
        assert.deepEqual(reader.errors, []);
        assert.deepEqual(desk.errors, []);
    });

    test('without scripts the desk asks on a page of its own before deleting', async () => {
        const made = await server.admin().post('/api/v1/articles',
            { title: `Quiet desk ${marker('dq')}`, body_markdown: 'Calm.', status: 'published' });
        const slug = made.json.slug;
        const deskPath = `/admin/articles/${slug}/live`;
        assert.equal((await server.admin().post(`/api/v1/articles/${slug}/live`, { live: true })).status, 200);
        const u = await server.admin().post(`/api/v1/articles/${slug}/updates`, { body_markdown: 'To be removed' });
        assert.equal(u.status, 201);

        const desk = await newPage({ javaScriptEnabled: false });
        // No script runs here, so each answer is told by its address (each differs from the last).
        const answered = async (wanted, act) => {
            await Promise.all([desk.waitForURL((u) => wanted(u), { timeout: WAIT_MS, waitUntil: 'load' }), act()]);
            assert.equal(await desk.locator('.feedback-error').count(), 0);
        };
        await desk.goto(`${server.baseUrl}/admin/login?next=${encodeURIComponent(deskPath)}`, { waitUntil: 'load', timeout: WAIT_MS });
        await desk.getByLabel('Email').fill(editor.email);
        await desk.getByLabel('Password').fill(editor.password);
        await answered((u) => u.pathname === deskPath, () => desk.getByRole('button', { name: 'Log in' }).click());
        const id = String(u.json.id);
        await answered((u2) => u2.searchParams.get('delete') === id,
            () => desk.locator(`#desk-update-${id}`).getByRole('button', { name: /^Delete/ }).click());
        await desk.getByText('Delete this update?').waitFor({ state: 'visible', timeout: WAIT_MS });
        const still = await server.admin().get(`/api/v1/articles/${slug}/updates`);
        assert.equal(still.json.updates.length, 1, 'asked, not yet deleted');
        await answered((u2) => u2.searchParams.get('done') === 'update-deleted',
            () => desk.getByRole('button', { name: 'Delete update' }).click());
        await desk.getByText('Deleted the update.').waitFor({ state: 'visible', timeout: WAIT_MS });
        const gone = await server.admin().get(`/api/v1/articles/${slug}/updates`);
        assert.deepEqual(gone.json.updates, []);
    });
});
