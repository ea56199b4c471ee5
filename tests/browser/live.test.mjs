// The live enhancement of Tribune's own article page (web/embed.js in "page" mode), in Chromium:
// three readers in separate browser contexts see each other's presence ("Active: N"), the
// anonymous typing indicator, and a comment that a moderator approves arriving without a reload;
// a pending comment never reaches another reader.
//
// TRIBUNE_BIN picks the binary (default build/tribune). TRIBUNE_EMBED_FROM_DISK=1 serves
// web/embed.js from the working tree instead of the copy compiled into the binary (handy while
// editing the script; the server's own copy is what the default run tests).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ROOT, approve, demoArticles, sleep, startServer, waitFor } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const THANKS = 'Thank you! Your submission has been received!';
const PENDING = 'Your comment will appear once approved by a moderator.';
const TYPING = 'Someone is typing...';
const TYPING_FRAME = '{"type":"typing"}';
const WAIT_MS = 15000;

describe('live article page in Chromium', { timeout: 240000 }, () => {
    let server;
    let browser;
    let demo;
    const readers = []; // { context, page, errors }

    after(async () => {
        for (const r of readers.splice(0)) await r.context.close().catch(() => {});
        await browser?.close();
        await server?.cleanup();
    });

    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    /** A new reader: its own browser context (cookies, storage) with the demo article open. */
    async function openReader() {
        const context = await browser.newContext();
        if (process.env.TRIBUNE_EMBED_FROM_DISK) {
            const body = await readFile(join(ROOT, 'web', 'embed.js'), 'utf8');
            await context.route(/\/embed\.js(\?.*)?$/, (route) =>
                route.fulfill({ status: 200, contentType: 'text/javascript', body }));
        }
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        const typingSent = []; // when each {"type":"typing"} frame left this page
        page.on('websocket', (ws) => ws.on('framesent', (f) => {
            if (f.payload === TYPING_FRAME) typingSent.push(Date.now());
        }));
        const res = await page.goto(server.baseUrl + demo.main, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        const reader = { context, page, errors, typingSent };
        readers.push(reader);
        return reader;
    }

    async function closeReader(reader) {
        readers.splice(readers.indexOf(reader), 1);
        await reader.context.close();
    }

    const activeOf = (page) => page.locator('#comments [data-active]').first().innerText({ timeout: WAIT_MS });
    const typingShown = (page) => page.locator('#comments [data-typing]').first().isVisible();

    async function waitActive(page, n, what) {
        await waitFor(async () => (await activeOf(page)).trim() === String(n),
            { ms: WAIT_MS, what: `${what} shows "Active: ${n}" (shows ${await activeOf(page).catch(() => '?')})\n${server.tail(15)}` });
    }

    test('presence: three readers see "Active: 3", then "Active: 2" after one leaves', async () => {
        const [a, b, c] = [await openReader(), await openReader(), await openReader()];
        for (const [i, r] of [a, b, c].entries()) await waitActive(r.page, 3, `reader ${i + 1}`);
        assert.match(await a.page.locator('#comments .active-readers').innerText(), /^Active: 3$/);

        await closeReader(c);
        const left = Date.now();
        await waitActive(a.page, 2, 'reader 1 after reader 3 left');
        await waitActive(b.page, 2, 'reader 2 after reader 3 left');
        assert.ok(Date.now() - left < 10000, `presence fell within a few seconds (${Date.now() - left} ms)`);
    });

    test('typing: the others see "Someone is typing...", the typist never does, and it expires', async () => {
        while (readers.length < 3) await openReader();
        const [typist, ...others] = readers;
        for (const r of readers) await waitActive(r.page, 3, 'each reader');
        for (const r of readers) assert.equal(await typingShown(r.page), false, 'nobody is typing yet');

        const box = typist.page.locator('#comment-text');
        await box.click();
        // Type for a while (longer than the 2 s client throttle) so several typing frames go out.
        const until = Date.now() + 3000;
        let typistSawIt = false;
        while (Date.now() < until) {
            await box.pressSequentially('news ', { delay: 60 });
            typistSawIt ||= await typingShown(typist.page);
        }
        for (const [i, r] of others.entries()) {
            await r.page.getByText(TYPING).first().waitFor({ state: 'visible', timeout: WAIT_MS })
                .catch((e) => { throw new Error(`reader ${i + 2} never showed "${TYPING}": ${e.message}\n${server.tail(15)}`); });
        }
        const stopped = Date.now();
        typistSawIt ||= await typingShown(typist.page);

        // Gone within ~7 s after the last keystroke; the typist must not see it at any point meanwhile.
        await waitFor(async () => {
            typistSawIt ||= await typingShown(typist.page);
            for (const r of others) if (await typingShown(r.page)) return false;
            return true;
        }, { ms: 9000, every: 100, what: 'the typing indicator to disappear after typing stopped' });
        const gone = Date.now() - stopped;
        assert.ok(gone <= 8000, `indicator cleared ${gone} ms after typing stopped`);
        assert.equal(typistSawIt, false, 'the typist never sees their own typing');
        assert.equal(await typingShown(typist.page), false);
    });

    test('typing throttle: continuous typing sends one typing frame per 2 s', async () => {
        while (readers.length < 3) await openReader();
        const [typist, other] = readers;
        await waitFor(async () => !(await typingShown(other.page)), { ms: 9000, every: 100, what: 'no typing from earlier tests' });
        const box = typist.page.locator('#comment-text');
        await box.click();
        const start = Date.now();
        while (Date.now() - start < 5000) await box.pressSequentially('abc ', { delay: 50 });
        const end = Date.now();
        const sent = typist.typingSent.filter((t) => t >= start && t <= end);
        assert.ok(sent.length >= 2 && sent.length <= 4,
            `typing frames in ${end - start} ms of continuous typing: ${sent.length} (at ${sent.map((t) => t - start).join(', ')} ms)`);
        for (let i = 1; i < sent.length; i++) assert.ok(sent[i] - sent[i - 1] >= 1900, `frames ${sent[i] - sent[i - 1]} ms apart`);
        await box.fill('');
    });

    test('steady typing keeps "Someone is typing..." shown past 10 s; it clears within ~7 s of the last key', async () => {
        while (readers.length < 3) await openReader();
        const [typist, other] = readers;
        await waitFor(async () => !(await typingShown(other.page)), { ms: 9000, every: 100, what: 'no typing from earlier tests' });
        // Every change of the other reader's indicator, with its time: nothing slips between two polls.
        await other.page.evaluate(() => {
            const t = document.querySelector('#comments [data-typing]');
            const log = (window.__typingLog = [[Date.now(), !t.hidden]]);
            new MutationObserver(() => log.push([Date.now(), !t.hidden])).observe(t, { attributes: true, attributeFilter: ['hidden'] });
        });
        const box = typist.page.locator('#comment-text');
        await box.click();
        const start = Date.now();
        while (Date.now() - start < 12000) {
            await box.press('x');
            await sleep(500); // the typist's pace, not a wait for a result
        }
        const stopped = Date.now();
        await waitFor(async () => !(await typingShown(other.page)),
            { ms: 7000, every: 100, what: `the indicator to clear within 7 s of the last key\n${server.tail(10)}` });
        const log = await other.page.evaluate(() => window.__typingLog);
        const shown = log.find(([, on]) => on);
        assert.ok(shown && shown[0] - start < 3000, `shown soon after typing started: ${JSON.stringify(log.map(([t, on]) => [t - start, on]))}`);
        const early = log.find(([t, on]) => !on && t > shown[0] && t < stopped);
        assert.equal(early, undefined, `hidden ${early && early[0] - start} ms into ${stopped - start} ms of steady typing`);
        await box.fill('');
    });

    test('a pending comment stays private; once approved it reaches the others live', async () => {
        while (readers.length < 3) await openReader();
        const [author, ...others] = readers;
        const text = `Live arrival check ${Date.now()} <b>not bold</b>`;
        const totalBefore = Number((await others[0].page.locator('#comments [data-count]').first().innerText()).trim());

        const form = author.page.locator('#comments form.comment-form:not(.reply-form)').first();
        await form.locator('textarea[name="text"]').fill(text);
        await form.locator('button[type="submit"]').click();
        await author.page.getByText(THANKS).first().waitFor({ state: 'visible', timeout: WAIT_MS });
        const own = author.page.locator('#comments article.comment', { hasText: text }).first();
        await own.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.ok((await own.innerText()).includes(PENDING), 'the author sees the pending notice');
        const id = await own.getAttribute('data-id');
        assert.ok(id, 'the inserted comment carries data-id');
        assert.equal(await own.getAttribute('data-status'), 'pending');

        // The others: nothing for a while (the server would have pushed it by now if it leaked).
        await sleep(2000);
        for (const r of others) {
            assert.equal(await r.page.locator(`[id="comment-${id}"]`).count(), 0, 'a pending comment never reaches another reader');
            assert.equal(await r.page.getByText(text).count(), 0);
            assert.equal(await r.page.getByRole('button', { name: /^Show \d+ new comments?$/ }).count() > 0 &&
                await r.page.getByRole('button', { name: /^Show \d+ new comments?$/ }).first().isVisible(), false,
                'no "Show new comments" button for a comment they may not see');
        }

        await approve(server, id);
        for (const [i, r] of others.entries()) {
            const el = r.page.locator(`[id="comment-${id}"]`);
            await waitFor(async () => {
                if (await el.count()) return true;
                const show = r.page.getByRole('button', { name: /^Show 1 new comment$/ });
                if (await show.count() && await show.first().isVisible()) await show.first().click();
                return false;
            }, { ms: WAIT_MS, every: 100, what: `reader ${i + 2} to receive the approved comment ${id} without reload\n${server.tail(15)}` });
            await el.waitFor({ state: 'visible', timeout: WAIT_MS });
            assert.equal((await el.locator('.comment-text').innerText()).trim(), text, 'shown exactly as typed');
            assert.equal(await el.locator('.comment-text b').count(), 0, 'markup stays text');
            assert.ok(!(await el.innerText()).includes(PENDING));
            await waitFor(async () => Number((await r.page.locator('#comments [data-count]').first().innerText()).trim()) === totalBefore + 1,
                { ms: WAIT_MS, what: `reader ${i + 2}'s count to become ${totalBefore + 1}` });
        }
        // The author's own copy turns approved in place: the notice goes away.
        await waitFor(async () => !(await own.innerText()).includes(PENDING),
            { ms: WAIT_MS, what: 'the pending notice to leave the author\'s comment after approval' });
        for (const [i, r] of readers.entries()) assert.deepEqual(r.errors, [], `no script errors in reader ${i + 1}`);
    });

    test('"Load More Comments" appends the next page in place, without leaving the page', async (t) => {
        const { page, errors } = readers[readers.length - 1];
        const url = page.url();
        const more = page.getByRole('link', { name: 'Load More Comments' }).first();
        if (!(await more.count())) {
            t.skip('the demo thread fits on one page: nothing to load');
            return;
        }
        const before = await page.locator('#comments ol.comment-list > li').count();
        await more.click();
        await waitFor(async () => (await page.locator('#comments ol.comment-list > li').count()) > before,
            { ms: WAIT_MS, what: 'more top-level comments in the list' });
        assert.equal(page.url(), url, 'no navigation');
        const ids = await page.locator('#comments article.comment').evaluateAll((els) => els.map((e) => e.dataset.id));
        assert.equal(new Set(ids).size, ids.length, 'no comment shown twice');
        assert.deepEqual(errors, []);
    });
});
