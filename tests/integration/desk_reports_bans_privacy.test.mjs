// Readers' reports (threshold, hiding, resolution), bans (by author token, address hash and
// account; for some days or for good; lifting), and privacy (export and erasure of a commenter).
// No answer and no byte of the database may hold a client's raw address.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
    countsOf, createApproved, createComment, createUser, demoArticles, expectProblem, loginAs, marker, startServer,
} from './support/server.mjs';

const ADDRESS = /203\.0\.113\.\d+/;

/** Makes every client of `server` keep the text and headers of each answer in `seen`. */
function recordAnswers(server, seen) {
    const makeClient = server.client.bind(server);
    const track = (c) => {
        const request = c.request.bind(c);
        c.request = async (...args) => {
            const r = await request(...args);
            seen.push({ what: `${args[0]} ${args[1]}`, text: `${JSON.stringify([...r.headers])}\n${r.text}` });
            return r;
        };
        return c;
    };
    server.client = (opts) => track(makeClient(opts));
    server.admin = () => track(makeClient({ bearer: server.adminToken }));
}

async function filesUnder(dir) {
    const out = [];
    for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) out.push(...(await filesUnder(p)));
        else out.push(p);
    }
    return out;
}

describe('reports, bans and privacy', { timeout: 300000 }, () => {
    let server;
    let bearer;
    let admin;
    let mod;
    let demo;
    let page;
    let slug;
    const seen = [];
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_REPORT_THRESHOLD: '2', TRIBUNE_TRUST_PROXY: 'true' } });
        recordAnswers(server, seen);
        bearer = server.admin();
        demo = await demoArticles(server);
        page = demo.empty;
        slug = demo.slugOf(page);
        admin = await loginAs(server, await createUser(server, { role: 'admin' }));
        mod = await loginAs(server, await createUser(server, { role: 'moderator' }));
    });

    const from = (ip) => ({ headers: { 'x-real-ip': ip } });
    const item = async (id) => {
        const r = await bearer.get(`/api/v1/moderation/comments/${id}`);
        assert.equal(r.status, 200, r.describe());
        return r.json;
    };
    const queueIds = async (queue) => {
        const r = await bearer.get(`/api/v1/moderation/queue?${new URLSearchParams({ queue, page, limit: '200' })}`);
        assert.equal(r.status, 200, r.describe());
        return r.json.items.map((i) => i.comment.id);
    };
    /**
     * A reader of their own: an author token and an address of their own (anonymous reporters are
     * counted by network, so readers who share one are one reporter).
     */
    let nextReader = 0;
    const reader = async () => {
        const c = server.client();
        nextReader += 1;
        c.ip = `198.51.100.${nextReader}`;
        await createComment(c, { page: `/readers/${marker()}`, text: `a reader's own words ${marker()}` }, from(c.ip));
        return c;
    };
    const report = (c, id, reason = 'abusive', opts = {}) =>
        c.post(`/api/v1/comments/${id}/reports`, { reason }, c.ip && !opts.headers ? { ...opts, ...from(c.ip) } : opts);

    test('reporting: 201 once per reader, 409 again; 404 for what readers cannot see; 422 without a reason', async () => {
        const target = await createApproved(server, server.client(), { page, text: `reportable ${marker()}` });
        const r1 = await reader();
        const first = await report(r1, target.id, 'spam link');
        assert.equal(first.status, 201, first.describe());
        assert.equal(first.json.report.comment_id, target.id);
        assert.equal(first.json.report.reason, 'spam link');
        assert.ok(!('open_reports' in first.json) && !first.text.includes('open_reports'), 'the reporter learns no counts');
        expectProblem(assert, await report(r1, target.id, 'again'), 409, 'the same reader again');
        const view = await item(target.id);
        assert.equal(view.comment.open_reports, 1, 'the second report did not count');
        assert.deepEqual(view.reports.map((x) => x.reason), ['spam link']);
        assert.ok(!(await queueIds('reported')).includes(target.id), 'one report is under the threshold of 2');

        const pending = await createComment(server.client(), { page, text: `pending, not reportable ${marker()}` });
        expectProblem(assert, await report(r1, pending.id), 404, 'a pending comment');
        expectProblem(assert, await report(r1, '999999999'), 404, 'an unknown comment');
        expectProblem(assert, await r1.post(`/api/v1/comments/${target.id}/reports`, {}), 422, 'reason missing');
        expectProblem(assert, await report(r1, target.id, ''), 422, 'empty reason');
        expectProblem(assert, await report(await reader(), target.id, 'x'.repeat(501)), 422, '501 characters');
        assert.equal((await item(target.id)).comment.open_reports, 1, 'refused reports changed nothing');
    });

    test('the threshold puts a comment in the reported queue; approving resolves its reports', async () => {
        const target = await createApproved(server, server.client(), { page, text: `twice reported ${marker()}` });
        assert.equal((await report(await reader(), target.id, 'first')).status, 201);
        assert.equal((await report(await reader(), target.id, 'second')).status, 201);
        const view = await item(target.id);
        assert.equal(view.comment.open_reports, 2);
        assert.deepEqual(view.reports.map((x) => x.reason), ['first', 'second'], 'oldest first');
        assert.ok((await queueIds('reported')).includes(target.id), 'in the reported queue');
        const counts = (await bearer.get('/api/v1/moderation/queue?queue=reported')).json.counts;
        assert.ok(counts.reported >= 1);
        assert.equal(view.comment.status, 'approved', 'still public without TRIBUNE_HIDE_REPORTED');
        assert.equal((await server.client().getComment(target.id)).status, 200);

        const ok = await mod.moderate(target.id, 'approve');
        assert.equal(ok.status, 200, ok.describe());
        const after = await item(target.id);
        assert.equal(after.comment.open_reports, 0, 'reports resolved');
        assert.deepEqual(after.reports, []);
        assert.ok(!(await queueIds('reported')).includes(target.id), 'left the reported queue');
        const [entry] = (await bearer.get(`/api/v1/audit?target=comment:${target.id}`)).json.entries;
        assert.equal(entry.action, 'comment.approve', 'resolving reports is audited');
        assert.equal(entry.actor, mod.account.name);
    });

    test('the report form on the article page: 303 back with thanks; a second report is no error but no count', async () => {
        const target = await createApproved(server, server.client(), { page, text: `form reported ${marker()}` });
        const r = await reader();
        const send = (id) => r.request('POST', `/articles/${slug}/comments/${id}/report`, { form: { reason: 'rude words' } });
        const first = await send(target.id);
        assert.equal(first.status, 303, first.describe());
        assert.match(first.header('location') || '', new RegExp(`^/articles/${slug}\\?reported=${target.id}#comment-${target.id}$`));
        const again = await send(target.id);
        assert.equal(again.status, 303, again.describe());
        assert.equal((await item(target.id)).comment.open_reports, 1);
        const thanks = await r.get(first.header('location').replace(/#.*/, ''));
        assert.match(thanks.text, /Thank you for the report/);
        const pending = await createComment(server.client(), { page, text: `form pending ${marker()}` });
        assert.equal((await send(pending.id)).status, 404, 'a pending comment cannot be reported');
    });

    test('a ban for 1 day refuses the author by token and by address; the ban list shows it; lifting restores posting', async () => {
        const author = server.client();
        const posted = await author.postComment({ page, text: `troll words ${marker()}` }, from('203.0.113.10'));
        assert.equal(posted.status, 201, posted.describe());
        const c = posted.json.comment;
        const t0 = Date.now();
        const ban = await mod.post(`/api/v1/comments/${c.id}/ban`, { days: 1, reason: 'trolling' });
        assert.equal(ban.status, 201, ban.describe());
        const bans = ban.json.bans;
        assert.deepEqual(bans.map((b) => b.kind).sort(), ['ip', 'token'], 'the token and the address');
        for (const b of bans) {
            assert.equal(b.reason, 'trolling');
            assert.equal(b.created_by, mod.account.name);
            assert.equal(b.lifted, false);
            assert.ok(b.value.length <= 12, `only a prefix of the hash is shown: ${b.value}`);
            const expires = Date.parse(b.expires_at);
            assert.ok(Math.abs(expires - t0 - 24 * 3600 * 1000) < 3600 * 1000, `expires in a day: ${b.expires_at}`);
        }
        assert.equal((await item(c.id)).comment.status, 'spam', 'the banned comment became spam');
        assert.equal((await server.client().getComment(c.id)).status, 404);

        const refusals = [
            ['the author, same address', author, '203.0.113.10'],
            ['the author, another address', author, '203.0.113.11'],
            ['another token, the same address', server.client(), '203.0.113.10'],
        ];
        for (const [what, who, ip] of refusals) {
            const text = `after the ban ${marker()}`;
            const r = await who.postComment({ page, text }, from(ip));
            const p = expectProblem(assert, r, 403, what);
            assert.equal(p.title, 'You are banned from commenting', what);
            assert.match(p.detail, /until/, `${what}: says until when`);
            assert.ok(!(await bearer.listComments(page, { status: 'all', limit: 100 })).text.includes(text), `${what}: nothing stored`);
        }
        const bystander = await server.client().postComment({ page, text: `unrelated ${marker()}` }, from('203.0.113.12'));
        assert.equal(bystander.status, 201, 'someone else elsewhere is not banned');

        const list = await mod.get('/api/v1/bans');
        assert.equal(list.status, 200, list.describe());
        for (const b of bans) assert.ok(list.json.bans.some((x) => x.id === b.id && !x.lifted), `ban ${b.id} listed`);
        const created = (await bearer.get('/api/v1/audit?limit=50')).json.entries.filter((e) => e.action === 'ban.create');
        for (const b of bans) assert.ok(created.some((e) => e.target === `ban:${b.id}`), `ban ${b.id} audited`);

        for (const b of bans) {
            const lift = await mod.delete(`/api/v1/bans/${b.id}`);
            assert.equal(lift.status, 200, lift.describe());
            assert.equal(lift.json.lifted, true);
        }
        const after = await mod.get('/api/v1/bans');
        for (const b of bans) assert.ok(!after.json.bans.some((x) => x.id === b.id), `ban ${b.id} no longer active`);
        const back = await author.postComment({ page, text: `reformed ${marker()}` }, from('203.0.113.10'));
        assert.equal(back.status, 201, back.describe());
        const lifted = (await bearer.get('/api/v1/audit?limit=50')).json.entries.filter((e) => e.action === 'ban.lift');
        assert.ok(lifted.length >= 2, 'lifting is audited');
        expectProblem(assert, await mod.delete('/api/v1/bans/999999999'), 404, 'unknown ban');
    });

    test('a ban for good has no end; a logged-in reader is banned by account', async () => {
        const author = server.client();
        const pc = await author.postComment({ page, text: `for good ${marker()}` }, from('203.0.113.20'));
        assert.equal(pc.status, 201, pc.describe());
        const ban = await admin.post(`/api/v1/comments/${pc.json.comment.id}/ban`, { reason: 'spammer' });
        assert.equal(ban.status, 201, ban.describe());
        for (const b of ban.json.bans) assert.equal(b.expires_at, null, 'for good');
        const r = await author.postComment({ page, text: `still here ${marker()}` }, from('203.0.113.21'));
        const p = expectProblem(assert, r, 403, 'banned for good');
        assert.doesNotMatch(p.detail, /until/);

        const account = await loginAs(server, await createUser(server, { role: 'reader' }));
        const mine = await account.postComment({ page, text: `reader account ${marker()}` }, from('203.0.113.30'));
        assert.equal(mine.status, 201, mine.describe());
        const userBan = await bearer.post(`/api/v1/comments/${mine.json.comment.id}/ban`, { days: 7 });
        assert.equal(userBan.status, 201, userBan.describe());
        const userEntry = userBan.json.bans.find((b) => b.kind === 'user');
        assert.ok(userEntry, `a user ban: ${userBan.text}`);
        assert.equal(userEntry.value, String(account.account.id));
        const again = await account.postComment({ page, text: `from elsewhere ${marker()}` }, from('203.0.113.31'));
        expectProblem(assert, again, 403, 'the account is banned wherever it posts from');
        for (const b of [...ban.json.bans, ...userBan.json.bans]) assert.equal((await bearer.delete(`/api/v1/bans/${b.id}`)).status, 200);
        assert.equal((await account.postComment({ page, text: `lifted ${marker()}` }, from('203.0.113.31'))).status, 201);
    });

    test('ban input: days 1..36500, a reason up to 500 bytes, never staff, 404 for unknown comments', async () => {
        const c = await createComment(server.client(), { page, text: `ban input ${marker()}` });
        for (const [body, what] of [[{ days: 0 }, 'days 0'], [{ days: 36501 }, 'days 36501'], [{ days: 'x' }, 'days not a number'],
            [{ days: 1, reason: 'r'.repeat(501) }, 'reason too long']]) {
            expectProblem(assert, await bearer.post(`/api/v1/comments/${c.id}/ban`, body), 422, what);
        }
        const staff = await mod.postComment({ page, text: `staff words ${marker()}` });
        assert.equal(staff.status, 201, staff.describe());
        expectProblem(assert, await bearer.post(`/api/v1/comments/${staff.json.comment.id}/ban`, { days: 1 }), 422, 'staff author');
        expectProblem(assert, await bearer.post('/api/v1/comments/999999999/ban', { days: 1 }), 404, 'unknown comment');
        assert.equal((await item(c.id)).comment.status, 'pending', 'refused bans changed nothing');
    });

    test('privacy: export by comment id holds all their comments with edit history, and the reports they filed', async () => {
        const p = server.client();
        const other = await createApproved(server, server.client(), { page, text: `someone else ${marker()}` });
        const originals = [`first draft ${marker()}`, `approved words ${marker()}`, `rejected words ${marker()}`];
        const mine = [];
        for (const text of originals) mine.push(await createComment(p, { page, text }, from('203.0.113.40')));
        const edited = await p.editComment(mine[0].id, `second draft ${marker()}`);
        assert.equal(edited.status, 200, edited.describe());
        assert.equal((await report(p, other.id, 'my report')).status, 201);
        await bearer.moderate(mine[1].id, 'approve');
        await bearer.moderate(mine[2].id, 'reject');

        const r = await admin.get(`/api/v1/privacy/export?comment=${mine[1].id}`);
        assert.equal(r.status, 200, r.describe());
        assert.match(r.header('content-disposition') || '', /attachment/);
        const doc = r.json;
        assert.equal(doc.account, null, 'no account: an author token');
        assert.deepEqual(doc.identities, [], 'no account, no linked identities');
        assert.deepEqual(doc.comments.map((c) => c.id), mine.map((c) => c.id));
        assert.deepEqual(doc.comments.map((c) => c.status), ['pending', 'approved', 'rejected']);
        assert.equal(doc.comments[0].text, edited.json.text);
        assert.deepEqual(doc.comments[0].edits.map((e) => e.text), [originals[0]], 'edit history');
        assert.deepEqual(doc.reports_filed.map((x) => [x.comment_id, x.reason]), [[other.id, 'my report']]);
        assert.deepEqual(doc.bans, []);
        assert.doesNotMatch(r.text, ADDRESS);
        const viaOther = await bearer.get(`/api/v1/privacy/export?comment=${mine[2].id}`);
        assert.deepEqual(viaOther.json.comments.map((c) => c.id), mine.map((c) => c.id), 'any of their comments names them');
        expectProblem(assert, await mod.get(`/api/v1/privacy/export?comment=${mine[1].id}`), 403, 'moderators do not export');
        expectProblem(assert, await bearer.get('/api/v1/privacy/export?comment=999999999'), 404, 'unknown comment');
    });

    test('privacy: erase leaves tombstones, fixes counts, removes their reports and scrubs the audit', async () => {
        const p = server.client();
        const other = await createApproved(server, server.client(), { page, text: `reported by the erased ${marker()}` });
        const texts = [`erase me pending ${marker()}`, `erase me approved ${marker()}`, `erase me rejected ${marker()}`];
        const mine = [];
        for (const text of texts) mine.push(await createComment(p, { page, text }, from('203.0.113.41')));
        await p.editComment(mine[0].id, `${texts[0]} edited`);
        await bearer.moderate(mine[1].id, 'approve');
        await bearer.moderate(mine[2].id, 'reject');
        const reply = await createApproved(server, server.client(), { page, text: `a reply that stays ${marker()}`, parent_id: mine[1].id });
        assert.equal((await report(p, other.id, 'erased reporter')).status, 201);
        assert.equal((await item(other.id)).comment.open_reports, 1);
        const countBefore = (await countsOf(server, [page]))[page];

        const r = await admin.request('POST', `/api/v1/privacy/erase?comment=${mine[0].id}`);
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.comments, 3);
        assert.equal(r.json.reports, 1);
        assert.ok(r.json.audit_entries >= 2, `audit entries scrubbed: ${r.text}`);
        assert.equal(r.json.user_removed, false);

        // Gone from every answer; the approved one with a reply is a tombstone.
        const all = [texts[0], `${texts[0]} edited`, texts[1], texts[2]];
        const answers = [
            await server.client().listComments(page, { limit: 100 }),
            await bearer.listComments(page, { status: 'all', limit: 100 }),
            await bearer.replies(mine[1].id, { status: 'all' }),
            await server.client().get(page),
            await bearer.get(`/api/v1/moderation/queue?${new URLSearchParams({ queue: 'deleted', limit: '200' })}`),
            await bearer.get('/api/v1/audit?limit=500'),
            ...(await Promise.all(mine.map((c) => bearer.get(`/api/v1/moderation/comments/${c.id}`)))),
        ];
        for (const a of answers) for (const t of all) assert.ok(!a.text.includes(t), `"${t}" is gone from ${a.describe().slice(0, 120)}`);
        const tomb = await server.client().getComment(mine[1].id);
        assert.equal(tomb.status, 200, 'a tombstone keeps the thread together');
        assert.equal(tomb.json.status, 'deleted');
        assert.equal(tomb.json.text, '');
        assert.equal((await server.client().getComment(reply.id)).status, 200, 'the reply stays');
        for (const c of [mine[0], mine[2]]) assert.equal((await server.client().getComment(c.id)).status, 404);
        assert.equal((await countsOf(server, [page]))[page], countBefore - 1, 'the approved one left the count');
        assert.equal((await item(other.id)).comment.open_reports, 0, 'their report is gone');

        for (const c of mine.slice(1)) {
            const entries = (await bearer.get(`/api/v1/audit?target=comment:${c.id}`)).json.entries;
            assert.ok(entries.length >= 1);
            for (const e of entries) {
                assert.deepEqual(e.before, { erased: true }, `audit before of comment ${c.id}`);
                assert.deepEqual(e.after, { erased: true }, `audit after of comment ${c.id}`);
            }
        }
        const erasure = (await bearer.get('/api/v1/audit?limit=20')).json.entries.find((e) => e.action === 'privacy.erase');
        assert.ok(erasure, 'the erasure itself is audited');
        assert.equal(erasure.actor, admin.account.name);

        const exported = await bearer.get(`/api/v1/privacy/export?comment=${mine[1].id}`);
        if (exported.status === 200) assert.deepEqual(exported.json.comments, [], 'nothing left to export');
        else assert.ok([404, 422].includes(exported.status), `export after erasure: ${exported.describe()}`);
    });

    test('privacy: erasing an account by user id removes it; it can no longer log in', async () => {
        const account = await createUser(server, { role: 'reader' });
        const session = await loginAs(server, account);
        const text = `account words ${marker()}`;
        const posted = await session.postComment({ page, text });
        assert.equal(posted.status, 201, posted.describe());
        const exp = await bearer.get(`/api/v1/privacy/export?user=${account.id}`);
        assert.equal(exp.status, 200, exp.describe());
        assert.equal(exp.json.account?.email, account.email);
        assert.deepEqual(exp.json.comments.map((c) => c.text), [text]);

        const r = await bearer.request('POST', `/api/v1/privacy/erase?user=${account.id}`);
        assert.equal(r.status, 200, r.describe());
        assert.equal(r.json.user_removed, true);
        assert.equal(r.json.comments, 1);
        expectProblem(assert, await server.client().login(account.email, account.password), 401, 'login after erasure');
        assert.equal((await session.get('/api/v1/session')).status, 401, 'its session ended');
        const users = (await bearer.get('/api/v1/users')).json.users;
        assert.ok(!users.some((u) => u.id === account.id || u.email === account.email), 'no longer listed');
        assert.ok(!(await bearer.listComments(page, { status: 'all', limit: 100 })).text.includes(text));
        expectProblem(assert, await bearer.request('POST', '/api/v1/privacy/erase?user=999999999'), 404, 'unknown account');
        const self = await admin.request('POST', `/api/v1/privacy/erase?user=${admin.account.id}`);
        expectProblem(assert, self, 409, 'an admin erasing their own account');
    });

    test('no raw client address in any answer or in the database files', async () => {
        assert.ok(seen.length > 50, `recorded ${seen.length} answers`);
        const leaks = seen.filter((s) => ADDRESS.test(s.text)).map((s) => s.what);
        assert.deepEqual(leaks, [], 'answers holding an address');
        const files = await filesUnder(server.dataDir);
        assert.ok(files.some((f) => f.endsWith('.db')), `database files: ${files}`);
        for (const f of files) {
            const bytes = await readFile(f);
            assert.equal(bytes.indexOf('203.0.113.'), -1, `${f} holds a raw address`);
            assert.equal(bytes.indexOf(Buffer.from('203.0.113.', 'utf16le')), -1, `${f} holds a raw address (UTF-16)`);
        }
    });
});

test('TRIBUNE_HIDE_REPORTED=true: at the threshold a comment goes back to pending until a moderator approves it', { timeout: 120000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_HIDE_REPORTED: 'true', TRIBUNE_REPORT_THRESHOLD: '2', TRIBUNE_TRUST_PROXY: 'true' } });
    const bearer = server.admin();
    const page = (await demoArticles(server)).empty;
    const target = await createApproved(server, server.client(), { page, text: `hidden when reported ${marker()}` });
    const count = (await countsOf(server, [page]))[page];
    // Two readers on two networks (anonymous reporters count by network).
    const reporter = async (ip) => {
        const c = server.client();
        await createComment(c, { page: `/r/${marker()}`, text: `reporter ${marker()}` }, { headers: { 'x-real-ip': ip } });
        return (reason) => c.post(`/api/v1/comments/${target.id}/reports`, { reason }, { headers: { 'x-real-ip': ip } });
    };
    assert.equal((await (await reporter('198.51.100.1'))('one')).status, 201);
    assert.equal((await server.client().getComment(target.id)).status, 200, 'one report: still public');
    assert.equal((await (await reporter('198.51.100.2'))('two')).status, 201);

    const anon = server.client();
    assert.equal((await anon.getComment(target.id)).status, 404, 'hidden');
    const list = await anon.listComments(page, { limit: 100 });
    assert.ok(!list.json.comments.some((c) => c.id === target.id), 'not in the public list');
    assert.equal(list.json.total, count - 1);
    assert.equal((await countsOf(server, [page]))[page], count - 1, 'left the count');
    assert.ok(!(await anon.get(page)).text.includes(target.text), 'not on the article page');
    const view = (await bearer.get(`/api/v1/moderation/comments/${target.id}`)).json;
    assert.equal(view.comment.status, 'pending');
    assert.equal(view.comment.open_reports, 2);
    const inQueue = async (queue) => (await bearer.get(`/api/v1/moderation/queue?${new URLSearchParams({ queue, page })}`))
        .json.items.some((i) => i.comment.id === target.id);
    assert.ok(await inQueue('reported'), 'in the reported queue');
    assert.ok(await inQueue('pending'), 'in the pending queue');
    const [hide] = (await bearer.get(`/api/v1/audit?target=comment:${target.id}`)).json.entries;
    assert.equal(hide.action, 'comment.hide');
    assert.equal(hide.actor, 'reports');
    assert.deepEqual([hide.before.status, hide.after.status], ['approved', 'pending']);

    const ok = await bearer.moderate(target.id, 'approve');
    assert.equal(ok.status, 200, ok.describe());
    assert.equal((await anon.getComment(target.id)).status, 200, 'public again');
    assert.equal((await countsOf(server, [page]))[page], count);
    const after = (await bearer.get(`/api/v1/moderation/comments/${target.id}`)).json;
    assert.equal(after.comment.open_reports, 0);
    assert.ok(!(await inQueue('reported')), 'left the reported queue');
});
