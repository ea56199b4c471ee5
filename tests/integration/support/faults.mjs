// Tools of the fault suites (faults_*.test.mjs): small file systems that fill up or turn
// read-only (root only: tmpfs and loop mounts), damaged database pages, a steady stream of posts
// that remembers every answer, and `tribune check`.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

import { expectProblem, runCli, sleep } from './server.mjs';

const run = promisify(execFile);

/** Whether this process may mount file systems (CI runs as root; the mount suites need it). */
export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a system tool; resolves with its stdout, rejects with its stderr. */
export async function tool(cmd, args, { timeout = 60000 } = {}) {
    try {
        const { stdout } = await run(cmd, args, { timeout, encoding: 'utf8' });
        return stdout.trim();
    } catch (e) {
        throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr || e.message}`);
    }
}

/** A fresh directory under the system temp dir, for mount points and images. */
export const scratchDir = (label) => mkdtemp(join(tmpdir(), `tribune-faults-${label}-`));

/** Unmounts `dir`, retrying while a process that just died still holds it, then lazily. */
export async function unmount(dir) {
    for (let i = 0; i < 20; i++) {
        try {
            await tool('umount', [dir]);
            return;
        } catch (e) {
            if (/not mounted|no mount point/i.test(e.message)) return;
            await sleep(100);
        }
    }
    await tool('umount', ['-l', dir]).catch(() => {});
}

/** Mounts a tmpfs of `bytes` at `dir` (created); returns a function that unmounts and removes it. */
export async function mountTmpfs(dir, bytes) {
    await mkdir(dir, { recursive: true });
    await tool('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir]);
    return async () => {
        await unmount(dir);
        await rm(dir, { recursive: true, force: true }).catch(() => {});
    };
}

/**
 * An ext4 file system of `mb` MB in a file, loop-mounted at `dir` with errors=remount-ro, as a
 * real disk is. failWrites() makes the kernel record an error on it, which turns it read-only
 * at once under every open file (what a failing disk does). cleanup() unmounts and deletes it;
 * remount() mounts it again to read what survived.
 */
export async function loopExt4(dir, mb) {
    const image = `${dir}.img`;
    await mkdir(dir, { recursive: true });
    const f = await open(image, 'w');
    await f.truncate(mb * 1024 * 1024);
    await f.close();
    await tool('mkfs.ext4', ['-q', '-F', image]);
    const mount = async () => {
        await tool('mount', ['-o', 'loop,errors=remount-ro', image, dir]);
        return basename(await tool('findmnt', ['-n', '-o', 'SOURCE', dir]));
    };
    let device = await mount();
    return {
        dir,
        async failWrites() {
            await writeFile(`/sys/fs/ext4/${device}/trigger_fs_error`, 'tribune fault test');
        },
        async remount() {
            await unmount(dir);
            device = await mount();  // the kernel replays the journal
        },
        async cleanup() {
            await unmount(dir);
            await rm(image, { force: true }).catch(() => {});
            await rm(dir, { recursive: true, force: true }).catch(() => {});
        },
    };
}

/** Whether loop devices work here (a container may have none). */
export const loopDevicesAvailable = () => existsSync('/dev/loop-control');

/** Overwrites the pages between fractions `from` and `to` of a database file with random bytes. */
export async function damagePages(file, { from = 0.4, to = 0.6, pageSize = 4096 } = {}) {
    const { size } = await stat(file);
    const pages = Math.floor(size / pageSize);
    if (pages < 20) throw new Error(`${file} has only ${pages} pages`);
    const f = await open(file, 'r+');
    try {
        for (let p = Math.floor(pages * from); p < Math.floor(pages * to); p++) {
            // Not random: a random page could now and then pass for a b-tree page and be read
            // back as altered text. 0xA5 is no page type SQLite knows, so every read of one fails.
            await f.write(Buffer.alloc(pageSize, 0xa5), 0, pageSize, p * pageSize);
        }
    } finally {
        await f.close();
    }
}

/** `tribune check --data DIR`: resolves with {code, signal, stdout, stderr}. */
export const checkStore = (dataDir) => runCli(['check', '--data', dataDir], { timeoutMs: 60000 });

/**
 * Posts comments on `page` from `concurrency` loops until stop(), each with a unique text, and
 * remembers every answer: `results` holds {text, status, reply, ms, at} (status 0 and `error`
 * when the request got no HTTP answer; `ms` how long it took, `at` when it ended). Bounded: `max` posts at most.
 */
export class PostLoad {
    constructor(client, page, { concurrency = 4, timeoutMs = 20000, label = 'load', max = 5000, textBytes = 0 } = {}) {
        Object.assign(this, { client, page, concurrency, timeoutMs, label, max, textBytes });
        this.results = [];
        this.running = false;
        this.loops = [];
        this.sent = 0;
    }

    start() {
        this.running = true;
        const pad = this.textBytes > 0 ? ` ${'x'.repeat(this.textBytes)}` : '';
        this.loops = Array.from({ length: this.concurrency }, async () => {
            while (this.running && this.sent < this.max) {
                const text = `${this.label}-${this.sent++}-${randomBytes(4).toString('hex')}${pad}`;
                const started = Date.now();
                try {
                    const reply = await this.client.postComment({ page: this.page, text }, { timeoutMs: this.timeoutMs });
                    this.results.push({ text, status: reply.status, reply, ms: Date.now() - started, at: Date.now() });
                } catch (e) {
                    this.results.push({ text, status: 0, error: e.message, ms: Date.now() - started, at: Date.now() });
                }
            }
        });
        return this;
    }

    /** Waits until `max` posts are answered. */
    async finish() {
        await Promise.all(this.loops);
        return this.results;
    }

    /** Stops starting new posts and waits for those in flight. */
    async stop() {
        this.running = false;
        await Promise.all(this.loops);
        return this.results;
    }

    created() {
        return this.results.filter((r) => r.status === 201);
    }
}

/**
 * Asserts a 503 problem+json with a Retry-After header and, when `titles` is given, one of those
 * titles (which say what is wrong, unlike the generic "busy" one). Returns the problem.
 */
export function expectStoreProblem(assert, reply, what, { titles = null } = {}) {
    const p = expectProblem(assert, reply, 503, what);
    assert.ok(reply.header('retry-after'), `${what}: Retry-After on ${reply.describe()}`);
    if (titles) assert.ok(titles.includes(p.title), `${what}: title ${JSON.stringify(p.title)} is one of ${titles.join(', ')}`);
    return p;
}

/** The store_error lines of a server's log of `kind`, and the counts of suppressed ones. */
export function storeLogLines(log, kind) {
    const lines = log.split('\n');
    const errors = lines.filter((l) => l.includes(`store_error kind=${kind} `));
    const suppressed = lines
        .filter((l) => l.includes(`store_errors_suppressed kind=${kind} `))
        .map((l) => Number(/count=(\d+)/.exec(l)?.[1] ?? 0));
    return { errors, suppressed };
}
