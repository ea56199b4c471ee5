// Hardening (docs/security.md): wrong passwords for an admin's email from
// anywhere once locked the real admin out; Argon2 checks ran on the shared worker pool; the
// admin token had no minimum length and wrong bearer tokens no throttle.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { createUser, expectProblem, runCli, startServer } from './support/server.mjs';

const from = (ip) => ({ headers: { 'x-real-ip': ip } });

describe('logins: guessing elsewhere never locks the owner out', { timeout: 120000 }, () => {
    let server;
    let admin;
    after(async () => server?.cleanup());
    before(async () => {
        // 1 per minute: 5 attempts per account and address, 10 per address, then wrong answers wait.
        server = await startServer(null, { env: { TRIBUNE_RATE_LOGINS_PER_MINUTE: '1', TRIBUNE_TRUST_PROXY: 'true' } });
        admin = await createUser(server, { role: 'admin' });
    });

    test('wrong passwords from many addresses: each address is limited, the admin still gets in', async () => {
        const statuses = [];
        for (let a = 1; a <= 4; a++) {
            for (let i = 0; i < 6; i++) {
                const r = await server.client().login(admin.email, `guess ${a}-${i}`, from(`203.0.113.${a}`));
                statuses.push(r.status);
            }
        }
        assert.ok(statuses.includes(429), `each address runs out: ${statuses}`);
        assert.ok(!statuses.includes(200));
        const started = Date.now();
        const wrong = await server.client().login(admin.email, 'one more guess', from('203.0.113.99'));
        assert.equal(wrong.status, 401, wrong.describe());
        assert.ok(Date.now() - started >= 900, 'a wrong answer for an account under attack waits');
        const real = await server.client().login(admin.email, admin.password, from('198.51.100.7'));
        assert.equal(real.status, 200, `the real admin from their own address: ${real.describe()}`);
    });
});

describe('password work runs in a small bounded pool', { timeout: 120000 }, () => {
    let server;
    let user;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_TRUST_PROXY: 'true' } });
        user = await createUser(server, { role: 'moderator' });
    });

    test('a burst of logins gets 503s for some, and pages are served meanwhile', async () => {
        const burst = Array.from({ length: 40 }, (_, i) =>
            server.client().login(user.email, `wrong ${i}`, from(`192.0.2.${i + 1}`)));
        const page = server.client().get('/');
        const [answers, home] = await Promise.all([Promise.all(burst), page]);
        const statuses = answers.map((r) => r.status);
        assert.equal(home.status, 200, 'a page read during the burst');
        assert.ok(statuses.every((s) => s === 401 || s === 503), `${statuses}`);
        const busy = answers.find((r) => r.status === 503);
        assert.ok(busy, `some logins were turned away: ${statuses}`);
        expectProblem(assert, busy, 503);
        assert.match(busy.header('retry-after') || '', /^\d+$/);
        const ok = await server.client().login(user.email, user.password, from('198.51.100.1'));
        assert.equal(ok.status, 200, ok.describe());
    });

    test('wrong bearer tokens are limited per address', async () => {
        let limited = null;
        for (let i = 0; i < 30 && !limited; i++) {
            const r = await server.client({ bearer: `guess-${i}` }).get('/api/v1/audit', from('192.0.2.200'));
            if (r.status === 429) limited = r;
            else assert.ok([401, 403].includes(r.status), r.describe());
        }
        assert.ok(limited, 'refused after a burst of guesses');
        expectProblem(assert, limited, 429);
    });
});

test('an admin token shorter than 32 characters refuses to start', { timeout: 30000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tribune-short-token-'));
    try {
        const r = await runCli(['serve', '--listen', '127.0.0.1:0', '--data', dir], { env: { TRIBUNE_ADMIN_TOKEN: 'hunter2' }, timeoutMs: 20000 });
        assert.notEqual(r.code, 0);
        assert.match(r.stdout + r.stderr, /admin_token must be at least 32 characters/);
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
});
