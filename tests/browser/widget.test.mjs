// The embeddable widget (<tribune-comments>, web/embed.js in "widget" mode) on a plain HTML page
// served from ANOTHER origin than the Tribune server (two loopback ports): it loads the thread
// over CORS, posts (the author sees the pending notice), gets the approval live in a second
// reader's browser, shows presence and typing across contexts, works from the keyboard, and follows
// prefers-color-scheme (the article page too).
// Leaves a screenshot at ${TRIBUNE_BUILD_DIR:-build}/screenshots/widget.png.
//
// TRIBUNE_EMBED_FROM_DISK=1 serves web/embed.js from the working tree instead of the binary's copy.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, createApproved, demoArticles, sleep, waitFor } from '../integration/support/server.mjs';
import { embedFromDisk, startWidgetWorld } from './support/widget_host.mjs';

const THANKS = 'Thank you! Your submission has been received!';
const PENDING = 'Your comment will appear once approved by a moderator.';
const TYPING = 'Someone is typing...';
const EMPTY = 'Be the first to leave a comment.';
const WAIT_MS = 15000;
const PAGE_KEY = '/notes/ferry-pier';
const EMPTY_KEY = '/notes/quiet-corner';

function screenshotDir() {
    const build = process.env.TRIBUNE_BUILD_DIR || 'build';
    return join(isAbsolute(build) ? build : join(ROOT, build), 'screenshots');
}

/** Relative luminance (0 black .. 1 white) of a computed "rgb(r, g, b)" colour. */
function luminance(rgb) {
    const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('embeddable widget on another origin', { timeout: 240000 }, () => {
    let world;
    let tribune;
    let hostUrl;
    let browser;
    const readers = [];

    after(async () => {
        for (const r of readers.splice(0)) await r.context.close().catch(() => {});
        await world?.close();
    });

    before(async () => {
        world = await startWidgetWorld(PAGE_KEY);
        ({ tribune, hostUrl, browser } = world);
        assert.notEqual(new URL(hostUrl).origin, new URL(tribune.baseUrl).origin, 'two different origins');

        // A thread to load: a staff comment (Moderator badge) with a reader's reply.
        const staff = await createApproved(tribune, tribune.admin(), { page: PAGE_KEY, text: 'Welcome to the ferry pier notes.', author_name: 'Desk' });
        await createApproved(tribune, tribune.client(), { page: PAGE_KEY, text: 'The 7:40 boat was late again.', author_name: 'Ines', parent_id: staff.id });
        // More replies than the list embeds (3), so "Load More Replies" has something to fetch.
        for (const n of [2, 3, 4]) {
            await createApproved(tribune, tribune.client(), { page: PAGE_KEY, text: `Reply number ${n}.`, author_name: 'Ines', parent_id: staff.id });
        }

    });

    async function openReader(pageKey = PAGE_KEY) {
        const context = await browser.newContext();
        await embedFromDisk(context);
        const page = await context.newPage();
        const errors = [];
        const consoleErrors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
        const res = await page.goto(`${hostUrl}/?page=${encodeURIComponent(pageKey)}`, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200);
        const reader = { context, page, errors, consoleErrors, w: page.locator('tribune-comments') };
        readers.push(reader);
        return reader;
    }

    const activeOf = (r) => r.w.locator('[data-active]').innerText({ timeout: WAIT_MS });
    const typingShown = (r) => r.w.locator('[data-typing]').isVisible();

    /** The element focused now, looking through shadow roots: "TAG#id.class". */
    const deepFocus = (page) => page.evaluate(() => {
        let a = document.activeElement;
        while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
        return a ? `${a.tagName}#${a.id}.${a.className}|${a.textContent.trim().slice(0, 40)}` : '';
    });

    test('loads the thread across origins, with badge, reply, count and empty state', async () => {
        const list = await tribune.client().listComments(PAGE_KEY);
        assert.equal(list.status, 200);
        const total = list.json.total;

        const r = await openReader();
        await r.w.getByText('Welcome to the ferry pier notes.').waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch((e) => { throw new Error(`widget did not load the thread: ${e.message}\n${tribune.tail(20)}`); });
        await r.w.getByText('The 7:40 boat was late again.').waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal((await r.w.locator('h2').innerText()).trim(), total === 1 ? '1 Comment' : `${total} Comments`);
        assert.equal(await r.w.locator('.badge-staff').first().textContent(), 'Moderator');
        const time = r.w.locator('.comment-meta time[datetime]').first();
        assert.match(await time.getAttribute('title'), /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC$/);
        assert.equal(await r.w.locator('.loader').isVisible(), false, 'loader hidden once loaded');
        assert.equal(await r.w.getByText(EMPTY).isVisible(), false);

        // "Load More Replies" fetches the rest in place.
        const embedded = list.json.comments[0].replies.length;
        if (list.json.comments[0].replies_next_cursor) {
            assert.equal(await r.w.getByText('Reply number 4.').count(), 0, `only the first ${embedded} replies at first`);
            await r.w.getByRole('button', { name: 'Load More Replies' }).click();
            await r.w.getByText('Reply number 4.').waitFor({ state: 'visible', timeout: WAIT_MS });
            assert.equal(await r.w.getByRole('button', { name: 'Load More Replies' }).isVisible(), false, 'no more replies to load');
        }
        assert.equal(await r.w.locator('ol.replies > li').count(), 4, 'all four replies, once each');

        const quiet = await openReader(EMPTY_KEY);
        await quiet.w.getByText(EMPTY).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal((await quiet.w.locator('h2').innerText()).trim(), 'Comments');
        await quiet.context.close();
        readers.splice(readers.indexOf(quiet), 1);
    });

    test('presence counts both readers', async () => {
        while (readers.length < 2) await openReader();
        for (const [i, r] of readers.entries()) {
            await waitFor(async () => (await activeOf(r)).trim() === '2',
                { ms: WAIT_MS, what: `reader ${i + 1} to show "Active: 2" (shows ${await activeOf(r).catch(() => '?')})\n${tribune.tail(15)}` });
            assert.match(await r.w.locator('.active-readers').innerText(), /^Active: 2$/);
        }
    });

    test('typing shows in the other context only', async () => {
        const [typist, other] = readers;
        const box = typist.w.locator('form.comment-form:not(.reply-form) textarea');
        await box.click();
        let typistSawIt = false;
        const until = Date.now() + 2500;
        while (Date.now() < until) {
            await box.pressSequentially('hmm ', { delay: 60 });
            typistSawIt ||= await typingShown(typist);
        }
        await other.w.getByText(TYPING).waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch((e) => { throw new Error(`other reader never showed "${TYPING}": ${e.message}\n${tribune.tail(15)}`); });
        typistSawIt ||= await typingShown(typist);
        assert.equal(typistSawIt, false, 'the typist never sees their own typing');
        await box.fill('');
        await waitFor(async () => !(await typingShown(other)), { ms: 7000, every: 100, what: 'the typing indicator to expire within ~7 s' });
    });

    test('post as a named author: pending notice, then approved and delivered live', async () => {
        const [author, other] = readers;
        const name = `Widget Tester ${Date.now() % 1000}`;
        await author.w.getByLabel('Your name').fill(name);
        await author.w.getByRole('button', { name: 'Set' }).click();
        await waitFor(async () => (await author.w.locator('.display-name').innerText()) === name, { ms: WAIT_MS, what: 'name set' });

        const text = `From the widget ${Date.now()} <img src=x onerror=alert(1)>`;
        const form = author.w.locator('form.comment-form:not(.reply-form)');
        await form.locator('textarea').fill(text);
        await form.getByRole('button', { name: 'Post comment' }).click();
        await author.w.getByText(THANKS).waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch(async (e) => {
                const shown = await author.w.locator('.feedback').allTextContents().catch(() => []);
                throw new Error(`no success feedback: ${e.message}\nwidget feedback: ${JSON.stringify(shown)}\n` +
                    `browser console errors: ${JSON.stringify(author.consoleErrors)}\n${tribune.tail(8)}`);
            });
        const own = author.w.locator('article.comment', { hasText: text });
        await own.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.ok((await own.innerText()).includes(PENDING), 'pending notice on the own comment');
        assert.equal(await own.locator('.comment-author').innerText(), name);
        const id = await own.getAttribute('data-id');

        const stored = await tribune.admin().getComment(id);
        assert.equal(stored.status, 200, stored.describe());
        assert.equal(stored.json.status, 'pending');
        assert.equal(stored.json.text, text, 'stored exactly as typed');
        assert.equal(stored.json.author.name, name);

        await sleep(1500);
        assert.equal(await other.w.getByText(text).count(), 0, 'another reader never sees a pending comment');

        const r = await tribune.admin().moderate(id, 'approve');
        assert.equal(r.status, 200, r.describe());
        const arrived = other.w.locator(`article.comment[data-id="${id}"]`);
        await waitFor(async () => {
            if (await arrived.count()) return true;
            const show = other.w.getByRole('button', { name: /^Show \d+ new comments?$/ });
            if (await show.count() && await show.isVisible()) await show.click();
            return false;
        }, { ms: WAIT_MS, every: 100, what: `the approved comment ${id} to arrive live in the other context\n${tribune.tail(15)}` });
        assert.equal((await arrived.locator('.comment-text').innerText()).trim(), text);
        assert.equal(await arrived.locator('img').count(), 0, 'markup stays text');
        assert.equal(await arrived.locator('.comment-author').innerText(), name);
        await waitFor(async () => !(await own.innerText()).includes(PENDING), { ms: WAIT_MS, what: 'the notice to go once approved' });

        // The name and the author token survive a reload (localStorage, per server origin).
        await author.page.reload({ waitUntil: 'load' });
        await waitFor(async () => (await author.w.locator('.display-name').innerText().catch(() => '')) === name,
            { ms: WAIT_MS, what: 'remembered name after reload' });
        const token = await author.page.evaluate((k) => localStorage.getItem(k), `tribune:author:${tribune.baseUrl}`);
        assert.ok(token, 'author token kept in localStorage under the server origin');
    });

    test('keyboard: Tab reaches the post form and Enter submits it; screenshot', async () => {
        const [, other] = readers;
        const page = other.page;
        await page.locator('body').click({ position: { x: 2, y: 2 } });
        let reached = '';
        for (let i = 0; i < 40; i++) {
            await page.keyboard.press('Tab');
            reached = await deepFocus(page);
            if (reached.startsWith('TEXTAREA#comment-text')) break;
        }
        assert.ok(reached.startsWith('TEXTAREA#comment-text'), `Tab reached the comment box (last focus: ${reached})`);
        const text = `Typed with the keyboard only ${Date.now()}`;
        await page.keyboard.type(text);
        // Then the optional address and its two boxes (left empty), then the Post button.
        await page.keyboard.press('Tab');
        assert.match(await deepFocus(page), /^INPUT#comment-email\./, 'next stop is the optional address');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        assert.match(await deepFocus(page), /^BUTTON#\.\|Post comment$/, 'then the Post button');
        const outline = await page.evaluate(() => {
            let a = document.activeElement;
            while (a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
            return getComputedStyle(a).outlineStyle;
        });
        assert.notEqual(outline, 'none', 'focus is visible');
        await page.keyboard.press('Enter');
        await other.w.getByText(THANKS).waitFor({ state: 'visible', timeout: WAIT_MS });
        await other.w.locator('article.comment', { hasText: text }).waitFor({ state: 'visible', timeout: WAIT_MS });

        // Controls carry accessible names; the live region exists.
        for (const label of ['Your name', 'Your comment']) assert.equal(await other.w.getByLabel(label).count(), 1, label);
        const mainForm = other.w.locator('form.comment-form:not(.reply-form)');
        for (const label of ['Email (optional, never shown)', 'Notify me of replies by email', 'Tell me when it is approved'])
            assert.equal(await mainForm.getByLabel(label, { exact: true }).count(), 1, label);
        assert.equal(await other.w.locator('[aria-live="polite"][data-announcer]').count(), 1);

        const dir = screenshotDir();
        await mkdir(dir, { recursive: true });
        await page.screenshot({ path: join(dir, 'widget.png'), fullPage: true });
        for (const [i, r] of readers.entries()) assert.deepEqual(r.errors, [], `no script errors in reader ${i + 1}`);
    });

    test('the optional address: a lone ask is refused with the reason, an address with asks is sent once', async () => {
        const r = await openReader();
        const sent = [];
        r.page.on('request', (q) => { if (q.method() === 'POST' && q.url().endsWith('/api/v1/comments')) sent.push(JSON.parse(q.postData())); });
        const form = r.w.locator('form.comment-form:not(.reply-form)');
        await form.getByLabel('Your comment').fill(`Mail me about this ${Date.now()}`);
        await form.getByLabel('Notify me of replies by email').check();
        await form.getByRole('button', { name: 'Post comment' }).click();
        await r.w.getByText('Give an email address to be notified by email.').waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.ok(!('author_email' in sent[0]), 'no address sent when none was typed');
        assert.equal(sent[0].notify_replies, true);

        const email = `widget-${Date.now()}@example.test`;
        await form.getByLabel('Email (optional, never shown)').fill(` ${email} `);
        await form.getByLabel('Tell me when it is approved').check();
        await form.getByRole('button', { name: 'Post comment' }).click();
        await r.w.getByText(THANKS).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(sent.length, 2);
        assert.equal(sent[1].author_email, email, 'trimmed');
        assert.equal(sent[1].notify_replies, true);
        assert.equal(sent[1].notify_approval, true);
        assert.equal(await r.w.locator('article.comment', { hasText: email.split('@')[0] }).count(), 0, 'the address is never shown');
        assert.deepEqual(r.errors, []);
    });

    test('follows prefers-color-scheme: dark colours in dark mode, light in light mode', async () => {
        const demo = await demoArticles(tribune);
        const colours = {};
        for (const colorScheme of ['light', 'dark']) {
            const context = await browser.newContext({ colorScheme });
            try {
                await embedFromDisk(context);
                const page = await context.newPage();
                await page.goto(`${hostUrl}/?page=${encodeURIComponent(PAGE_KEY)}`, { waitUntil: 'load', timeout: WAIT_MS });
                const widget = page.locator('tribune-comments .discussion');
                await widget.locator('article.comment').first().waitFor({ state: 'visible', timeout: WAIT_MS });
                const style = (loc) => loc.evaluate((el) => {
                    const s = getComputedStyle(el);
                    return { background: s.backgroundColor, text: s.color };
                });
                colours[colorScheme] = { widget: await style(widget) };
                // Tribune's own article page (tribune.css): the page background and the discussion's text.
                await page.goto(tribune.baseUrl + demo.main, { waitUntil: 'load', timeout: WAIT_MS });
                colours[colorScheme].page = {
                    background: (await style(page.locator('body'))).background,
                    text: (await style(page.locator('section#comments'))).text,
                };
            } finally {
                await context.close();
            }
        }
        const seen = JSON.stringify(colours);
        for (const part of ['widget', 'page']) {
            const light = colours.light[part];
            const dark = colours.dark[part];
            assert.notEqual(dark.background, light.background, `${part}: background differs (${seen})`);
            assert.notEqual(dark.text, light.text, `${part}: text colour differs (${seen})`);
            assert.ok(luminance(light.background) > 0.8 && luminance(light.text) < 0.2, `${part}: light is dark on light (${seen})`);
            assert.ok(luminance(dark.background) < 0.05 && luminance(dark.text) > 0.6, `${part}: dark is light on dark (${seen})`);
        }
    });
});
