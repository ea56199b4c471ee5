// The host site of the widget tests: a plain HTML page on another loopback origin than Tribune.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { ROOT, startServer } from '../../integration/support/server.mjs';

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Serves tests/browser/fixtures/widget-host.html at / with the Tribune origin (tribuneOrigin()
 * at request time), the page key (?page=, else `defaultPage`) and, with ?sso=TOKEN, the
 * element's sso-token attribute (as a newsroom's page prints it for its signed-in visitor) filled
 * in. Resolves once listening on 127.0.0.1 at a free port.
 */
export async function startHost(tribuneOrigin, defaultPage) {
    const template = await readFile(join(ROOT, 'tests', 'browser', 'fixtures', 'widget-host.html'), 'utf8');
    const server = createServer((req, res) => {
        const url = new URL(req.url, 'http://host.invalid');
        if (url.pathname === '/favicon.ico') {
            res.writeHead(204).end();
            return;
        }
        if (url.pathname !== '/') {
            res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
            return;
        }
        const html = template
            .replaceAll('__TRIBUNE_ORIGIN__', escapeHtml(tribuneOrigin()))
            .replaceAll('__PAGE__', escapeHtml(url.searchParams.get('page') || defaultPage))
            .replaceAll(' __SSO__', url.searchParams.get('sso') ? ` sso-token="${escapeHtml(url.searchParams.get('sso'))}"` : '');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
    });
    return server;
}

export const CHROMIUM = process.env.TRIBUNE_CHROMIUM || '/usr/bin/chromium';
export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * What the widget suites run in: a Tribune server that allows a host site on another loopback
 * origin, that site (startHost, page key `defaultPage`), and Chromium. close() ends all three.
 */
export async function startWidgetWorld(defaultPage) {
    let origin = '';
    const host = await startHost(() => origin, defaultPage);
    const hostUrl = `http://127.0.0.1:${host.address().port}`;
    const world = { host, hostUrl, tribune: null, browser: null };
    world.close = async () => {
        await world.browser?.close();
        await world.tribune?.cleanup();
        await new Promise((resolve) => { host.closeAllConnections?.(); host.close(() => resolve()); });
    };
    try {
        world.tribune = await startServer(null, { env: { TRIBUNE_ALLOWED_ORIGINS: hostUrl } });
        origin = world.tribune.baseUrl;
        world.browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
    } catch (e) {
        await world.close();
        throw e;
    }
    return world;
}

/** With TRIBUNE_EMBED_FROM_DISK=1, `context` gets web/embed.js from the working tree, not the binary's copy. */
export async function embedFromDisk(context) {
    if (!process.env.TRIBUNE_EMBED_FROM_DISK) return;
    const body = await readFile(join(ROOT, 'web', 'embed.js'), 'utf8');
    await context.route(/\/embed\.js(\?.*)?$/, (route) => route.fulfill({
        status: 200, contentType: 'text/javascript', body, headers: { 'access-control-allow-origin': '*' } }));
}
