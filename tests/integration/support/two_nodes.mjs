// Two `tribune serve` nodes on one private PostgreSQL (scripts/pg.sh, its own data directory on
// loopback), sharing an admin token, an IP hash key and no demo publication: what the
// cross-node tests start before they publish on one node and read on the other.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { ROOT, TribuneServer } from './server.mjs';

const run = promisify(execFile);
const PG_SH = join(ROOT, 'scripts', 'pg.sh');

async function pg(command, dir) {
    const { stdout } = await run(PG_SH, [command, dir], { timeout: 90000, encoding: 'utf8' });
    return stdout.trim().split('\n').pop();
}

/**
 * Starts PostgreSQL in a fresh directory named after `label`, then nodes `a` and `b` on it.
 * Returns { a, b, cleanup }: cleanup stops both nodes and the database and removes its files.
 * `env`: more settings for both nodes.
 */
export async function startTwoNodes(label, { env: extraEnv = {} } = {}) {
    const pgDir = join(tmpdir(), `tribune-it-${label}-pg-${process.pid}-${randomBytes(3).toString('hex')}`);
    const adminToken = randomBytes(24).toString('hex');
    const nodes = { a: null, b: null };
    const cleanup = async () => {
        await nodes.a?.cleanup();
        await nodes.b?.cleanup();
        await pg('stop', pgDir).catch(() => {});
        await rm(pgDir, { recursive: true, force: true });
    };
    try {
        const url = await pg('start', pgDir);
        assert.match(url, /^postgres:\/\//);
        const env = { TRIBUNE_IP_HASH_KEY: randomBytes(24).toString('hex'), TRIBUNE_SEED_DEMO: 'false', ...extraEnv };
        nodes.a = new TribuneServer({ adminToken, args: ['--db', url], env });
        await nodes.a.start();
        nodes.b = new TribuneServer({ adminToken, args: ['--db', url], env });
        await nodes.b.start();
    } catch (e) {
        await cleanup();
        throw e;
    }
    return { a: nodes.a, b: nodes.b, cleanup };
}
