// Sign-in policies (issue 14): the install's signin_required (anonymous posts are 401 "Sign in
// to comment", signed-in readers post), a thread overriding it either way, the thread lists
// telling the widget (sign_in_required), the article page replacing its form with a sign-in
// link, and signin_after_rejection (an anonymous reader whose comment was rejected must sign in
// for the next one; other anonymous readers are not affected). Signed-in readers come from SSO.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
    createComment, createUser, demoArticles, expectProblem, loginAs, marker, startServer, waitFor,
} from './support/server.mjs';
import { ssoSession } from './support/identity.mjs';

const SECRET = `policy-sso-${randomBytes(24).toString('hex')}`;
const THREAD_POLICY = '/api/v1/policy/thread';

/** Asserts the "Sign in to comment" refusal. */
function expectSignIn(reply, what) {
    const p = expectProblem(assert, reply, 401, what);
    assert.equal(p.title, 'Sign in to comment', what);
    return p;
}

/** Every comment of a thread whatever its status, as the admin sees them (the raw answer). */
async function storedTexts(server, page) {
    const r = await server.admin().listComments(page, { status: 'all', limit: 100 });
    assert.equal(r.status, 200, r.describe());
    return r.text;
}

describe('signin_required', { timeout: 180000 }, () => {
    let server;
    let admin;
    let mod;
    let reader;
    let demo;
    after(() => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_SSO_SECRET: SECRET, TRIBUNE_MODERATION: 'post' } });
        admin = await loginAs(server, await createUser(server, { role: 'admin' }));
        mod = await loginAs(server, await createUser(server, { role: 'moderator' }));
        reader = await ssoSession(server, SECRET, { name: 'Signed Reader', email: 'signed@news.example' });
        demo = await demoArticles(server);
    });

    test('off by default: anonymous readers post and lists say sign_in_required false', async () => {
        const page = `/policy/${marker()}`;
        await createComment(server.client(), { page, text: 'anonymous is fine' });
        const list = await server.client().listComments(page);
        assert.equal(list.status, 200, list.describe());
        assert.equal(list.json.sign_in_required, false);
        const policy = await admin.get('/api/v1/policy');
        assert.equal(policy.json.signin_required, false);
        assert.equal(policy.json.signin_after_rejection, false);
    });

    test('the install policy: anonymous posts are 401 and stored nowhere; signed-in readers post', async () => {
        const put = await admin.put('/api/v1/policy', { signin_required: true });
        assert.equal(put.status, 200, put.describe());
        assert.equal(put.json.signin_required, true);
        const page = `/policy/${marker()}`;
        const text = `anonymous under the policy ${marker()}`;
        await waitFor(async () => (await server.client().postComment({ page: `/policy/probe-${marker()}`, text: 'probe' })).status === 401,
            { ms: 8000, every: 250, what: 'the install policy to apply' });
        expectSignIn(await server.client().postComment({ page, text, author_name: 'Anon' }), 'anonymous JSON post');
        const list = await server.client().listComments(page);
        assert.equal(list.json.sign_in_required, true);
        assert.ok(!list.text.includes(text));
        assert.ok(!(await storedTexts(server, page)).includes(text), 'nothing stored');

        const posted = await createComment(reader.client, { page, text: 'signed in is fine' });
        assert.equal(posted.author.name, 'Signed Reader');
        assert.equal(posted.author.verified, true);
        const staff = await mod.postComment({ page, text: 'staff post too' });
        assert.equal(staff.status, 201, staff.describe());

        // The article page: no form, a sign-in link back to the article.
        const article = demo.main;
        expectSignIn(await server.client().postComment({ page: article, text: 'on an article' }), 'anonymous on an article');
        const html = await server.client().get(article);
        assert.equal(html.status, 200);
        assert.doesNotMatch(html.text, /<form class="comment-form"/, 'no comment form for anonymous readers');
        assert.ok(html.text.includes(`href="/account?return_to=${encodeURIComponent(article)}"`) ||
            html.text.includes(`href="/account?return_to=${article}"`), 'a Sign in link back to the article');
        const form = await server.client().request('POST', `${article}/comments`, {
            form: { text: 'a form post', author_name: 'Form' }, headers: { origin: server.baseUrl },
        });
        assert.ok([401, 403].includes(form.status), `the HTML form post is refused too: ${form.status}`);
    });

    test('a thread overrides the install policy: false opens one thread, null follows the install again', async () => {
        const open = `/policy/open-${marker()}`;
        const other = `/policy/other-${marker()}`;
        const put = await mod.put(THREAD_POLICY, { page: open, signin_required: false });
        assert.equal(put.status, 200, put.describe());
        const posted = await server.client().postComment({ page: open, text: 'anonymous in the open thread' });
        assert.equal(posted.status, 201, posted.describe());
        assert.equal((await server.client().listComments(open)).json.sign_in_required, false);
        expectSignIn(await server.client().postComment({ page: other, text: 'elsewhere' }), 'another thread');
        assert.equal((await server.client().listComments(other)).json.sign_in_required, true);
        const state = await server.client().get(`${THREAD_POLICY}?${new URLSearchParams({ page: open })}`);
        assert.equal(state.status, 200, state.describe());

        const cleared = await mod.put(THREAD_POLICY, { page: open, signin_required: null });
        assert.equal(cleared.status, 200, cleared.describe());
        expectSignIn(await server.client().postComment({ page: open, text: 'after clearing' }), 'the override cleared');
        expectProblem(assert, await mod.put(THREAD_POLICY, { page: open, signin_required: 'yes' }), 422, 'not a boolean');
        expectProblem(assert, await server.client().put(THREAD_POLICY, { page: open, signin_required: false }), 401, 'anonymous');
        expectProblem(assert, await reader.client.put(THREAD_POLICY, { page: open, signin_required: false }), 403, 'a signed-in reader');
    });

    test('a thread can require sign-in while the install does not', async () => {
        assert.equal((await admin.put('/api/v1/policy', { signin_required: false })).status, 200);
        const closedToAnon = `/policy/strict-${marker()}`;
        assert.equal((await mod.put(THREAD_POLICY, { page: closedToAnon, signin_required: true })).status, 200);
        await waitFor(async () => (await server.client().postComment({ page: `/policy/free-${marker()}`, text: 'free' })).status === 201,
            { ms: 8000, every: 250, what: 'the install policy to be off again' });
        expectSignIn(await server.client().postComment({ page: closedToAnon, text: 'strict thread' }), 'strict thread');
        assert.equal((await server.client().listComments(closedToAnon)).json.sign_in_required, true);
        assert.equal((await reader.client.postComment({ page: closedToAnon, text: 'signed in' })).status, 201);
    });

    test('bad values are 422 and change nothing; moderators cannot change the install policy', async () => {
        const before = (await admin.get('/api/v1/policy')).json;
        for (const body of [{ signin_required: 'yes' }, { signin_after_rejection: 1 }, { signin_required: 0 }]) {
            expectProblem(assert, await admin.put('/api/v1/policy', body), 422, JSON.stringify(body));
        }
        expectProblem(assert, await mod.put('/api/v1/policy', { signin_required: true }), 403, 'moderator');
        assert.deepEqual((await admin.get('/api/v1/policy')).json, before);
    });
});

describe('signin_after_rejection', { timeout: 120000 }, () => {
    let server;
    after(() => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_SSO_SECRET: SECRET, TRIBUNE_MODERATION: 'post' } });
    });

    test('a rejected anonymous reader must sign in for the next comment; another anonymous reader still posts', async () => {
        const admin = await loginAs(server, await createUser(server, { role: 'admin' }));
        const put = await admin.put('/api/v1/policy', { signin_after_rejection: true });
        assert.equal(put.status, 200, put.describe());
        assert.equal(put.json.signin_after_rejection, true);
        assert.equal(put.json.signin_required, false);

        const page = `/rejection/${marker()}`;
        const troll = server.client();
        const first = await createComment(troll, { page, text: 'something rejectable', author_name: 'Troll' });
        assert.equal((await server.admin().moderate(first.id, 'reject')).status, 200);
        await waitFor(async () => (await troll.postComment({ page, text: `again ${marker()}` })).status === 401,
            { ms: 8000, every: 250, what: 'the rejection to count' });
        expectSignIn(await troll.postComment({ page: `/rejection/${marker()}`, text: 'in another thread' }), 'the rejected reader');
        // By the author token as bearer, as the widget sends it: the same reader.
        const token = troll.cookies.get('tribune_author');
        expectSignIn(await server.client({ bearer: token }).postComment({ page, text: 'by bearer' }), 'the same token as bearer');

        const bystander = await server.client().postComment({ page, text: 'an innocent bystander' });
        assert.equal(bystander.status, 201, bystander.describe());
        assert.equal((await server.client().listComments(page)).json.sign_in_required, false, 'the thread itself is open');

        // Signed in, they post.
        const signed = await ssoSession(server, SECRET, { name: 'Reformed' });
        const after = await signed.client.postComment({ page, text: 'signed in now' });
        assert.equal(after.status, 201, after.describe());

        // A comment approved rather than rejected counts for nothing.
        const fine = server.client();
        const ok = await createComment(fine, { page, text: 'fine words' });
        assert.equal(ok.status, 'approved');
        assert.equal((await fine.postComment({ page, text: 'more fine words' })).status, 201);
    });
});
