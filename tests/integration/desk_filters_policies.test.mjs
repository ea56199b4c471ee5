// Content filters (banned words, links, duplicates), moderation modes, the install and thread
// policies (closing threads by hand and by age), and posting rate limits.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    countsOf, createComment, createUser, decodeHtml, demoArticles, expectProblem, loginAs, marker, startServer,
    waitFor,
} from './support/server.mjs';

const DAY_MS = 24 * 3600 * 1000;

async function staffItem(server, id) {
    const r = await server.admin().get(`/api/v1/moderation/comments/${id}`);
    assert.equal(r.status, 200, r.describe());
    return r.json.comment;
}

async function storedTexts(server, page) {
    const r = await server.admin().listComments(page, { status: 'all', limit: 100 });
    assert.equal(r.status, 200, r.describe());
    return r.text;
}

describe('content filters in post-moderation', { timeout: 180000 }, () => {
    let server;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, {
            env: { TRIBUNE_MODERATION: 'post', TRIBUNE_BANNED_WORDS: 'cretin, two words', TRIBUNE_MAX_LINKS: '1' },
        });
    });
    const page = () => `/filters/${marker()}`;

    test('a clean comment is approved at once; a filtered one waits with its reason for staff', async () => {
        const clean = await createComment(server.client(), { page: page(), text: `a perfectly civil remark ${marker()}` });
        assert.equal(clean.status, 'approved');
        assert.equal((await staffItem(server, clean.id)).filter_reason, '');
        const held = await createComment(server.client(), { page: page(), text: `you cretin ${marker()}` });
        assert.equal(held.status, 'pending');
        const reason = (await staffItem(server, held.id)).filter_reason;
        assert.match(reason, /banned word/i);
        assert.match(reason, /cretin/);
    });

    test('banned words match across case, accents, look-alike scripts and spacing, on word boundaries', async () => {
        const heldTexts = [
            'What a CRETIN.',
            'Quel crétin, vraiment',
            'Quel CRÉTIN',
            'You \u0441r\u0435tin', // Cyrillic es and ie
            'you c.r.e.t.i.n indeed',
            'these two   words together',
            'TWO-WORDS',
        ];
        const passTexts = ['cretinous is not the word', 'concretion of minerals', 'two of the words'];
        const wrong = [];
        for (const text of heldTexts) {
            const c = await createComment(server.client(), { page: page(), text: `${text} ${marker()}` });
            const reason = (await staffItem(server, c.id)).filter_reason;
            if (c.status !== 'pending' || !/banned word/i.test(reason)) wrong.push(`not held: ${text} (${c.status}, "${reason}")`);
        }
        for (const text of passTexts) {
            const c = await createComment(server.client(), { page: page(), text: `${text} ${marker()}` });
            if (c.status !== 'approved') wrong.push(`held: ${text} ("${(await staffItem(server, c.id)).filter_reason}")`);
        }
        assert.deepEqual(wrong, []);
    });

    test('more links than TRIBUNE_MAX_LINKS hold a comment', async () => {
        const one = await createComment(server.client(), { page: page(), text: `see https://example.com/a ${marker()}` });
        assert.equal(one.status, 'approved', 'one link is allowed');
        const two = await createComment(server.client(), {
            page: page(), text: `see https://example.com/a and www.example.org/b ${marker()}`,
        });
        assert.equal(two.status, 'pending');
        assert.match((await staffItem(server, two.id)).filter_reason, /too many links \(2, limit 1\)/);
    });

    test('the same text again by the same author is held as a duplicate; another author may say it', async () => {
        const m = marker();
        const author = server.client();
        const first = await createComment(author, { page: page(), text: `Exactly the same words ${m}` });
        assert.equal(first.status, 'approved');
        const again = await createComment(author, { page: page(), text: `exactly the SAME words,  ${m}!` });
        assert.equal(again.status, 'pending');
        assert.match((await staffItem(server, again.id)).filter_reason, /duplicate/i);
        const other = await createComment(server.client(), { page: page(), text: `Exactly the same words ${m}` });
        assert.equal(other.status, 'approved', 'another author is no duplicate');
    });

    test('the filter reason is shown to staff only, never to the author or anyone else', async () => {
        const demo = await demoArticles(server);
        const author = server.client();
        const posted = await author.postComment({ page: demo.empty, text: `held for a cretin ${marker()}` });
        assert.equal(posted.status, 201, posted.describe());
        const id = posted.json.comment.id;
        const reason = (await staffItem(server, id)).filter_reason;
        assert.ok(reason.length > 0);
        const answers = [
            ['post answer', posted],
            ['author GET', await author.getComment(id)],
            ['author list', await author.listComments(demo.empty, { limit: 100 })],
            ['author HTML', await author.get(demo.empty)],
            ['anonymous GET', await server.client().getComment(id)],
            ['anonymous list', await server.client().listComments(demo.empty, { limit: 100 })],
            ['admin public GET', await server.admin().getComment(id)],
        ];
        assert.equal(answers[1][1].status, 200, 'the author sees the pending comment');
        assert.equal(answers[4][1].status, 404, 'nobody else does');
        for (const [what, r] of answers) {
            assert.ok(!r.text.includes('filter_reason'), `${what} has no filter_reason field`);
            assert.ok(!r.text.includes(reason) && !decodeHtml(r.text).includes(reason), `${what} does not show "${reason}"`);
        }
        const queue = await server.admin().get(`/api/v1/moderation/queue?${new URLSearchParams({ q: posted.json.comment.text })}`);
        assert.equal(queue.json.items[0]?.comment.filter_reason, reason, 'the queue shows it');
    });
});

describe('moderation modes and the install policy', { timeout: 180000 }, () => {
    let server;
    let admin;
    let mod;
    let demo;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null, { env: { TRIBUNE_MODERATION: 'pre-first-time' } });
        admin = await loginAs(server, await createUser(server, { role: 'admin' }));
        mod = await loginAs(server, await createUser(server, { role: 'moderator' }));
        demo = await demoArticles(server);
    });

    test('pre-first-time: a first comment waits; after one approval the next ones are published', async () => {
        const page = `/first-time/${marker()}`;
        const author = server.client();
        const first = await createComment(author, { page, text: `my first words ${marker()}` });
        assert.equal(first.status, 'pending');
        const second = await createComment(author, { page, text: `still waiting ${marker()}` });
        assert.equal(second.status, 'pending', 'nothing approved yet');
        assert.equal((await server.admin().moderate(first.id, 'approve')).status, 200);
        const third = await createComment(author, { page, text: `now trusted ${marker()}` });
        assert.equal(third.status, 'approved');
        const stranger = await createComment(server.client(), { page, text: `new here ${marker()}` });
        assert.equal(stranger.status, 'pending', 'another new author waits');
        // A rejected first comment earns no trust.
        const rejectedAuthor = server.client();
        const bad = await createComment(rejectedAuthor, { page, text: `rejected first ${marker()}` });
        await server.admin().moderate(bad.id, 'reject');
        assert.equal((await createComment(rejectedAuthor, { page, text: `try again ${marker()}` })).status, 'pending');
        const policy = await admin.get('/api/v1/policy');
        assert.equal(policy.status, 200, policy.describe());
        assert.equal(policy.json.moderation, 'pre-first-time');
    });

    test('PUT /api/v1/policy (pre-links, banned words) applies within seconds and is audited', async () => {
        const before = (await admin.get('/api/v1/policy')).json;
        const put = await admin.put('/api/v1/policy', { moderation: 'pre-links', banned_words: ['zorglub', 'bad phrase'], max_links: 3 });
        assert.equal(put.status, 200, put.describe());
        assert.equal(put.json.moderation, 'pre-links');
        assert.deepEqual(put.json.banned_words, ['zorglub', 'bad phrase']);
        assert.equal(put.json.max_links, 3);
        assert.equal(put.json.report_threshold, before.report_threshold, 'fields not sent are kept');
        assert.deepEqual((await mod.get('/api/v1/policy')).json, put.json, 'a moderator reads the same policy');

        const page = `/policy/${marker()}`;
        await waitFor(async () => (await createComment(server.client(), { page, text: `plain words ${marker()}` })).status === 'approved',
            { ms: 8000, every: 500, what: 'pre-links to publish a comment without links' });
        const linked = await createComment(server.client(), { page, text: `see www.example.com ${marker()}` });
        assert.equal(linked.status, 'pending');
        assert.equal((await staffItem(server, linked.id)).filter_reason, 'contains a link');
        const banned = await createComment(server.client(), { page, text: `ZORGLUB strikes ${marker()}` });
        assert.equal(banned.status, 'pending');
        assert.match((await staffItem(server, banned.id)).filter_reason, /zorglub/);

        const audit = await admin.get('/api/v1/audit?target=install');
        const entry = audit.json.entries[0];
        assert.equal(entry?.action, 'policy.install', audit.describe());
        assert.equal(entry.actor, admin.account.name);
        assert.equal(entry.before.moderation, 'pre-first-time');
        assert.equal(entry.after.moderation, 'pre-links');

        expectProblem(assert, await mod.put('/api/v1/policy', { max_links: 5 }), 403, 'moderator PUT');
        assert.deepEqual((await admin.get('/api/v1/policy')).json, put.json, 'the refused PUT changed nothing');
    });

    test('thread policy: a closed thread refuses posts (409, nothing stored) and shows no form; reopening works', async () => {
        const page = demo.empty;
        const slug = demo.slugOf(page);
        const countBefore = (await countsOf(server, [page]))[page];
        const close = await mod.put('/api/v1/policy/thread', { page, closed: true });
        assert.equal(close.status, 200, close.describe());
        assert.equal(close.json.closed, true);
        const state = await server.client().get(`/api/v1/policy/thread?${new URLSearchParams({ page })}`);
        assert.equal(state.status, 200, state.describe());
        assert.equal(state.json.closed, true);
        assert.equal(state.json.closed_reason, 'Comments are closed.');

        const text = `into a closed thread ${marker()}`;
        const refused = await server.client().postComment({ page, text });
        const p = expectProblem(assert, refused, 409, 'post to a closed thread');
        assert.equal(p.title, 'Comments are closed');
        const form = await server.client().request('POST', `/articles/${slug}/comments`, { form: { text: `${text} form`, author_name: 'Form' } });
        assert.equal(form.status, 409, `form post to a closed thread: ${form.status}`);
        assert.ok(!(await storedTexts(server, page)).includes(text), 'nothing stored');
        assert.equal((await countsOf(server, [page]))[page], countBefore);
        const html = await server.client().get(page);
        assert.equal(html.status, 200);
        assert.doesNotMatch(html.text, /<form class="comment-form"/, 'no comment form');
        assert.match(html.text, /Comments are closed\./);
        const audit = await admin.get(`/api/v1/audit?${new URLSearchParams({ target: `page:${page}` })}`);
        assert.equal(audit.json.entries[0]?.action, 'policy.thread');

        const reopen = await mod.put('/api/v1/policy/thread', { page, closed: false });
        assert.equal(reopen.status, 200, reopen.describe());
        const ok = await server.client().postComment({ page, text });
        assert.equal(ok.status, 201, ok.describe());
        assert.match((await server.client().get(page)).text, /<form class="comment-form"/, 'the form is back');
    });

    test("thread policy overrides the install's moderation mode for one thread", async () => {
        const page = `/override/${marker()}`;
        await waitFor(async () => (await createComment(server.client(), { page, text: `clean ${marker()}` })).status === 'approved',
            { ms: 8000, every: 500, what: 'the install policy (pre-links) to publish clean comments' });
        const strict = await mod.put('/api/v1/policy/thread', { page, moderation: 'pre' });
        assert.equal(strict.status, 200, strict.describe());
        assert.equal((await createComment(server.client(), { page, text: `clean ${marker()}` })).status, 'pending');
        const other = `/override-other/${marker()}`;
        assert.equal((await createComment(server.client(), { page: other, text: `clean ${marker()}` })).status, 'approved',
            'other threads keep the install policy');
        const cleared = await mod.put('/api/v1/policy/thread', { page, moderation: null });
        assert.equal(cleared.status, 200, cleared.describe());
        assert.equal((await createComment(server.client(), { page, text: `clean ${marker()}` })).status, 'approved');
        expectProblem(assert, await mod.put('/api/v1/policy/thread', { page, moderation: 'loose' }), 422, 'bad mode');
        expectProblem(assert, await mod.put('/api/v1/policy/thread', { closed: true }), 422, 'no page');
    });
});

// Its own server: a refused policy must not take the server down with it.
test('PUT /api/v1/policy with bad values: 422 naming the field, nothing changed', { timeout: 60000 }, async (t) => {
    const server = await startServer(t);
    const admin = server.admin();
    const before = (await admin.get('/api/v1/policy')).json;
    const wrong = [];
    for (const [body, field] of [
        [{ moderation: 'sometimes' }, 'moderation'],
        [{ banned_words: 'zorglub' }, 'banned_words'],
        [{ report_threshold: 0 }, 'report_threshold'],
        [{ max_links: 101 }, 'max_links'],
        [{ auto_close_days: 0 }, 'auto_close_days'],
        [{ banned_words: ['x'.repeat(101)] }, 'banned_words'],
    ]) {
        let r;
        try {
            r = await admin.put('/api/v1/policy', body);
        } catch (e) {
            wrong.push(`${JSON.stringify(body).slice(0, 60)}: no answer (${e.message})`);
            if (!server.running) break;
            continue;
        }
        if (r.status !== 422) wrong.push(`${JSON.stringify(body).slice(0, 60)}: ${r.describe().slice(0, 200)}`);
        else if (!r.json?.errors?.some((e) => e.field === field)) wrong.push(`${JSON.stringify(body).slice(0, 60)}: errors do not name ${field}: ${r.text}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(server.running, `the server survived the refused policies (exit ${JSON.stringify(server.exitInfo)})`);
    assert.deepEqual((await admin.get('/api/v1/policy')).json, before, 'refused PUTs changed nothing');
});

test('TRIBUNE_AUTO_CLOSE_DAYS closes threads that many days after publication', { timeout: 120000 }, async (t) => {
    const days = 5;
    const server = await startServer(t, { env: { TRIBUNE_AUTO_CLOSE_DAYS: String(days) } });
    const demo = await demoArticles(server);
    let closed = 0;
    const open = [];
    for (const page of demo.all) {
        const html = await server.client().get(page);
        const m = /<p class="story-meta"><time datetime="([^"]+)"/.exec(html.text);
        assert.ok(m, `the publication date on ${page}`);
        const ageDays = (Date.now() - Date.parse(m[1])) / DAY_MS;
        const shouldClose = ageDays >= days;
        const state = await server.client().get(`/api/v1/policy/thread?${new URLSearchParams({ page })}`);
        assert.equal(state.json.closed, shouldClose, `${page} published ${ageDays.toFixed(1)} days ago: ${state.text}`);
        const r = await server.client().postComment({ page, text: `auto close probe ${marker()}` });
        if (shouldClose) {
            closed++;
            expectProblem(assert, r, 409, `${page} is ${ageDays.toFixed(1)} days old`);
            assert.match(state.json.closed_reason, new RegExp(`${days} days`));
            assert.doesNotMatch(html.text, /<form class="comment-form"/);
        } else {
            open.push(page);
            assert.equal(r.status, 201, `${page} is ${ageDays.toFixed(1)} days old: ${r.describe()}`);
            assert.match(html.text, /<form class="comment-form"/);
        }
    }
    assert.ok(closed >= 1, 'an old demo article is closed');
    assert.ok(open.length >= 1, 'a recent demo article is open');
    // Another site's page opens with its first comment: open now.
    const r = await server.client().postComment({ page: `/elsewhere/${marker()}`, text: 'first comment here' });
    assert.equal(r.status, 201, r.describe());
    // A thread's own auto_close_days overrides the install's.
    const young = open[0];
    const put = await server.admin().put('/api/v1/policy/thread', { page: young, auto_close_days: 1 });
    assert.equal(put.status, 200, put.describe());
    const state = await server.client().get(`/api/v1/policy/thread?${new URLSearchParams({ page: young })}`);
    assert.equal(state.json.closed, true, `closed after 1 day by the thread policy: ${state.text}`);
    expectProblem(assert, await server.client().postComment({ page: young, text: `too late ${marker()}` }), 409, 'thread auto-close');
});

test('posting rate limits: 429 with Retry-After, nothing stored; per author and per address; staff exempt', { timeout: 120000 }, async (t) => {
    // 2 posts a minute per author, 4 per address.
    const server = await startServer(t, { env: { TRIBUNE_RATE_POSTS_PER_MINUTE: '2', TRIBUNE_TRUST_PROXY: 'true' } });
    const page = `/rate/${marker()}`;
    const from = (ip) => ({ headers: { 'x-real-ip': ip } });
    const author = server.client();
    for (let i = 0; i < 2; i++) {
        const r = await author.postComment({ page, text: `allowed ${i} ${marker()}` }, from('192.0.2.1'));
        assert.equal(r.status, 201, r.describe());
    }
    const text = `one too many ${marker()}`;
    const limited = await author.postComment({ page, text }, from('192.0.2.1'));
    const p = expectProblem(assert, limited, 429, 'third post in a minute');
    assert.equal(p.title, 'You are commenting too fast');
    const retry = limited.header('retry-after');
    assert.match(retry || '', /^\d+$/, `Retry-After: ${retry}`);
    assert.ok(Number(retry) >= 1 && Number(retry) <= 60, `Retry-After ${retry}`);
    assert.ok(!(await storedTexts(server, page)).includes(text), 'the refused comment was not stored');
    const elsewhere = await author.postComment({ page, text: `${text} again` }, from('192.0.2.2'));
    assert.equal(elsewhere.status, 429, 'the same author from another address is still limited');

    // Per address: new authors, one post each, from one address.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await server.client().postComment({ page, text: `crowd ${i} ${marker()}` }, from('192.0.2.3'))).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 429], 'four posts per address, then 429');
    const demo = await demoArticles(server);
    const form = await server.client().request('POST', `/articles/${demo.slugOf(demo.empty)}/comments`,
        { form: { text: `form too fast ${marker()}`, author_name: 'Form' }, ...from('192.0.2.3') });
    assert.equal(form.status, 429, 'the HTML form is limited too');
    assert.match(form.header('retry-after') || '', /^\d+$/, 'the HTML form answer says when to retry');

    // The admin token and staff sessions are exempt.
    for (let i = 0; i < 5; i++) {
        const r = await server.admin().postComment({ page, text: `automation ${i} ${marker()}` }, from('192.0.2.1'));
        assert.equal(r.status, 201, `admin token post ${i}: ${r.describe()}`);
    }
    const mod = await loginAs(server, await createUser(server, { role: 'moderator' }));
    for (let i = 0; i < 4; i++) {
        const r = await mod.postComment({ page, text: `moderator ${i} ${marker()}` }, from('192.0.2.1'));
        assert.equal(r.status, 201, `moderator post ${i}: ${r.describe()}`);
    }
    // A fresh author from a fresh address is unaffected.
    assert.equal((await server.client().postComment({ page, text: `fresh ${marker()}` }, from('192.0.2.4'))).status, 201);
});
