// CSRF: every state-changing request authenticated by the session cookie must carry the
// session's token (X-CSRF-Token, or the csrf_token field of an HTML form). Without it, or with a
// wrong one, the answer is 403 "CSRF token missing or invalid" and nothing changes; with it the
// request works. Bearer tokens (the admin token) need none.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
    approve, createApproved, createComment, createUser, demoArticles, expectProblem, loginAs, marker, startServer,
} from './support/server.mjs';

const CSRF_TITLE = 'CSRF token missing or invalid';

describe('CSRF on session-authenticated changes', { timeout: 300000 }, () => {
    let server;
    let bearer;
    let admin;
    let mod;
    let reader;
    let page;
    let slug;
    let ipCounter = 1;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        // X-Real-IP gives ban targets their own address, so bans never hit 127.0.0.1.
        server = await startServer(null, { env: { TRIBUNE_TRUST_PROXY: 'true' } });
        bearer = server.admin();
        const demo = await demoArticles(server);
        page = demo.empty;
        slug = demo.slugOf(page);
        admin = await loginAs(server, await createUser(server, { role: 'admin' }));
        mod = await loginAs(server, await createUser(server, { role: 'moderator' }));
        reader = await loginAs(server, await createUser(server, { role: 'reader' }));
    });

    const freshIp = () => `198.51.100.${ipCounter++}`;
    const pending = () => createComment(server.client(), { page, text: `csrf target ${marker()}` });
    const approved = () => createApproved(server, server.client(), { page, text: `csrf approved ${marker()}` });
    const item = async (id) => {
        const r = await bearer.get(`/api/v1/moderation/comments/${id}`);
        assert.equal(r.status, 200, r.describe());
        return r.json.comment;
    };
    const latestAudit = async () => {
        const r = await bearer.get('/api/v1/audit?limit=1');
        assert.equal(r.status, 200, r.describe());
        return r.json.entries[0]?.id ?? 0;
    };
    const activeBans = async () => {
        const r = await bearer.get('/api/v1/bans');
        assert.equal(r.status, 200, r.describe());
        return r.json.bans;
    };
    const allTexts = async () => {
        const r = await bearer.listComments(page, { status: 'all', limit: 100 });
        assert.equal(r.status, 200, r.describe());
        return r.text;
    };
    const banTarget = async () => {
        const c = server.client();
        const r = await c.postComment({ page, text: `ban target ${marker()}` }, { headers: { 'x-real-ip': freshIp() } });
        assert.equal(r.status, 201, r.describe());
        return r.json.comment;
    };
    const other = (actor) => (actor === admin ? mod : admin);

    // Each case: who acts, what to set up, how to send (csrf: undefined = the session's own token,
    // false = none, or a string), what must hold after a refusal, and the status with the token.
    const cases = [
        {
            name: 'POST /api/v1/comments/{id}/moderation (admin session)',
            actor: () => admin,
            prepare: async () => ({ c: await pending() }),
            send: (a, x, csrf) => a.moderate(x.c.id, 'approve', { csrf }),
            unchanged: async (x) => assert.equal((await item(x.c.id)).status, 'pending'),
            ok: 200,
            changed: async (x, r) => assert.equal(r.json.status, 'approved'),
        },
        {
            name: 'POST /api/v1/comments/{id}/moderation (moderator session)',
            actor: () => mod,
            prepare: async () => ({ c: await pending() }),
            send: (a, x, csrf) => a.moderate(x.c.id, 'spam', { csrf }),
            unchanged: async (x) => assert.equal((await item(x.c.id)).status, 'pending'),
            ok: 200,
            changed: async (x) => assert.equal((await item(x.c.id)).status, 'spam'),
        },
        {
            name: 'POST /api/v1/moderation/bulk',
            actor: () => mod,
            prepare: async () => ({ a: await pending(), b: await pending() }),
            send: (a, x, csrf) => a.post('/api/v1/moderation/bulk', { ids: [x.a.id, x.b.id], action: 'reject' }, { csrf }),
            unchanged: async (x) => {
                assert.equal((await item(x.a.id)).status, 'pending');
                assert.equal((await item(x.b.id)).status, 'pending');
            },
            ok: 200,
            changed: async (x, r) => {
                assert.equal(r.json.done.length, 2, r.describe());
                assert.equal((await item(x.b.id)).status, 'rejected');
            },
        },
        {
            name: 'POST /api/v1/comments/{id}/ban',
            actor: () => mod,
            prepare: async () => ({ c: await banTarget(), bans: (await activeBans()).length }),
            send: (a, x, csrf) => a.post(`/api/v1/comments/${x.c.id}/ban`, { days: 1, reason: 'csrf test' }, { csrf }),
            unchanged: async (x) => {
                assert.equal((await activeBans()).length, x.bans, 'no ban was added');
                assert.equal((await item(x.c.id)).status, 'pending');
            },
            ok: 201,
            changed: async (x, r) => {
                assert.ok(r.json.bans.length >= 1, r.describe());
                assert.equal((await item(x.c.id)).status, 'spam');
                for (const b of r.json.bans) assert.equal((await bearer.delete(`/api/v1/bans/${b.id}`)).status, 200);
            },
        },
        {
            name: 'DELETE /api/v1/bans/{id}',
            actor: () => admin,
            prepare: async () => {
                const c = await banTarget();
                const r = await bearer.post(`/api/v1/comments/${c.id}/ban`, { days: 1 });
                assert.equal(r.status, 201, r.describe());
                return { ban: r.json.bans[0], rest: r.json.bans.slice(1) };
            },
            send: (a, x, csrf) => a.delete(`/api/v1/bans/${x.ban.id}`, { csrf }),
            unchanged: async (x) => assert.ok((await activeBans()).some((b) => b.id === x.ban.id), 'still active'),
            ok: 200,
            changed: async (x, r) => {
                assert.equal(r.json.lifted, true);
                assert.ok(!(await activeBans()).some((b) => b.id === x.ban.id));
                for (const b of x.rest) await bearer.delete(`/api/v1/bans/${b.id}`);
            },
        },
        {
            name: 'PUT /api/v1/policy',
            actor: () => admin,
            prepare: async () => ({ before: (await bearer.get('/api/v1/policy')).json }),
            send: (a, x, csrf) => a.put('/api/v1/policy', { report_threshold: x.before.report_threshold + 4 }, { csrf }),
            unchanged: async (x) => assert.deepEqual((await bearer.get('/api/v1/policy')).json, x.before),
            ok: 200,
            changed: async (x, r) => {
                assert.equal(r.json.report_threshold, x.before.report_threshold + 4);
                const back = await bearer.put('/api/v1/policy', { report_threshold: x.before.report_threshold });
                assert.equal(back.status, 200, back.describe());
            },
        },
        {
            name: 'PUT /api/v1/policy/thread',
            actor: () => mod,
            prepare: async () => ({ p: `/csrf-thread/${marker()}` }),
            send: (a, x, csrf) => a.put('/api/v1/policy/thread', { page: x.p, closed: true }, { csrf }),
            unchanged: async (x) => {
                const r = await bearer.get(`/api/v1/policy/thread?page=${encodeURIComponent(x.p)}`);
                assert.equal(r.status, 200, r.describe());
                assert.equal(r.json.closed, false);
            },
            ok: 200,
            changed: async (x) => {
                const r = await bearer.get(`/api/v1/policy/thread?page=${encodeURIComponent(x.p)}`);
                assert.equal(r.json.closed, true);
            },
        },
        {
            name: 'POST /api/v1/users',
            actor: () => admin,
            prepare: async () => ({ email: `csrf-${randomBytes(4).toString('hex')}@example.test` }),
            send: (a, x, csrf) => a.post('/api/v1/users',
                { email: x.email, name: 'Csrf Made', password: 'a long password here', role: 'moderator' }, { csrf }),
            unchanged: async (x) => {
                const users = (await bearer.get('/api/v1/users')).json.users;
                assert.ok(!users.some((u) => u.email === x.email), 'no account was made');
            },
            ok: 201,
            changed: async (x, r) => assert.equal(r.json.email, x.email),
        },
        {
            name: 'PATCH /api/v1/users/{id}',
            actor: () => admin,
            prepare: async () => ({ u: await createUser(server, { role: 'reader' }) }),
            send: (a, x, csrf) => a.patch(`/api/v1/users/${x.u.id}`, { disabled: true, role: 'moderator' }, { csrf }),
            unchanged: async (x) => {
                const u = (await bearer.get('/api/v1/users')).json.users.find((v) => v.id === x.u.id);
                assert.equal(u.disabled, false);
                assert.equal(u.role, 'reader');
            },
            ok: 200,
            changed: async (x, r) => {
                assert.equal(r.json.disabled, true);
                assert.equal(r.json.role, 'moderator');
            },
        },
        {
            name: 'POST /api/v1/privacy/erase',
            actor: () => admin,
            prepare: async () => ({ c: await approved() }),
            send: (a, x, csrf) => a.request('POST', `/api/v1/privacy/erase?comment=${x.c.id}`, { csrf }),
            unchanged: async (x) => {
                const r = await server.client().getComment(x.c.id);
                assert.equal(r.status, 200, r.describe());
                assert.equal(r.json.text, x.c.text);
            },
            ok: 200,
            changed: async (x, r) => {
                assert.equal(r.json.comments, 1, r.describe());
                assert.equal((await server.client().getComment(x.c.id)).status, 404);
            },
        },
        {
            name: 'POST /api/v1/comments (reader account session)',
            actor: () => reader,
            prepare: async () => ({ text: `reader session post ${marker()}` }),
            send: (a, x, csrf) => a.postComment({ page, text: x.text }, { csrf }),
            unchanged: async (x) => assert.ok(!(await allTexts()).includes(x.text), 'not stored'),
            ok: 201,
            changed: async (x, r) => {
                assert.equal(r.json.comment.author.role, 'reader');
                assert.ok((await allTexts()).includes(x.text));
            },
        },
        {
            name: 'POST /api/v1/comments (admin session)',
            actor: () => admin,
            prepare: async () => ({ text: `admin session post ${marker()}` }),
            send: (a, x, csrf) => a.postComment({ page, text: x.text }, { csrf }),
            unchanged: async (x) => assert.ok(!(await allTexts()).includes(x.text), 'not stored'),
            ok: 201,
            changed: async (x, r) => {
                assert.equal(r.json.comment.author.role, 'admin');
                assert.equal(r.json.comment.status, 'approved');
            },
        },
        {
            name: 'PATCH /api/v1/comments/{id}',
            actor: () => mod,
            prepare: async () => ({ c: await approved() }),
            send: (a, x, csrf) => a.editComment(x.c.id, `${x.c.text} (edited)`, { csrf }),
            unchanged: async (x) => {
                const c = (await bearer.getComment(x.c.id)).json;
                assert.equal(c.text, x.c.text);
                assert.equal(c.edited, false);
            },
            ok: 200,
            changed: async (x, r) => assert.equal(r.json.text, `${x.c.text} (edited)`),
        },
        {
            name: 'DELETE /api/v1/comments/{id}',
            actor: () => mod,
            prepare: async () => ({ c: await approved() }),
            send: (a, x, csrf) => a.deleteComment(x.c.id, { csrf }),
            unchanged: async (x) => assert.equal((await server.client().getComment(x.c.id)).status, 200),
            ok: 204,
            changed: async (x) => assert.equal((await server.client().getComment(x.c.id)).status, 404),
        },
        {
            name: 'POST /api/v1/comments/{id}/reports (reader account session)',
            actor: () => reader,
            prepare: async () => ({ c: await approved() }),
            send: (a, x, csrf) => a.post(`/api/v1/comments/${x.c.id}/reports`, { reason: 'off topic' }, { csrf }),
            unchanged: async (x) => assert.equal((await item(x.c.id)).open_reports, 0),
            ok: 201,
            changed: async (x) => assert.equal((await item(x.c.id)).open_reports, 1),
        },
        {
            name: 'HTML form POST /articles/{slug}/comments (reader account session)',
            html: true,
            actor: () => reader,
            prepare: async () => ({ text: `form post ${marker()}` }),
            send: (a, x, csrf) => a.request('POST', `/articles/${slug}/comments`, {
                form: { text: x.text, author_name: 'Form Reader', ...(csrf === false ? {} : { csrf_token: csrf ?? a.csrf }) },
                csrf: false,
            }),
            unchanged: async (x) => assert.ok(!(await allTexts()).includes(x.text), 'not stored'),
            ok: 303,
            changed: async (x, r) => {
                assert.match(r.header('location') || '', /posted=/);
                assert.ok((await allTexts()).includes(x.text));
            },
        },
        {
            name: 'HTML form POST /articles/{slug}/comments/{id}/report (reader account session)',
            html: true,
            actor: () => reader,
            prepare: async () => ({ c: await approved() }),
            send: (a, x, csrf) => a.request('POST', `/articles/${slug}/comments/${x.c.id}/report`, {
                form: { reason: 'rude', ...(csrf === false ? {} : { csrf_token: csrf ?? a.csrf }) },
                csrf: false,
            }),
            unchanged: async (x) => assert.equal((await item(x.c.id)).open_reports, 0),
            ok: 303,
            changed: async (x, r) => {
                assert.match(r.header('location') || '', new RegExp(`reported=${x.c.id}`));
                assert.equal((await item(x.c.id)).open_reports, 1);
            },
        },
        {
            name: 'DELETE /api/v1/session (logout)',
            actor: () => null, // a session of its own, so the others stay logged in
            prepare: async () => ({ s: await loginAs(server, await createUser(server, { role: 'moderator' })) }),
            send: (a, x, csrf) => x.s.logout({ csrf }),
            unchanged: async (x) => assert.equal((await x.s.get('/api/v1/session')).status, 200, 'still logged in'),
            ok: 204,
            changed: async (x) => assert.equal((await x.s.get('/api/v1/session')).status, 401),
        },
    ];

    // The desk's own HTML forms under /admin (POST-redirect-GET with a csrf_token field).
    const deskForm = (path, fields) => (a, x, csrf) => a.request('POST', typeof path === 'function' ? path(x) : path, {
        form: [...(typeof fields === 'function' ? fields(x) : fields), ...(csrf === false ? [] : [['csrf_token', csrf ?? a.csrf]])],
        csrf: false,
    });
    const redirectsTo = (re) => async (x, r) => assert.match(r.header('location') || '', re);
    cases.push(
        {
            name: 'desk form POST /admin/comments/{id}/moderate',
            html: true,
            actor: () => mod,
            prepare: async () => ({ c: await pending() }),
            send: deskForm((x) => `/admin/comments/${x.c.id}/moderate`, [['action', 'approve']]),
            unchanged: async (x) => assert.equal((await item(x.c.id)).status, 'pending'),
            ok: 303,
            changed: async (x, r) => {
                await redirectsTo(/^\/admin/)(x, r);
                assert.equal((await item(x.c.id)).status, 'approved');
            },
        },
        {
            name: 'desk form POST /admin/bulk',
            html: true,
            actor: () => admin,
            prepare: async () => ({ a: await pending(), b: await pending() }),
            send: deskForm('/admin/bulk', (x) => [['id', x.a.id], ['id', x.b.id], ['action', 'spam']]),
            unchanged: async (x) => assert.deepEqual([(await item(x.a.id)).status, (await item(x.b.id)).status], ['pending', 'pending']),
            ok: 303,
            changed: async (x) => assert.equal((await item(x.b.id)).status, 'spam'),
        },
        {
            name: 'desk form POST /admin/comments/{id}/ban',
            html: true,
            actor: () => mod,
            prepare: async () => ({ c: await banTarget(), bans: (await activeBans()).length }),
            send: deskForm((x) => `/admin/comments/${x.c.id}/ban`, [['days', '1'], ['reason', 'csrf desk']]),
            unchanged: async (x) => assert.equal((await activeBans()).length, x.bans),
            ok: 303,
            changed: async (x) => {
                assert.ok((await activeBans()).length > x.bans, 'bans added');
                assert.equal((await item(x.c.id)).status, 'spam');
            },
        },
        {
            name: 'desk form POST /admin/bans/{id}/lift',
            html: true,
            actor: () => admin,
            prepare: async () => {
                const r = await bearer.post(`/api/v1/comments/${(await banTarget()).id}/ban`, { days: 1 });
                assert.equal(r.status, 201, r.describe());
                return { ban: r.json.bans[0] };
            },
            send: deskForm((x) => `/admin/bans/${x.ban.id}/lift`, []),
            unchanged: async (x) => assert.ok((await activeBans()).some((b) => b.id === x.ban.id)),
            ok: 303,
            changed: async (x) => assert.ok(!(await activeBans()).some((b) => b.id === x.ban.id)),
        },
        {
            name: 'desk form POST /admin/users (create)',
            html: true,
            actor: () => admin,
            prepare: async () => ({ email: `desk-${randomBytes(4).toString('hex')}@example.test` }),
            send: deskForm('/admin/users', (x) => [['email', x.email], ['name', 'Desk Made'], ['role', 'moderator'], ['password', 'a long password here']]),
            unchanged: async (x) => assert.ok(!(await bearer.get('/api/v1/users')).json.users.some((u) => u.email === x.email)),
            ok: 303,
            changed: async (x) => assert.ok((await bearer.get('/api/v1/users')).json.users.some((u) => u.email === x.email)),
        },
        {
            name: 'desk form POST /admin/users/{id} (update)',
            html: true,
            actor: () => admin,
            prepare: async () => ({ u: await createUser(server, { role: 'reader' }) }),
            send: deskForm((x) => `/admin/users/${x.u.id}`, [['role', 'moderator'], ['disabled', '1']]),
            unchanged: async (x) => {
                const u = (await bearer.get('/api/v1/users')).json.users.find((v) => v.id === x.u.id);
                assert.deepEqual([u.role, u.disabled], ['reader', false]);
            },
            ok: 303,
            changed: async (x) => {
                const u = (await bearer.get('/api/v1/users')).json.users.find((v) => v.id === x.u.id);
                assert.deepEqual([u.role, u.disabled], ['moderator', true]);
            },
        },
        {
            name: 'desk form POST /admin/policies',
            html: true,
            actor: () => admin,
            prepare: async () => ({ before: (await bearer.get('/api/v1/policy')).json }),
            send: deskForm('/admin/policies', (x) => [
                ['moderation', x.before.moderation], ['auto_close_days', ''], ['report_threshold', String(x.before.report_threshold + 2)],
                ['banned_words', x.before.banned_words.join('\n')], ['max_links', String(x.before.max_links)],
                ...(x.before.hide_reported ? [['hide_reported', '1']] : []),
            ]),
            unchanged: async (x) => assert.deepEqual((await bearer.get('/api/v1/policy')).json, x.before),
            ok: 303,
            changed: async (x) => {
                assert.equal((await bearer.get('/api/v1/policy')).json.report_threshold, x.before.report_threshold + 2);
                assert.equal((await bearer.put('/api/v1/policy', { report_threshold: x.before.report_threshold })).status, 200);
            },
        },
        {
            name: 'desk form POST /admin/policies/thread',
            html: true,
            actor: () => mod,
            prepare: async () => ({ p: `/desk-thread/${marker()}` }),
            send: deskForm('/admin/policies/thread', (x) => [['page', x.p], ['closed', '1']]),
            unchanged: async (x) => assert.equal((await bearer.get(`/api/v1/policy/thread?${new URLSearchParams({ page: x.p })}`)).json.closed, false),
            ok: 303,
            changed: async (x) => assert.equal((await bearer.get(`/api/v1/policy/thread?${new URLSearchParams({ page: x.p })}`)).json.closed, true),
        },
        {
            name: 'desk form POST /admin/privacy/erase',
            html: true,
            actor: () => admin,
            prepare: async () => ({ c: await approved() }),
            send: deskForm('/admin/privacy/erase', (x) => [['comment', x.c.id], ['confirm', '1']]),
            unchanged: async (x) => assert.equal((await server.client().getComment(x.c.id)).json?.text, x.c.text),
            ok: 303,
            changed: async (x) => assert.equal((await server.client().getComment(x.c.id)).status, 404),
        },
        {
            name: 'desk form POST /admin/logout',
            html: true,
            actor: () => null,
            prepare: async () => ({ s: await loginAs(server, await createUser(server, { role: 'moderator' })) }),
            send: (a, x, csrf) => deskForm('/admin/logout', [])(x.s, x, csrf),
            unchanged: async (x) => assert.equal((await x.s.get('/api/v1/session')).status, 200, 'still logged in'),
            ok: 303,
            changed: async (x, r) => {
                assert.match(r.header('location') || '', /^\/admin\/login/);
                assert.equal((await x.s.get('/api/v1/session')).status, 401);
            },
        },
    );

    for (const c of cases) {
        test(`${c.name}: 403 without or with a wrong token, nothing changes; works with it`, async () => {
            const x = await c.prepare();
            const actor = c.actor() ?? x.s;
            const auditBefore = await latestAudit();
            const attempts = [
                ['no token', false],
                ['a wrong token', randomBytes(32).toString('base64url')],
                ["another session's token", other(actor).csrf],
            ];
            for (const [label, csrf] of attempts) {
                const r = await c.send(actor, x, csrf);
                if (c.html) {
                    assert.equal(r.status, 403, `${label}: ${r.describe()}`);
                    assert.match(r.contentType, /text\/html/i, label);
                    assert.ok(r.text.includes(CSRF_TITLE), `${label}: the page says why`);
                    if (c.name.startsWith('desk form'))
                        assert.ok(r.text.includes('This form has expired or did not come from the desk'), `${label}: and what to do`);
                } else {
                    const p = expectProblem(assert, r, 403, `${c.name} with ${label}`);
                    assert.equal(p.title, CSRF_TITLE, label);
                }
                await c.unchanged(x);
            }
            assert.equal(await latestAudit(), auditBefore, 'no audit entry for refused requests');
            const r = await c.send(actor, x, undefined);
            assert.equal(r.status, c.ok, `with the token: ${r.describe()}`);
            await c.changed?.(x, r);
        });
    }

    test('the admin bearer token needs no CSRF token, even next to a session cookie', async () => {
        const c = await pending();
        assert.equal((await bearer.moderate(c.id, 'approve')).status, 200);
        const bulk = await bearer.post('/api/v1/moderation/bulk', { ids: [(await pending()).id], action: 'reject' });
        assert.equal(bulk.status, 200, bulk.describe());
        assert.equal(bulk.json.done.length, 1);
        const before = (await bearer.get('/api/v1/policy')).json;
        const put = await bearer.put('/api/v1/policy', { report_threshold: before.report_threshold });
        assert.equal(put.status, 200, put.describe());
        const thread = await bearer.put('/api/v1/policy/thread', { page: `/bearer-thread/${marker()}`, closed: true });
        assert.equal(thread.status, 200, thread.describe());
        const user = await bearer.post('/api/v1/users', {
            email: `bearer-${randomBytes(4).toString('hex')}@example.test`, name: 'Bearer Made', password: 'a long password here',
        });
        assert.equal(user.status, 201, user.describe());
        assert.equal(user.json.role, 'reader', 'role defaults to reader');
        const posted = await bearer.postComment({ page, text: `bearer post ${marker()}` });
        assert.equal(posted.status, 201, posted.describe());
        const target = await approved();
        assert.equal((await bearer.editComment(target.id, `${target.text}!`)).status, 200);
        assert.equal((await bearer.deleteComment(target.id)).status, 204);
        const victim = await banTarget();
        const ban = await bearer.post(`/api/v1/comments/${victim.id}/ban`, { days: 1 });
        assert.equal(ban.status, 201, ban.describe());
        for (const b of ban.json.bans) assert.equal((await bearer.delete(`/api/v1/bans/${b.id}`)).status, 200);
        const erase = await bearer.request('POST', `/api/v1/privacy/erase?comment=${(await approved()).id}`);
        assert.equal(erase.status, 200, erase.describe());

        // The bearer token wins over an ambient session cookie: no CSRF check.
        const both = server.client({ bearer: server.adminToken });
        both.cookies = new Map(mod.cookies);
        const mixed = await both.moderate((await pending()).id, 'approve', { csrf: false });
        assert.equal(mixed.status, 200, mixed.describe());
    });

    test('safe methods need no token; a token without a session grants nothing', async () => {
        const q = await mod.get('/api/v1/moderation/queue');
        assert.equal(q.status, 200, q.describe());
        const c = await pending();
        const anon = server.client();
        const r = await anon.moderate(c.id, 'approve', { headers: { 'x-csrf-token': mod.csrf } });
        expectProblem(assert, r, 401, 'a CSRF token alone is no credential');
        assert.equal((await item(c.id)).status, 'pending');
        await approve(server, c.id);
    });
});
