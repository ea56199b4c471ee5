// Webhooks (docs/openapi.yaml, "Webhooks"): admins add endpoints; comment events reach them
// signed as Standard Webhooks; failed deliveries are retried with the same webhook-id, logged per
// endpoint, and end dead (retry from the outbox) or disable an endpoint that keeps failing;
// private addresses are refused unless webhooks_allow_private; two nodes send each message once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    createComment, expectFieldError, expectProblem, sessionFor, startServer, waitFor,
} from './support/server.mjs';
import { startTwoNodes } from './support/two_nodes.mjs';
import { WebhookReceiver, signatureValid } from './support/webhook_receiver.mjs';

const FAST_RETRIES = { TRIBUNE_WEBHOOKS_ALLOW_PRIVATE: 'true', TRIBUNE_WEBHOOK_RETRY_SECONDS: '1,1' };
const PAGE = '/webhook-tests/thread';

async function addEndpoint(server, receiver, events, path = '/hook', extra = {}) {
    const r = await server.admin().post('/api/v1/webhooks', { url: `${receiver.url}${path}`, events, ...extra });
    assert.equal(r.status, 201, r.describe());
    return r.json;
}

describe('webhooks', () => {
    let server;
    let receiver;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => {
        await server?.cleanup();
        await receiver?.stop();
    });
    before(async () => {
        receiver = await new WebhookReceiver().start();
        server = await startServer(null, { env: { ...FAST_RETRIES, TRIBUNE_WEBHOOK_DISABLE_AFTER: '4' } });
    });

    test('a comment event reaches the endpoint signed, with what a moderator may see and no email', async () => {
        const endpoint = await addEndpoint(server, receiver, ['comment.approved', 'comment.created'], '/signed');
        assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
        assert.deepEqual(endpoint.events, ['comment.created', 'comment.approved'], 'kept in the documented order');
        const c = await createComment(server.client(), {
            page: PAGE, text: 'Signed delivery text', author_name: 'Hook Reader',
            author_email: 'hook.reader@example.test',
        });
        const created = await waitFor(() => receiver.deliveries.find(
            (d) => d.url === '/signed' && d.json?.type === 'comment.created' && d.json.data.comment.id === c.id),
        { what: 'comment.created delivery' });
        assert.ok(signatureValid(created, endpoint.secret), 'the signature checks out with the secret');
        assert.ok(!signatureValid(created, 'whsec_' + Buffer.alloc(32, 7).toString('base64')), 'and not with another');
        assert.match(created.headers['webhook-id'], /^msg_[0-9a-f]{32}$/);
        const age = Math.abs(Date.now() / 1000 - Number(created.headers['webhook-timestamp']));
        assert.ok(age < 120, `webhook-timestamp is now (off by ${age}s)`);
        assert.equal(created.headers['content-type'].split(';')[0], 'application/json');
        assert.equal(created.json.data.comment.text, 'Signed delivery text');
        assert.equal(created.json.data.comment.status, 'pending');
        assert.ok(!created.body.includes('hook.reader@example.test'), 'the email never leaves');
        assert.ok(!('ip_hash' in created.json.data.comment));

        const approved = await server.admin().moderate(c.id, 'approve');
        assert.equal(approved.status, 200);
        const delivered = await waitFor(() => receiver.deliveries.find(
            (d) => d.url === '/signed' && d.json?.type === 'comment.approved' && d.json.data.comment.id === c.id),
        { what: 'comment.approved delivery' });
        assert.equal(delivered.json.data.comment.status, 'approved');
        assert.notEqual(delivered.headers['webhook-id'], created.headers['webhook-id']);

        const log = await server.admin().get(`/api/v1/webhooks/${endpoint.id}/deliveries`);
        assert.equal(log.status, 200);
        assert.match(log.headers.get('cache-control'), /no-store/);
        assert.ok(log.json.deliveries.some((d) => d.webhook_id === created.headers['webhook-id'] && d.status_code === 200
            && d.error === null && d.attempt === 1));
    });

    test('only the events an endpoint asked for reach it', async () => {
        await addEndpoint(server, receiver, ['comment.deleted'], '/deleted-only');
        const c = await createComment(server.client(), { page: PAGE, text: 'Soon gone' });
        await waitFor(() => receiver.deliveries.find((d) => d.url === '/signed' && d.json?.data?.comment?.id === c.id),
            { what: 'the other endpoint heard of it' });
        assert.equal((await server.admin().deleteComment(c.id)).status, 204);
        const gone = await waitFor(() => receiver.deliveries.find((d) => d.url === '/deleted-only'),
            { what: 'comment.deleted delivery' });
        assert.equal(gone.json.type, 'comment.deleted');
        assert.equal(gone.json.data.comment.id, c.id);
        assert.equal(receiver.deliveries.filter((d) => d.url === '/deleted-only').length, 1, 'created never went there');
    });

    test('a 500 is retried with the same webhook-id until it succeeds, and the log shows each attempt', async () => {
        let failuresLeft = 2;
        receiver.answer = (d) => (d.url === '/flaky' && failuresLeft-- > 0 ? 500 : 200);
        const endpoint = await addEndpoint(server, receiver, ['comment.created'], '/flaky');
        const c = await createComment(server.client(), { page: PAGE, text: 'Retried until it lands' });
        const attempts = await waitFor(() => {
            const got = receiver.deliveries.filter((d) => d.url === '/flaky' && d.json?.data?.comment?.id === c.id);
            return got.length >= 3 ? got : null;
        }, { ms: 20000, what: 'three attempts' });
        receiver.answer = () => 200;
        assert.equal(new Set(attempts.map((d) => d.headers['webhook-id'])).size, 1, 'one webhook-id for every attempt');
        const log = await waitFor(async () => {
            const r = await server.admin().get(`/api/v1/webhooks/${endpoint.id}/deliveries`);
            return r.json.deliveries.length >= 3 ? r.json.deliveries : null;
        }, { what: 'three log rows' });
        assert.deepEqual(log.slice(0, 3).map((d) => [d.attempt, d.status_code]), [[3, 200], [2, 500], [1, 500]]);
        assert.match(log[1].error, /500/);
        const ep = await server.admin().get(`/api/v1/webhooks/${endpoint.id}`);
        assert.equal(ep.json.failures, 0, 'a success resets the count');
    });

    test('a message that keeps failing goes dead; an admin sends it again from the outbox', async () => {
        let failing = true;
        receiver.answer = (d) => (d.url === '/dead' && failing ? 503 : 200);
        const endpoint = await addEndpoint(server, receiver, ['comment.created'], '/dead');
        const c = await createComment(server.client(), { page: PAGE, text: 'Dead letter' });
        const dead = await waitFor(async () => {
            const r = await server.admin().get(`/api/v1/outbox?status=dead`);
            assert.equal(r.status, 200);
            return r.json.messages.find((m) => m.endpoint_id === endpoint.id && m.subject_id === c.id);
        }, { ms: 20000, what: 'a dead message' });
        assert.equal(dead.attempts, 3, 'the first attempt and one per retry delay');
        assert.match(dead.last_error, /503/);
        failing = false;
        const retried = await server.admin().post(`/api/v1/outbox/${dead.id}/retry`, {});
        assert.equal(retried.status, 200, retried.describe());
        assert.equal(retried.json.status, 'pending');
        await waitFor(() => receiver.deliveries.filter((d) => d.url === '/dead' && d.json?.data?.comment?.id === c.id)
            .length === 4, { what: 'the retried delivery' });
        const sent = await waitFor(async () => {
            const r = await server.admin().get(`/api/v1/outbox?status=sent`);
            return r.json.messages.find((m) => m.id === dead.id);
        }, { what: 'marked sent' });
        assert.equal(sent.key, dead.key);
        expectProblem(assert, await server.admin().post(`/api/v1/outbox/${dead.id}/retry`, {}), 409, 'not dead any more');
        const audit = await server.admin().get(`/api/v1/audit?target=outbox:${dead.id}`);
        assert.equal(audit.json.entries[0].action, 'outbox.retry');
    });

    test('an endpoint that keeps failing is disabled, and enabling it starts afresh', async () => {
        receiver.answer = (d) => (d.url === '/broken' ? 500 : 200);
        const endpoint = await addEndpoint(server, receiver, ['comment.created'], '/broken');
        await createComment(server.client(), { page: PAGE, text: 'Breaks it once' });
        await createComment(server.client(), { page: PAGE, text: 'Breaks it twice' });
        const disabled = await waitFor(async () => {
            const r = await server.admin().get(`/api/v1/webhooks/${endpoint.id}`);
            return r.json.enabled === false ? r.json : null;
        }, { ms: 20000, what: 'the endpoint disabled' });
        assert.ok(disabled.disabled_reason, 'with its reason');
        assert.ok(disabled.failures >= 4);
        expectProblem(assert, await server.admin().post(`/api/v1/webhooks/${endpoint.id}/test`, {}), 409);
        receiver.answer = () => 200;
        const enabled = await server.admin().patch(`/api/v1/webhooks/${endpoint.id}`, { enabled: true });
        assert.equal(enabled.status, 200, enabled.describe());
        assert.equal(enabled.json.failures, 0);
        assert.equal(enabled.json.disabled_reason, null);
        const test = await server.admin().post(`/api/v1/webhooks/${endpoint.id}/test`, {});
        assert.equal(test.status, 202, test.describe());
        const got = await waitFor(() => receiver.deliveries.find((d) => d.url === '/broken' && d.json?.type === 'webhook.test'),
            { what: 'the test event' });
        assert.ok(signatureValid(got, enabled.json.secret));
    });

    test('admins only; bad input is refused and changes nothing; secrets stay out of the audit log', async () => {
        const before = (await server.admin().get('/api/v1/webhooks')).json.webhooks.length;
        expectProblem(assert, await server.client().post('/api/v1/webhooks', { url: receiver.url, events: ['comment.created'] }), 401);
        const moderator = await sessionFor(server, 'moderator');
        expectProblem(assert, await moderator.post('/api/v1/webhooks', { url: receiver.url, events: ['comment.created'] }), 403);
        expectProblem(assert, await moderator.get('/api/v1/webhooks'), 403);
        expectProblem(assert, await moderator.get('/api/v1/outbox'), 403);
        const admin = server.admin();
        expectFieldError(assert, await admin.post('/api/v1/webhooks', { url: receiver.url, events: ['comment.eaten'] }), 'events');
        expectFieldError(assert, await admin.post('/api/v1/webhooks', { url: receiver.url, events: [] }), 'events');
        expectFieldError(assert, await admin.post('/api/v1/webhooks', { url: 'ftp://127.0.0.1/x', events: ['comment.created'] }), 'url');
        expectFieldError(assert, await admin.post('/api/v1/webhooks', { url: 'http://user:pw@127.0.0.1/', events: ['comment.created'] }), 'url');
        expectFieldError(assert, await admin.post('/api/v1/webhooks', { url: receiver.url, events: ['comment.created'], secret: 'short' }), 'secret');
        expectFieldError(assert, await admin.post('/api/v1/webhooks', { url: receiver.url, events: ['comment.created'], secret: 'whsec_!!!' }), 'secret');
        expectProblem(assert, await admin.request('POST', '/api/v1/webhooks', { body: '{"url":', headers: { 'content-type': 'application/json' } }), 400);
        expectProblem(assert, await admin.post('/api/v1/webhooks', { url: 12, events: ['comment.created'] }), 422);
        expectProblem(assert, await admin.get('/api/v1/webhooks/999999'), 404);
        expectProblem(assert, await admin.get('/api/v1/outbox?status=lost'), 422);
        assert.equal((await admin.get('/api/v1/webhooks')).json.webhooks.length, before, 'nothing was added');

        const mine = await addEndpoint(server, receiver, ['article.published'], '/audited',
            { secret: 'whsec_' + Buffer.alloc(32, 9).toString('base64') });
        assert.equal(mine.secret, 'whsec_' + Buffer.alloc(32, 9).toString('base64'));
        const audit = await admin.get(`/api/v1/audit?target=webhook:${mine.id}`);
        assert.equal(audit.status, 200);
        assert.ok(audit.text.includes('webhook.create'));
        assert.ok(!audit.text.includes(mine.secret.slice(6, 20)), 'the secret is not in the audit log');
        assert.equal((await admin.delete(`/api/v1/webhooks/${mine.id}`)).status, 204);
        expectProblem(assert, await admin.get(`/api/v1/webhooks/${mine.id}`), 404);
    });
});

describe('webhooks to private addresses', () => {
    let server;
    after(async () => server?.cleanup());
    before(async () => { server = await startServer(null); });

    test('are refused without webhooks_allow_private, literally or by name', async () => {
        const admin = server.admin();
        for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://[::1]:9/', 'http://10.1.2.3/',
            'http://169.254.169.254/latest/meta-data', 'http://[::ffff:127.0.0.1]/', 'http://192.168.0.10/', 'http://0.0.0.0/']) {
            const r = await admin.post('/api/v1/webhooks', { url, events: ['comment.created'] });
            expectFieldError(assert, r, 'url', url);
        }
        assert.equal((await admin.get('/api/v1/webhooks')).json.webhooks.length, 0);
    });
});

describe('webhooks with two nodes on PostgreSQL', () => {
    let nodes;
    let receiver;
    before(async () => {
        receiver = await new WebhookReceiver().start();
        nodes = await startTwoNodes('webhooks', { env: FAST_RETRIES });
    });
    after(async () => {
        await nodes?.cleanup();
        await receiver?.stop();
    });

    test('each event is delivered once, whichever node made it', async () => {
        const endpoint = await addEndpoint(nodes.a, receiver, ['comment.created']);
        const ids = [];
        for (let i = 0; i < 40; i += 1) {
            const node = i % 2 === 0 ? nodes.a : nodes.b;
            ids.push((await createComment(node.client(), { page: PAGE, text: `Two nodes ${i}` })).id);
        }
        await waitFor(() => ids.every((id) => receiver.deliveries.some((d) => d.json?.data?.comment?.id === id)),
            { ms: 30000, what: 'every comment delivered' });
        // Long enough for a second node's round to have sent anything twice.
        await new Promise((r) => setTimeout(r, 2500));
        const byId = receiver.deliveries.filter((d) => d.url === '/hook');
        assert.equal(byId.length, ids.length, 'one delivery per comment');
        assert.equal(new Set(byId.map((d) => d.headers['webhook-id'])).size, ids.length);
        assert.ok(byId.every((d) => signatureValid(d, endpoint.secret)));
    });
});

describe("the desk's webhooks page", () => {
    let server;
    let receiver;
    after(async () => {
        await server?.cleanup();
        await receiver?.stop();
    });
    before(async () => {
        receiver = await new WebhookReceiver().start();
        server = await startServer(null, { env: FAST_RETRIES });
    });

    const formPost = (client, path, pairs) => client.request('POST', path, {
        body: new URLSearchParams([...pairs, ['csrf_token', client.csrf]]).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        csrf: false,
    });

    test('an admin adds, tests, disables, enables and deletes an endpoint; moderators are refused', async () => {
        const admin = await sessionFor(server, 'admin');
        const page = await admin.get('/admin/webhooks');
        assert.equal(page.status, 200);
        assert.match(page.text, /Add endpoint/);
        assert.match(page.text, /No endpoints yet/);

        const refused = await formPost(admin, '/admin/webhooks', [['url', 'ftp://example.test/'], ['events', 'comment.created']]);
        assert.equal(refused.status, 422);
        assert.match(refused.text, /ftp:\/\/example\.test\//, 'the form comes back filled in');

        const made = await formPost(admin, '/admin/webhooks', [['url', `${receiver.url}/desk`],
            ['events', 'comment.created'], ['events', 'comment.approved']]);
        assert.equal(made.status, 303, made.describe());
        const location = made.headers.get('location');
        assert.match(location, /^\/admin\/webhooks\/\d+\?done=webhook-added/);
        const id = location.match(/\/admin\/webhooks\/(\d+)/)[1];
        const one = await admin.get(location);
        assert.equal(one.status, 200);
        assert.match(one.text, /Added the endpoint/);
        const secret = one.text.match(/whsec_[A-Za-z0-9+/=]+/)[0];
        assert.ok(secret.length > 20);

        assert.equal((await formPost(admin, `/admin/webhooks/${id}/test`, [])).status, 303);
        const test = await waitFor(() => receiver.deliveries.find((d) => d.url === '/desk' && d.json?.type === 'webhook.test'),
            { what: 'the test event' });
        assert.ok(signatureValid(test, secret));
        await waitFor(async () => /HTTP 200/.test((await admin.get(`/admin/webhooks/${id}`)).text), { what: 'logged' });

        assert.equal((await formPost(admin, `/admin/webhooks/${id}/disable`, [])).status, 303);
        let listed = await admin.get('/admin/webhooks');
        assert.match(listed.text, /Disabled<\/strong>: disabled by an admin/);
        assert.equal((await formPost(admin, `/admin/webhooks/${id}/enable`, [])).status, 303);
        listed = await admin.get('/admin/webhooks');
        assert.doesNotMatch(listed.text, /Disabled<\/strong>/);

        const moderator = await sessionFor(server, 'moderator');
        assert.equal((await moderator.get('/admin/webhooks')).status, 403);
        assert.equal((await moderator.get(`/admin/webhooks/${id}`)).status, 403);
        assert.equal((await formPost(moderator, `/admin/webhooks/${id}/delete`, [])).status, 403);
        const noToken = await admin.request('POST', `/admin/webhooks/${id}/delete`, { form: {}, csrf: false });
        assert.equal(noToken.status, 403, 'a form without the CSRF token changes nothing');

        assert.equal((await formPost(admin, `/admin/webhooks/${id}/delete`, [])).status, 303);
        assert.match((await admin.get('/admin/webhooks')).text, /No endpoints yet/);
    });

    test('a dead letter shows at the desk and Retry sends it again', async () => {
        const admin = await sessionFor(server, 'admin');
        let failing = true;
        receiver.answer = (d) => (d.url === '/desk-dead' && failing ? 500 : 200);
        const endpoint = await addEndpoint(server, receiver, ['comment.created'], '/desk-dead');
        const c = await createComment(server.client(), { page: PAGE, text: 'Desk dead letter' });
        const row = await waitFor(async () => {
            const html = (await admin.get('/admin/webhooks')).text;
            const m = html.match(/<tr id="outbox-(\d+)">[\s\S]*?<\/tr>/);
            return m && m[0].includes(`comment ${c.id} `) ? m : null;
        }, { ms: 20000, what: 'the dead letter listed' });
        assert.match(row[0], /HTTP 500/);
        failing = false;
        const retried = await formPost(admin, `/admin/outbox/${row[1]}/retry`, []);
        assert.equal(retried.status, 303);
        assert.match(retried.headers.get('location'), /done=outbox-retry/);
        await waitFor(() => receiver.deliveries.filter((d) => d.url === '/desk-dead').length === 4,
            { what: 'the retried delivery' });
        assert.equal(endpoint.events[0], 'comment.created');
    });
});
