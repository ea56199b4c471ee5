// Reports and closed threads in a real browser (Debian's Chromium through playwright-core):
// a reader reports an approved comment on the article page with scripts (the "Report" control,
// from the keyboard, announced in the live region; a second report of the same comment is thanked
// too) and without scripts (the plain form and its redirect); a logged-in reader's report carries
// the CSRF token; a closed thread shows its reason and no forms on the page (with and without
// scripts) and in the widget on another origin, and a post refused because the thread closed
// meanwhile hides the widget's forms.
//
// TRIBUNE_EMBED_FROM_DISK=1 serves web/embed.js from the working tree instead of the binary's copy.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ROOT, createApproved, demoArticles, marker, startServer, waitFor } from '../integration/support/server.mjs';

const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const REPORT_THANKS = 'Thanks, a moderator will review it.';
const REPORT_THANKS_PLAIN = 'Thank you for the report. A moderator will review the comment.';
const REASON_LABEL = 'Why should a moderator look at this comment?';
const WAIT_MS = 15000;
const WIDGET_CLOSED_KEY = '/notes/closed-pier';
const WIDGET_CLOSING_KEY = '/notes/closing-pier';

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The host site for the widget: the fixture page with the Tribune origin and the page key filled in. */
async function startHost(tribuneOrigin) {
    const template = await readFile(join(ROOT, 'tests', 'browser', 'fixtures', 'widget-host.html'), 'utf8');
    const server = createServer((req, res) => {
        const url = new URL(req.url, 'http://host.invalid');
        if (url.pathname !== '/') {
            res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
            return;
        }
        const html = template
            .replaceAll('__TRIBUNE_ORIGIN__', escapeHtml(tribuneOrigin()))
            .replaceAll('__PAGE__', escapeHtml(url.searchParams.get('page') || WIDGET_CLOSED_KEY));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
    });
    return server;
}

describe('reports and closed threads in Chromium', { timeout: 240000 }, () => {
    let server;
    let host;
    let hostUrl;
    let browser;
    let article;       // the quietest demo article: new comments land on its first page
    let closedArticle; // another one, closed in the last tests
    const contexts = [];

    after(async () => {
        for (const c of contexts.splice(0)) await c.close().catch(() => {});
        await browser?.close();
        await server?.cleanup();
        if (host) await new Promise((resolve) => { host.closeAllConnections?.(); host.close(() => resolve()); });
    });

    before(async () => {
        let origin = '';
        host = await startHost(() => origin);
        hostUrl = `http://127.0.0.1:${host.address().port}`;
        server = await startServer(null, { env: { TRIBUNE_ALLOWED_ORIGINS: hostUrl } });
        origin = server.baseUrl;
        const demo = await demoArticles(server);
        const byCount = [...demo.all].sort((a, b) => demo.counts[a] - demo.counts[b]);
        article = byCount[0];
        closedArticle = demo.main !== article ? demo.main : byCount[byCount.length - 1];
        assert.notEqual(closedArticle, article, 'two different demo articles');
        browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    });

    async function newContext(opts = {}) {
        const context = await browser.newContext(opts);
        contexts.push(context);
        if (process.env.TRIBUNE_EMBED_FROM_DISK) {
            const body = await readFile(join(ROOT, 'web', 'embed.js'), 'utf8');
            await context.route(/\/embed\.js(\?.*)?$/, (route) => route.fulfill({
                status: 200, contentType: 'text/javascript', body, headers: { 'access-control-allow-origin': '*' } }));
        }
        return context;
    }

    async function openPage(context, url) {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        const res = await page.goto(url, { waitUntil: 'load', timeout: WAIT_MS });
        assert.equal(res.status(), 200, `GET ${url}`);
        return { page, errors };
    }

    /** Another reader's approved comment on the article. */
    const someoneElses = (label) => createApproved(server, server.client(),
        { page: article, text: `${label} ${marker()}`, author_name: 'Other Reader' });

    async function openReports(id) {
        const r = await server.admin().get(`/api/v1/moderation/comments/${encodeURIComponent(id)}`);
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.comment.id, id);
        return r.json;
    }

    test('report with scripts: from the keyboard, thanked and announced; a second report is thanked too', async () => {
        const target = await someoneElses('Please report this');
        const other = await someoneElses('Leave this one alone');
        const context = await newContext();
        const { page, errors } = await openPage(context, server.baseUrl + article);
        await page.locator('section#comments[data-live="on"]').waitFor({ state: 'attached', timeout: WAIT_MS });
        const comment = page.locator(`[id="comment-${target.id}"]`);
        await comment.waitFor({ state: 'visible', timeout: WAIT_MS });

        // Cancel closes the form and gives focus back to "Report".
        const otherBox = page.locator(`[id="comment-${other.id}"] details.report-box`);
        await otherBox.locator('summary').focus();
        await page.keyboard.press('Enter');
        await otherBox.getByRole('button', { name: 'Cancel' }).click();
        assert.equal(await otherBox.evaluate((d) => d.open), false, 'Cancel closes the report form');
        assert.equal(await otherBox.locator('summary').evaluate((s) => s === document.activeElement), true, 'focus back on Report');

        const summary = comment.locator('details.report-box > summary');
        assert.equal((await summary.innerText()).trim(), 'Report');
        await summary.focus();
        await page.keyboard.press('Enter');
        const reason = comment.getByLabel(REASON_LABEL);
        await reason.waitFor({ state: 'visible', timeout: WAIT_MS });
        await reason.focus();
        await page.keyboard.type('Spam with a link');
        await page.keyboard.press('Enter');
        await comment.getByText(REPORT_THANKS).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal(await comment.locator('.report-done').evaluate((p) => p === document.activeElement), true, 'focus on the thanks');
        await waitFor(async () => (await page.locator('[data-announcer]').textContent()) === REPORT_THANKS,
            { ms: WAIT_MS, what: 'the thanks in the live region' });
        assert.equal(page.url(), server.baseUrl + article, 'sent with fetch: no navigation');

        const item = await openReports(target.id);
        assert.equal(item.comment.open_reports, 1);
        assert.equal(item.reports.length, 1);
        assert.equal(item.reports[0].reason, 'Spam with a link');

        // The same reader again (same address): 409 "already reported", which the reader sees as thanks.
        await page.reload({ waitUntil: 'load', timeout: WAIT_MS });
        await page.locator('section#comments[data-live="on"]').waitFor({ state: 'attached', timeout: WAIT_MS });
        await comment.locator('details.report-box > summary').click();
        await comment.getByLabel(REASON_LABEL).fill('Still spam');
        await comment.getByRole('button', { name: 'Send report' }).click();
        await comment.getByText(REPORT_THANKS).waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal((await openReports(target.id)).comment.open_reports, 1, 'one open report per reader');
        assert.equal((await openReports(other.id)).comment.open_reports, 0, 'the cancelled report was never sent');
        assert.deepEqual(errors, [], 'no uncaught script errors');
    });

    test('report without scripts: the plain form posts and comes back with thanks', async () => {
        const target = await someoneElses('Report me without scripts');
        const context = await newContext({ javaScriptEnabled: false });
        const { page } = await openPage(context, server.baseUrl + article);
        const comment = page.locator(`[id="comment-${target.id}"]`);
        await comment.locator('details.report-box > summary').click();
        await comment.getByLabel(REASON_LABEL).fill('Off topic');
        await Promise.all([
            page.waitForURL(/[?&]reported=/, { timeout: WAIT_MS }),
            comment.getByRole('button', { name: 'Send report' }).click(),
        ]);
        await page.getByText(REPORT_THANKS_PLAIN).first().waitFor({ state: 'visible', timeout: WAIT_MS });
        const item = await openReports(target.id);
        assert.equal(item.comment.open_reports, 1);
        assert.equal(item.reports[0].reason, 'Off topic');
    });

    test("a logged-in reader's report carries the CSRF token", async () => {
        const target = await someoneElses('Report me while logged in');
        const email = `reader-${marker()}@example.org`;
        const password = 'correct horse battery';
        const made = await server.admin().post('/api/v1/users', { email, name: 'Logged Reader', role: 'reader', password });
        assert.equal(made.status, 201, made.describe());
        const context = await newContext();
        const login = await context.request.post(`${server.baseUrl}/api/v1/session`,
            { data: { email, password }, headers: { origin: server.baseUrl } });
        assert.equal(login.status(), 200, await login.text());

        const { page, errors } = await openPage(context, server.baseUrl + article);
        const section = page.locator('section#comments');
        assert.ok(await section.getAttribute('data-csrf-token'), 'the page carries the CSRF token');
        await page.locator('section#comments[data-live="on"]').waitFor({ state: 'attached', timeout: WAIT_MS });
        const comment = page.locator(`[id="comment-${target.id}"]`);
        await comment.locator('details.report-box > summary').click();
        await comment.getByLabel(REASON_LABEL).fill('Abusive');
        await comment.getByRole('button', { name: 'Send report' }).click();
        await comment.getByText(REPORT_THANKS).waitFor({ state: 'visible', timeout: WAIT_MS })
            .catch(async (e) => {
                const shown = await comment.locator('.report-error').allTextContents().catch(() => []);
                throw new Error(`no thanks: ${e.message}; shown: ${JSON.stringify(shown)}`);
            });
        assert.equal((await openReports(target.id)).comment.open_reports, 1);
        assert.deepEqual(errors, [], 'no uncaught script errors');
    });

    async function closeThread(page) {
        const r = await server.admin().request('PUT', '/api/v1/policy/thread', { json: { page, closed: true } });
        assert.equal(r.status, 200, r.describe());
        const state = await server.client().get(`/api/v1/policy/thread?${new URLSearchParams({ page })}`);
        assert.equal(state.status, 200, state.describe());
        assert.equal(state.json.closed, true);
        return state.json.closed_reason || 'Comments are closed.';
    }

    test('a closed thread on the article page shows its reason and no forms, with and without scripts', async () => {
        const reason = await closeThread(closedArticle);
        for (const javaScriptEnabled of [true, false]) {
            const context = await newContext({ javaScriptEnabled });
            const { page, errors } = await openPage(context, server.baseUrl + closedArticle);
            const section = page.locator('section#comments');
            if (javaScriptEnabled) await page.locator('section#comments[data-live="on"]').waitFor({ state: 'attached', timeout: WAIT_MS });
            assert.equal(await section.getAttribute('data-closed'), '', `data-closed (scripts ${javaScriptEnabled})`);
            assert.equal((await section.locator('p.comments-closed').innerText()).trim(), reason);
            assert.equal(await section.locator('form.comment-form').count(), 0, 'no comment or reply form');
            assert.equal(await section.locator('details.reply-box').count(), 0, 'no Reply');
            assert.equal(await section.locator('form.name-form').count(), 0, 'no name form');
            assert.ok(await section.locator('article.comment').count() > 0, 'the comments are still shown');
            assert.deepEqual(errors, []);
            await context.close();
            contexts.splice(contexts.indexOf(context), 1);
        }
    });

    async function openWidget(pageKey) {
        const context = await newContext();
        const { page, errors } = await openPage(context, `${hostUrl}/?page=${encodeURIComponent(pageKey)}`);
        return { page, errors, w: page.locator('tribune-comments') };
    }

    test('a closed thread in the widget shows its reason, no forms and no Reply', async () => {
        const c = await createApproved(server, server.admin(), { page: WIDGET_CLOSED_KEY, text: 'Closed for the winter.', author_name: 'Desk' });
        const reason = await closeThread(WIDGET_CLOSED_KEY);
        const { w, errors } = await openWidget(WIDGET_CLOSED_KEY);
        await w.getByText(c.text).waitFor({ state: 'visible', timeout: WAIT_MS });
        const closed = w.locator('p.comments-closed');
        await closed.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal((await closed.innerText()).trim(), reason);
        for (const sel of ['form.comment-form', 'form.name-form', 'details.reply-box']) {
            const shown = await w.locator(sel).evaluateAll((ns) => ns.filter((n) => n.checkVisibility()).length);
            assert.equal(shown, 0, `no visible ${sel}`);
        }
        assert.deepEqual(errors, []);
    });

    test('a post refused because the thread closed meanwhile hides the widget forms', async () => {
        const c = await createApproved(server, server.admin(), { page: WIDGET_CLOSING_KEY, text: 'Open for now.', author_name: 'Desk' });
        const { w, errors } = await openWidget(WIDGET_CLOSING_KEY);
        await w.getByText(c.text).waitFor({ state: 'visible', timeout: WAIT_MS });
        const form = w.locator('form.comment-form:not(.reply-form)');
        const post = form.getByRole('button', { name: 'Post comment' });
        await waitFor(() => post.isEnabled(), { ms: WAIT_MS, what: 'the widget to finish loading' });
        assert.equal(await w.locator('details.reply-box').count(), 1, 'Reply while open');

        const reason = await closeThread(WIDGET_CLOSING_KEY);
        await form.locator('textarea').fill('Too late for this one');
        await post.click();
        const feedback = w.locator('.feedback-error');
        await feedback.waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.match(await feedback.innerText(), /Comments are closed/);
        await w.locator('p.comments-closed').waitFor({ state: 'visible', timeout: WAIT_MS });
        assert.equal((await w.locator('p.comments-closed').innerText()).trim(), reason);
        assert.equal(await form.isVisible(), false, 'the comment form is hidden');
        assert.equal(await w.locator('details.reply-box').isVisible(), false, 'Reply is hidden');
        assert.deepEqual(errors, []);
    });
});
