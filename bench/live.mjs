// Tribune live benchmark (run it through bench/live.sh, which raises the fd limit first).
//
// For each N: start a fresh Release server, measure its RSS, open N WebSocket connections to one
// article page (bounded concurrency, spread over 127.0.0.2..9 as source addresses, split over
// client processes), wait for every hello, measure RSS again, then for R rounds a moderator posts
// a comment through the API and every connection records when that comment's comment.created
// frame arrives. Reports p50/p90/p99/max of (arrival - just before the POST) over all
// deliveries, misses, and where the CPU went. Everything is bounded: a global deadline, per-step
// deadlines, counted loops; connections are closed and the server stopped at the end.
//
//   node bench/live.mjs [--n 1000,5000,20000] [--rounds 10] [--workers 2] [--record | --quick]
//                       [--bin PATH] [--deadline-s 1500] [--json FILE]
//                       [--client cxx|node] [--client-bin PATH]
//
// Client processes hold the sockets; the parent posts and measures. --client cxx (the default
// when the binary exists; bench/live.sh compiles bench/live_client.cpp) runs one single-threaded
// epoll process per worker, which costs the shared cores far less per received frame than
// --client node (this same file with --worker).

import { fork, spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const SOURCE_ADDRS = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9'];
const OPEN_CONCURRENCY = 256;      // handshakes in flight, over all workers
const OPEN_DEADLINE_MS = Number(process.env.BENCH_LIVE_OPEN_S || 600) * 1000;  // to open all N
const HANDSHAKE_TIMEOUT_MS = 30_000;
const ROUND_WAIT_MS = 10_000;      // a connection that has no comment by then missed it
const ROUND_GAP_MS = 1_500;        // let the count frame and presence settle between rounds
const SETTLE_MS = 3_000;           // after all hellos, before measuring RSS (presence ticks)
const FD_RESERVE = 64;             // descriptors left to the server's own files when N is capped
const TARGETS = { connections: 20000, rssPerConnKB: 16, p99Ms: 250 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => process.hrtime.bigint();


// ------------------------------------------------------------------------------------------
// Worker: holds connections, answers pings, timestamps the marked comment per connection.
// ------------------------------------------------------------------------------------------
function runWorker() {
    const conns = [];
    let marker = null;     // Buffer to look for while armed
    let arrivals = null;   // BigInt64Array of hrtime per connection (0: not yet)
    let pending = 0;       // armed connections still waiting
    let onAllArrived = null;
    let pings = 0;
    let textFrames = 0;
    const pong = Buffer.from([0x8a, 0x80, 0, 0, 0, 0]); // masked, empty, zero key

    class Conn {
        constructor(index, port, path, localAddress, resolveOpen) {
            this.index = index;
            this.upgraded = false;
            this.hello = false;
            this.closed = false;
            this.buf = null;
            this.resolveOpen = resolveOpen;
            this.key = randomBytes(16).toString('base64');
            const s = net.connect({ host: '127.0.0.1', port, localAddress });
            this.sock = s;
            // A server out of descriptors leaves the connection in its backlog: give up in time.
            this.timer = setTimeout(() => {
                if (!this.hello) {
                    s.destroy();
                    this.fail('handshake timeout');
                }
            }, HANDSHAKE_TIMEOUT_MS);
            s.on('connect', () => {
                s.setNoDelay(true);
                s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
                    `Sec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
            });
            s.on('data', (d) => this.onData(d));
            s.on('error', (e) => this.fail(e.code || e.message));
            s.on('close', () => this.fail('closed'));
        }
        fail(why) {
            if (!this.closed) {
                this.closed = true;
                if (arrivals && this.armed && arrivals[this.index] === 0n) {
                    pending--;
                    if (pending === 0 && onAllArrived) onAllArrived();
                }
            }
            if (this.resolveOpen) {
                const r = this.resolveOpen;
                this.resolveOpen = null;
                r(why);
            }
        }
        onData(d) {
            let b = this.buf ? Buffer.concat([this.buf, d]) : d;
            this.buf = null;
            if (!this.upgraded) {
                const end = b.indexOf('\r\n\r\n');
                if (end < 0) {
                    this.buf = b;
                    return;
                }
                const head = b.subarray(0, end).toString('latin1');
                const want = createHash('sha1').update(this.key + GUID).digest('base64');
                if (!head.startsWith('HTTP/1.1 101') || !head.includes(want)) {
                    this.sock.destroy();
                    return this.fail(`handshake: ${head.split('\r\n')[0]}`);
                }
                this.upgraded = true;
                b = b.subarray(end + 4);
            }
            // Walk the frames; only text payloads are looked at, and only by substring.
            let off = 0;
            while (b.length - off >= 2) {
                const op = b[off] & 0x0f;
                let len = b[off + 1] & 0x7f;
                let p = off + 2;
                if (len === 126) {
                    if (b.length - off < 4) break;
                    len = b.readUInt16BE(off + 2);
                    p = off + 4;
                } else if (len === 127) {
                    if (b.length - off < 10) break;
                    len = Number(b.readBigUInt64BE(off + 2));
                    p = off + 10;
                }
                if (b.length < p + len) break;
                if (op === 0x1 || op === 0x0) {
                    textFrames++;
                    if (!this.hello) {
                        this.hello = true; // the server's first frame is hello
                        clearTimeout(this.timer);
                        if (this.resolveOpen) {
                            const r = this.resolveOpen;
                            this.resolveOpen = null;
                            r(null);
                        }
                    } else if (marker && arrivals[this.index] === 0n && len >= marker.length &&
                        b.subarray(p, p + len).indexOf(marker) >= 0) {
                        arrivals[this.index] = now();
                        if (--pending === 0 && onAllArrived) onAllArrived();
                    }
                } else if (op === 0x9) {
                    pings++;
                    if (len === 0) this.sock.write(pong);
                    else {
                        const h = Buffer.from([0x8a, 0x80 | len, 0, 0, 0, 0]);
                        this.sock.write(Buffer.concat([h, b.subarray(p, p + len)]));
                    }
                } else if (op === 0x8) {
                    this.sock.end(Buffer.from([0x88, 0x80, 0, 0, 0, 0]));
                }
                off = p + len;
            }
            if (off < b.length) this.buf = Buffer.from(b.subarray(off));
        }
    }

    async function open({ port, path, count, base, concurrency, deadlineMs }) {
        const t0 = Date.now();
        const errors = {};
        let next = 0;
        let ok = 0;
        const one = (i) => new Promise((res) => {
            const c = new Conn(i, port, path, SOURCE_ADDRS[(base + i) % SOURCE_ADDRS.length], res);
            conns[i] = c;
        });
        const lane = async () => {
            while (next < count && Date.now() - t0 < deadlineMs) {
                const i = next++;
                let why = await one(i);
                for (let attempt = 1; why && attempt <= 3 && Date.now() - t0 < deadlineMs; attempt++) {
                    errors[why] = (errors[why] || 0) + 1;
                    conns[i].sock.destroy();
                    await sleep(50 * attempt);
                    why = await one(i);
                }
                if (why) errors[`final:${why}`] = (errors[`final:${why}`] || 0) + 1;
                else ok++;
            }
        };
        await Promise.all(Array.from({ length: concurrency }, lane));
        return { ok, failed: count - ok, errors, ms: Date.now() - t0 };
    }

    process.on('message', async (m) => {
        if (m.cmd === 'open') {
            const r = await open(m);
            process.send({ ev: 'opened', ...r, textFrames, cpu: process.cpuUsage() });
        } else if (m.cmd === 'arm') {
            marker = Buffer.from(m.marker);
            arrivals = new BigInt64Array(conns.length);
            pending = 0;
            for (const c of conns) {
                if (!c) continue;
                c.armed = !c.closed && c.hello;
                if (c.armed) pending++;
            }
            process.send({ ev: 'armed', alive: pending });
        } else if (m.cmd === 'collect') {
            const t0 = BigInt(m.t0);
            if (pending > 0) {
                await new Promise((res) => {
                    const t = setTimeout(res, m.waitMs);
                    onAllArrived = () => {
                        clearTimeout(t);
                        res();
                    };
                });
            }
            onAllArrived = null;
            const lat = [];
            let missed = 0;
            let closed = 0;
            for (const c of conns) {
                if (!c || !c.armed) continue;
                const a = arrivals[c.index];
                if (a > 0n) lat.push(Number(a - t0) / 1e6);
                else if (c.closed) closed++;
                else missed++;
            }
            marker = null;
            process.send({ ev: 'result', lat, missed, closed, cpu: process.cpuUsage(), pings, textFrames });
        } else if (m.cmd === 'stats') {
            process.send({ ev: 'stats', alive: conns.filter((c) => c && !c.closed).length, cpu: process.cpuUsage(), pings, textFrames,
                rssKB: Math.round(process.memoryUsage().rss / 1024) });
        } else if (m.cmd === 'close') {
            for (const c of conns) c?.sock.destroy();
            process.send({ ev: 'closed' });
            setTimeout(() => process.exit(0), 100);
        }
    });
    process.on('disconnect', () => process.exit(0));
}

// ------------------------------------------------------------------------------------------
// Parent: server, workers, rounds, report.
// ------------------------------------------------------------------------------------------
function parseArgs(argv) {
    const o = { n: [1000, 5000, 20000], rounds: 10, workers: 2, record: false, bin: process.env.TRIBUNE_BIN || '', deadlineS: 1500, json: '', client: '', clientBin: '' };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const v = () => argv[++i];
        if (a === '--n') o.n = v().split(',').map(Number);
        else if (a === '--rounds') o.rounds = Math.min(50, Number(v()));
        else if (a === '--workers') o.workers = Math.max(1, Math.min(8, Number(v())));
        else if (a === '--record') o.record = true;
        else if (a === '--quick') Object.assign(o, { quick: true, n: [200], rounds: 2, deadlineS: 120 });
        else if (a === '--bin') o.bin = v();
        else if (a === '--deadline-s') o.deadlineS = Number(v());
        else if (a === '--json') o.json = v();
        else if (a === '--client') o.client = v();
        else if (a === '--client-bin') o.clientBin = v();
        else throw new Error(`unknown argument ${a}`);
    }
    if (o.quick && o.record) throw new Error('--quick runs are not recorded');
    if (!o.bin) o.bin = join(ROOT, 'build', 'tribune');
    if (!o.clientBin) o.clientBin = join(process.env.TRIBUNE_BUILD_DIR || join(ROOT, 'build'), 'bench_live_client');
    if (!o.client) o.client = existsSync(o.clientBin) ? 'cxx' : 'node';
    if (o.client !== 'cxx' && o.client !== 'node') throw new Error(`--client ${o.client}: want cxx or node`);
    if (o.client === 'cxx' && !existsSync(o.clientBin)) throw new Error(`--client cxx: no client binary at ${o.clientBin} (bench/live.sh compiles it)`);
    return o;
}

function procStatus(pid) {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] || 0);
    return { rssKB: kb('VmRSS'), hwmKB: kb('VmHWM'), threads: Number(/^Threads:\s+(\d+)/m.exec(s)?.[1] || 0) };
}

const CLK_TCK = 100;
/** CPU ms of a process, total and per thread name. */
function procCpu(pid) {
    const threads = {};
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
            const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
            const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
            const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
            const ms = ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
            total += ms;
            threads[`${name}/${tid}`] = ms;
        } catch {
            // thread ended
        }
    }
    return { total, threads };
}

function fdLimit(pid) {
    const l = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const m = /^Max open files\s+(\d+)\s+(\d+)/m.exec(l);
    return m ? { soft: Number(m[1]), hard: Number(m[2]) } : null;
}

function pct(sorted, p) {
    if (sorted.length === 0) return NaN;
    const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[i];
}

class Server {
    constructor(bin, env) {
        this.bin = bin;
        this.env = env;
        this.dir = mkdtempSync(join(os.tmpdir(), 'tribune-live-bench-'));
        this.adminToken = randomBytes(24).toString('hex');
    }
    async start() {
        const env = { ...process.env };
        for (const k of Object.keys(env)) if (k.startsWith('TRIBUNE_')) delete env[k];
        Object.assign(env, this.env, { TRIBUNE_ADMIN_TOKEN: this.adminToken });
        this.proc = spawn(this.bin, ['serve', '--listen', '127.0.0.1:0', '--data', this.dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        this.log = '';
        this.exited = new Promise((r) => this.proc.once('exit', (code, signal) => r({ code, signal })));
        const port = await new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error(`server did not listen within 30 s:\n${this.log}`)), 30000);
            const onData = (d) => {
                this.log = (this.log + d).slice(-20000);
                const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.log);
                if (m) {
                    clearTimeout(t);
                    res(Number(m[1]));
                }
            };
            this.proc.stdout.on('data', onData);
            this.proc.stderr.on('data', onData);
            this.proc.once('exit', () => rej(new Error(`server exited:\n${this.log}`)));
        });
        this.port = port;
        this.agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
        return this;
    }
    request(method, path, body, headers = {}) {
        return new Promise((res, rej) => {
            const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
            const req = http.request({
                host: '127.0.0.1', port: this.port, method, path, agent: this.agent, timeout: 15000,
                headers: { ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}), ...headers },
            }, (r) => {
                let text = '';
                r.setEncoding('utf8');
                r.on('data', (c) => (text += c));
                r.on('end', () => res({ status: r.statusCode, text }));
            });
            req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
            req.on('error', rej);
            req.end(data);
        });
    }
    async stop() {
        this.agent?.destroy();
        if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
            this.proc.kill('SIGTERM');
            const t = setTimeout(() => this.proc.kill('SIGKILL'), 15000);
            await this.exited;
            clearTimeout(t);
        }
        rmSync(this.dir, { recursive: true, force: true });
    }
}

/** A worker process and a typed request/response channel to it. */
class Worker {
    constructor() {
        this.proc = fork(fileURLToPath(import.meta.url), ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        this.waiting = new Map();
        this.proc.on('message', (m) => {
            const w = this.waiting.get(m.ev);
            if (w) {
                this.waiting.delete(m.ev);
                w(m);
            }
        });
        this.exited = new Promise((r) => this.proc.once('exit', r));
    }
    ask(msg, ev, ms) {
        return new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error(`worker did not answer ${msg.cmd} within ${ms} ms`)), ms);
            this.waiting.set(ev, (m) => {
                clearTimeout(t);
                res(m);
            });
            this.proc.send(msg);
        });
    }
    async close() {
        if (this.proc.exitCode !== null) return;
        await this.ask({ cmd: 'close' }, 'closed', 10000).catch(() => {});
        const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
        await this.exited;
        clearTimeout(t);
    }
}

/**
 * The C++ client (bench/live_client.cpp) behind Worker's interface: {cmd} messages become command
 * lines on its stdin, and its JSON lines on stdout become {ev} messages.
 */
class CxxWorker {
    constructor(bin) {
        this.proc = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
        this.waiting = new Map();
        this.proc.stdin.on('error', () => {});  // it exited; the ask times out, or exited resolves
        let buf = '';
        this.proc.stdout.setEncoding('utf8');
        this.proc.stdout.on('data', (d) => {
            buf += d;
            for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
                const line = buf.slice(0, nl);
                buf = buf.slice(nl + 1);
                if (!line.trim()) continue;
                let m;
                try {
                    m = JSON.parse(line);
                } catch {
                    process.stderr.write(`live_client: unexpected output: ${line.slice(0, 200)}\n`);
                    continue;
                }
                const w = this.waiting.get(m.ev);
                if (w) {
                    this.waiting.delete(m.ev);
                    w(m);
                }
            }
        });
        this.exited = new Promise((r) => this.proc.once('exit', r));
    }
    static line(m) {
        switch (m.cmd) {
            case 'open': return `open ${m.port} ${m.path} ${m.count} ${m.base} ${m.concurrency} ${m.deadlineMs}`;
            case 'arm': return `arm ${m.marker}`;
            case 'collect': return `collect ${m.t0} ${m.waitMs}`;
            case 'stats': return 'stats';
            case 'close': return 'close';
            default: throw new Error(`CxxWorker: no line for ${m.cmd}`);
        }
    }
    ask(msg, ev, ms) {
        return new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error(`client did not answer ${msg.cmd} within ${ms} ms`)), ms);
            this.waiting.set(ev, (m) => {
                clearTimeout(t);
                res(m);
            });
            this.proc.stdin.write(`${CxxWorker.line(msg)}\n`);
        });
    }
    async close() {
        if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
        await this.ask({ cmd: 'close' }, 'closed', 10000).catch(() => {});
        const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
        await this.exited;
        clearTimeout(t);
    }
}

const newWorker = (opts) => (opts.client === 'cxx' ? new CxxWorker(opts.clientBin) : new Worker());

async function findPage(server) {
    const home = await server.request('GET', '/');
    const m = /href="(?:https?:\/\/[^/"]+)?(\/articles\/[^"?#/]+)"/.exec(home.text);
    if (!m) throw new Error('no article link on the home page');
    return m[1];
}

async function runOne(opts, n) {
    // The readers come from a handful of loopback addresses: lift the per-address cap for them.
    const server = new Server(opts.bin, {
        TRIBUNE_MAX_LIVE_CONNECTIONS: String(n + 1000),
        TRIBUNE_MAX_LIVE_PER_ADDRESS: String(n + 1000),
    });
    const workers = [];
    const out = { n, requested: n };
    try {
        await server.start();
        const pid = server.proc.pid;
        out.serverFdLimit = fdLimit(pid);
        const page = await findPage(server);
        out.page = page;
        const admin = { authorization: `Bearer ${server.adminToken}` };
        // Warm-up: one post (store, caches) and a live connection opened and closed (the channel).
        const warm = await server.request('POST', '/api/v1/comments', { page, text: 'live bench warm-up' }, admin);
        if (warm.status !== 201) throw new Error(`warm-up post: ${warm.status} ${warm.text}`);
        for (let i = 0; i < opts.workers; i++) workers.push(newWorker(opts));
        const path = `/api/v1/live?page=${encodeURIComponent(page)}`;
        await Promise.all(workers.map((w, i) => w.ask({ cmd: 'open', port: server.port, path, count: 1, base: i, concurrency: 1, deadlineMs: 10000 }, 'opened', 20000)));
        await Promise.all(workers.map((w) => w.ask({ cmd: 'close' }, 'closed', 10000)));
        await Promise.all(workers.map((w) => w.exited));
        workers.length = 0;
        await sleep(SETTLE_MS);
        const before = procStatus(pid);
        out.rssBeforeKB = before.rssKB;

        for (let i = 0; i < opts.workers; i++) workers.push(newWorker(opts));
        const share = (i) => Math.floor(n / opts.workers) + (i < n % opts.workers ? 1 : 0);
        const cpuOpen0 = procCpu(pid).total;
        const opened = await Promise.all(workers.map((w, i) => w.ask({
            cmd: 'open', port: server.port, path, count: share(i), base: i,
            concurrency: Math.max(1, Math.floor(OPEN_CONCURRENCY / opts.workers)), deadlineMs: OPEN_DEADLINE_MS,
        }, 'opened', OPEN_DEADLINE_MS + 30000)));
        out.opened = opened.reduce((s, r) => s + r.ok, 0);
        out.openFailed = opened.reduce((s, r) => s + r.failed, 0);
        out.openErrors = opened.map((r) => r.errors);
        out.openMs = Math.max(...opened.map((r) => r.ms));
        out.openServerCpuMs = procCpu(pid).total - cpuOpen0;
        out.openTextFrames = opened.reduce((s, r) => s + r.textFrames, 0);
        out.openClientCpuMs = opened.reduce((s, r) => s + (r.cpu.user + r.cpu.system) / 1000, 0);
        // Let the server drain what opening left queued (presence broadcasts) before measuring:
        // wait for a quiet second (under 5% of a core), at most 120 s.
        const settle0 = Date.now();
        await sleep(SETTLE_MS);
        for (let i = 0; i < 120; i++) {
            const c0 = procCpu(pid).total;
            await sleep(1000);
            if (procCpu(pid).total - c0 < 50) break;
        }
        out.settleMs = Date.now() - settle0;
        const afterOpen = procStatus(pid);
        out.rssAfterKB = afterOpen.rssKB;
        out.serverThreads = afterOpen.threads;
        out.rssPerConnKB = (afterOpen.rssKB - before.rssKB) / Math.max(1, out.opened);
        out.serverFds = readdirSync(`/proc/${pid}/fd`).length;

        const rounds = [];
        const all = [];
        const allSpread = [];
        for (let r = 0; r <= opts.rounds; r++) {
            const mark = `livebench-${r}-${randomBytes(6).toString('hex')}`;
            const armed = await Promise.all(workers.map((w) => w.ask({ cmd: 'arm', marker: mark }, 'armed', 10000)));
            const alive = armed.reduce((s, a) => s + a.alive, 0);
            const cpu0 = procCpu(pid);
            const wcpu0 = await Promise.all(workers.map((w) => w.ask({ cmd: 'stats' }, 'stats', 10000)));
            const t0 = now();
            const res = await server.request('POST', '/api/v1/comments', { page, text: `${mark} a moderator's note to every reader on the page` }, admin);
            const postMs = Number(now() - t0) / 1e6;
            if (res.status !== 201) throw new Error(`round ${r} post: ${res.status} ${res.text}`);
            const results = await Promise.all(workers.map((w) => w.ask({ cmd: 'collect', t0: String(t0), waitMs: ROUND_WAIT_MS }, 'result', ROUND_WAIT_MS + 20000)));
            const cpu1 = procCpu(pid);
            const lat = results.flatMap((x) => x.lat).sort((a, b) => a - b);
            // The fan-out alone: each arrival after the first arrival of the round.
            const spread = lat.map((x) => x - lat[0]);
            const round = {
                firstMs: lat[0], spreadP99: pct(spread, 99),
                round: r, warmup: r === 0, alive, delivered: lat.length,
                missed: results.reduce((s, x) => s + x.missed + x.closed, 0),
                closedDuring: results.reduce((s, x) => s + x.closed, 0),
                postMs, p50: pct(lat, 50), p90: pct(lat, 90), p99: pct(lat, 99), max: lat.at(-1),
                serverCpuMs: cpu1.total - cpu0.total,
                clientCpuMs: results.reduce((s, x, i) => s + (x.cpu.user + x.cpu.system - wcpu0[i].cpu.user - wcpu0[i].cpu.system) / 1000, 0),
                serverThreadsCpuMs: Object.fromEntries(Object.entries(cpu1.threads).map(([k, v]) => [k, v - (cpu0.threads[k] || 0)]).filter(([, v]) => v > 0)),
            };
            rounds.push(round);
            if (r > 0) {
                all.push(...lat);
                allSpread.push(...spread);
            }
            process.stderr.write(`  n=${n} round ${r}${r === 0 ? ' (warm-up)' : ''}: delivered ${round.delivered}/${alive}, ` +
                `first ${round.firstMs?.toFixed(1)} p50 ${round.p50?.toFixed(1)} p99 ${round.p99?.toFixed(1)} max ${round.max?.toFixed(1)} ms, post ${postMs.toFixed(1)} ms, ` +
                `server cpu ${round.serverCpuMs} ms, client cpu ${round.clientCpuMs.toFixed(0)} ms\n`);
            await sleep(ROUND_GAP_MS);
        }
        all.sort((a, b) => a - b);
        allSpread.sort((a, b) => a - b);
        out.spreadP50 = pct(allSpread, 50);
        out.spreadP99 = pct(allSpread, 99);
        out.firstMsMedian = [...rounds.filter((x) => !x.warmup).map((x) => x.firstMs)].sort((a, b) => a - b)[Math.floor(opts.rounds / 2)];
        const measured = rounds.filter((x) => !x.warmup);
        out.rounds = rounds;
        out.deliveries = all.length;
        out.missed = measured.reduce((s, x) => s + x.missed, 0);
        out.p50 = pct(all, 50);
        out.p90 = pct(all, 90);
        out.p99 = pct(all, 99);
        out.max = all.at(-1);
        out.postMsMedian = [...measured.map((x) => x.postMs)].sort((a, b) => a - b)[Math.floor(measured.length / 2)];
        out.serverCpuMsPerRound = measured.reduce((s, x) => s + x.serverCpuMs, 0) / measured.length;
        out.clientCpuMsPerRound = measured.reduce((s, x) => s + x.clientCpuMs, 0) / measured.length;
        const stats = await Promise.all(workers.map((w) => w.ask({ cmd: 'stats' }, 'stats', 10000)));
        out.aliveAtEnd = stats.reduce((s, x) => s + x.alive, 0);
        out.loadAtEnd = os.loadavg();
        out.clientRssKB = stats.map((x) => x.rssKB);
        out.serverHwmKB = procStatus(pid).hwmKB;
        return out;
    } finally {
        await Promise.all(workers.map((w) => w.close()));
        await server.stop();
    }
}

function machine() {
    const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] || 'unknown';
    const memGiB = (os.totalmem() / 2 ** 30).toFixed(1);
    let commit = 'unknown';
    let dirty = '';
    try {
        commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
        const st = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
        if (st) dirty = ' (src/ has uncommitted changes)';
    } catch {
        // not a git checkout
    }
    return { nproc: os.cpus().length, cpu, memGiB, kernel: os.release(), node: process.version, commit: commit + dirty, load: os.loadavg() };
}

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');

function report(opts, m, date, runs, ownLimit) {
    const L = [];
    L.push('## Live');
    L.push('');
    L.push('WebSocket fan-out and per-connection memory, measured by `bench/live.sh` (`bench/live.mjs`).');
    L.push('');
    L.push(`- Command: \`bench/live.sh ${process.argv.slice(2).filter((a) => a !== '--record').join(' ')}${opts.record ? ' --record' : ''}\``.replace(/ +`$/, '`'));
    L.push(`- Date: ${date}; commit ${m.commit}`);
    L.push(`- Machine: ${m.nproc} cores (${m.cpu}), ${m.memGiB} GiB RAM, Linux ${m.kernel}, node ${m.node}; load average (1/5/15 min) at start ${m.load.map((x) => x.toFixed(1)).join(' / ')}, ` +
        `at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (other work shares the machine)`);
    L.push(`- fd limit: asked for 200000; the bench and the server got ${ownLimit.soft} (hard ${ownLimit.hard})`);
    L.push(`- Server: Release build (\`${opts.bin.replace(ROOT + '/', '')}\`), defaults (io threads = cores), one article page, \`TRIBUNE_MAX_LIVE_CONNECTIONS\` = N + 1000`);
    const pollUs = Number(process.env.BENCH_CLIENT_POLL_US ?? 1000);
    const clients = opts.client === 'cxx'
        ? `C++ epoll client processes (bench/live_client.cpp, polling every ${pollUs} µs: arrivals are late by at most that)`
        : 'node processes';
    L.push(`- Clients: ${opts.workers} ${clients} on the same machine holding the sockets, source addresses 127.0.0.2-9, ${OPEN_CONCURRENCY} handshakes in flight; ` +
        `latency = arrival of the comment's \`comment.created\` frame minus the time just before the moderator's POST (CLOCK_MONOTONIC in all processes); ` +
        `${opts.rounds} measured rounds after 1 warm-up round, ${ROUND_GAP_MS / 1000} s apart; a delivery not seen within ${ROUND_WAIT_MS / 1000} s counts as missed`);
    L.push('');
    L.push('| N (asked) | open | RSS before | RSS after | RSS / conn | POST (median) | first frame (median) | p50 | p90 | p99 | max | spread p99 | missed | server CPU / round | client CPU / round |');
    L.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of runs) {
        if (r.error) {
            L.push(`| ${int(r.requested)} | failed: ${r.error.replace(/[|\n]/g, ' ').slice(0, 200)} |||||||||||| `);
            continue;
        }
        L.push(`| ${int(r.requested)}${r.fdCapped ? ` (${int(r.fdCapped)}: fd limit)` : ''} | ${int(r.opened)}${r.openFailed ? ` (${int(r.openFailed)} failed)` : ''} | ${int(r.rssBeforeKB / 1024)} MiB | ${int(r.rssAfterKB / 1024)} MiB | ` +
            `${f1(r.rssPerConnKB)} KB | ${f1(r.postMsMedian)} ms | ${f1(r.firstMsMedian)} ms | ${f1(r.p50)} ms | ${f1(r.p90)} ms | ${f1(r.p99)} ms | ${f1(r.max)} ms | ${f1(r.spreadP99)} ms | ` +
            `${int(r.missed)} of ${int(r.deliveries + r.missed)} | ${int(r.serverCpuMsPerRound)} ms | ${int(r.clientCpuMsPerRound)} ms |`);
    }
    L.push('');
    L.push('Opening the connections (256 handshakes in flight, each given 30 s):');
    L.push('');
    L.push('| N (asked) | opened | time | server CPU | server CPU / connection | text frames the clients received meanwhile | handshake failures (after 3 retries) | until the server was quiet |');
    L.push('|---|---|---|---|---|---|---|---|');
    for (const r of runs) {
        if (r.error) continue;
        L.push(`| ${int(r.requested)} | ${int(r.opened)} | ${f1(r.openMs / 1000)} s | ${f1(r.openServerCpuMs / 1000)} s | ${f1(r.openServerCpuMs / Math.max(1, r.opened))} ms | ` +
            `${int(r.openTextFrames)} (${f1(r.openTextFrames / Math.max(1, r.opened))} per connection) | ${int(r.openFailed)} | ${f1((r.settleMs ?? 0) / 1000)} s |`);
    }
    L.push('');
    L.push('POST: the moderator\'s request, answered after the comment is durably stored. First frame: the earliest arrival of the round. ' +
        'p50...max: arrival minus the moment just before the POST, over every delivery of every measured round. Spread: arrival minus the first arrival of its round ' +
        '(the fan-out alone). CPU: server process (all threads) and client processes, during a round.');
    L.push('');
    return L;
}

function verdicts(runs) {
    const big = runs.filter((r) => !r.error).sort((a, b) => b.requested - a.requested)[0];
    if (!big) return ['No run completed.'];
    const L = [];
    const conn = big.opened >= TARGETS.connections;
    const capped = big.fdCapped && big.opened >= big.fdCapped;
    L.push(`- ${TARGETS.connections.toLocaleString('en-US')} concurrent connections on one node: **${conn ? 'met' : capped ? 'not measurable here' : 'not met'}** ` +
        `(${int(big.opened)} open${conn ? '' : `, ${int(TARGETS.connections - big.opened)} short`}` +
        `${capped ? `: every connection the descriptor limit (${int(big.serverFdLimit?.hard)}, hard) leaves room for opened` : ''}).`);
    const rss = big.rssPerConnKB <= TARGETS.rssPerConnKB;
    L.push(`- At most ${TARGETS.rssPerConnKB} KB of server RSS per idle connection: **${rss ? 'met' : 'not met'}** (${f1(big.rssPerConnKB)} KB at N = ${int(big.opened)}` +
        `${rss ? '' : `, ${f1(big.rssPerConnKB - TARGETS.rssPerConnKB)} KB over`}).`);
    const lat = big.p99 < TARGETS.p99Ms && big.missed === 0;
    L.push(`- Fan-out of one comment to all of them with p99 under ${TARGETS.p99Ms} ms: **${lat ? 'met' : 'not met'}** (p99 ${f1(big.p99)} ms` +
        `${big.p99 >= TARGETS.p99Ms ? `, ${f1(big.p99 - TARGETS.p99Ms)} ms over` : ''}; ${int(big.missed)} missed deliveries).`);
    return L;
}

async function runParent() {
    const opts = parseArgs(process.argv.slice(2));
    if (!existsSync(opts.bin)) throw new Error(`no server binary at ${opts.bin} (bench/live.sh builds it; or --bin / TRIBUNE_BIN)`);
    const deadline = setTimeout(() => {
        process.stderr.write(`live.mjs: global deadline of ${opts.deadlineS} s passed; giving up\n`);
        process.exit(3);
    }, opts.deadlineS * 1000);
    deadline.unref();
    const m = machine();
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const ownLimit = fdLimit(process.pid);
    const runs = [];
    for (const n of opts.n) {
        // The server needs a few descriptors of its own (store, log, listener, epoll): past the
        // limit it would leave connections in its backlog, so ask for what fits and say so.
        const fits = Math.min(n, ownLimit.soft - FD_RESERVE);
        process.stderr.write(`live.mjs: N = ${n}${fits < n ? ` (the fd limit ${ownLimit.soft} allows ${fits})` : ''}\n`);
        try {
            const r = await runOne(opts, fits);
            if (fits < n) Object.assign(r, { requested: n, fdCapped: fits });
            runs.push(r);
        } catch (e) {
            process.stderr.write(`  N = ${n} failed: ${e.stack || e}\n`);
            runs.push({ requested: n, error: String(e.message || e) });
        }
    }
    const lines = [...report(opts, m, date, runs, ownLimit), 'Targets, for the largest N:', '', ...verdicts(runs), ''];
    const text = lines.join('\n');
    process.stdout.write(`${text}\n`);
    process.stdout.write(`Per-round detail (largest N):\n`);
    const big = runs.filter((r) => !r.error).at(-1);
    if (big) {
        for (const r of big.rounds) {
            const top = Object.entries(r.serverThreadsCpuMs).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v}`).join(', ');
            process.stdout.write(`  round ${r.round}${r.warmup ? ' (warm-up)' : ''}: post ${f1(r.postMs)} first ${f1(r.firstMs)} p50 ${f1(r.p50)} p99 ${f1(r.p99)} max ${f1(r.max)} spread p99 ${f1(r.spreadP99)} ms, ` +
                `missed ${r.missed} (closed ${r.closedDuring}), server ${r.serverCpuMs} ms [${top}], clients ${r.clientCpuMs.toFixed(0)} ms\n`);
        }
        process.stdout.write(`  open: ${int(big.opened)} in ${int(big.openMs)} ms (server CPU ${int(big.openServerCpuMs)} ms, ` +
            `client CPU ${int(big.openClientCpuMs)} ms, ${int(big.openTextFrames)} text frames received while opening), errors ${JSON.stringify(big.openErrors)}; ` +
            `server fds ${big.serverFds}, threads ${big.serverThreads}, server fd limit ${JSON.stringify(big.serverFdLimit)}, HWM ${int(big.serverHwmKB / 1024)} MiB, client RSS ${big.clientRssKB.map((k) => `${int(k / 1024)} MiB`).join(', ')}\n`);
    }
    if (opts.json) writeFileSync(opts.json, JSON.stringify({ machine: m, date, runs }, null, 2));
    if (opts.record) {
        recordSection(join(ROOT, 'docs', 'performance.md'), text);
        process.stderr.write('live.mjs: recorded the ## Live section of docs/performance.md\n');
    }
    clearTimeout(deadline);
    // In every mode: a size that failed, or a delivery missed, fails the run (no speed verdict).
    const broken = runs.filter((r) => r.error || r.missed > 0 || !(r.deliveries > 0) || r.openFailed > 0 ||
        r.opened < (r.fdCapped ?? r.requested ?? r.opened));
    for (const r of broken)
        process.stderr.write(`live.mjs: FAILED: N = ${r.requested ?? r.opened}: ${r.error ||
            `${r.opened} opened, ${r.openFailed} failed to open, ${r.missed} missed, ${r.deliveries} delivered`}\n`);
    if (broken.length > 0) process.exitCode = 1;
}

const NOTES_BEGIN = '<!-- live notes -->';
const NOTES_END = '<!-- /live notes -->';

/** Puts `section` (starting with "## Live") between live.sh markers in `doc`, replacing an earlier one. */
function recordSection(docPath, section) {
    const begin = '<!-- live.sh results -->';
    const end = '<!-- /live.sh results -->';
    const block = `${begin}\n${section.trim()}\n${end}`;
    // Re-read right before writing: a colleague may be editing the other sections.
    let doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Performance\n';
    const a = doc.indexOf(begin);
    if (a >= 0) {
        const b = doc.indexOf(end, a);
        if (b < 0) throw new Error(`${docPath}: ${begin} without ${end}`);
        // Hand-written analysis between the notes markers survives a new recording.
        const old = doc.slice(a, b);
        const n0 = old.indexOf(NOTES_BEGIN);
        const n1 = old.indexOf(NOTES_END);
        const notes = n0 >= 0 && n1 > n0 ? old.slice(n0, n1 + NOTES_END.length) : '';
        const withNotes = notes ? `${begin}\n${section.trim()}\n\n${notes}\n${end}` : block;
        doc = doc.slice(0, a) + withNotes + doc.slice(b + end.length);
    } else {
        const h = /^## Live\b.*$/m.exec(doc);
        if (h) {
            const rest = doc.slice(h.index + h[0].length);
            const next = /^## |^<!-- /m.exec(rest);
            const stop = next ? h.index + h[0].length + next.index : doc.length;
            doc = doc.slice(0, h.index) + block + '\n\n' + doc.slice(stop);
        } else {
            doc = `${doc.trimEnd()}\n\n${block}\n`;
        }
    }
    writeFileSync(docPath, doc.replace(/\n{3,}/g, '\n\n'));
}

// Last, so every class and constant above is initialised.
if (process.argv.includes('--worker')) runWorker();
else await runParent();
