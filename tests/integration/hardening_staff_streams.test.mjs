// Hardening (docs/security.md): a moderator whose access ended (logged out, disabled,
// demoted, erased) kept staff visibility on live streams already open. Each node now checks its
// open staff streams against the store every 2 s and downgrades those whose access is gone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createComment, marker, sessionFor, sleep, startServer } from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';

describe('live streams lose staff visibility when access ends', { timeout: 120000 }, () => {
    let server;
    const open = [];
    after(async () => {
        for (const c of open) c.close();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null);
    });

    async function staffStream(mod, page) {
        const s = new SseClient(server, livePath(page), { cookie: mod.cookieHeader() });
        open.push(s);
        assert.equal((await s.open()).status, 200);
        await s.next((m) => m.type === 'hello', { what: 'hello' });
        return s;
    }
    const pendingSeen = (s, id) => s.events.some((e) => e.data?.comment?.id === id);

    async function expectCutOff(s, page, what) {
        await sleep(3500);  // two checks' worth
        const c = await createComment(server.client(), { page, text: `pending after ${what} ${marker()}` });
        const sentinel = await server.admin().postComment({ page, text: `sentinel ${marker()}` });
        await s.next((m) => m.comment?.id === sentinel.json.comment.id, { what: 'the sentinel' });
        assert.ok(!pendingSeen(s, c.id), `after ${what}, a pending comment no longer reaches the stream`);
    }

    test('a staff stream sees pending comments; after logout it does not', async () => {
        const mod = await sessionFor(server, 'moderator');
        const page = `/it/staff-live/${marker()}`;
        const s = await staffStream(mod, page);
        const before = await createComment(server.client(), { page, text: `pending before ${marker()}` });
        await s.next((m) => m.comment?.id === before.id, { what: 'a pending comment while staff' });
        assert.equal((await mod.logout()).status, 204);
        await expectCutOff(s, page, 'logout');
    });

    test('disabling the account downgrades its open streams', async () => {
        const mod = await sessionFor(server, 'moderator');
        const page = `/it/staff-live/${marker()}`;
        const s = await staffStream(mod, page);
        const r = await server.admin().patch(`/api/v1/users/${mod.account.id}`, { disabled: true });
        assert.equal(r.status, 200, r.describe());
        await expectCutOff(s, page, 'disabling');
    });

    test('demoting the account to reader downgrades its open streams', async () => {
        const mod = await sessionFor(server, 'moderator');
        const page = `/it/staff-live/${marker()}`;
        const s = await staffStream(mod, page);
        const r = await server.admin().patch(`/api/v1/users/${mod.account.id}`, { role: 'reader' });
        assert.equal(r.status, 200, r.describe());
        await expectCutOff(s, page, 'demotion');
    });
});
