// Accounts and sessions for the moderation desk: `tribune user add`, logging in and out, the
// session cookie, whoami, login rate limits and disabled accounts.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
    cliAddUser, createUser, expectProblem, loginAs, parseSetCookie, startServer,
} from './support/server.mjs';

const uniqueEmail = (label) => `${label}-${randomBytes(4).toString('hex')}@example.test`;

// Plain, or __Host- prefixed when cookies are Secure.
function sessionCookieOf(reply) {
    return reply.setCookies().map(parseSetCookie).find((c) => c.name === 'tribune_session' || c.name === '__Host-tribune_session') || null;
}

describe('desk sessions', { timeout: 180000 }, () => {
    let server;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
    });

    test('tribune user add: creates accounts; refuses a duplicate email, a short password, a bad role or email', async () => {
        const email = uniqueEmail('cli');
        const good = await cliAddUser(server, { email, name: 'Cli Person', role: 'moderator', password: 'correct horse battery' });
        assert.equal(good.code, 0, `user add: ${good.stderr}${good.stdout}`);
        assert.match(good.stdout, new RegExp(`user \\d+ <${email.replace(/[.]/g, '\\.')}> is a moderator`));
        assert.ok(good.id > 0);

        // The same email in other case is the same account.
        const dup = await cliAddUser(server, { email: email.toUpperCase(), name: 'Again', role: 'reader', password: 'another password' });
        assert.notEqual(dup.code, 0, `duplicate email must fail: ${dup.stdout}`);
        assert.ok(dup.stderr.length > 0, 'says why on stderr');

        const shortEmail = uniqueEmail('short');
        const short = await cliAddUser(server, { email: shortEmail, name: 'Short', role: 'reader', password: '123456789' });
        assert.notEqual(short.code, 0, `9-byte password must be refused: ${short.stdout}`);
        const badRoleEmail = uniqueEmail('role');
        const badRole = await cliAddUser(server, { email: badRoleEmail, name: 'Role', role: 'superuser', password: 'long enough password' });
        assert.notEqual(badRole.code, 0, `role superuser must be refused: ${badRole.stdout}`);
        const badEmail = await cliAddUser(server, { email: 'not-an-email', name: 'Nobody', role: 'reader', password: 'long enough password' });
        assert.notEqual(badEmail.code, 0, 'an email without @ must be refused');

        // None of the refused accounts exists; the good one does.
        const users = await server.admin().get('/api/v1/users');
        assert.equal(users.status, 200, users.describe());
        const emails = users.json.users.map((u) => u.email);
        assert.ok(emails.includes(email), 'the good account is listed');
        assert.equal(emails.filter((e) => e === email).length, 1, 'one account per email');
        for (const e of [shortEmail, badRoleEmail, 'not-an-email']) assert.ok(!emails.includes(e), `${e} was not created`);
        const listed = users.json.users.find((u) => u.email === email);
        assert.equal(listed.role, 'moderator');
        assert.equal(listed.name, 'Cli Person');
        assert.equal(listed.id, good.id);
        assert.ok(!users.text.includes('argon2') && !users.text.includes('password'), 'no password hashes in the list');
        // The original still logs in with its password.
        const r = await server.client().login(email, 'correct horse battery');
        assert.equal(r.status, 200, r.describe());
        const dupLogin = await server.client().login(email, 'another password');
        assert.equal(dupLogin.status, 401, 'the duplicate did not replace the password');
    });

    test('login: 200 with the user and a CSRF token; HttpOnly SameSite=Lax session cookie, not Secure by default', async () => {
        const account = await createUser(server, { role: 'moderator' });
        const c = server.client();
        const r = await c.login(account.email.toUpperCase(), account.password); // emails are case-insensitive
        assert.equal(r.status, 200, r.describe());
        assert.match(r.contentType, /^application\/json/i);
        assert.equal(r.json.user.email, account.email);
        assert.equal(r.json.user.name, account.name);
        assert.equal(r.json.user.role, 'moderator');
        assert.equal(r.json.user.id, account.id);
        assert.equal(r.json.user.disabled, false);
        assert.equal(typeof r.json.csrf_token, 'string');
        assert.ok(r.json.csrf_token.length >= 16, 'CSRF token long enough to be unguessable');
        assert.ok(!/password|argon/i.test(r.text), 'no password material in the answer');
        assert.match(r.header('cache-control') || '', /no-store/);
        const cookie = sessionCookieOf(r);
        assert.ok(cookie, `Set-Cookie tribune_session: ${r.setCookies()}`);
        assert.ok(cookie.value.length >= 16);
        assert.notEqual(cookie.value, r.json.csrf_token, 'the CSRF token is not the session token');
        assert.ok(cookie.attrs.httponly, 'HttpOnly');
        assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax', 'SameSite=Lax');
        assert.equal(cookie.attrs.path, '/');
        assert.ok(Number(cookie.attrs['max-age']) > 0, 'a lasting cookie');
        assert.ok(!cookie.attrs.secure, 'not Secure unless TRIBUNE_SECURE_COOKIES');

        // Two logins are two sessions with two CSRF tokens.
        const again = await server.client().login(account.email, account.password);
        assert.equal(again.status, 200);
        assert.notEqual(again.json.csrf_token, r.json.csrf_token);
        assert.notEqual(sessionCookieOf(again).value, cookie.value);
    });

    test('login: a wrong password and an unknown email get the same 401; missing fields 422; bad JSON 400', async () => {
        const account = await createUser(server, { role: 'reader' });
        const wrong = await server.client().login(account.email, `${account.password}x`);
        const wp = expectProblem(assert, wrong, 401, 'wrong password');
        const unknown = await server.client().login(uniqueEmail('nobody'), account.password);
        const up = expectProblem(assert, unknown, 401, 'unknown email');
        assert.equal(wp.title, up.title, 'the same title: the answer does not tell which was wrong');
        assert.equal(wp.detail, up.detail, 'the same detail');
        assert.equal(sessionCookieOf(wrong), null, 'no session cookie on failure');
        assert.equal(sessionCookieOf(unknown), null, 'no session cookie on failure');
        const missing = await server.client().post('/api/v1/session', { email: account.email });
        assert.ok([400, 422].includes(missing.status), `missing password: ${missing.describe()}`);
        const empty = await server.client().post('/api/v1/session', { email: '', password: '' });
        expectProblem(assert, empty, 422, 'empty fields');
        const bad = await server.client().request('POST', '/api/v1/session', {
            body: '{"email":', headers: { 'content-type': 'application/json' },
        });
        expectProblem(assert, bad, 400, 'malformed JSON');
    });

    test('GET /api/v1/session says who is logged in; 401 without a session', async () => {
        const account = await createUser(server, { role: 'admin' });
        const c = await loginAs(server, account);
        const me = await c.get('/api/v1/session');
        assert.equal(me.status, 200, me.describe());
        assert.equal(me.json.user.email, account.email);
        assert.equal(me.json.user.role, 'admin');
        assert.equal(me.json.csrf_token, c.csrf, 'whoami repeats the session CSRF token');
        expectProblem(assert, await server.client().get('/api/v1/session'), 401, 'anonymous whoami');
        const bearer = await server.admin().get('/api/v1/session');
        assert.equal(bearer.status, 401, `the admin token is no session: ${bearer.describe()}`);
        const forged = await server.client().get('/api/v1/session', { headers: { cookie: `tribune_session=${'A'.repeat(43)}` } });
        assert.equal(forged.status, 401, `a made-up session cookie: ${forged.describe()}`);
    });

    test('logout clears the cookie and ends the session for every request that still carries it', async () => {
        const account = await createUser(server, { role: 'moderator' });
        const c = await loginAs(server, account);
        const stolen = c.cookieHeader(); // what a copy of the cookie would still send
        assert.equal((await c.get('/api/v1/moderation/queue')).status, 200, 'the session works');
        const noToken = await c.logout({ csrf: false });
        expectProblem(assert, noToken, 403, 'logout without the CSRF token');
        assert.equal((await c.get('/api/v1/session')).status, 200, 'a refused logout left the session');
        const out = await c.logout();
        assert.equal(out.status, 204, out.describe());
        const cleared = sessionCookieOf(out);
        assert.ok(cleared, 'Set-Cookie clears tribune_session');
        assert.ok(cleared.value === '' || Number(cleared.attrs['max-age']) <= 0, `expired: ${out.setCookies()}`);
        assert.ok(!c.cookies.has('tribune_session'), 'the jar dropped it');
        const replay = server.client();
        const whoami = await replay.get('/api/v1/session', { headers: { cookie: stolen } });
        assert.equal(whoami.status, 401, `the old cookie no longer works: ${whoami.describe()}`);
        const queue = await replay.get('/api/v1/moderation/queue', { headers: { cookie: stolen } });
        assert.equal(queue.status, 401, `the old cookie is anonymous at the desk: ${queue.describe()}`);
    });

    test('a disabled account cannot log in and its open session ends; enabling it again restores login', async () => {
        const account = await createUser(server, { role: 'moderator' });
        const c = await loginAs(server, account);
        assert.equal((await c.get('/api/v1/moderation/queue')).status, 200);
        const off = await server.admin().patch(`/api/v1/users/${account.id}`, { disabled: true });
        assert.equal(off.status, 200, off.describe());
        assert.equal(off.json.disabled, true);
        const queue = await c.get('/api/v1/moderation/queue');
        assert.equal(queue.status, 401, `the disabled account's session ended: ${queue.describe()}`);
        assert.equal((await c.get('/api/v1/session')).status, 401);
        const relogin = await server.client().login(account.email, account.password);
        const p = expectProblem(assert, relogin, 401, 'disabled account logs in');
        const wrong = await server.client().login(account.email, 'not the password at all');
        assert.equal(p.title, expectProblem(assert, wrong, 401, 'wrong password').title,
            'a disabled account looks like a wrong password');
        const listed = (await server.admin().get('/api/v1/users')).json.users.find((u) => u.id === account.id);
        assert.equal(listed.disabled, true);

        const on = await server.admin().patch(`/api/v1/users/${account.id}`, { disabled: false });
        assert.equal(on.status, 200, on.describe());
        const back = await loginAs(server, account);
        assert.equal((await back.get('/api/v1/moderation/queue')).status, 200, 'enabled again');
    });

    test('demoting a moderator ends their session', async () => {
        const account = await createUser(server, { role: 'moderator' });
        const c = await loginAs(server, account);
        const r = await server.admin().patch(`/api/v1/users/${account.id}`, { role: 'reader' });
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.role, 'reader');
        const q = await c.get('/api/v1/moderation/queue');
        assert.equal(q.status, 401, `the old staff session is gone: ${q.describe()}`);
        const again = await loginAs(server, account);
        expectProblem(assert, await again.get('/api/v1/moderation/queue'), 403, 'now a reader');
    });
});

test('TRIBUNE_SECURE_COOKIES=true marks the session cookie Secure and __Host- (and its removal)', { timeout: 60000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_SECURE_COOKIES: 'true' } });
    const account = await createUser(server, { role: 'reader' });
    const c = server.client();
    const r = await c.login(account.email, account.password);
    assert.equal(r.status, 200, r.describe());
    const cookie = sessionCookieOf(r);
    assert.ok(cookie?.attrs.secure, `Secure: ${r.setCookies()}`);
    assert.equal(cookie.name, '__Host-tribune_session');
    assert.ok(cookie.attrs.httponly);
    assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax');
    const out = await c.logout();
    assert.equal(out.status, 204, out.describe());
    assert.ok(sessionCookieOf(out)?.attrs.secure, `the clearing cookie is Secure too: ${out.setCookies()}`);
});

test('login attempts are rate limited per account and per address: 429 with Retry-After', { timeout: 90000 }, async (t) => {
    // 1 per minute: a burst of 5 attempts per account and 10 per address.
    const server = await startServer(t, { env: { TRIBUNE_RATE_LOGINS_PER_MINUTE: '1' } });
    const target = await createUser(server, { role: 'moderator' });
    const statuses = [];
    let limited = null;
    for (let i = 0; i < 8 && !limited; i++) {
        const r = await server.client().login(target.email, `wrong password ${i}`);
        statuses.push(r.status);
        if (r.status === 429) limited = r;
        else assert.equal(r.status, 401, r.describe());
    }
    assert.ok(limited, `no 429 after ${statuses.length} wrong passwords: ${statuses}`);
    assert.ok(statuses.length >= 3, `a few attempts are allowed first: ${statuses}`);
    const p = expectProblem(assert, limited, 429, 'too many logins');
    assert.ok(p.title.length > 0);
    const retry = limited.header('retry-after');
    assert.match(retry || '', /^\d+$/, `Retry-After is whole seconds: ${retry}`);
    assert.ok(Number(retry) >= 1);
    assert.equal(sessionCookieOf(limited), null);
    // While limited, even the right password is refused: guessing cannot go on.
    const right = await server.client().login(target.email, target.password);
    assert.equal(right.status, 429, `right password while limited: ${right.describe()}`);

    // The address runs out too: unknown emails, one attempt each, all from 127.0.0.1.
    let ipLimited = null;
    let n = 0;
    for (; n < 15 && !ipLimited; n++) {
        const r = await server.client().login(uniqueEmail('spray'), 'whatever password');
        if (r.status === 429) ipLimited = r;
        else assert.equal(r.status, 401, r.describe());
    }
    assert.ok(ipLimited, 'spraying many accounts from one address is limited');
    assert.match(ipLimited.header('retry-after') || '', /^\d+$/);
});

// Its own server: a refused account must not take the server down with it.
test('POST /api/v1/users: 201 for a good account, 422 naming the field for bad input, 409 for a taken email', { timeout: 60000 }, async (t) => {
    const server = await startServer(t);
    const admin = server.admin();
    const good = { email: uniqueEmail('api'), name: 'Api Made', password: 'long enough password', role: 'moderator' };
    const made = await admin.post('/api/v1/users', good);
    assert.equal(made.status, 201, made.describe());
    assert.deepEqual([made.json.email, made.json.name, made.json.role, made.json.disabled], [good.email, good.name, 'moderator', false]);
    assert.ok(!/password|argon/i.test(made.text), 'no password material in the answer');
    expectProblem(assert, await admin.post('/api/v1/users', { ...good, email: good.email.toUpperCase() }), 409, 'taken email');
    const wrong = [];
    for (const [body, field] of [
        [{ ...good, role: 'superuser' }, 'role'],
        [{ ...good, email: 'not-an-email' }, 'email'],
        [{ ...good, email: uniqueEmail('short'), password: '123456789' }, 'password'],
        [{ ...good, email: uniqueEmail('noname'), name: '' }, 'name'],
    ]) {
        let r;
        try {
            r = await admin.post('/api/v1/users', body);
        } catch (e) {
            wrong.push(`${field}: no answer (${e.message})`);
            if (!server.running) break;
            continue;
        }
        if (r.status !== 422) wrong.push(`${field}: ${r.describe().slice(0, 200)}`);
        else if (!r.json?.errors?.some((e) => e.field === field)) wrong.push(`${field}: errors do not name it: ${r.text}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(server.running, `the server survived the refused accounts (exit ${JSON.stringify(server.exitInfo)})`);
    const emails = (await admin.get('/api/v1/users')).json.users.map((u) => u.email);
    assert.equal(emails.filter((e) => e.endsWith('@example.test')).length, 1, `only the good account: ${emails}`);
});
