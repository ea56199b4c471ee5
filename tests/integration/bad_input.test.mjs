// Every kind of bad input gets the documented problem+json answer, and a refused request
// changes nothing (counts and the staff view of the thread are the same before and after).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    createApproved, demoArticles, expectFieldError, expectProblem, marker, startServer, walkComments, walkReplies,
} from './support/server.mjs';

describe('bad input', { timeout: 180000 }, () => {
    let server;
    let page;
    let target; // an approved comment of ours, for PATCH and replies
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        page = (await demoArticles(server)).empty;
        target = await createApproved(server, server.client(), { page, text: `bad input target ${marker()}` });
    });

    /** Everything a refused request could have touched: counts, every comment and reply as staff see them. */
    async function snapshot() {
        const admin = server.admin();
        const counts = (await server.client().counts([page])).json.counts;
        const top = await walkComments(admin, page, { status: 'all', limit: 100 });
        const rows = [];
        for (const c of top) {
            rows.push([c.id, c.status, c.text, c.edited, c.author.name]);
            const reps = await walkReplies(admin, c.id, { limit: 100 });
            for (const r of reps) rows.push([r.id, r.status, r.text, r.edited, r.author.name]);
        }
        const anon = (await server.client().listComments(page, { limit: 100 })).json;
        return { counts, rows, anonTotal: anon.total, anonIds: anon.comments.map((c) => c.id) };
    }

    /** Runs `fn` (which makes refused requests) and asserts the store did not change. */
    async function unchanged(what, fn) {
        const before = await snapshot();
        await fn();
        const after = await snapshot();
        assert.deepEqual(after, before, `${what}: a refused request changed nothing`);
    }

    const reader = () => server.client();
    const rawPost = (body, headers = {}) =>
        reader().request('POST', '/api/v1/comments', {
            body,
            headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        });

    test('malformed JSON -> 400', async () => {
        await unchanged('malformed JSON', async () => {
            for (const body of ['{"page":', '{page: "x", text: "y"}', 'not json', '{"page":"/a","text":"b",}', '']) {
                const r = await rawPost(body);
                expectProblem(assert, r, 400, `body ${JSON.stringify(body)}`);
            }
        });
    });

    test('invalid UTF-8 -> 400', async () => {
        await unchanged('invalid UTF-8', async () => {
            const head = Buffer.from(`{"page":${JSON.stringify(page)},"text":"bad `);
            const tail = Buffer.from(' bytes"}');
            for (const bad of [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
                const r = await rawPost(Buffer.concat([head, Buffer.from(bad), tail]));
                expectProblem(assert, r, 400, `bytes ${Buffer.from(bad).toString('hex')}`);
            }
            // Invalid UTF-8 in author_name too.
            const nameBody = Buffer.concat([
                Buffer.from(`{"page":${JSON.stringify(page)},"text":"fine","author_name":"x`),
                Buffer.from([0xfe]),
                Buffer.from('"}'),
            ]);
            expectProblem(assert, await rawPost(nameBody), 400, 'invalid UTF-8 in author_name');
            // A lone surrogate escape decodes to no valid code point.
            const lone = await rawPost(`{"page":${JSON.stringify(page)},"text":"lone \\ud800 surrogate"}`);
            assert.ok([400, 422].includes(lone.status), `lone surrogate escape: ${lone.describe()}`);
        });
    });

    // Found by fuzzing: a desk form's banned words of broken UTF-8 were stored and broke the audit
    // log's JSON. Every form and query is UTF-8 now, or the request is refused.
    test('invalid UTF-8 in a form or a query string -> 400, nothing stored', async () => {
        const admin = server.admin();
        const policyBefore = (await admin.get('/api/v1/policy')).json;
        await unchanged('invalid UTF-8 in forms', async () => {
            const policy = await admin.request('POST', '/admin/policies', {
                body: 'moderation=pre&report_threshold=3&max_links=2&banned_words=sp%E1m',
                headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            });
            assert.equal(policy.status, 400, `desk policies form: ${policy.describe()}`);
            const form = await reader().request('POST', `/articles/${page.split('/').pop()}/comments`, {
                body: 'author_name=R&text=bad+%FF+bytes',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
            });
            assert.equal(form.status, 400, `reader comment form: ${form.describe()}`);
            expectProblem(assert, await admin.get('/api/v1/audit?target=%E1'), 400, 'query string');
            expectProblem(assert, await reader().get(`/api/v1/comments?page=${encodeURIComponent(page)}%FF`), 400, 'page key');
        });
        assert.deepEqual((await admin.get('/api/v1/policy')).json, policyBefore, 'the policy is unchanged');
    });

    test('control characters in text -> 422 (errors[].field = text)', async () => {
        await unchanged('control characters', async () => {
            for (const ch of ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b']) {
                const r = await reader().postComment({ page, text: `before${ch}after` });
                expectFieldError(assert, r, 'text', `U+${ch.codePointAt(0).toString(16).padStart(4, '0')}`);
            }
            const nameCtl = await reader().postComment({ page, text: 'fine', author_name: 'bad\nname' });
            expectFieldError(assert, nameCtl, 'author_name', 'newline in author_name');
        });
        // Tabs and line breaks are text, not control characters.
        const ok = await reader().postComment({ page, text: `tab\there ${marker()}\nnext line` });
        assert.equal(ok.status, 201, ok.describe());
    });

    test('empty or whitespace-only text -> 422', async () => {
        await unchanged('empty text', async () => {
            for (const text of ['', ' ', '   \n\t  ', '\r\n\r\n']) {
                expectFieldError(assert, await reader().postComment({ page, text }), 'text', `text ${JSON.stringify(text)}`);
            }
            const missing = await reader().postComment({ page });
            expectProblem(assert, missing, 422, 'text missing');
        });
    });

    test('text length: 10000 code points (emoji) is accepted, 10001 is 422', async () => {
        const emoji = '\u{1F600}'; // 1 code point, 2 UTF-16 units, 4 UTF-8 bytes
        await unchanged('10001 emoji', async () => {
            const r = await reader().postComment({ page, text: emoji.repeat(10001) });
            const p = expectFieldError(assert, r, 'text', '10001 emoji');
            assert.match(String(p.detail), /10001/, `detail names the length: ${p.detail}`);
            const ascii = await reader().postComment({ page, text: 'a'.repeat(10001) });
            expectFieldError(assert, ascii, 'text', '10001 ASCII characters');
        });
        const ok = await reader().postComment({ page, text: emoji.repeat(10000) });
        assert.equal(ok.status, 201, `10000 emoji: ${ok.describe().slice(0, 300)}`);
        assert.equal(ok.json.comment.text, emoji.repeat(10000));
        // Surrounding whitespace is trimmed before counting.
        const trimmed = await reader().postComment({ page, text: `  ${'b'.repeat(10000)}  \n` });
        assert.equal(trimmed.status, 201, `10000 chars plus trimmed space: ${trimmed.describe().slice(0, 300)}`);
    });

    test('author_name longer than 64 characters -> 422 (errors[].field = author_name)', async () => {
        await unchanged('long name', async () => {
            expectFieldError(assert, await reader().postComment({ page, text: 'x', author_name: 'n'.repeat(65) }), 'author_name', '65 chars');
            expectFieldError(assert, await reader().postComment({ page, text: 'x', author_name: '\u00e9'.repeat(65) }), 'author_name', '65 é');
        });
        const ok = await reader().postComment({ page, text: `name 64 ${marker()}`, author_name: '\u00e9'.repeat(64) });
        assert.equal(ok.status, 201, ok.describe());
        assert.equal(ok.json.comment.author.name, '\u00e9'.repeat(64));
    });

    test('body larger than 128 KiB -> 413', async () => {
        await unchanged('large body', async () => {
            const big = JSON.stringify({ page, text: 'z'.repeat(130 * 1024) });
            let r;
            try {
                r = await rawPost(big);
            } catch (e) {
                assert.fail(`POST of a ${big.length}-byte body failed without an HTTP answer: ${e.cause?.code || e.message}`);
            }
            expectProblem(assert, r, 413, '130 KiB body');
        });
    });

    test('page key: missing, empty or longer than 512 bytes -> 422', async () => {
        await unchanged('bad page', async () => {
            expectProblem(assert, await reader().postComment({ text: 'no page' }), 422, 'page missing');
            expectProblem(assert, await reader().postComment({ page: '', text: 'empty page' }), 422, 'page empty');
            expectProblem(assert, await reader().postComment({ page: `/p/${'k'.repeat(520)}`, text: 'long page' }), 422, 'page > 512 bytes');
        });
    });

    test('wrong JSON types are refused with 400 or 422', async () => {
        await unchanged('wrong types', async () => {
            for (const body of [[1, 2], 'just a string', 42, null, { page, text: 5 }, { page: 7, text: 'x' },
                { page, text: 'x', author_name: { a: 1 } }, { page, text: 'x', parent_id: [1] }]) {
                const r = await reader().postComment(body);
                assert.ok([400, 422].includes(r.status), `${JSON.stringify(body)}: ${r.describe()}`);
                assert.match(r.contentType, /^application\/problem\+json/i);
            }
        });
    });

    test('PATCH with bad text is refused and the text is unchanged', async () => {
        const admin = server.admin();
        await unchanged('bad PATCH', async () => {
            expectFieldError(assert, await admin.editComment(target.id, '   '), 'text', 'PATCH blank');
            expectFieldError(assert, await admin.editComment(target.id, 'x'.repeat(10001)), 'text', 'PATCH too long');
            expectFieldError(assert, await admin.editComment(target.id, 'bell\u0007'), 'text', 'PATCH control char');
            const bad = await admin.request('PATCH', `/api/v1/comments/${target.id}`, {
                body: '{"text":', headers: { 'content-type': 'application/json' },
            });
            expectProblem(assert, bad, 400, 'PATCH malformed JSON');
        });
        const h = await admin.history(target.id);
        assert.deepEqual(h.json.edits, [], 'no edit recorded');
    });

    test('unknown ids -> 404 everywhere', async () => {
        const admin = server.admin();
        await unchanged('unknown ids', async () => {
            for (const id of ['999999999', 'not-an-id', '0', '-1']) {
                expectProblem(assert, await reader().getComment(id), 404, `GET ${id}`);
                expectProblem(assert, await reader().replies(id), 404, `GET replies ${id}`);
                expectProblem(assert, await admin.history(id), 404, `GET history ${id}`);
                expectProblem(assert, await admin.editComment(id, 'x'), 404, `PATCH ${id}`);
                expectProblem(assert, await admin.deleteComment(id), 404, `DELETE ${id}`);
                expectProblem(assert, await admin.moderate(id, 'approve'), 404, `moderate ${id}`);
                expectProblem(assert, await reader().postComment({ page, text: 'x', parent_id: id }), 404, `parent ${id}`);
            }
        });
    });

    test('a parent on another page is refused', async () => {
        const other = `/elsewhere/${marker()}`;
        const parent = await createApproved(server, reader(), { page: other, text: `other page ${marker()}` });
        await unchanged('cross-page parent', async () => {
            const r = await reader().postComment({ page, text: 'cross page reply', parent_id: parent.id });
            assert.ok([404, 422].includes(r.status), `reply naming a parent on another page: ${r.describe()}`);
        });
    });

    test('list parameters: missing page 422, bad limit 400/422, bad cursor 400, bad sort refused', async () => {
        const c = reader();
        expectProblem(assert, await c.get('/api/v1/comments'), 422, 'missing page');
        expectProblem(assert, await c.listComments(page, { limit: 'abc' }), 400, 'limit=abc');
        expectProblem(assert, await c.listComments(page, { limit: '1.5' }), 400, 'limit=1.5');
        expectProblem(assert, await c.listComments(page, { limit: '0' }), 422, 'limit=0');
        expectProblem(assert, await c.listComments(page, { limit: '-3' }), 422, 'limit=-3');
        expectProblem(assert, await c.listComments(page, { limit: '101' }), 422, 'limit=101');
        for (const l of ['1', '100']) {
            const ok = await c.listComments(page, { limit: l });
            assert.equal(ok.status, 200, `limit=${l}: ${ok.describe()}`);
            assert.ok(ok.json.comments.length <= Number(l));
        }
        for (const cursor of ['garbage!!', 'AAAA', '%%%', 'eyJ4IjoxfQ']) {
            expectProblem(assert, await c.listComments(page, { cursor }), 400, `cursor=${cursor}`);
        }
        const badSort = await c.listComments(page, { sort: 'sideways' });
        assert.ok([400, 422].includes(badSort.status), `sort=sideways: ${badSort.describe()}`);
        const badStatus = await server.admin().listComments(page, { status: 'weird' });
        assert.ok([400, 422].includes(badStatus.status), `status=weird: ${badStatus.describe()}`);
        expectProblem(assert, await c.replies(target.id, { limit: 'x' }), 400, 'replies limit=x');
        expectProblem(assert, await c.replies(target.id, { limit: '101' }), 422, 'replies limit=101');
        expectProblem(assert, await c.replies(target.id, { cursor: 'garbage!!' }), 400, 'replies cursor=garbage');
    });

    test('counts: at most 100 pages, at least one', async () => {
        const c = reader();
        const hundred = Array.from({ length: 100 }, (_, i) => `/p/${i}`);
        const ok = await c.counts(hundred);
        assert.equal(ok.status, 200, ok.describe());
        assert.equal(Object.keys(ok.json.counts).length, 100);
        expectProblem(assert, await c.counts([...hundred, '/p/100']), 422, '101 pages');
        const none = await c.get('/api/v1/counts');
        assert.ok([400, 422].includes(none.status), `no page: ${none.describe()}`);
    });

    test('errors are problem+json on unknown API routes and methods too', async () => {
        const r = await reader().get('/api/v1/no-such-thing');
        expectProblem(assert, r, 404, 'unknown route');
        const m = await reader().request('PUT', `/api/v1/comments/${target.id}`, { json: { text: 'x' } });
        assert.ok([404, 405].includes(m.status), `PUT on a comment: ${m.describe()}`);
    });
});
