// Reader sign-in across two nodes on one private PostgreSQL (support/two_nodes.mjs): a link
// asked for on one node works once on the other, a hand-off code made on one is spent on the
// other, the per-address link limit counts both nodes' links, and a session made on one node
// (SSO) is honoured, ended and erased across both.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createComment, expectProblem, marker, waitFor } from './support/server.mjs';
import { startSink } from './support/smtp_sink.mjs';
import { startTwoNodes } from './support/two_nodes.mjs';
import {
    SESSION_TOKEN, exchangeHandoff, freshEmail, handoffCodeOf, linkMailTo, postSignIn, requestLink, ssoSession,
} from './support/identity.mjs';

const HOST = 'https://host.example';
const SECRET = `multinode-sso-${'k'.repeat(32)}`;

describe('sign-in across two nodes', { timeout: 300000 }, () => {
    let nodes;
    let sink;
    let a;
    let b;
    after(async () => {
        await nodes?.cleanup();
        await sink?.close();
    });
    before(async () => {
        sink = await startSink(null);
        nodes = await startTwoNodes('identity', {
            env: {
                TRIBUNE_SMTP_URL: sink.url,
                TRIBUNE_MAIL_FROM: 'news@ledger.example',
                TRIBUNE_SSO_SECRET: SECRET,
                TRIBUNE_MODERATION: 'post',
                TRIBUNE_ALLOWED_ORIGINS: HOST,
            },
        });
        ({ a, b } = nodes);
    });

    test('a link asked for on A signs in once on B; the session holds on A', async () => {
        const email = freshEmail('nodes');
        assert.equal((await requestLink(a.client(), email)).status, 202);
        const { token } = await linkMailTo(sink, email);
        const browser = b.client();
        const post = await postSignIn(b, browser, token);
        assert.equal(post.status, 303, post.describe());
        const onA = a.client();
        for (const [k, v] of browser.cookies) onA.cookies.set(k, v);
        const me = await onA.get('/api/v1/me');
        assert.equal(me.status, 200, me.describe());
        assert.equal(me.json.user.email, email);
        const again = await postSignIn(a, a.client(), token);
        assert.ok(again.status >= 400 && again.status < 500, `spent on B, refused on A: ${again.describe()}`);
    });

    test('a hand-off code made on A is spent on B, once', async () => {
        const email = freshEmail('handoff');
        assert.equal((await requestLink(a.client(), email, { returnTo: `${HOST}/story` })).status, 202);
        const { token } = await linkMailTo(sink, email);
        const code = handoffCodeOf(await postSignIn(a, a.client(), token));
        assert.ok(code, 'a hand-off code');
        const r = await exchangeHandoff(b, code, { origin: HOST });
        assert.equal(r.status, 200, r.describe());
        assert.match(r.json.session_token, SESSION_TOKEN);
        expectProblem(assert, await exchangeHandoff(a, code, { origin: HOST }), 401, 'the code again on A');
    });

    test('the per-address limit counts the links of both nodes', async () => {
        const email = freshEmail('limit');
        assert.equal((await requestLink(a.client(), email)).status, 202);
        assert.equal((await requestLink(b.client(), email)).status, 202);
        assert.equal((await requestLink(a.client(), email)).status, 202);
        expectProblem(assert, await requestLink(b.client(), email), 429, 'the 4th link, on B');
    });

    test('an SSO session made on A works on B; signing out on B ends it on A', async () => {
        const { session_token: token, user } = await ssoSession(a, SECRET, { name: 'Two Nodes', email: 'two@news.example' });
        const onB = b.client({ bearer: token });
        const me = await onB.get('/api/v1/me');
        assert.equal(me.status, 200, me.describe());
        assert.equal(me.json.user.id, user.id);
        const c = await createComment(onB, { page: `/multinode/${marker()}`, text: 'posted on B' });
        assert.equal(c.author.name, 'Two Nodes');
        assert.equal((await onB.delete('/api/v1/session')).status, 204);
        await waitFor(async () => (await a.client({ bearer: token }).get('/api/v1/me')).status === 401,
            { ms: 10000, what: 'the session ended on A too' });
    });

    test('an account erased on B is gone on A', async () => {
        const { session_token: token } = await ssoSession(a, SECRET, { name: 'Erase Me' });
        assert.equal((await b.client({ bearer: token }).delete('/api/v1/me')).status, 204);
        await waitFor(async () => (await a.client({ bearer: token }).get('/api/v1/me')).status === 401,
            { ms: 10000, what: 'the erased account signed out on A' });
    });
});
