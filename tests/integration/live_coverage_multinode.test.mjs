// Live coverage across nodes: two `tribune serve` nodes on one private PostgreSQL (scripts/pg.sh).
// An update posted, edited and deleted through node A reaches a reader streaming from node B (the
// bus carries the live_update event), and B's cached article page drops each time; so does the
// end of the coverage (live_coverage), which takes the "Live" badge off B's page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { marker, waitFor } from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';
import { startTwoNodes } from './support/two_nodes.mjs';

describe('live coverage on two nodes', { timeout: 180000 }, () => {
    let a;
    let b;
    let cleanup;
    let sse;

    before(async () => {
        ({ a, b, cleanup } = await startTwoNodes('live-coverage'));
    });

    after(async () => {
        sse?.close();
        await cleanup?.();
    });

    test('an update written on A reaches a reader on B, and B serves the page afresh', async () => {
        const editor = a.admin();
        const m = marker('mn');
        const created = await editor.post('/api/v1/articles', { title: `Bridge closed ${m}`, body_markdown: 'x' });
        assert.equal(created.status, 201, created.describe());
        const slug = created.json.slug;
        assert.equal((await editor.post(`/api/v1/articles/${slug}/live`, { live: true })).status, 200);

        const before = await b.client().get(`/articles/${slug}`);  // cached on B from here
        assert.equal(before.status, 200);
        assert.ok(!before.text.includes('id="update-'), 'no updates yet');

        sse = new SseClient(b, livePath(created.json.comments.page));
        assert.equal((await sse.open()).status, 200);
        await sse.next((d) => d.type === 'hello', { what: 'hello on B' });

        const posted = await editor.post(`/api/v1/articles/${slug}/updates`, { body_markdown: `Traffic **diverted** ${m}` });
        assert.equal(posted.status, 201, posted.describe());
        const onB = await sse.next((d) => d.type === 'live_update' && d.action === 'posted', { ms: 10000, what: 'the update on B' });
        assert.equal(onB.update.id, posted.json.id);
        assert.ok(onB.update.html.includes('<strong>diverted</strong>'));
        await waitFor(async () => (await b.client().get(`/articles/${slug}`)).text.includes(`id="update-${posted.json.id}"`),
            { ms: 10000, what: "B's page to show the update" });

        assert.equal((await editor.patch(`/api/v1/articles/${slug}/updates/${posted.json.id}`, { body_markdown: 'Traffic back' })).status, 200);
        const edited = await sse.next((d) => d.type === 'live_update' && d.action === 'edited', { ms: 10000, what: 'the edit on B' });
        assert.ok(edited.update.html.includes('Traffic back'));

        assert.equal((await editor.request('DELETE', `/api/v1/articles/${slug}/updates/${posted.json.id}`)).status, 204);
        const gone = await sse.next((d) => d.type === 'live_update' && d.action === 'deleted', { ms: 10000, what: 'the delete on B' });
        assert.equal(gone.update.id, posted.json.id);
        await waitFor(async () => !(await b.client().get(`/articles/${slug}`)).text.includes(`id="update-${posted.json.id}"`),
            { ms: 10000, what: "B's page to drop the update" });

        // The end of the coverage on A reaches B's readers, and B's page drops its "Live" badge.
        assert.ok((await b.client().get(`/articles/${slug}`)).text.includes('class="live-badge"'));
        assert.equal((await editor.post(`/api/v1/articles/${slug}/live`, { live: false })).status, 200);
        const ended = await sse.next((d) => d.type === 'live_coverage' && d.live === false, { ms: 10000, what: 'the end on B' });
        assert.equal(typeof ended.event_id, 'number');
        await waitFor(async () => !(await b.client().get(`/articles/${slug}`)).text.includes('class="live-badge"'),
            { ms: 10000, what: "B's page to drop the badge" });
    });
});
