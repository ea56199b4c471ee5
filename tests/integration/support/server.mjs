// Black-box harness for the Tribune binary: start it on 127.0.0.1:0 in a fresh data directory,
// read the port back from its "listening on http://127.0.0.1:PORT" line, talk to it over HTTP
// with cookies handled by hand, and stop it (SIGTERM, SIGKILL) with every wait bounded.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = process.env.TRIBUNE_BIN || join(ROOT, 'build', 'tribune');

const START_DEADLINE_MS = Number(process.env.TRIBUNE_TEST_START_MS || 20000);
const STOP_DEADLINE_MS = Number(process.env.TRIBUNE_TEST_STOP_MS || 15000);
const LOG_KEEP_BYTES = 64 * 1024;

/** Resolves after `ms` milliseconds. Only for letting real time pass (edit windows), never to wait for readiness. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or `ms` pass; returns that value or throws with `what`. */
export async function waitFor(fn, { ms = 10000, every = 50, what = 'condition' } = {}) {
    const deadline = Date.now() + ms;
    let last;
    for (;;) {
        try {
            last = await fn();
            if (last) return last;
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${last}`);
        await sleep(every);
    }
}

/**
 * Settings every test server gets unless the suite's `env` names them: posting and login rate
 * limits are on by default in the binary, and most suites post many comments and log in often
 * from 127.0.0.1. Suites about rate limits set their own.
 */
export const SERVER_DEFAULTS = Object.freeze({
    TRIBUNE_RATE_POSTS_PER_MINUTE: '0',
    TRIBUNE_RATE_LOGINS_PER_MINUTE: '10000',
});

/** Environment for the child: ours minus any TRIBUNE_* setting that would leak into the test server. */
function childEnv(extra) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (k.startsWith('TRIBUNE_') && k !== 'TRIBUNE_BIN' && k !== 'TRIBUNE_BUILD_DIR') continue;
        env[k] = v;
    }
    return { ...env, ...extra };
}

/** One running (or stopped) Tribune process and its data directory. */
export class TribuneServer {
    /** `prefix`: a command the binary runs under, e.g. ['prlimit', '--nofile=256:256']. */
    constructor({ env = {}, dataDir = null, adminToken = null, args = [], prefix = [] } = {}) {
        this.extraEnv = env;
        this.prefix = prefix;
        this.dataDir = dataDir;
        this.ownsDataDir = dataDir === null;
        this.adminToken = adminToken ?? randomBytes(24).toString('hex');
        this.args = args;
        this.proc = null;
        this.port = 0;
        this.baseUrl = '';
        this.log = '';
        this.exitInfo = null;
    }

    /** Starts the binary and resolves once it prints its listening line. */
    async start() {
        if (this.proc) throw new Error('server already running');
        if (!existsSync(BIN)) throw new Error(`tribune binary not found at ${BIN} (set TRIBUNE_BIN)`);
        if (!this.dataDir) this.dataDir = await mkdtemp(join(tmpdir(), 'tribune-it-'));
        const args = ['serve', '--listen', '127.0.0.1:0', '--data', this.dataDir, ...this.args];
        const env = childEnv({ TRIBUNE_ADMIN_TOKEN: this.adminToken, ...SERVER_DEFAULTS, ...this.extraEnv });
        const [command, ...commandArgs] = [...this.prefix, BIN, ...args];
        const proc = spawn(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        this.proc = proc;
        this.stopping = false;
        this.exitInfo = null;
        this.exited = new Promise((resolveExit) => {
            proc.once('exit', (code, signal) => {
                this.exitInfo = { code, signal };
                // A crash (a sanitizer report, an abort) would otherwise only show as refused connections.
                if (!this.stopping && this.port) {
                    process.stderr.write(`tribune on port ${this.port} exited by itself (code ${code}, signal ${signal}):\n${this.tail(200)}\n`);
                }
                resolveExit(this.exitInfo);
            });
        });
        let stdoutBuf = '';
        const append = (chunk) => {
            this.log += chunk;
            if (this.log.length > LOG_KEEP_BYTES) this.log = this.log.slice(-LOG_KEEP_BYTES);
        };
        const ready = new Promise((resolveReady, rejectReady) => {
            const timer = setTimeout(() => {
                rejectReady(new Error(`server did not print its listening line within ${START_DEADLINE_MS} ms\n${this.tail()}`));
            }, START_DEADLINE_MS);
            proc.stdout.setEncoding('utf8');
            proc.stderr.setEncoding('utf8');
            proc.stdout.on('data', (chunk) => {
                append(chunk);
                if (this.port) return;
                stdoutBuf += chunk;
                const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdoutBuf);
                if (m) {
                    clearTimeout(timer);
                    this.port = Number(m[1]);
                    resolveReady();
                }
            });
            proc.stderr.on('data', append);
            proc.once('error', (e) => {
                clearTimeout(timer);
                rejectReady(e);
            });
            proc.once('exit', (code, signal) => {
                clearTimeout(timer);
                rejectReady(new Error(`server exited before listening (code ${code}, signal ${signal})\n${this.tail()}`));
            });
        });
        this.port = 0;
        try {
            await ready;
        } catch (e) {
            await this.kill9().catch(() => {});
            throw e;
        }
        this.baseUrl = `http://127.0.0.1:${this.port}`;
        return this;
    }

    /** The last lines of what the server printed, for failure messages. */
    tail(lines = 40) {
        return this.log.split('\n').slice(-lines).join('\n');
    }

    get running() {
        return this.proc !== null && this.exitInfo === null;
    }

    async waitExit(ms = STOP_DEADLINE_MS) {
        if (!this.proc) return this.exitInfo;
        let timer;
        const timeout = new Promise((_, rej) => {
            timer = setTimeout(() => rej(new Error(`server did not exit within ${ms} ms\n${this.tail()}`)), ms);
        });
        try {
            return await Promise.race([this.exited, timeout]);
        } finally {
            clearTimeout(timer);
        }
    }

    /** Sends `signal` (SIGTERM by default) and resolves with {code, signal} once it exits. */
    async stop(signal = 'SIGTERM') {
        if (!this.proc) return this.exitInfo;
        this.stopping = true;
        if (this.running) this.proc.kill(signal);
        try {
            return await this.waitExit();
        } catch (e) {
            this.proc.kill('SIGKILL');
            await this.waitExit(5000).catch(() => {});
            throw e;
        } finally {
            this.proc = null;
        }
    }

    /** kill -9: no chance to flush anything. */
    async kill9() {
        if (!this.proc) return this.exitInfo;
        this.stopping = true;
        if (this.running) this.proc.kill('SIGKILL');
        try {
            return await this.waitExit(10000);
        } finally {
            this.proc = null;
        }
    }

    /** Stops (gracefully unless already stopped) and starts again on the same data directory. */
    async restart() {
        if (this.proc) await this.stop();
        return this.start();
    }

    /** Kills the process if still running and removes the data directory we made. */
    async cleanup() {
        if (this.proc) await this.kill9().catch(() => {});
        if (this.ownsDataDir && this.dataDir) {
            await rm(this.dataDir, { recursive: true, force: true }).catch(() => {});
            this.dataDir = null;
        }
    }

    /** A new client (its own cookie jar) for this server. */
    client(opts = {}) {
        return new Client(this, opts);
    }

    /** A client that sends the admin bearer token. */
    admin() {
        return new Client(this, { bearer: this.adminToken });
    }
}

/**
 * Starts a server and registers its cleanup with `registerCleanup`: a test context `t` (its
 * `t.after`) or a function taking the cleanup. Inside describe(), pass null and register `after(() => server?.cleanup())` in the
 * describe body: an `after` registered from within a `before` hook runs as soon as that hook ends.
 */
export async function startServer(registerCleanup, opts = {}) {
    const server = new TribuneServer(opts);
    if (typeof registerCleanup?.after === 'function') registerCleanup.after(() => server.cleanup());
    else if (registerCleanup) registerCleanup(() => server.cleanup());
    try {
        await server.start();
    } catch (e) {
        if (!registerCleanup) await server.cleanup();
        throw e;
    }
    return server;
}

/** A response, read whole. `json` is parsed when the body is JSON (application/json or problem+json). */
export class Reply {
    constructor(res, text) {
        this.status = res.status;
        this.headers = res.headers;
        this.text = text;
        this.contentType = res.headers.get('content-type') || '';
        this.json = undefined;
        if (/json/i.test(this.contentType) && text.length > 0) {
            try {
                this.json = JSON.parse(text);
            } catch {
                this.json = undefined;
            }
        }
    }
    header(name) {
        return this.headers.get(name);
    }
    setCookies() {
        return this.headers.getSetCookie ? this.headers.getSetCookie() : [];
    }
    /** A short description for assertion messages: status, content type and the start of the body. */
    describe() {
        return `HTTP ${this.status} ${this.contentType} ${this.text.slice(0, 600)}`;
    }
}

/** Parses one Set-Cookie header into {name, value, attrs} (attrs keys lower-case). */
export function parseSetCookie(header) {
    const parts = header.split(';').map((s) => s.trim());
    const [nv, ...rest] = parts;
    const eq = nv.indexOf('=');
    const attrs = {};
    for (const a of rest) {
        if (!a) continue;
        const i = a.indexOf('=');
        if (i < 0) attrs[a.toLowerCase()] = true;
        else attrs[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
    }
    return { name: nv.slice(0, eq).trim(), value: nv.slice(eq + 1).trim(), attrs };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * An HTTP client with its own cookie jar, optionally sending a bearer token. After login() it
 * holds the session cookie and sends the session's CSRF token (X-CSRF-Token) on every
 * state-changing request, unless a request says `csrf: false` (or gives its own string).
 */
export class Client {
    constructor(server, { bearer = null, csrf = null } = {}) {
        this.server = server;
        this.bearer = bearer;
        this.csrf = csrf;
        this.user = null;
        this.cookies = new Map();
    }

    /**
     * POST /api/v1/session. On 200 keeps the session cookie (the jar), the CSRF token and the
     * user; returns the Reply either way.
     */
    async login(email, password, opts = {}) {
        const r = await this.post('/api/v1/session', { email, password }, { ...opts, csrf: false });
        if (r.status === 200 && r.json) {
            this.csrf = r.json.csrf_token;
            this.user = r.json.user;
        }
        return r;
    }

    /** DELETE /api/v1/session with the CSRF token. */
    logout(opts = {}) {
        return this.delete('/api/v1/session', opts);
    }

    cookieHeader() {
        return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }

    absorb(reply) {
        for (const sc of reply.setCookies()) {
            const c = parseSetCookie(sc);
            const maxAge = c.attrs['max-age'];
            const expired = (maxAge !== undefined && Number(maxAge) <= 0) ||
                (c.attrs.expires && Date.parse(c.attrs.expires) < Date.now());
            if (expired || c.value === '') this.cookies.delete(c.name);
            else this.cookies.set(c.name, c.value);
        }
    }

    /**
     * Sends a request. opts: json (object, sent as JSON), body (string/Buffer, raw), form
     * (object, urlencoded), headers, redirect ('manual' default), bearer (overrides the
     * client's; null for none), csrf (the X-CSRF-Token to send on POST/PUT/PATCH/DELETE,
     * overriding the session's; false for none), cookies (false to send none), timeoutMs.
     */
    async request(method, path, opts = {}) {
        const headers = { ...(opts.headers || {}) };
        let body = opts.body;
        if (opts.json !== undefined) {
            body = JSON.stringify(opts.json);
            headers['content-type'] ??= 'application/json; charset=utf-8';
        } else if (opts.form !== undefined) {
            body = new URLSearchParams(opts.form).toString();
            headers['content-type'] ??= 'application/x-www-form-urlencoded';
        }
        const bearer = opts.bearer !== undefined ? opts.bearer : this.bearer;
        if (bearer) headers.authorization ??= `Bearer ${bearer}`;
        const csrf = opts.csrf !== undefined ? opts.csrf : this.csrf;
        if (csrf && STATE_CHANGING.has(method)) headers['x-csrf-token'] ??= csrf;
        if (opts.cookies !== false && this.cookies.size > 0) headers.cookie ??= this.cookieHeader();
        const url = path.startsWith('http') ? path : this.server.baseUrl + path;
        let res;
        try {
            res = await fetch(url, {
                method,
                headers,
                body,
                redirect: opts.redirect || 'manual',
                signal: AbortSignal.timeout(opts.timeoutMs || 30000),
            });
        } catch (e) {
            const why = e.cause ? `${e.cause.code || ''} ${e.cause.message || e.cause}` : e.message;
            const err = new Error(`${method} ${path} failed without an HTTP answer: ${why}`, { cause: e });
            err.code = e.cause?.code;
            throw err;
        }
        const text = await res.text();
        const reply = new Reply(res, text);
        if (opts.cookies !== false) this.absorb(reply);
        return reply;
    }

    get(path, opts) {
        return this.request('GET', path, opts);
    }
    post(path, json, opts = {}) {
        return this.request('POST', path, { ...opts, json });
    }
    patch(path, json, opts = {}) {
        return this.request('PATCH', path, { ...opts, json });
    }
    put(path, json, opts = {}) {
        return this.request('PUT', path, { ...opts, json });
    }
    delete(path, opts) {
        return this.request('DELETE', path, opts);
    }

    // ---- JSON API shorthands ----

    listComments(page, params = {}, opts = {}) {
        const q = new URLSearchParams({ page, ...params });
        return this.get(`/api/v1/comments?${q}`, opts);
    }
    getComment(id, opts) {
        return this.get(`/api/v1/comments/${encodeURIComponent(id)}`, opts);
    }
    replies(id, params = {}, opts) {
        const q = new URLSearchParams(params).toString();
        return this.get(`/api/v1/comments/${encodeURIComponent(id)}/replies${q ? `?${q}` : ''}`, opts);
    }
    history(id, opts) {
        return this.get(`/api/v1/comments/${encodeURIComponent(id)}/history`, opts);
    }
    postComment(body, opts) {
        return this.post('/api/v1/comments', body, opts);
    }
    editComment(id, text, opts) {
        return this.patch(`/api/v1/comments/${encodeURIComponent(id)}`, { text }, opts);
    }
    deleteComment(id, opts) {
        return this.delete(`/api/v1/comments/${encodeURIComponent(id)}`, opts);
    }
    moderate(id, action, opts) {
        return this.post(`/api/v1/comments/${encodeURIComponent(id)}/moderation`, { action }, opts);
    }
    counts(pages, opts) {
        const q = new URLSearchParams(pages.map((p) => ['page', p]));
        return this.get(`/api/v1/counts?${q}`, opts);
    }
}

// ---- helpers shared by the test files ----

/** Article paths ("/articles/slug") linked from the home page, in page order, without duplicates. */
export async function discoverArticles(server) {
    const home = await server.client().get('/');
    if (home.status !== 200) throw new Error(`GET / -> ${home.describe()}`);
    const seen = new Set();
    for (const m of home.text.matchAll(/href="(?:https?:\/\/[^/"]+)?(\/articles\/[^"?#/]+)[^"]*"/g)) {
        seen.add(decodeHtml(m[1]));
    }
    return [...seen];
}

/** Approved counts for the given pages, via /api/v1/counts. */
export async function countsOf(server, pages) {
    const r = await server.client().counts(pages);
    if (r.status !== 200) throw new Error(`counts -> ${r.describe()}`);
    return r.json.counts;
}

/**
 * The demo articles by role: `main` (most approved comments), `empty` (no comments at all),
 * `all` (every article path) and `counts`.
 */
export async function demoArticles(server) {
    const all = await discoverArticles(server);
    const counts = await countsOf(server, all);
    const byCount = [...all].sort((a, b) => counts[b] - counts[a]);
    const main = byCount[0];
    const empty = all.find((p) => counts[p] === 0);
    return { all, counts, main, empty, slugOf: (p) => p.replace(/^\/articles\//, '') };
}

/** Posts a comment as `client` (request `opts` as for Client.request) and returns the created COMMENT (asserting 201). */
export async function createComment(client, body, opts) {
    const r = await client.postComment(body, opts);
    if (r.status !== 201) throw new Error(`POST /api/v1/comments ${JSON.stringify(body).slice(0, 200)} -> ${r.describe()}`);
    return r.json.comment;
}

/** Approves a comment with the admin token (asserting 200) and returns the COMMENT. */
export async function approve(server, id) {
    const r = await server.admin().moderate(id, 'approve');
    if (r.status !== 200) throw new Error(`approve ${id} -> ${r.describe()}`);
    return r.json;
}

/** Posts and approves a comment; returns the approved COMMENT. */
export async function createApproved(server, client, body, opts) {
    const c = await createComment(client, body, opts);
    if (c.status === 'approved') return c;
    return approve(server, c.id);
}

/** Every top-level comment of a page as `client` sees it, following next_cursor. */
export async function walkComments(client, page, params = {}, maxPages = 1000) {
    const out = [];
    let cursor = null;
    for (let i = 0; i < maxPages; i++) {
        const q = { ...params };
        if (cursor) q.cursor = cursor;
        const r = await client.listComments(page, q);
        if (r.status !== 200) throw new Error(`list ${page} ${JSON.stringify(q)} -> ${r.describe()}`);
        out.push(...r.json.comments);
        cursor = r.json.next_cursor;
        if (!cursor) return out;
    }
    throw new Error(`more than ${maxPages} pages for ${page}`);
}

/** Every reply of a comment via /replies, following next_cursor. */
export async function walkReplies(client, id, params = {}, startCursor = null, maxPages = 1000) {
    const out = [];
    let cursor = startCursor;
    for (let i = 0; i < maxPages; i++) {
        const q = { ...params };
        if (cursor) q.cursor = cursor;
        const r = await client.replies(id, q);
        if (r.status !== 200) throw new Error(`replies ${id} ${JSON.stringify(q)} -> ${r.describe()}`);
        out.push(...r.json.comments);
        cursor = r.json.next_cursor;
        if (!cursor) return out;
    }
    throw new Error(`more than ${maxPages} reply pages for ${id}`);
}

/** Undoes the HTML escaping of attribute values and text (enough for hrefs and comment text). */
export function decodeHtml(s) {
    return s
        .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
}

/** A unique marker for comment texts, so a test can find its own comment in a page. */
export function marker(label = 'm') {
    return `${label}-${randomBytes(6).toString('hex')}`;
}

/** The `<article ... id="comment-ID">` opening tag for a comment, or null if absent. */
export function commentTag(html, id) {
    const re = new RegExp(`<article\\b[^>]*\\bid="comment-${escapeRe(id)}"[^>]*>`, 'i');
    const m = re.exec(html);
    return m ? m[0] : null;
}

/**
 * The HTML of one comment: from its `<article id="comment-ID">` to its matching `</article>`
 * (nested articles, i.e. replies, included). Null if absent.
 */
export function commentHtml(html, id) {
    const tag = commentTag(html, id);
    if (!tag) return null;
    const start = html.indexOf(tag);
    const re = /<article\b|<\/article>/gi;
    re.lastIndex = start + tag.length;
    let depth = 1;
    for (let m; (m = re.exec(html));) {
        depth += m[0].toLowerCase() === '</article>' ? -1 : 1;
        if (depth === 0) return html.slice(start, m.index + m[0].length);
    }
    return html.slice(start);
}

/** Ids of every `<article class="comment" id="comment-ID">` in a page, in order. */
export function commentIdsIn(html) {
    const ids = [];
    for (const m of html.matchAll(/<article\b[^>]*>/gi)) {
        const tag = m[0];
        if (!/\bclass="[^"]*\bcomment\b[^"]*"/i.test(tag)) continue;
        const id = /\bid="comment-([^"]+)"/i.exec(tag);
        if (id) ids.push(decodeHtml(id[1]));
    }
    return ids;
}

export function escapeRe(s) {
    return String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Asserts a problem+json error answer with the given status; returns the problem object. */
export function expectProblem(assert, reply, status, what = '') {
    assert.equal(reply.status, status, `${what}: expected ${status}, got ${reply.describe()}`);
    assert.match(reply.contentType, /^application\/problem\+json/i, `${what}: content-type of ${reply.describe()}`);
    const p = reply.json;
    assert.ok(p && typeof p === 'object', `${what}: problem body is JSON: ${reply.describe()}`);
    assert.equal(p.status, status, `${what}: problem.status`);
    assert.equal(typeof p.title, 'string', `${what}: problem.title`);
    assert.ok(p.title.length > 0, `${what}: problem.title not empty`);
    assert.equal(typeof p.type, 'string', `${what}: problem.type`);
    assert.ok('detail' in p, `${what}: problem.detail present`);
    return p;
}

/** Asserts a 422 with errors[] naming `field`. */
export function expectFieldError(assert, reply, field, what = '') {
    const p = expectProblem(assert, reply, 422, what);
    assert.ok(Array.isArray(p.errors), `${what}: errors[] present: ${reply.describe()}`);
    assert.ok(p.errors.some((e) => e.field === field), `${what}: errors[] names field ${field}: ${JSON.stringify(p.errors)}`);
    return p;
}

// ---- the command line and accounts (moderation desk) ----

/**
 * Runs `tribune ...args` to completion with `input` on stdin (closed after it); resolves with
 * {code, signal, stdout, stderr}. The child's environment is ours minus TRIBUNE_* plus `env`.
 * Killed after `timeoutMs`.
 */
export function runCli(args, { input = '', env = {}, timeoutMs = 60000 } = {}) {
    return new Promise((resolveRun, rejectRun) => {
        if (!existsSync(BIN)) {
            rejectRun(new Error(`tribune binary not found at ${BIN} (set TRIBUNE_BIN)`));
            return;
        }
        const proc = spawn(BIN, args, { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        proc.stdout.setEncoding('utf8');
        proc.stderr.setEncoding('utf8');
        proc.stdout.on('data', (c) => { stdout += c; });
        proc.stderr.on('data', (c) => { stderr += c; });
        const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
        proc.once('error', (e) => {
            clearTimeout(timer);
            rejectRun(e);
        });
        proc.once('close', (code, signal) => {
            clearTimeout(timer);
            resolveRun({ code, signal, stdout, stderr });
        });
        proc.stdin.on('error', () => {}); // the child may exit before reading stdin
        proc.stdin.end(input);
    });
}

/** The store options of a server (its data directory and extra args such as --db) for a CLI call. */
function storeArgs(server) {
    return ['--data', server.dataDir, ...server.args];
}

/**
 * `tribune user add --email E --name N --role R` against the server's store (fine while it
 * runs: SQLite WAL), with `password` as the one line on stdin. Resolves with the CLI result plus
 * `id` (parsed from "user ID <email> is a ROLE") when it succeeded.
 */
export async function cliAddUser(server, { email, name, role, password }) {
    const args = ['user', 'add', ...storeArgs(server), '--email', email, '--name', name, '--role', role];
    const r = await runCli(args, { input: `${password}\n`, env: server.extraEnv });
    const m = /user (\d+) </.exec(r.stdout);
    return { ...r, id: m ? Number(m[1]) : null };
}

/** `tribune comment approve|reject|spam ID` against the server's store. */
/** `tribune article ARGS...` against the server's store (fine while it runs): {code, stdout, stderr}. */
export function cliArticle(server, ...args) {
    return runCli(['article', ...args, ...storeArgs(server)], { env: server.extraEnv });
}

/** `tribune import ARGS...` against the server's store (fine while it runs): {code, stdout, stderr}. */
export function cliImport(server, ...args) {
    return runCli(['import', ...args, ...storeArgs(server)], { env: server.extraEnv });
}

export function cliComment(server, action, id) {
    return runCli(['comment', action, String(id), ...storeArgs(server)], { env: server.extraEnv });
}

/**
 * A new account made through the CLI (asserting exit 0): {id, email, name, role, password}.
 * Email and name are unique unless given.
 */
export async function createUser(server, { role = 'reader', name = null, email = null, password = null } = {}) {
    const tag = randomBytes(4).toString('hex');
    const account = {
        email: email ?? `${role}-${tag}@example.test`,
        name: name ?? `${role[0].toUpperCase()}${role.slice(1)} ${tag}`,
        role,
        password: password ?? `pw-${randomBytes(9).toString('hex')}`,
    };
    const r = await cliAddUser(server, account);
    if (r.code !== 0) throw new Error(`tribune user add ${account.email} exited ${r.code}: ${r.stderr}${r.stdout}`);
    return { ...account, id: r.id };
}

/** A client logged in as `account` (asserting 200): sends the session cookie and its CSRF token. */
export async function loginAs(server, account) {
    const c = server.client();
    const r = await c.login(account.email, account.password);
    if (r.status !== 200) throw new Error(`login ${account.email} -> ${r.describe()}`);
    c.account = account;
    return c;
}

/** A new account of `role` and a client logged in as it. */
export async function sessionFor(server, role, opts = {}) {
    return loginAs(server, await createUser(server, { ...opts, role }));
}
