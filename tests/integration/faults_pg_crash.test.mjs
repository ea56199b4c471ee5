// PostgreSQL crash-stopped (pg_ctl stop -m immediate: no checkpoint, connections cut) and started
// again while a node takes posts, on a private cluster this test owns: meanwhile every post gets
// an answer within bounds, 201 or a 503 problem (never a hang, never a 500 with raw text); the
// node recovers by itself; every post answered 201 is stored.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

import { expectStoreProblem, isRoot, PostLoad } from './support/faults.mjs';
import { expectProblem, marker, ROOT, sleep, TribuneServer, waitFor, walkComments } from './support/server.mjs';

const run = promisify(execFile);
const PG_SH = join(ROOT, 'scripts', 'pg.sh');
const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
const REQUEST_LIMIT_MS = 30000; // a post's answer may wait for an in-doubt COMMIT (10 s), never for ever

async function pg(command, dir) {
    const { stdout } = await run(PG_SH, [command, dir], { timeout: 90000, encoding: 'utf8' });
    return stdout.trim().split('\n').pop();
}

/** pg_ctl stop -m immediate: the server process quits at once, as in a crash. */
async function crashStop(dir) {
    const args = ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'];
    if (isRoot()) await run('runuser', ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), ...args], { timeout: 60000, cwd: '/' });
    else await run(join(PG_BIN, 'pg_ctl'), args, { timeout: 60000 });
}

test('PostgreSQL crash-stopped and restarted under posts: 503 problems meanwhile, recovery by itself, nothing lost', { timeout: 180000 }, async (t) => {
    const pgDir = join(tmpdir(), `tribune-faults-pg-${process.pid}-${randomBytes(3).toString('hex')}`);
    const server = new TribuneServer({ env: { TRIBUNE_SEED_DEMO: 'false' } });
    t.after(async () => {
        await server.cleanup();
        await pg('stop', pgDir).catch(() => {});
        await rm(pgDir, { recursive: true, force: true }).catch(() => {});
    });
    const url = await pg('start', pgDir);
    assert.match(url, /^postgres:\/\//);
    server.args = ['--db', url];
    await server.start();
    const page = `/faults/pgcrash/${marker()}`;

    const load = new PostLoad(server.client(), page, { label: 'pg', concurrency: 4, timeoutMs: REQUEST_LIMIT_MS, max: 3000 }).start();
    await waitFor(() => load.created().length >= 10, { ms: 20000, what: '10 posts before the crash' });
    await crashStop(pgDir);
    const crashedAt = Date.now();
    expectProblem(assert, await server.client().get('/readyz', { timeoutMs: 15000 }), 503, '/readyz while PostgreSQL is down');
    console.log(`# /readyz answered ${Date.now() - crashedAt} ms after the crash`);
    await sleep(Math.max(0, 2000 - (Date.now() - crashedAt)));
    await pg('start', pgDir);
    const restartedAt = Date.now();
    const countAtRestart = load.results.length;
    await waitFor(() => load.results.slice(countAtRestart).some((r) => r.status === 201),
        { ms: 30000, what: 'a post accepted after PostgreSQL came back' });
    console.log(`# PostgreSQL down ${restartedAt - crashedAt} ms; node writing again ${Date.now() - restartedAt} ms after the restart`);
    await sleep(300);
    const results = await load.stop();

    assert.ok(server.running, 'the node kept running');
    const refused = results.filter((r) => r.status !== 201);
    const slowest = Math.max(...results.map((r) => r.ms));
    console.log(`# ${results.length - refused.length} posts answered 201, ${refused.length} refused; slowest answer ${slowest} ms`);
    assert.ok(refused.length > 0, 'some posts met the crash');
    for (const r of refused) {
        assert.notEqual(r.status, 0, `${r.text}: an HTTP answer within ${REQUEST_LIMIT_MS} ms, not ${r.error}`);
        expectStoreProblem(assert, r.reply, `post ${r.text} during the crash`);
    }
    assert.equal((await server.client().get('/readyz')).status, 200, 'ready again');

    const stored = await walkComments(server.admin(), page, { status: 'all', limit: 100 });
    const texts = new Set(stored.map((c) => c.text));
    const lost = results.filter((r) => r.status === 201 && !texts.has(r.text)).map((r) => r.text);
    assert.deepEqual(lost, [], 'answered 201 but not stored after the crash');
    assert.doesNotMatch(server.log, /tribune store: /, 'store problems go through the structured log');
});
