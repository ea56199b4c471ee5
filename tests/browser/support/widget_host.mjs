// The host site of the widget tests: a plain HTML page on another loopback origin than Tribune.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';

import { ROOT } from '../../integration/support/server.mjs';

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Serves tests/browser/fixtures/widget-host.html at / with the Tribune origin (tribuneOrigin()
 * at request time) and the page key (?page=, else `defaultPage`) filled in. Resolves once
 * listening on 127.0.0.1 at a free port.
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
            .replaceAll('__PAGE__', escapeHtml(url.searchParams.get('page') || defaultPage));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
    });
    return server;
}
