// Hardening (docs/security.md): the API takes state-changing requests only from the
// site itself or an allowed origin, and only as JSON (a browser posts text/plain, form and
// multipart bodies across sites without asking); problem answers carry the HTTP status they go
// out with.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { exchange } from './support/raw_http.mjs';
import { countsOf, demoArticles, expectProblem, marker, startServer } from './support/server.mjs';

const PARTNER = 'https://partner.example';

describe('cross-site requests', { timeout: 120000 }, () => {
    let server;
    let demo;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_ALLOWED_ORIGINS: PARTNER } });
        demo = await demoArticles(server);
    });

    const post = (headers, body) => server.client().request('POST', '/api/v1/comments', { body, headers });
    const comment = () => JSON.stringify({ page: demo.empty, text: `cross-site ${marker()}`, author_name: 'Ada' });

    test('a comment posted as text/plain, a form or multipart is 415 and stores nothing', async () => {
        const before = await countsOf(server, [demo.empty]);
        for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
            const headers = type ? { 'content-type': type } : {};
            const r = await post(headers, comment());
            expectProblem(assert, r, 415, String(type));
            assert.equal(r.json.status, 415);
        }
        const staff = await server.admin().listComments(demo.empty, { status: 'all', limit: 100 });
        assert.equal(staff.json.comments.length, 0, 'nothing stored');
        assert.deepEqual(await countsOf(server, [demo.empty]), before);
    });

    test('another site\'s Origin is 403 on the API; the site itself and allowed origins are not', async () => {
        for (const origin of ['https://evil.example', 'null', `${server.baseUrl.replace('http:', 'https:')}`]) {
            const r = await post({ 'content-type': 'application/json', origin }, comment());
            expectProblem(assert, r, 403, origin);
        }
        for (const origin of [server.baseUrl, PARTNER, PARTNER.toUpperCase().replace('HTTPS', 'https'), `${PARTNER}:443`]) {
            const r = await post({ 'content-type': 'application/json', origin }, comment());
            assert.equal(r.status, 201, `${origin}: ${r.describe()}`);
        }
    });

    test('the Host header does not make a foreign Origin the site\'s own', async () => {
        const r = await post({ 'content-type': 'application/json', origin: 'http://evil.example', host: 'evil.example' }, comment());
        expectProblem(assert, r, 403);
    });

    test('form posts to pages and the desk from another site are refused, from the site accepted', async () => {
        const form = (origin) => server.client().request('POST', '/name', {
            body: 'author_name=Ada&return_to=%2F', headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        });
        assert.equal((await form('https://evil.example')).status, 403);
        assert.equal((await form(PARTNER)).status, 403, 'allowed origins embed the widget; they do not post the site\'s forms');
        assert.equal((await form(server.baseUrl)).status, 303);
        const login = await server.client().request('POST', '/api/v1/session', {
            json: { email: 'nobody@example.org', password: 'x' }, headers: { origin: 'https://evil.example' },
        });
        expectProblem(assert, login, 403, 'login from another site');
    });
});

describe('problem status equals the HTTP status', { timeout: 60000 }, () => {
    let server;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
    });

    test('405 says 405; an unknown method is 501; huge headers 431', async () => {
        const r405 = await server.client().request('PUT', '/api/v1/comments');
        expectProblem(assert, r405, 405);
        assert.equal(r405.json.status, 405);
        const r501 = (await exchange(server.port, 'BREW /api/v1/comments HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { end: true })).text;
        assert.match(r501, /^HTTP\/1\.1 501 /);
        assert.match(r501, /"status":501/);
        const r431 = (await exchange(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`, { end: true })).text;
        assert.match(r431, /^HTTP\/1\.1 431 /);
        assert.match(r431, /"status":431/);
    });
});
