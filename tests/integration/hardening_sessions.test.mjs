// Hardening (docs/security.md), sessions: __Host- cookies and Secure by default behind https, an
// idle timeout for staff sessions, and the IP-hash key kept outside the store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { createUser, loginAs, parseSetCookie, sleep, startServer, TribuneServer } from './support/server.mjs';

const cookiesOf = (reply) => reply.setCookies().map(parseSetCookie);

test('behind https every cookie is Secure and __Host-; the unprefixed name is not a credential', async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_PUBLIC_URL: 'https://news.example' } });
    const moderator = await createUser(server, { role: 'moderator' });
    const client = server.client();
    const login = await client.login(moderator.email, moderator.password);
    assert.equal(login.status, 200, login.describe());
    const session = cookiesOf(login).find((c) => c.name.endsWith('tribune_session'));
    assert.ok(session, 'a session cookie is set');
    assert.equal(session.name, '__Host-tribune_session');
    assert.equal(session.attrs.secure, true);
    assert.equal(session.attrs.path, '/');
    assert.equal(session.attrs.domain, undefined, 'a __Host- cookie has no Domain');
    assert.equal((await client.get('/api/v1/session')).status, 200, 'the prefixed cookie is the session');

    // Planted over plain http (or by a sibling subdomain), the bare name proves nothing.
    const planted = await fetch(`${server.baseUrl}/api/v1/session`, { headers: { cookie: `tribune_session=${session.value}` } });
    assert.equal(planted.status, 401);

    const post = await server.client().postComment({ page: '/hardening/cookies', text: 'a reader writes' });
    assert.equal(post.status, 201, post.describe());
    const author = cookiesOf(post).find((c) => c.name.endsWith('tribune_author'));
    assert.equal(author?.name, '__Host-tribune_author');
    assert.equal(author.attrs.secure, true);
});

test('plain http keeps the plain cookie names (local development)', async (t) => {
    const server = await startServer(t);
    const post = await server.client().postComment({ page: '/hardening/cookies', text: 'a reader writes' });
    const author = cookiesOf(post).find((c) => c.name.endsWith('tribune_author'));
    assert.equal(author?.name, 'tribune_author');
    assert.equal(author.attrs.secure, undefined);
});

test('a staff session ends after staff_idle_seconds unused, and lives on while used; readers keep theirs', async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_STAFF_IDLE_SECONDS: '6' } });
    const moderator = await loginAs(server, await createUser(server, { role: 'moderator' }));
    const reader = await loginAs(server, await createUser(server, { role: 'reader' }));
    // Used every second for longer than the idle time: still logged in.
    for (let i = 0; i < 9; i++) {
        const r = await moderator.get('/api/v1/session');
        assert.equal(r.status, 200, `request ${i + 1} while in use: ${r.describe()}`);
        await sleep(1000);
    }
    await sleep(8000);
    const idle = await moderator.get('/api/v1/session');
    assert.equal(idle.status, 401, 'the unused staff session ended');
    const desk = await moderator.get('/api/v1/moderation/queue');
    assert.ok(desk.status === 401 || desk.status === 403, `the desk is closed to it: ${desk.status}`);
    assert.equal((await reader.get('/api/v1/session')).status, 200, 'a reader session is not cut by the staff idle time');
});

test('the IP-hash key lives in a private file beside the store, never in it', async (t) => {
    const server = await startServer(t);
    const keyFile = join(server.dataDir, 'ip-hash.key');
    const mode = statSync(keyFile).mode & 0o777;
    assert.equal(mode, 0o600, `key file mode ${mode.toString(8)}`);
    const key = readFileSync(keyFile, 'utf8').trim();
    assert.ok(key.length >= 32, 'a long key');
    // Write something, so the store has pages and a log to look through.
    assert.equal((await server.client().postComment({ page: '/hardening/key', text: 'hashing my address' })).status, 201);
    await server.stop();
    for (const name of readdirSync(server.dataDir)) {
        if (name === 'ip-hash.key') continue;
        const bytes = readFileSync(join(server.dataDir, name));
        assert.ok(!bytes.includes(Buffer.from(key)), `${name} does not hold the key`);
    }
});

test('a configured IP-hash key shorter than 32 characters stops the start with a clear message', async (t) => {
    const server = new TribuneServer({ env: { TRIBUNE_IP_HASH_KEY: 'too-short' } });
    t.after(() => server.cleanup());
    await assert.rejects(server.start(), /ip_hash_key must be at least 32 characters/);
});
