// kill -9 again and again under concurrent posts on SQLite: every comment answered 201 before
// any of the kills is stored afterwards with its exact text, every restart passes the start-up
// check, and the file passes SQLite's full integrity check (`tribune check`) at the end.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkStore, PostLoad } from './support/faults.mjs';
import { marker, sleep, startServer, walkComments } from './support/server.mjs';

const CYCLES = 20;
const LOAD_MS = 300;

test(`${CYCLES} kill -9 cycles under concurrent posts: nothing answered 201 is lost, the file stays sound`, { timeout: 180000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_SEED_DEMO: 'false' } });
    const page = `/faults/kill9/${marker()}`;
    const created = [];
    let unanswered = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
        if (cycle > 0) await server.start();  // the start-up check runs on every restart
        const load = new PostLoad(server.client(), page, { label: `c${cycle}`, concurrency: 6, max: 2000 }).start();
        await sleep(LOAD_MS);
        const killed = server.kill9();  // while posts are in flight
        const results = await load.stop();
        await killed;
        created.push(...results.filter((r) => r.status === 201));
        unanswered += results.filter((r) => r.status === 0).length;
        const odd = results.filter((r) => r.status !== 201 && r.status !== 0);
        assert.deepEqual(odd.map((r) => r.reply.describe()), [], `cycle ${cycle}: answers other than 201`);
    }
    console.log(`# ${CYCLES} cycles: ${created.length} posts answered 201, ${unanswered} cut off by the kills`);
    assert.ok(created.length >= CYCLES, `posts went through (${created.length})`);

    await server.start();
    const stored = await walkComments(server.admin(), page, { status: 'all', limit: 100 });
    const byText = new Map(stored.map((c) => [c.text, c]));
    const lost = created.filter((r) => !byText.has(r.text)).map((r) => r.text);
    assert.deepEqual(lost, [], 'answered 201 before a kill -9, missing afterwards');
    for (const r of created) assert.equal(byText.get(r.text).id, r.reply.json.comment.id, `${r.text} kept its id`);
    assert.ok(stored.length <= created.length + unanswered, 'nothing stored that was never posted');

    const exit = await server.stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null });
    const check = await checkStore(server.dataDir);
    assert.equal(check.code, 0, `tribune check: ${check.stdout}${check.stderr}`);
    assert.match(check.stdout, /^ok: /);
});
