// Submit for review (README "Articles"): an author hands their draft to the editors with
// POST /api/v1/articles/{slug}/review, the editors find it in GET /api/v1/articles?for_review=1,
// and publishing it ends the review. Refusals: readers, other authors, a missing CSRF token,
// bad bodies (problem+json, nothing changed) and articles that are not drafts. `tribune
// migrate-store` carries the requests to the new store.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { expectFieldError, expectProblem, marker, runCli, sessionFor, startServer } from './support/server.mjs';

describe('submit for review', () => {
    let server;
    let author;
    let otherAuthor;
    let editor;
    let reader;
    before(async () => {
        server = await startServer(null);
        author = await sessionFor(server, 'author');
        otherAuthor = await sessionFor(server, 'author');
        editor = await sessionFor(server, 'editor');
        reader = await sessionFor(server, 'reader');
    });
    after(() => server?.cleanup());

    const queue = async (client, params = '') => {
        const r = await client.get(`/api/v1/articles?for_review=1&limit=100${params}`);
        assert.equal(r.status, 200, r.describe());
        return r.json.articles;
    };

    test('an author submits, the editor finds it in the queue and publishes it, and the queue empties', async () => {
        const m = marker();
        const draft = await author.post('/api/v1/articles', { title: `Ferry strike ${m}`, body_markdown: 'Draft.' });
        assert.equal(draft.status, 201, draft.describe());
        const slug = draft.json.slug;
        const path = `/api/v1/articles/${slug}/review`;

        const before = await author.get(path);
        assert.equal(before.status, 200, before.describe());
        assert.deepEqual(before.json, { slug, submitted: false });
        assert.ok(!(await queue(editor)).some((a) => a.slug === slug), 'not in the queue before it is submitted');

        const submitted = await author.post(path, { submitted: true });
        assert.equal(submitted.status, 200, submitted.describe());
        assert.equal(submitted.json.slug, slug);
        assert.equal(submitted.json.submitted, true);
        assert.equal(submitted.json.requested_by, author.account.name);
        assert.ok(!Number.isNaN(Date.parse(submitted.json.requested_at)), submitted.json.requested_at);
        assert.match(submitted.headers.get('cache-control') ?? '', /no-store/);

        const waiting = await queue(editor);
        const entry = waiting.find((a) => a.slug === slug);
        assert.ok(entry, `the editor's queue holds it: ${JSON.stringify(waiting.map((a) => a.slug))}`);
        assert.equal(entry.status, 'draft');
        assert.deepEqual(entry.review, { requested_at: submitted.json.requested_at, requested_by: author.account.name });
        assert.ok(waiting.every((a) => a.review), 'every queued article says who submitted it');
        assert.deepEqual((await queue(author)).map((a) => a.slug), [slug], 'the author sees their own');
        assert.deepEqual(await queue(otherAuthor), [], 'another author sees none of it');
        assert.equal((await editor.get(path)).json.submitted, true);

        const published = await editor.patch(`/api/v1/articles/${slug}`, { status: 'published' });
        assert.equal(published.status, 200, published.describe());
        assert.ok(!(await queue(editor)).some((a) => a.slug === slug), 'publication ends the review');
        assert.deepEqual((await editor.get(path)).json, { slug, submitted: false });
        expectProblem(assert, await author.post(path, { submitted: true }), 409, 'a published article is not submitted');
        expectProblem(assert, await editor.post(path, { submitted: false }), 409, 'nor withdrawn');
    });

    test('an author withdraws; others may not touch it; readers see no queue', async () => {
        const m = marker();
        const draft = await author.post('/api/v1/articles', { title: `Tram works ${m}`, body_markdown: 'Draft.' });
        const slug = draft.json.slug;
        const path = `/api/v1/articles/${slug}/review`;
        assert.equal((await author.post(path, { submitted: true })).status, 200);

        expectProblem(assert, await otherAuthor.post(path, { submitted: false }), 403, 'another author');
        expectProblem(assert, await reader.post(path, { submitted: false }), 403, 'a reader');
        expectProblem(assert, await server.client().post(path, { submitted: false }), 401, 'no credentials');
        expectProblem(assert, await otherAuthor.get(path), 404, 'another author does not see the draft');
        expectProblem(assert, await reader.get(path), 403, 'a reader reads no request');
        expectProblem(assert, await reader.get('/api/v1/articles?for_review=1'), 403, 'a reader lists no queue');
        expectProblem(assert, await server.client().get('/api/v1/articles?for_review=1'), 401, 'nor does an anonymous caller');
        expectProblem(assert, await reader.get('/api/v1/articles?for_review=1&status=published'), 403, 'whatever the status');
        expectFieldError(assert, await editor.get('/api/v1/articles?for_review=yes'), 'for_review');
        expectProblem(assert, await editor.get('/api/v1/articles?for_review=1&q=tram'), 422, 'the queue is not searched');
        assert.ok((await queue(editor)).some((a) => a.slug === slug), 'still waiting after the refusals');

        const withdrawn = await author.post(path, { submitted: false });
        assert.equal(withdrawn.status, 200, withdrawn.describe());
        assert.deepEqual(withdrawn.json, { slug, submitted: false });
        assert.ok(!(await queue(editor)).some((a) => a.slug === slug));
    });

    test('a session must send its CSRF token; bad bodies are problems and change nothing', async () => {
        const m = marker();
        const draft = await author.post('/api/v1/articles', { title: `Bridge closure ${m}`, body_markdown: 'Draft.' });
        const slug = draft.json.slug;
        const path = `/api/v1/articles/${slug}/review`;

        expectProblem(assert, await author.post(path, { submitted: true }, { csrf: false }), 403, 'no CSRF token');
        expectProblem(assert, await author.post(path, { submitted: true }, { csrf: 'not-the-token' }), 403, 'a wrong CSRF token');
        expectFieldError(assert, await author.post(path, { submitted: 'yes' }), 'submitted', 'a string');
        expectFieldError(assert, await author.post(path, {}), 'submitted', 'no field');
        expectFieldError(assert, await author.post(path, { submitted: true, note: 'x' }), 'body', 'an unknown field');
        expectProblem(assert, await author.request('POST', path, { body: '{"submitted": tru', headers: { 'content-type': 'application/json' } }), 400, 'broken JSON');
        expectProblem(assert, await author.request('POST', path, { body: 'submitted=true', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'a form body');
        expectProblem(assert, await author.post(`/api/v1/articles/no-such-${m.toLowerCase()}/review`, { submitted: true }), 404, 'no such article');
        assert.deepEqual((await author.get(path)).json, { slug, submitted: false }, 'nothing changed');
        assert.ok(!(await queue(editor)).some((a) => a.slug === slug));
    });

    test('migrate-store carries the review requests', async () => {
        const m = marker();
        const draft = await author.post('/api/v1/articles', { title: `Night buses ${m}`, body_markdown: 'Draft.' });
        const slug = draft.json.slug;
        const submitted = await author.post(`/api/v1/articles/${slug}/review`, { submitted: true });
        assert.equal(submitted.status, 200, submitted.describe());

        const target = await mkdtemp(join(tmpdir(), 'tribune-review-move-'));
        let copy;
        try {
            const moved = await runCli(['migrate-store', '--from', `sqlite://${join(server.dataDir, 'tribune.db')}`,
                '--to', `sqlite://${join(target, 'tribune.db')}`], { env: {} });
            assert.equal(moved.code, 0, moved.stderr);
            assert.match(moved.stdout, /^verified: .*[1-9]\d* review requests/m, moved.stdout);
            copy = await startServer(null, { dataDir: target });
            const queued = await copy.admin().get('/api/v1/articles?for_review=1&limit=100');
            assert.equal(queued.status, 200, queued.describe());
            const entry = queued.json.articles.find((a) => a.slug === slug);
            assert.ok(entry, `the copy's queue holds it: ${JSON.stringify(queued.json.articles.map((a) => a.slug))}`);
            assert.deepEqual(entry.review, { requested_at: submitted.json.requested_at, requested_by: author.account.name });
        } finally {
            await copy?.cleanup();
            await rm(target, { recursive: true, force: true });
        }
    });
});
