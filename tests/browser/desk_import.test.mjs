// The desk's import (/admin/import) in a real browser (Debian's Chromium through playwright-core):
// an admin picks a Disqus export with the file chooser and imports it; the file goes up in
// chunks, the progress bar reaches the end, the summary shows the counts and the skipped
// reasons, and the report link is offered. Screenshot: build/screenshots/desk-import.png. Then a
// large file cancelled with the Cancel button while it goes up, and WordPress's page-key fields.
//
// TRIBUNE_BIN picks the binary (default build/tribune). TRIBUNE_DESK_FROM_DISK=1 serves
// web/desk.js from the working tree instead of the copy compiled into the binary.

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ROOT, createUser, startServer, waitFor, walkComments } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 15000;

const post = (id, thread, parent, message) => `<post dsq:id="${id}"><id/><message><![CDATA[${message}]]></message>
  <createdAt>2021-03-0${id.length}T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
  <author><email>${id}@example.org</email><name>Reader ${id}</name><isAnonymous>false</isAnonymous></author>
  <thread dsq:id="${thread}"/>${parent ? `<parent dsq:id="${parent}"/>` : ''}</post>\n`;

// Enough posts that the file needs several chunks of the server's max_body_bytes (4 KiB here).
function exportFile() {
    let posts = '';
    for (let i = 1; i <= 40; i++) posts += post(`b${i}`, 't1', i > 1 && i % 3 === 0 ? `b${i - 1}` : null, `<p>Comment number ${i} from the <b>old</b> site</p>`);
    posts += post('bx', 't1', null, '<p></p>');
    return `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="t1"><id/><forum>old</forum><link>https://old.example/2021/browser-import</link>
  <title>Browser import</title><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>
${posts}</disqus>
`;
}

async function screenshot(page, name) {
    const build = process.env.TRIBUNE_BUILD_DIR || 'build';
    const dir = join(isAbsolute(build) ? build : join(ROOT, build), 'screenshots');
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, name), fullPage: true });
}

describe('the import at the desk in Chromium', { timeout: 120000 }, () => {
    let server;
    let browser;
    let admin;
    let context;

    after(async () => {
        await context?.close().catch(() => {});
        await browser?.close();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_SEED_DEMO: 'false', TRIBUNE_MAX_BODY_BYTES: '4096' } });
        admin = await createUser(server, { role: 'admin', name: 'Ada Admin' });
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    test('an admin picks a file, the progress bar reaches done, the summary shows the counts', async () => {
        context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
        if (process.env.TRIBUNE_DESK_FROM_DISK) {
            const body = await readFile(join(ROOT, 'web', 'desk.js'), 'utf8');
            await context.route(/\/static\/desk\.js(\?.*)?$/, (route) =>
                route.fulfill({ status: 200, contentType: 'text/javascript', body }));
        }
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));

        await page.goto(`${server.baseUrl}/admin/login?next=${encodeURIComponent('/admin/import')}`, { waitUntil: 'load', timeout: WAIT_MS });
        await page.getByLabel('Email').fill(admin.email);
        await page.getByLabel('Password').fill(admin.password);
        await Promise.all([
            page.waitForURL((u) => u.pathname === '/admin/import', { timeout: WAIT_MS }),
            page.getByRole('button', { name: 'Log in' }).click(),
        ]);

        // The file chooser, as a person would use it.
        const file = Buffer.from(exportFile());
        assert.ok(file.length > 3 * 4096, 'several chunks');
        const [chooser] = await Promise.all([
            page.waitForEvent('filechooser', { timeout: WAIT_MS }),
            page.getByLabel('File', { exact: true }).click(),
        ]);
        await chooser.setFiles({ name: 'old-site.xml', mimeType: 'text/xml', buffer: file });
        await page.getByRole('button', { name: 'Import', exact: true }).click();

        const progress = page.locator('#import-progress');
        await waitFor(async () => (await page.locator('#import-phase').textContent()) === 'Done.',
            { ms: WAIT_MS, what: 'the import to finish' });
        const [value, max] = await progress.evaluate((p) => [p.value, p.max]);
        assert.equal(value, max, 'the progress bar is full');
        assert.match(await page.locator('#import-summary').textContent(), /^imported 0 articles, 1 threads, 40 comments; skipped 1 \(1 empty text\)/);
        assert.match(await page.locator('#import-notes').textContent(), /empty text: 1/);
        assert.match(await page.locator('#import-file-name').textContent(), /old-site\.xml \(disqus\)/);
        const report = page.getByRole('link', { name: 'Download the JSON report' });
        assert.ok(await report.isVisible());
        assert.match(await report.getAttribute('href'), /^\/api\/v1\/imports\/[0-9a-f]{32}\/report$/);
        await screenshot(page, 'desk-import.png');

        // What readers see.
        let top = [];
        await waitFor(async () => (top = await walkComments(server.client(), '/2021/browser-import')).length > 0,
            { ms: WAIT_MS, what: 'the imported comments' });
        assert.ok(top.some((c) => c.text === 'Comment number 1 from the old site'));
        assert.deepEqual(errors, []);
    });

    test('the Cancel button stops an import; WordPress has no page-key fields', async () => {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`${server.baseUrl}/admin/import`, { waitUntil: 'load', timeout: WAIT_MS });

        // WordPress comments go to the articles its posts become: the page-key fields are off.
        const pageKey = page.locator('#import-page-key');
        assert.equal(await pageKey.isDisabled(), false);
        await page.locator('#import-format').selectOption('wordpress');
        assert.equal(await pageKey.isDisabled(), true);
        assert.equal(await page.locator('#import-map-old').isDisabled(), true);
        await page.locator('#import-format').selectOption('disqus');
        assert.equal(await pageKey.isDisabled(), false);

        // A file of hundreds of 4 KiB chunks, cancelled as it goes up.
        let posts = '';
        for (let i = 1; i <= 6000; i++) posts += post(`z${i}`, 't9', null, `<p>Cancelled comment ${i}</p>`);
        const file = Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="t9"><id/><link>https://old.example/2021/cancelled</link></thread>
${posts}</disqus>
`);
        const [chooser] = await Promise.all([
            page.waitForEvent('filechooser', { timeout: WAIT_MS }),
            page.getByLabel('File', { exact: true }).click(),
        ]);
        await chooser.setFiles({ name: 'too-much.xml', mimeType: 'text/xml', buffer: file });
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        const cancel = page.getByRole('button', { name: 'Cancel the import' });
        await cancel.click({ timeout: WAIT_MS });
        await waitFor(async () => /^Cancelled/.test(await page.locator('#import-phase').textContent()),
            { ms: WAIT_MS, what: 'the import to be cancelled' });
        assert.equal(await cancel.isVisible(), false);
        assert.equal(await page.getByRole('button', { name: 'Import', exact: true }).isEnabled(), true);
        await screenshot(page, 'desk-import-cancelled.png');
        assert.deepEqual(errors, []);
    });
});
