// Keyset pagination of top-level comments and of replies, in JSON and in the script-free HTML
// ("Load More Comments", "Load More Replies"); ETag / If-None-Match on lists and counts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    commentIdsIn, createApproved, decodeHtml, demoArticles, marker, startServer, walkComments, walkReplies,
} from './support/server.mjs';

const ids = (list) => list.map((c) => c.id);
const assertNoDuplicates = (list, what) => assert.equal(new Set(list).size, list.length, `${what}: no duplicates`);

describe('pagination', { timeout: 180000 }, () => {
    let server;
    let demo;
    // Registered here, not inside before(): a hook registered in a hook runs when that hook ends.
    after(async () => server?.cleanup());
    before(async () => {
        server = await startServer(null);
        demo = await demoArticles(server);
    });

    test('all pages of the main demo article, oldest first: no duplicates, no gaps', async () => {
        const anon = server.client();
        const total = demo.counts[demo.main];
        const everything = await walkComments(anon, demo.main, { limit: 100 });
        for (const limit of [1, 3, 5, 7, 20]) {
            const walked = await walkComments(anon, demo.main, { limit });
            assertNoDuplicates(ids(walked), `limit=${limit}`);
            assert.deepEqual(ids(walked), ids(everything), `limit=${limit} walks the same comments in the same order`);
        }
        // Order: oldest first by created_at.
        for (let i = 1; i < everything.length; i++) {
            assert.ok(everything[i - 1].created_at <= everything[i].created_at, `oldest first at ${i}`);
        }
        // Every approved comment of the thread is reached once: top-level ones plus all replies.
        let approved = 0;
        const seen = new Set();
        for (const c of everything) {
            assert.equal(c.parent_id, null);
            if (c.status === 'approved') approved++;
            seen.add(c.id);
            const reps = await walkReplies(anon, c.id, { limit: 2 });
            assertNoDuplicates(ids(reps), `replies of ${c.id}`);
            assert.deepEqual(ids(c.replies), ids(reps).slice(0, c.replies.length), 'embedded replies are the first replies');
            assert.equal(c.reply_count, reps.filter((r) => r.status === 'approved').length, `reply_count of ${c.id}`);
            for (const r of reps) {
                assert.equal(r.parent_id, c.id);
                assert.ok(!seen.has(r.id), `reply ${r.id} seen once`);
                seen.add(r.id);
                if (r.status === 'approved') approved++;
            }
        }
        assert.equal(approved, total, `top-level + replies reached (${approved}) equals total (${total})`);
        // The default page size is 20.
        const first = await anon.listComments(demo.main);
        assert.equal(first.json.comments.length, Math.min(20, everything.length), 'default limit is 20');
        assert.equal(first.json.next_cursor === null, everything.length <= 20);
    });

    test('newest first is the exact reverse, also page by page', async () => {
        const anon = server.client();
        const oldest = await walkComments(anon, demo.main, { limit: 100 });
        for (const limit of [1, 4, 100]) {
            const newest = await walkComments(anon, demo.main, { limit, sort: 'newest' });
            assertNoDuplicates(ids(newest), `newest limit=${limit}`);
            assert.deepEqual(ids(newest), ids(oldest).reverse(), `newest limit=${limit}`);
        }
        const explicit = await walkComments(anon, demo.main, { limit: 6, sort: 'oldest' });
        assert.deepEqual(ids(explicit), ids(oldest));
    });

    test('keyset cursors stay correct while comments are added', async () => {
        const page = `/pagination/${marker()}`;
        const writer = server.client();
        const made = [];
        for (let i = 0; i < 7; i++) made.push(await createApproved(server, writer, { page, text: `pg ${i} ${marker()}` }));
        const reader = server.client();
        const p1 = await reader.listComments(page, { limit: 3 });
        assert.deepEqual(ids(p1.json.comments), ids(made.slice(0, 3)));
        assert.ok(p1.json.next_cursor);
        // Two more arrive between the reader's page loads: no duplicate, no gap, the new ones at the end.
        made.push(await createApproved(server, writer, { page, text: `late 1 ${marker()}` }));
        made.push(await createApproved(server, writer, { page, text: `late 2 ${marker()}` }));
        const seen = [...ids(p1.json.comments)];
        let cursor = p1.json.next_cursor;
        while (cursor) {
            const r = await reader.listComments(page, { limit: 3, cursor });
            assert.equal(r.status, 200, r.describe());
            seen.push(...ids(r.json.comments));
            cursor = r.json.next_cursor;
        }
        assert.deepEqual(seen, ids(made));
        // A cursor is tied to its sort order or at least never returns a duplicate.
        const n1 = await reader.listComments(page, { limit: 2, sort: 'newest' });
        assert.deepEqual(ids(n1.json.comments), ids(made.slice(-2)).reverse());
        const n2 = await reader.listComments(page, { limit: 2, sort: 'newest', cursor: n1.json.next_cursor });
        assert.deepEqual(ids(n2.json.comments), ids(made.slice(-4, -2)).reverse());
        // The last page has next_cursor null.
        const all = await reader.listComments(page, { limit: 100 });
        assert.equal(all.json.next_cursor, null);
        assert.equal(all.json.total, made.length);
    });

    test('replies: 3 embedded, then Load More Replies through the cursor', async () => {
        const page = `/replies/${marker()}`;
        const top = await createApproved(server, server.client(), { page, text: `many replies ${marker()}` });
        const replies = [];
        for (let i = 0; i < 8; i++) {
            replies.push(await createApproved(server, server.client(), { page, text: `reply ${i} ${marker()}`, parent_id: top.id }));
        }
        const anon = server.client();
        const list = await anon.listComments(page);
        const node = list.json.comments.find((c) => c.id === top.id);
        assert.deepEqual(ids(node.replies), ids(replies.slice(0, 3)), 'first 3 replies embedded, oldest first');
        assert.equal(node.reply_count, 8);
        assert.ok(node.replies_next_cursor, 'replies_next_cursor set when more replies exist');
        const restByCursor = await walkReplies(anon, top.id, { limit: 2 }, node.replies_next_cursor);
        assert.deepEqual(ids(restByCursor), ids(replies.slice(3)), 'replies after the embedded ones, no dup, no gap');
        const fromStart = await walkReplies(anon, top.id, { limit: 3 });
        assert.deepEqual(ids(fromStart), ids(replies));
        const one = await anon.replies(top.id, { limit: 100 });
        assert.equal(one.json.parent_id, top.id);
        assert.equal(one.json.next_cursor, null);
        assert.equal(one.json.comments.length, 8);
        const small = await anon.replies(top.id);
        assert.ok(small.json.comments.length >= 1);

        // A top-level comment with exactly 3 replies has no replies cursor.
        const three = await createApproved(server, server.client(), { page, text: `three replies ${marker()}` });
        for (let i = 0; i < 3; i++) await createApproved(server, server.client(), { page, text: `r${i}`, parent_id: three.id });
        const l2 = await anon.listComments(page, { limit: 100 });
        const n3 = l2.json.comments.find((c) => c.id === three.id);
        assert.equal(n3.replies.length, 3);
        assert.equal(n3.replies_next_cursor, null);
    });

    test('HTML: "Load More Comments" and "Load More Replies" work without scripts', async () => {
        const anon = server.client();
        const slug = demo.slugOf(demo.main);
        // Make sure there is a second page of top-level comments to load.
        let apiAll = await walkComments(anon, demo.main, { limit: 100 });
        for (let i = apiAll.length; i <= 20; i++) {
            await createApproved(server, server.admin(), { page: demo.main, text: `filler ${i} ${marker()}` });
        }
        apiAll = await walkComments(anon, demo.main, { limit: 100 });
        const apiFirst = await anon.listComments(demo.main);
        const html = await anon.get(demo.main);
        assert.equal(html.status, 200);
        const shown = commentIdsIn(html.text);
        for (const c of apiFirst.json.comments) assert.ok(shown.includes(c.id), `first page comment ${c.id} in HTML`);

        {
            const more = /<a\b[^>]*href="([^"]*)"[^>]*>\s*Load More Comments\s*<\/a>/i.exec(html.text) ||
                /<a\b[^>]*href="([^"]*)"[^>]*>[\s\S]{0,200}?Load More Comments/i.exec(html.text);
            assert.ok(more, '"Load More Comments" link present');
            const href = decodeHtml(more[1]);
            assert.match(href, new RegExp(`^(https?://[^/]+)?/articles/${slug}\\?(.*&)?cursor=[^&#]+.*#comments$`), `Load More Comments href: ${href}`);
            const page2 = await anon.get(href.replace(/#.*$/, ''));
            assert.equal(page2.status, 200, page2.describe());
            const ids2 = commentIdsIn(page2.text);
            const expected = apiAll.slice(20, 40).map((c) => c.id);
            for (const id of expected) assert.ok(ids2.includes(id), `second page shows comment ${id}`);
            for (const c of apiFirst.json.comments) {
                assert.ok(!ids2.includes(c.id), `second page does not repeat first-page comment ${c.id}`);
            }
        }

        // Load More Replies on a thread we make, so we know there are more than 3.
        const page = demo.main;
        const top = apiFirst.json.comments[0];
        const existing = await walkReplies(anon, top.id, { limit: 100 });
        const added = [];
        for (let i = existing.length; i < 5; i++) {
            added.push(await createApproved(server, server.client(), { page, text: `html reply ${i} ${marker()}`, parent_id: top.id }));
        }
        const allReplies = await walkReplies(anon, top.id, { limit: 100 });
        assert.ok(allReplies.length > 3);
        const html2 = await anon.get(page);
        const link = new RegExp(`href="((?:https?://[^/"]+)?/articles/${slug}/comments/${top.id}\\?[^"]*cursor=[^"]+)"`).exec(html2.text);
        assert.ok(link, `"Load More Replies" link to /articles/${slug}/comments/${top.id}?cursor=...`);
        assert.match(html2.text, /Load More Replies/);
        const repliesPage = await anon.get(decodeHtml(link[1]).replace(/#.*$/, ''));
        assert.equal(repliesPage.status, 200, repliesPage.describe());
        assert.match(repliesPage.contentType, /^text\/html/i);
        const shownReplies = commentIdsIn(repliesPage.text);
        for (const r of allReplies.slice(3, 23)) assert.ok(shownReplies.includes(r.id), `replies page shows reply ${r.id}`);
    });

    test('ETag and If-None-Match on lists and counts', async () => {
        const page = `/etag/${marker()}`;
        await createApproved(server, server.client(), { page, text: `etag 1 ${marker()}` });
        const anon = server.client();
        const l1 = await anon.listComments(page);
        const etag = l1.header('etag');
        assert.ok(etag, 'list has an ETag');
        const l304 = await anon.listComments(page, {}, { headers: { 'if-none-match': etag } });
        assert.equal(l304.status, 304, l304.describe());
        assert.equal(l304.text, '');
        const c1 = await anon.counts([page]);
        const cEtag = c1.header('etag');
        assert.ok(cEtag, 'counts has an ETag');
        const c304 = await anon.counts([page], { headers: { 'if-none-match': cEtag } });
        assert.equal(c304.status, 304, c304.describe());

        // A new approved comment changes both.
        await createApproved(server, server.client(), { page, text: `etag 2 ${marker()}` });
        const l2 = await anon.listComments(page, {}, { headers: { 'if-none-match': etag } });
        assert.equal(l2.status, 200, 'list changed: 200 again');
        assert.notEqual(l2.header('etag'), etag);
        assert.equal(l2.json.total, 2);
        const c2 = await anon.counts([page], { headers: { 'if-none-match': cEtag } });
        assert.equal(c2.status, 200, 'counts changed: 200 again');
        assert.equal(c2.json.counts[page], 2);

        // A pending comment visible to its author must not leak through a shared cache entry:
        // the author's ETag (their view has the pending comment) never gives another reader a 304.
        const author = server.client();
        const pendingText = `etag pending ${marker()}`;
        const posted = await author.postComment({ page, text: pendingText });
        assert.equal(posted.status, 201);
        const mine = await author.listComments(page);
        assert.ok(mine.text.includes(pendingText), 'author sees own pending comment');
        const mineEtag = mine.header('etag');
        const mine304 = await author.listComments(page, {}, { headers: { 'if-none-match': mineEtag } });
        assert.equal(mine304.status, 304, 'the author revalidates their own view');
        const theirs = await anon.listComments(page, {}, { headers: { 'if-none-match': mineEtag } });
        assert.equal(theirs.status, 200, "another reader's view differs from the author's: not a 304");
        assert.ok(!theirs.text.includes(pendingText));
        assert.notEqual(theirs.header('etag'), mineEtag, 'per-viewer ETags differ');
    });
});
