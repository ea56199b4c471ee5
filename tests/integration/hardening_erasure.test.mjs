// Hardening (docs/security.md): erasing a person left their email and name in the `user:`
// audit entries (and as the actor of what they did), and their words in the live replay log.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { createApproved, createComment, loginAs, marker, sleep, startServer } from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';

describe('erasure leaves nothing of the person behind', { timeout: 120000 }, () => {
    let server;
    let admin;
    const open = [];
    after(async () => {
        for (const c of open) c.close();
        await server?.cleanup();
    });
    before(async () => {
        server = await startServer(null);
        admin = server.admin();
    });

    test('an account made and changed at the desk: its email and name leave the audit log', async () => {
        const tag = randomBytes(4).toString('hex');
        const email = `erase-me-${tag}@example.test`;
        const name = `Erasable ${tag}`;
        const made = await admin.post('/api/v1/users', { email, name, role: 'moderator', password: `pw-${tag}-long-enough` });
        assert.equal(made.status, 201, made.describe());
        const id = made.json.id ?? made.json.user?.id;
        const renamed = await admin.patch(`/api/v1/users/${id}`, { name: `${name} Renamed` });
        assert.equal(renamed.status, 200, renamed.describe());
        const mod = await loginAs(server, { email, password: `pw-${tag}-long-enough` });
        const target = await createApproved(server, server.client(), { page: `/it/erasure/${marker()}`, text: `moderated ${marker()}` });
        assert.equal((await mod.moderate(target.id, 'feature')).status, 200);
        const auditBefore = (await admin.get('/api/v1/audit?limit=500')).text;
        assert.ok(auditBefore.includes(email) && auditBefore.includes(name), 'the audit named them before');

        const erased = await admin.request('POST', `/api/v1/privacy/erase?user=${id}`);
        assert.equal(erased.status, 200, erased.describe());
        const audit = (await admin.get('/api/v1/audit?limit=500')).text;
        assert.ok(!audit.includes(email), 'no email in the audit log');
        assert.ok(!audit.includes(name), 'no name in the audit log');
        assert.ok(audit.includes('erased account'), 'their actions keep an actor, anonymised');
    });

    test('a reader resuming the live stream from before an erasure gets none of the erased words', async () => {
        const page = `/it/erasure-live/${marker()}`;
        const first = new SseClient(server, livePath(page), {});
        open.push(first);
        assert.equal((await first.open()).status, 200);
        const hello = await first.next((m) => m.type === 'hello', { what: 'hello' });
        const resumeAt = String(hello.event_id);
        const words = `words to forget ${marker()}`;
        const author = server.client();
        const c = await createComment(author, { page, text: words });
        assert.equal((await admin.moderate(c.id, 'approve')).status, 200);
        await first.next((m) => m.type === 'comment.updated' && m.comment?.id === c.id, { what: 'approval' });
        first.close();

        const r = await admin.request('POST', `/api/v1/privacy/erase?comment=${c.id}`);
        assert.equal(r.status, 200, r.describe());
        await sleep(100);
        const back = new SseClient(server, livePath(page, { last_event_id: resumeAt }), {});
        open.push(back);
        assert.equal((await back.open()).status, 200);
        const gone = await back.next((m) => m.type === 'comment.deleted' && m.id === c.id, { what: 'the deletion' });
        assert.ok(gone);
        const replayed = JSON.stringify(back.events.map((e) => e.data));
        assert.ok(!replayed.includes(words), `the replay holds none of the words: ${replayed.slice(0, 400)}`);
    });
});
