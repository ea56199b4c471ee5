// Hardening (docs/security.md): one person could fill the report threshold with
// author tokens made for the purpose, and limits and bans keyed on whole IPv6 addresses (a client
// has a /64 to walk). Anonymous reporters are now counted by network: an IPv4 address or an IPv6
// /64; accounts count as themselves.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createApproved, createComment, expectProblem, marker, startServer } from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';

describe('reports count distinct reporters', { timeout: 120000 }, () => {
    let server;
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_REPORT_THRESHOLD: '2', TRIBUNE_TRUST_PROXY: 'true' } });
    });

    const from = (ip) => ({ headers: { 'x-real-ip': ip } });
    /** A new author token, issued by the server for a comment of its own, used from `ip`. */
    async function tokenFrom(ip) {
        const c = server.client();
        await createComment(c, { page: `/it/reporters/${marker()}`, text: `words ${marker()}` }, from(ip));
        return c;
    }
    const report = (c, id, ip) => c.post(`/api/v1/comments/${id}/reports`, { reason: 'abusive' }, from(ip));
    const openReports = async (id) => (await server.admin().get(`/api/v1/moderation/comments/${id}`)).json.comment.open_reports;

    test('five author tokens from one address are one reporter', async () => {
        const target = await createApproved(server, server.client(), { page: `/it/reports/${marker()}`, text: `target ${marker()}` });
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await report(await tokenFrom('192.0.2.7'), target.id, '192.0.2.7')).status);
        assert.deepEqual(statuses, [201, 409, 409, 409, 409]);
        assert.equal(await openReports(target.id), 1, 'under the threshold of 2');
        const other = await report(await tokenFrom('192.0.2.8'), target.id, '192.0.2.8');
        assert.equal(other.status, 201, 'another address is another reporter');
        assert.equal(await openReports(target.id), 2);
    });

    test('addresses in one IPv6 /64 are one reporter; the next /64 is another', async () => {
        const target = await createApproved(server, server.client(), { page: `/it/reports/${marker()}`, text: `v6 target ${marker()}` });
        assert.equal((await report(await tokenFrom('2001:db8:5:6::1'), target.id, '2001:db8:5:6::1')).status, 201);
        const same = await report(await tokenFrom('2001:db8:5:6:abcd::9'), target.id, '2001:db8:5:6:abcd::9');
        expectProblem(assert, same, 409, 'same /64');
        assert.equal((await report(await tokenFrom('2001:db8:5:7::1'), target.id, '2001:db8:5:7::1')).status, 201);
        assert.equal(await openReports(target.id), 2);
    });

    test('a ban by address covers the whole IPv6 /64', async () => {
        const page = `/it/bans/${marker()}`;
        const author = server.client();
        const c = await createComment(author, { page, text: `from v6 ${marker()}` }, from('2001:db8:9:9::1'));
        const ban = await server.admin().post(`/api/v1/comments/${c.id}/ban`, { days: 1, reason: 'test' });
        assert.equal(ban.status, 201, ban.describe());
        const neighbour = server.client();
        const refused = await neighbour.postComment({ page, text: `same /64 ${marker()}` }, from('2001:db8:9:9:ffff::2'));
        expectProblem(assert, refused, 403, 'another address of the banned /64');
        const elsewhere = await server.client().postComment({ page, text: `other /64 ${marker()}` }, from('2001:db8:9:a::1'));
        assert.equal(elsewhere.status, 201, elsewhere.describe());
    });
});

test('a comment hidden by reports (hide_reported) leaves the pages that show it live', { timeout: 60000 }, async (t) => {
    const server = await startServer(t, {
        env: { TRIBUNE_REPORT_THRESHOLD: '1', TRIBUNE_HIDE_REPORTED: 'true', TRIBUNE_MODERATION: 'post' },
    });
    const page = `/it/reports/hidden-live-${marker()}`;
    const target = await createApproved(server, server.client(), { page, text: `soon hidden ${marker()}` });
    const reader = new SseClient(server, livePath(page));
    t.after(() => reader.close());
    assert.equal((await reader.open()).status, 200);
    await reader.next((m) => m.type === 'hello', { what: 'hello' });
    const r = await server.client().post(`/api/v1/comments/${target.id}/reports`, { reason: 'abusive' });
    assert.equal(r.status, 201, r.describe());
    // Before the fix the page heard nothing and kept showing the comment until reloaded.
    const gone = await reader.next((m) => m.type === 'comment.deleted' && m.id === target.id, { what: 'the hidden comment leaving the page' });
    assert.equal(gone.id, target.id);
    assert.ok(!JSON.stringify(reader.data()).includes('soon hidden'), 'its words are not sent to the page');
    const list = await server.client().get(`/api/v1/comments?page=${encodeURIComponent(page)}`);
    assert.ok(!list.json.comments.some((c) => c.id === target.id), 'and readers no longer get it');
});
