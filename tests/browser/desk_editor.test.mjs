// The article editor at the desk (/admin/articles) in a real browser (Debian's Chromium through
// playwright-core): an editor writes an article; the preview beside the form follows the typing
// as the server renders it for readers; the draft saves itself; an image goes in by the file
// picker and a video by drag and drop; the article is scheduled and goes out by itself, and is
// then on the home, section and author pages and in the feed; a new slug leaves the old address
// answering 301; the history shows each version and restores one; Ctrl+S saves. Screenshots:
// build/screenshots/desk-editor.png, desk-history.png.
//
// TRIBUNE_BIN picks the binary (default build/tribune). TRIBUNE_DESK_FROM_DISK=1 serves
// web/desk.js from the working tree instead of the copy compiled into the binary.

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { mp4, realPng } from '../integration/support/media_samples.mjs';
import { ROOT, createUser, marker, startServer, waitFor } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 15000;

async function screenshot(page, name) {
    const build = process.env.TRIBUNE_BUILD_DIR || 'build';
    const dir = join(isAbsolute(build) ? build : join(ROOT, build), 'screenshots');
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, name), fullPage: true });
}

// "YYYY-MM-DDTHH:MM:SS" in UTC, what the editor's publication time field takes.
const utcInput = (date) => date.toISOString().slice(0, 19);

describe('the article editor in Chromium', { timeout: 300000 }, () => {
    let server;
    let browser;
    let editor;
    const contexts = [];

    after(async () => {
        for (const c of contexts.splice(0)) await c.close().catch(() => {});
        await browser?.close();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_SEED_DEMO: 'false' } });
        editor = await createUser(server, { role: 'editor', name: 'Ines Editor' });
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    async function newPage() {
        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        contexts.push(context);
        if (process.env.TRIBUNE_DESK_FROM_DISK) {
            const body = await readFile(join(ROOT, 'web', 'desk.js'), 'utf8');
            await context.route(/\/static\/desk\.js(\?.*)?$/, (route) =>
                route.fulfill({ status: 200, contentType: 'text/javascript', body }));
        }
        const page = await context.newPage();
        page.errors = [];
        page.on('pageerror', (e) => page.errors.push(String(e)));
        page.on('dialog', (d) => d.accept().catch(() => {}));
        return page;
    }

    async function logIn(page, next) {
        await page.goto(`${server.baseUrl}/admin/login?next=${encodeURIComponent(next)}`, { waitUntil: 'load', timeout: WAIT_MS });
        await page.getByLabel('Email').fill(editor.email);
        await page.getByLabel('Password').fill(editor.password);
        await Promise.all([
            page.waitForURL((u) => u.pathname === next, { timeout: WAIT_MS }),
            page.getByRole('button', { name: 'Log in' }).click(),
        ]);
    }

    /** The article as the API gives it to this browser's session. */
    const apiArticle = (page, slug) => page.evaluate(async (s) => {
        const r = await fetch(`/api/v1/articles/${s}`, { credentials: 'same-origin' });
        return { status: r.status, json: r.ok ? await r.json() : null };
    }, slug);

    test('write, preview, upload, autosave, schedule, publish, rename, restore', async () => {
        const m = marker('ed');
        const title = `Ferry timetable changes ${m}`;
        const page = await newPage();
        await logIn(page, '/admin/articles/new');
        const form = page.locator('#article-form');
        const preview = page.frameLocator('#article-preview');

        // Write: the preview follows, rendered by the server as readers will see it.
        await page.getByLabel('Title', { exact: true }).fill(title);
        await page.getByLabel('Summary').fill('Winter sailings start next week.');
        await page.getByLabel('Section').fill('Transport');
        await page.getByLabel('Tags (separated by commas)').fill('Ferries, Winter');
        const body = page.getByLabel('Body (Markdown)');
        await body.fill('The **first** sailing leaves at six.\n\n| Day | Sailings |\n|---|---|\n| Mon | 4 |\n\n<script>alert(1)</script>\n');
        await preview.locator('h1.headline', { hasText: title }).waitFor({ timeout: WAIT_MS });
        assert.equal(await preview.locator('.story-body strong').innerText(), 'first');
        assert.equal(await preview.locator('.story-body table td').first().innerText(), 'Mon');
        assert.equal(await preview.locator('.story-body script').count(), 0, 'raw HTML never becomes markup');
        assert.ok((await preview.locator('.preview-banner').innerText()).includes('Preview'));

        // The draft saves itself: the address becomes the article's, and the API has it as a draft.
        await page.waitForURL((u) => u.pathname.startsWith('/admin/articles/ferry-timetable-changes'), { timeout: WAIT_MS });
        const slug = new URL(page.url()).pathname.split('/').pop();
        await waitFor(async () => (await page.locator('.desk-autosave').innerText()).includes('Draft saved'),
            { ms: WAIT_MS, what: 'the autosave note' });
        let stored = await apiArticle(page, slug);
        assert.equal(stored.status, 200);
        assert.equal(stored.json.status, 'draft');
        assert.equal(stored.json.title, title);

        // An image by the file picker becomes the lead media; a video dropped on the body is inserted there.
        await page.getByLabel('Upload the lead image, video or audio').setInputFiles({
            name: 'harbour-at-dawn.png', mimeType: 'image/png', buffer: await realPng(1200, 600) });
        await waitFor(async () => (await page.getByLabel('URL (an image, video or audio file)').inputValue()).startsWith('/media/'),
            { ms: WAIT_MS, what: 'the lead upload' });
        assert.equal(await page.getByLabel('Alternative text').inputValue(), 'harbour at dawn');
        const video = mp4(65).toString('base64');
        const drop = await page.evaluateHandle((b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], 'crossing.mp4', { type: 'video/mp4' }));
            return dt;
        }, video);
        await body.dispatchEvent('dragover', { dataTransfer: drop });
        await body.dispatchEvent('drop', { dataTransfer: drop });
        await waitFor(async () => /!\[crossing\]\(\/media\/[0-9a-f]{64}\.mp4\)/.test(await body.inputValue()),
            { ms: WAIT_MS, what: 'the dropped video in the body' });
        assert.ok((await page.locator('[data-upload="body"] .desk-upload-status').innerText()).includes('01:05'));
        await preview.locator('.story-media img, figure img').first().waitFor({ timeout: WAIT_MS });
        await waitFor(async () => (await apiArticle(page, slug)).json?.media?.[0]?.url?.startsWith('/media/'),
            { ms: 45000, what: 'the next autosave (at most one each 30 s) to keep the lead media' });
        await screenshot(page, 'desk-editor.png');

        // Schedule a little ahead (room for a slow machine): it goes out by itself.
        await page.getByLabel('Publication time (UTC; empty: when published)').fill(utcInput(new Date(Date.now() + 20000)));
        await Promise.all([
            page.waitForURL((u) => u.searchParams.get('done') === 'saved', { timeout: WAIT_MS }),
            page.getByRole('button', { name: 'Schedule' }).click(),
        ]);
        const state = await page.locator('.desk-article-state').innerText();
        assert.match(state, /scheduled/i);
        await waitFor(async () => (await apiArticle(page, slug)).json?.status === 'published',
            { ms: 60000, what: 'the scheduled article to go out' });

        // Readers find it on the home, section and author pages and in the feed.
        const reader = await newPage();
        for (const path of ['/', '/sections/transport', '/authors/ines-editor', '/tags/ferries']) {
            await waitFor(async () => {
                await reader.goto(server.baseUrl + path, { waitUntil: 'load', timeout: WAIT_MS });
                return (await reader.getByRole('link', { name: title }).count()) > 0;
            }, { ms: WAIT_MS, what: `the article on ${path}` });
        }
        const feed = await (await fetch(`${server.baseUrl}/feed.rss`)).text();
        assert.ok(feed.includes(`<title>${title}</title>`), 'the site feed names it');
        const articlePage = await reader.goto(`${server.baseUrl}/articles/${slug}`, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(articlePage.status(), 200);
        assert.equal(await reader.locator('.story-body video').count(), 1, 'the dropped video plays in the article');

        // A new slug: the editor follows it, and the old address answers 301 to the new one.
        await page.reload({ waitUntil: 'load' });
        const newSlug = `ferry-winter-${m}`;
        await page.getByLabel('Address (slug; empty: made from the title)').fill(newSlug);
        await Promise.all([
            page.waitForURL((u) => u.pathname === `/admin/articles/${newSlug}`, { timeout: WAIT_MS }),
            page.getByRole('button', { name: 'Save', exact: true }).click(),
        ]);
        const old = await fetch(`${server.baseUrl}/articles/${slug}`, { redirect: 'manual' });
        assert.equal(old.status, 301);
        assert.equal(new URL(old.headers.get('location'), server.baseUrl).pathname, `/articles/${newSlug}`);
        const followed = await reader.goto(`${server.baseUrl}/articles/${slug}`, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(followed.status(), 200);
        assert.equal(new URL(reader.url()).pathname, `/articles/${newSlug}`);

        // Ctrl+S saves from inside the body.
        await body.fill('Sailings are **suspended** until the storm passes.');
        // Waiting starts before the key: the desk drops ?done= from the address once it has shown
        // the notice, so a wait begun after the page loaded could miss the navigation.
        await Promise.all([
            page.waitForURL((u) => u.searchParams.get('done') === 'saved', { timeout: WAIT_MS }),
            body.press('Control+s'),
        ]);
        assert.equal((await apiArticle(page, newSlug)).json.body_markdown, 'Sailings are **suspended** until the storm passes.');

        // History: every version, and the first one restored as the newest.
        await page.getByRole('link', { name: 'History' }).click();
        await page.locator('h1.page-title', { hasText: 'History of' }).waitFor({ timeout: WAIT_MS });
        const versions = await page.locator('table.desk-table tbody tr').count();
        assert.ok(versions >= 4, `draft, autosaves, schedule, publish, rename, save: ${versions} versions`);
        await page.getByRole('link', { name: 'Version 1', exact: true }).click();
        assert.ok((await page.locator('.desk-diff del').allInnerTexts()).some((t) => t.includes('first')));
        assert.ok((await page.locator('.desk-diff ins').allInnerTexts()).some((t) => t.includes('suspended')));
        await screenshot(page, 'desk-history.png');
        await Promise.all([
            page.waitForURL((u) => u.searchParams.get('done') === 'restored', { timeout: WAIT_MS }),
            page.getByRole('button', { name: 'Restore this version' }).click(),
        ]);
        const restored = (await apiArticle(page, newSlug)).json;
        assert.ok(restored.body_markdown.startsWith('The **first** sailing leaves at six.'));
        assert.equal(restored.slug, newSlug, 'a restore keeps the address');
        assert.equal(restored.status, 'published', 'and the status');

        assert.deepEqual(page.errors, []);
        assert.deepEqual(reader.errors, []);
    });

    test('the editor works by keyboard alone: labels, focus order, and Ctrl+Enter previews', async () => {
        const page = await newPage();
        await logIn(page, '/admin/articles/new');
        // Every field is reachable by Tab and named by its label.
        await page.getByLabel('Title', { exact: true }).focus();
        await page.keyboard.type(`Keyboard only ${marker('kb')}`);
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'slug');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'summary');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'body_markdown');
        await page.keyboard.type('Typed without a mouse.');
        await page.frameLocator('#article-preview').locator('.story-body', { hasText: 'Typed without a mouse.' })
            .waitFor({ timeout: WAIT_MS });
        // A change the page was not told of (no input event): only Ctrl+Enter shows it.
        await page.evaluate(() => { document.getElementById('body_markdown').value = 'Shown by the shortcut.'; });
        await page.waitForTimeout(1500);
        assert.equal(await page.frameLocator('#article-preview').locator('.story-body', { hasText: 'Shown by the shortcut.' }).count(), 0);
        await page.keyboard.press('Control+Enter');
        await page.frameLocator('#article-preview').locator('.story-body', { hasText: 'Shown by the shortcut.' })
            .waitFor({ timeout: WAIT_MS });
        await waitFor(async () => (await page.locator('[data-desk-live]').innerText()).includes('Preview updated.'),
            { ms: WAIT_MS, what: 'the announcement' });
        assert.deepEqual(page.errors, []);
    });
});
