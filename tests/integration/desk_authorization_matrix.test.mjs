// Who may do what at the moderation desk, table-driven: roles (anonymous, the comment's author by
// token, another reader by token, a logged-in reader account, a moderator and an admin by session,
// the admin bearer token) x actions and views, each cell with its expected status. Every answer
// a non-staff role gets is scanned for the texts of pending, rejected and spam comments.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { HandshakeError, WsClient } from '../support/ws_client.mjs';
import {
    commentHtml, createApproved, createComment, createUser, demoArticles, loginAs, marker, startServer,
} from './support/server.mjs';

const ROLES = ['anon', 'author', 'other', 'reader', 'mod', 'admin', 'bearer'];
const STAFF = new Set(['mod', 'admin', 'bearer']);

/** Expected statuses in ROLES order; null: not checked. */
const E = (...statuses) => Object.fromEntries(ROLES.map((r, i) => [r, statuses[i]]));
const STAFF_ONLY = (ok) => E(401, 403, 403, 403, ok, ok, ok);
const ADMIN_ONLY = (ok) => E(401, 403, 403, 403, 403, ok, ok);
const EVERYONE = (ok) => E(ok, ok, ok, ok, ok, ok, ok);

describe('desk authorization matrix', { timeout: 600000 }, () => {
    let server;
    let page;
    let slug;
    let clients;
    let secrets;
    let ids;
    let ipCounter = 1;
    const violations = [];
    let scanned = 0;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_TRUST_PROXY: 'true' } });
        const demo = await demoArticles(server);
        page = demo.empty;
        slug = demo.slugOf(page);
        const author = server.client();
        const other = server.client();
        await createComment(other, { page, text: `the other reader's own comment ${marker()}` });
        clients = {
            anon: server.client(),
            author,
            other,
            reader: await loginAs(server, await createUser(server, { role: 'reader' })),
            mod: await loginAs(server, await createUser(server, { role: 'moderator' })),
            admin: await loginAs(server, await createUser(server, { role: 'admin' })),
            bearer: server.admin(),
        };
        secrets = {
            pending: `SECRET-PENDING-${randomBytes(6).toString('hex')}`,
            rejected: `SECRET-REJECTED-${randomBytes(6).toString('hex')}`,
            spam: `SECRET-SPAM-${randomBytes(6).toString('hex')}`,
            reply: `SECRET-PENDING-REPLY-${randomBytes(6).toString('hex')}`,
        };
        const parent = await createApproved(server, author, { page, text: `visible parent ${marker()}` });
        const pending = await createComment(author, { page, text: secrets.pending });
        const rejected = await createComment(author, { page, text: secrets.rejected });
        const spam = await createComment(author, { page, text: secrets.spam });
        const reply = await createComment(author, { page, text: secrets.reply, parent_id: parent.id });
        assert.equal((await server.admin().moderate(rejected.id, 'reject')).status, 200);
        assert.equal((await server.admin().moderate(spam.id, 'spam')).status, 200);
        ids = { parent: parent.id, pending: pending.id, rejected: rejected.id, spam: spam.id, reply: reply.id };
    });

    /** Records any secret a non-staff role was shown (its author may see its own pending ones). */
    function scan(role, what, text) {
        if (STAFF.has(role)) return;
        scanned++;
        const mayShow = role === 'author' ? [secrets.pending, secrets.reply] : [];
        for (const [kind, secret] of Object.entries(secrets)) {
            if (mayShow.includes(secret)) continue;
            if (text.includes(secret)) violations.push(`${role} saw the ${kind} secret in ${what}`);
        }
    }

    // Fresh targets for the cells that change things.
    const authorApproved = () => createApproved(server, clients.author, { page, text: `matrix approved ${marker()}` });
    const authorPending = () => createComment(clients.author, { page, text: `matrix pending ${marker()}` });
    const banTarget = async () => {
        const r = await server.client().postComment({ page, text: `matrix ban target ${marker()}` },
            { headers: { 'x-real-ip': `198.51.100.${ipCounter++}` } });
        assert.equal(r.status, 201, r.describe());
        return r.json.comment;
    };

    const q = (params) => new URLSearchParams(params).toString();
    const rows = [
        // Reading comments that are not approved.
        { name: 'GET pending comment', expect: E(404, 200, 404, 404, 200, 200, 200), run: (c) => c.getComment(ids.pending) },
        { name: 'GET rejected comment', expect: E(404, 404, 404, 404, 200, 200, 200), run: (c) => c.getComment(ids.rejected) },
        { name: 'GET spam comment', expect: E(404, 404, 404, 404, 200, 200, 200), run: (c) => c.getComment(ids.spam) },
        { name: 'GET pending reply', expect: E(404, 200, 404, 404, 200, 200, 200), run: (c) => c.getComment(ids.reply) },
        { name: 'list the thread', expect: EVERYONE(200), run: (c) => c.listComments(page, { limit: 100 }) },
        { name: 'list newest first', expect: EVERYONE(200), run: (c) => c.listComments(page, { limit: 100, sort: 'newest' }) },
        ...['pending', 'rejected', 'spam', 'all'].map((status) => ({
            name: `list status=${status}`, expect: STAFF_ONLY(200), run: (c) => c.listComments(page, { status, limit: 100 }),
        })),
        { name: 'replies of the parent', expect: EVERYONE(200), run: (c) => c.replies(ids.parent) },
        { name: 'replies with status=all', expect: STAFF_ONLY(200), run: (c) => c.replies(ids.parent, { status: 'all' }) },
        { name: 'article HTML', expect: EVERYONE(200), run: (c) => c.get(page) },
        { name: 'replies HTML', expect: EVERYONE(200), run: (c) => c.get(`${page}/comments/${ids.parent}`) },
        { name: 'counts', expect: EVERYONE(200), run: (c) => c.counts([page]) },
        { name: 'edit history', expect: STAFF_ONLY(200), run: (c) => c.history(ids.pending) },

        // The desk's views.
        { name: 'queue', expect: STAFF_ONLY(200), run: (c) => c.get('/api/v1/moderation/queue?queue=pending') },
        { name: 'queue search', expect: STAFF_ONLY(200), run: (c) => c.get(`/api/v1/moderation/queue?${q({ queue: 'spam', q: 'SECRET' })}`) },
        { name: 'item view', expect: STAFF_ONLY(200), run: (c) => c.get(`/api/v1/moderation/comments/${ids.pending}`) },
        { name: 'ban list', expect: STAFF_ONLY(200), run: (c) => c.get('/api/v1/bans') },
        { name: 'audit log', expect: ADMIN_ONLY(200), run: (c) => c.get('/api/v1/audit') },
        { name: 'install policy GET', expect: STAFF_ONLY(200), run: (c) => c.get('/api/v1/policy') },
        {
            name: 'thread policy GET (overrides for staff only)',
            expect: EVERYONE(200),
            run: (c) => c.get(`/api/v1/policy/thread?${q({ page })}`),
            check: (r, role) => {
                assert.equal(r.json.closed, false);
                assert.equal('overrides' in r.json, STAFF.has(role), `overrides shown to ${role}: ${r.text}`);
            },
        },
        { name: 'users list', expect: ADMIN_ONLY(200), run: (c) => c.get('/api/v1/users') },
        { name: 'privacy export', expect: ADMIN_ONLY(200), run: (c) => c.get(`/api/v1/privacy/export?comment=${ids.pending}`) },

        // Changes, each on a fresh target.
        {
            name: 'edit an approved comment', expect: E(401, 200, 403, 403, 200, 200, 200),
            run: async (c) => { const t = await authorApproved(); return c.editComment(t.id, `${t.text} edited`); },
        },
        {
            name: 'edit a pending comment', expect: E(401, 200, 404, 404, 200, 200, 200),
            run: async (c) => { const t = await authorPending(); return c.editComment(t.id, `${t.text} edited`); },
        },
        {
            name: 'delete an approved comment', expect: E(401, 204, 403, 403, 204, 204, 204),
            run: async (c) => c.deleteComment((await authorApproved()).id),
        },
        {
            name: 'moderate (approve)', expect: STAFF_ONLY(200),
            run: async (c) => c.moderate((await authorPending()).id, 'approve'),
        },
        {
            name: 'bulk approve', expect: STAFF_ONLY(200),
            run: async (c) => c.post('/api/v1/moderation/bulk', { ids: [(await authorPending()).id], action: 'approve' }),
        },
        {
            name: 'ban the author', expect: STAFF_ONLY(201),
            run: async (c) => c.post(`/api/v1/comments/${(await banTarget()).id}/ban`, { days: 1 }),
        },
        {
            name: 'lift a ban', expect: STAFF_ONLY(200),
            run: async (c) => {
                const b = await server.admin().post(`/api/v1/comments/${(await banTarget()).id}/ban`, { days: 1 });
                assert.equal(b.status, 201, b.describe());
                return c.delete(`/api/v1/bans/${b.json.bans[0].id}`);
            },
        },
        { name: 'install policy PUT', expect: ADMIN_ONLY(200), run: (c) => c.put('/api/v1/policy', { report_threshold: 3 }) },
        {
            name: 'thread policy PUT', expect: STAFF_ONLY(200),
            run: (c) => c.put('/api/v1/policy/thread', { page: `/matrix-thread/${marker()}`, closed: true }),
        },
        {
            name: 'create a user', expect: ADMIN_ONLY(201),
            run: (c) => c.post('/api/v1/users', {
                email: `made-${randomBytes(4).toString('hex')}@example.test`, name: 'Made Here', password: 'long enough password',
                role: 'moderator',
            }),
        },
        {
            name: 'update a user', expect: ADMIN_ONLY(200),
            run: async (c) => c.patch(`/api/v1/users/${(await createUser(server, { role: 'reader' })).id}`, { role: 'moderator' }),
        },
        {
            name: 'privacy erase', expect: ADMIN_ONLY(200),
            run: async (c) => {
                const t = await createApproved(server, server.client(), { page, text: `erase target ${marker()}` });
                return c.request('POST', `/api/v1/privacy/erase?comment=${t.id}`);
            },
        },
    ];

    for (const row of rows) {
        test(row.name, async () => {
            const wrong = [];
            for (const role of ROLES) {
                const r = await row.run(clients[role], role);
                scan(role, row.name, r.text);
                const want = row.expect[role];
                if (want === null) continue;
                if (r.status !== want) wrong.push(`${role}: expected ${want}, got ${r.describe().slice(0, 200)}`);
                else if (want >= 400) {
                    if (!/problem\+json/.test(r.contentType) && !/text\/html/.test(r.contentType))
                        wrong.push(`${role}: error without a problem document: ${r.contentType}`);
                } else row.check?.(r, role);
            }
            assert.deepEqual(wrong, [], `cells that differ for "${row.name}"`);
        });
    }

    test('staff see the secrets where non-staff never do (the scan is meaningful)', async () => {
        const staff = await clients.mod.listComments(page, { status: 'all', limit: 100 });
        assert.equal(staff.status, 200);
        for (const [kind, secret] of Object.entries(secrets)) {
            if (kind === 'reply') continue; // replies come embedded or via /replies
            assert.ok(staff.text.includes(secret), `a moderator's status=all list holds the ${kind} secret`);
        }
        const replies = await clients.admin.replies(ids.parent, { status: 'all' });
        assert.ok(replies.text.includes(secrets.reply), 'staff see the pending reply');
        const own = await clients.author.getComment(ids.pending);
        assert.equal(own.json.text, secrets.pending, 'the author sees their own pending comment');
    });

    test('the desk live stream (page "tribune:desk") is for staff: 403 on upgrade for everyone else', async () => {
        const wrong = [];
        const headersOf = (role) => {
            const c = clients[role];
            const h = {};
            if (c.bearer) h.authorization = `Bearer ${c.bearer}`;
            if (c.cookies.size > 0) h.cookie = c.cookieHeader();
            return h;
        };
        const path = '/api/v1/live?page=tribune%3Adesk';
        for (const role of ROLES) {
            let ws = null;
            try {
                ws = await WsClient.connect({ port: server.port, path, headers: headersOf(role) });
            } catch (e) {
                if (!(e instanceof HandshakeError)) throw e;
                scan(role, 'desk stream refusal', e.body);
                if (STAFF.has(role)) wrong.push(`${role}: refused with ${e.status}`);
                else if (e.status !== 403) wrong.push(`${role}: expected 403, got ${e.status}`);
                continue;
            }
            if (!STAFF.has(role)) wrong.push(`${role}: upgraded to the desk stream`);
            await ws.close();
        }
        // Event streams too.
        for (const role of ROLES.filter((r) => !STAFF.has(r))) {
            const r = await clients[role].get(path, { headers: { accept: 'text/event-stream' }, timeoutMs: 5000 });
            scan(role, 'desk SSE', r.text);
            if (r.status !== 403) wrong.push(`${role} SSE: expected 403, got ${r.describe().slice(0, 200)}`);
        }
        assert.deepEqual(wrong, []);

        // A moderator's desk stream hears of a new pending comment on any page.
        const ws = await WsClient.connect({ port: server.port, path, headers: headersOf('mod') });
        try {
            const text = `desk stream sees this ${marker()}`;
            await createComment(server.client(), { page: `/desk-stream/${marker()}`, text });
            const ev = await ws.next((m) => m.type === 'comment.created' && m.comment?.text === text,
                { what: 'comment.created on the desk', ms: 10000 });
            assert.equal(ev.comment.status, 'pending');
        } finally {
            await ws.close();
        }
    });

    test('desk HTML pages: anonymous 303 to /admin/login, reader 403, staff 200 (when the desk is served)', async (t) => {
        const probe = await server.client().get('/admin');
        if (probe.status === 404) {
            t.skip('no /admin pages in this build');
            return;
        }
        const pages = [
            ['/admin', STAFF_PAGE()],
            [`/admin/comments/${ids.pending}`, STAFF_PAGE()],
            ['/admin/bans', STAFF_PAGE()],
            ['/admin/audit', ADMIN_PAGE()],
            ['/admin/users', ADMIN_PAGE()],
            ['/admin/policies', ADMIN_PAGE()],
            ['/admin/privacy', ADMIN_PAGE()],
        ];
        const wrong = [];
        for (const [path, expect] of pages) {
            for (const role of ROLES) {
                const r = await clients[role].get(path);
                scan(role, path, r.text);
                const want = expect[role];
                if (want === null) continue;
                if (r.status !== want) wrong.push(`${path} ${role}: expected ${want}, got ${r.status}`);
                else if (want === 303 && !/^\/admin\/login\?next=/.test(r.header('location') || ''))
                    wrong.push(`${path} ${role}: redirected to ${r.header('location')}`);
            }
        }
        assert.deepEqual(wrong, []);
    });

    test('badges: a reader named "Moderator" is a reader; a logged-in moderator posts as the account', async () => {
        const impostor = await server.client().postComment({ page, text: `I am staff, honest ${marker()}`, author_name: 'Moderator' });
        assert.equal(impostor.status, 201, impostor.describe());
        assert.equal(impostor.json.comment.author.role, 'reader');
        assert.equal(impostor.json.comment.status, 'pending');
        const account = await clients.reader.postComment({ page, text: `reader account ${marker()}`, author_name: 'Moderator' });
        assert.equal(account.status, 201, account.describe());
        assert.equal(account.json.comment.author.role, 'reader');

        const mod = clients.mod;
        const posted = await mod.postComment({ page, text: `from the desk ${marker()}`, author_name: 'Somebody Else' });
        assert.equal(posted.status, 201, posted.describe());
        const c = posted.json.comment;
        assert.equal(c.author.role, 'moderator');
        assert.equal(c.author.name, mod.account.name, "a moderator's comment carries the account's name");
        assert.equal(c.status, 'approved');
        // Newest first: the thread is long by now.
        const html = await server.client().get(`${page}?sort=newest`);
        assert.match(commentHtml(html.text, c.id) || 'missing', /Moderator/, 'the Moderator badge');
        await server.admin().moderate(impostor.json.comment.id, 'approve');
        const html2 = await server.client().get(`${page}?sort=newest`);
        const frag = commentHtml(html2.text, impostor.json.comment.id);
        assert.ok(frag, 'the impostor is on the page once approved');
        assert.doesNotMatch(frag, /badge-staff/, 'no staff badge for a reader named "Moderator"');
    });

    test('no non-staff answer held a secret', () => {
        assert.ok(scanned > 100, `scanned ${scanned} answers`);
        assert.deepEqual(violations, []);
    });
});

function STAFF_PAGE() {
    return E(303, 303, 303, 403, 200, 200, 200);
}

function ADMIN_PAGE() {
    return E(303, 303, 303, 403, null, 200, 200);
}
