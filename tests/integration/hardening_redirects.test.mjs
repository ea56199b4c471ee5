// Hardening (docs/security.md): a redirect target of 70 KB once made the response writer
// throw on an I/O thread and ended the process. Every such field is now bounded (2 KB) and
// free of control characters, and the server answers the next request as usual.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoArticles, startServer } from './support/server.mjs';

const HUGE = 70 * 1024;

describe('redirect targets are bounded', { timeout: 120000 }, () => {
    let server;
    let demo;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
    });

    async function stillServing(what) {
        assert.equal(server.proc.exitCode, null, `${what}: the process is still running`);
        const r = await server.client().get('/healthz');
        assert.equal(r.status, 200, `${what}: the next request is answered`);
    }

    const formPost = (path, form, headers = {}) =>
        server.client().request('POST', path, { body: new URLSearchParams(form).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

    test('a 70 KB return_to on POST /name falls back to the home page', async () => {
        const r = await formPost('/name', { author_name: 'Ada', return_to: `${demo.main}?x=${'a'.repeat(HUGE)}` });
        assert.equal(r.status, 303, r.describe());
        assert.equal(r.header('location'), '/#comments');
        await stillServing('POST /name');
    });

    test('a 70 KB return_to on the comment form falls back to the article', async () => {
        const r = await formPost(`${demo.main}/comments`, {
            author_name: 'Ada', text: 'A plain comment about the ferry.', return_to: `${demo.main}?${'b'.repeat(HUGE)}`,
        });
        assert.equal(r.status, 303, r.describe());
        const loc = r.header('location');
        assert.ok(loc.length < 4096, `Location is short (${loc.length} bytes)`);
        assert.ok(loc.startsWith(`${demo.main}?posted=`), loc);
        await stillServing('comment form');
    });

    test('a 70 KB `return` on an anonymous desk form sends to the login page without it', async () => {
        const r = await formPost('/admin/comments/1/moderate', { action: 'approve', return: `/admin?${'c'.repeat(HUGE)}` });
        assert.equal(r.status, 303, r.describe());
        const loc = r.header('location');
        assert.ok(loc.length < 4096, `Location is short (${loc.length} bytes)`);
        assert.ok(loc.startsWith('/admin/login?next='), loc);
        await stillServing('desk form');
    });

    test('control characters and a just-too-long target are refused; 2 KB is kept', async () => {
        for (const bad of [`${demo.main}\r\nX-Evil: 1`, `${demo.main}\t`, `${demo.main}?${'d'.repeat(2049)}`]) {
            const r = await formPost('/name', { author_name: 'Ada', return_to: bad });
            assert.equal(r.status, 303, r.describe());
            assert.equal(r.header('location'), '/#comments', JSON.stringify(bad.slice(0, 40)));
            assert.equal(r.header('x-evil'), null);
        }
        const fits = `${demo.main}?${'e'.repeat(2048 - demo.main.length - 1)}`;
        const r = await formPost('/name', { author_name: 'Ada', return_to: fits });
        assert.equal(r.header('location'), `${fits}#comments`);
        await stillServing('bounded targets');
    });
});
