// GET /metrics, black-box: off unless configured; the address allowlist (judged by X-Real-IP
// behind trust_proxy) and the bearer token; the Prometheus text format (parsed here); requests
// counted under route patterns with bounded series whatever paths clients send; live, store,
// cache, rate-limit and process metrics that move when the server does something.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { expectProblem, marker, runCli, startServer, waitFor } from './support/server.mjs';
import { livePath, SseClient } from './support/sse_client.mjs';

const TOKEN = randomBytes(24).toString('hex');
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;

/**
 * Parses the text exposition format 0.0.4, asserting its rules on the way: HELP and TYPE once
 * per family and before its samples, counters named *_total, well-formed labels and numbers,
 * histogram buckets cumulative and ending at +Inf with the count. Returns {families, samples}.
 */
function parseExposition(text) {
    const families = new Map();
    const samples = [];
    const family = (name) => {
        if (!families.has(name)) families.set(name, { name, type: null, help: null, samples: [] });
        return families.get(name);
    };
    assert.ok(text.endsWith('\n'), 'the text ends with a newline');
    for (const line of text.slice(0, -1).split('\n')) {
        let m;
        if ((m = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line))) {
            const f = family(m[1]);
            assert.equal(f.help, null, `one HELP for ${m[1]}`);
            assert.equal(f.samples.length, 0, `HELP of ${m[1]} before its samples`);
            f.help = m[2];
            continue;
        }
        if ((m = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line))) {
            const f = family(m[1]);
            assert.equal(f.type, null, `one TYPE for ${m[1]}`);
            assert.equal(f.samples.length, 0, `TYPE of ${m[1]} before its samples`);
            f.type = m[2];
            if (f.type === 'counter') assert.match(f.name, /_total$/, `counter ${f.name} ends in _total`);
            continue;
        }
        assert.ok(!line.startsWith('#'), `no other comment lines: ${line}`);
        m = SAMPLE.exec(line);
        assert.ok(m, `a sample line: ${JSON.stringify(line)}`);
        const [, name, labelText = '', valueText] = m;
        const labels = {};
        LABEL.lastIndex = 0;
        while (LABEL.lastIndex < labelText.length) {
            const at = LABEL.lastIndex;
            const l = LABEL.exec(labelText);
            assert.ok(l, `labels of ${JSON.stringify(line)} at ${at}`);
            assert.ok(!(l[1] in labels), `label ${l[1]} once in ${line}`);
            labels[l[1]] = l[2].replace(/\\(["\\n])/g, (_, c) => (c === 'n' ? '\n' : c));
        }
        const value = { '+Inf': Infinity, '-Inf': -Infinity, NaN: NaN }[valueText] ?? Number(valueText);
        assert.ok(valueText in { '+Inf': 1, '-Inf': 1, NaN: 1 } || /^-?[0-9.]+(e[-+]?[0-9]+)?$/i.test(valueText),
            `a number: ${line}`);
        let f = families.get(name);
        if (!f || !f.type) {
            const base = name.replace(/_(bucket|sum|count)$/, '');
            f = families.get(base);
            assert.ok(f && f.type === 'histogram', `${name} belongs to a declared family`);
        }
        const s = { name, labels, value, key: `${name}{${labelText.replace(/,?le="[^"]*"/, '')}}${labels.le ?? ''}` };
        f.samples.push(s);
        samples.push(s);
    }
    for (const f of families.values()) {
        assert.ok(f.type && f.help !== null, `${f.name} has HELP and TYPE`);
        if (f.type !== 'histogram') continue;
        const groups = new Map();
        for (const s of f.samples) {
            const { le, ...rest } = s.labels;
            const id = JSON.stringify(rest);
            if (!groups.has(id)) groups.set(id, { buckets: [], count: null, sum: null });
            const g = groups.get(id);
            if (s.name.endsWith('_bucket')) g.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
            else if (s.name.endsWith('_count')) g.count = s.value;
            else if (s.name.endsWith('_sum')) g.sum = s.value;
        }
        for (const [id, g] of groups) {
            assert.ok(g.buckets.length > 0 && g.count !== null && g.sum !== null, `${f.name}${id} complete`);
            for (let i = 1; i < g.buckets.length; i++) {
                assert.ok(g.buckets[i][0] > g.buckets[i - 1][0], `${f.name}${id} bounds increase`);
                assert.ok(g.buckets[i][1] >= g.buckets[i - 1][1], `${f.name}${id} buckets cumulative`);
            }
            assert.equal(g.buckets.at(-1)[0], Infinity, `${f.name}${id} ends at +Inf`);
            assert.equal(g.buckets.at(-1)[1], g.count, `${f.name}${id} +Inf bucket is the count`);
        }
    }
    return { families, samples };
}

/** The value of the one sample named `name` whose labels include `labels` (undefined: none). */
function valueOf(parsed, name, labels = {}) {
    const found = parsed.samples.filter(
        (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    assert.ok(found.length <= 1, `one sample ${name} ${JSON.stringify(labels)}`);
    return found[0]?.value;
}

async function scrape(server, opts = {}) {
    const r = await server.client().get('/metrics', { bearer: TOKEN, ...opts });
    assert.equal(r.status, 200, r.describe());
    assert.equal(r.contentType, 'text/plain; version=0.0.4; charset=utf-8');
    return parseExposition(r.text);
}

test('/metrics is off by default: 404, the same with any token', { timeout: 30000 }, async (t) => {
    const server = await startServer(t);
    expectProblem(assert, await server.client().get('/metrics'), 404, 'no settings');
    expectProblem(assert, await server.client().get('/metrics', { bearer: TOKEN }), 404, 'a token');
    expectProblem(assert, await server.admin().get('/metrics'), 404, 'the admin token');
});

test('a metrics token shorter than 32 characters or a bad metrics_allow refuses to start', { timeout: 60000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tribune-metrics-config-'));
    try {
        const args = ['serve', '--listen', '127.0.0.1:0', '--data', dir];
        const short = await runCli(args, { env: { TRIBUNE_METRICS_TOKEN: 'hunter2' }, timeoutMs: 20000 });
        assert.notEqual(short.code, 0);
        assert.match(short.stdout + short.stderr, /metrics_token must be at least 32 characters/);
        const bad = await runCli(args, { env: { TRIBUNE_METRICS_ALLOW: '127.0.0.1, localhost' }, timeoutMs: 20000 });
        assert.notEqual(bad.code, 0);
        assert.match(bad.stdout + bad.stderr, /metrics_allow: "localhost" is not an IP address/);
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
});

test('metrics_allow behind trust_proxy judges X-Real-IP, not the proxy on loopback', { timeout: 30000 }, async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_METRICS_ALLOW: '127.0.0.1/32, ::1', TRIBUNE_TRUST_PROXY: 'true' } });
    const direct = await server.client().get('/metrics');
    assert.equal(direct.status, 200, `allowlist alone needs no token: ${direct.describe()}`);
    parseExposition(direct.text);
    const proxied = await server.client().get('/metrics', { headers: { 'x-real-ip': '203.0.113.5' } });
    expectProblem(assert, proxied, 403, 'a public client through the proxy');
    const local = await server.client().get('/metrics', { headers: { 'x-real-ip': '::ffff:127.0.0.1' } });
    assert.equal(local.status, 200, local.describe());
});

describe('/metrics with a token and the loopback allowlist', () => {
    let server;
    const streams = new Set();
    before(async () => {
        server = await startServer(null, {
            env: { TRIBUNE_METRICS_TOKEN: TOKEN, TRIBUNE_METRICS_ALLOW: '127.0.0.1, ::1' },
        });
    });
    after(async () => {
        for (const s of streams) s.close();
        await server?.cleanup();
    });

    test('without the token: 401 with a Bearer challenge; a wrong token: 401', async () => {
        const none = await server.client().get('/metrics');
        expectProblem(assert, none, 401, 'no token');
        assert.equal(none.header('www-authenticate'), 'Bearer realm="metrics"');
        expectProblem(assert, await server.client().get('/metrics', { bearer: `${TOKEN}x` }), 401, 'longer token');
        expectProblem(assert, await server.client().get('/metrics', { bearer: TOKEN.slice(1) }), 401, 'shorter');
        expectProblem(assert, await server.admin().get('/metrics'), 401, 'the admin token is not the metrics token');
    });

    test('with the token: the text format, HELP and TYPE for every family, no store or cache secrets', async () => {
        const r = await server.client().get('/metrics', { bearer: TOKEN });
        assert.equal(r.status, 200, r.describe());
        assert.match(r.header('cache-control') ?? '', /no-store/);
        const parsed = parseExposition(r.text);
        for (const name of ['tribune_http_requests_total', 'tribune_http_request_duration_seconds',
            'tribune_live_connections', 'tribune_live_fanout_seconds', 'tribune_store_commit_writes',
            'tribune_store_commit_seconds', 'tribune_store_errors_total', 'tribune_store_writes_waiting', 'tribune_thread_cache_lookups_total',
            'tribune_rate_limit_refusals_total', 'tribune_worker_jobs_waiting', 'tribune_password_work_in_use',
            'process_resident_memory_bytes', 'process_cpu_seconds_total', 'process_open_fds']) {
            assert.ok(parsed.families.get(name)?.type, `family ${name} present`);
        }
        assert.doesNotMatch(r.text, new RegExp(server.adminToken));
        assert.doesNotMatch(r.text, new RegExp(TOKEN));
    });

    test('N requests to a route add N under its pattern; random path segments add no series', async () => {
        const client = server.client();
        // Warm every series this test touches, so only counts may change below.
        assert.equal((await client.get('/healthz')).status, 200);
        assert.equal((await client.get(`/api/v1/comments/${900000000 + 1}`)).status, 404);
        assert.equal((await client.get(`/no/such/${marker()}`)).status, 404);
        await scrape(server);
        const baseline = await scrape(server);
        const healthz = { route: '/healthz', method: 'GET', status: '200' };
        const byId = { route: '/api/v1/comments/{id}', method: 'GET', status: '404' };
        const unmatched = { route: 'unmatched', method: 'GET', status: '404' };
        const n = 7;
        for (let i = 0; i < n; i++) assert.equal((await client.get('/healthz')).status, 200);
        const randoms = [];
        for (let i = 0; i < 50; i++) {
            const segment = `${randomBytes(5).toString('hex')}"\\x`;
            randoms.push(segment);
            assert.equal((await client.get(`/no/such/${encodeURIComponent(segment)}/${i}`)).status, 404);
            assert.equal((await client.get(`/api/v1/comments/${800000000 + i}`)).status, 404);
        }
        const r = await server.client().get('/metrics', { bearer: TOKEN });
        const now = parseExposition(r.text);
        const requests = 'tribune_http_requests_total';
        assert.equal(valueOf(now, requests, healthz) - valueOf(baseline, requests, healthz), n);
        assert.equal(valueOf(now, requests, byId) - valueOf(baseline, requests, byId), 50);
        assert.equal(valueOf(now, requests, unmatched) - valueOf(baseline, requests, unmatched), 50);
        const count = 'tribune_http_request_duration_seconds_count';
        assert.equal(valueOf(now, count, { route: '/healthz', status_class: '2xx' }) -
            valueOf(baseline, count, { route: '/healthz', status_class: '2xx' }), n);
        const keys = (p) => new Set(p.samples.map((s) => s.key));
        assert.deepEqual([...keys(now)].sort(), [...keys(baseline)].sort(), 'the same series before and after');
        for (const segment of randoms) assert.ok(!r.text.includes(segment.slice(0, 10)), 'no raw path in the labels');
        assert.ok(!/8000000\d\d/.test(r.text), 'no raw id in the labels');
    });

    test('the live connection gauge follows an SSE stream opening and closing', async () => {
        const base = valueOf(await scrape(server), 'tribune_live_connections');
        const baseSubs = valueOf(await scrape(server), 'tribune_live_subscriptions');
        const s = new SseClient(server, livePath(`/it/metrics/${marker()}`));
        streams.add(s);
        const head = await s.open();
        assert.equal(head.status, 200);
        await s.next((m) => m.type === 'hello', { what: 'hello' });
        const up = await scrape(server);
        assert.equal(valueOf(up, 'tribune_live_connections'), base + 1);
        assert.equal(valueOf(up, 'tribune_live_subscriptions'), baseSubs + 1);
        s.close();
        await waitFor(async () => valueOf(await scrape(server), 'tribune_live_connections') === base,
            { what: 'the gauge back down after the stream closed' });
        await waitFor(async () => valueOf(await scrape(server), 'tribune_live_subscriptions') === baseSubs,
            { what: 'the subscription gone' });
    });

    test('a comment moves the store commit and fan-out histograms; reads move the cache counters', async () => {
        const before = await scrape(server);
        const page = `/it/metrics/${marker()}`;
        const r = await server.client().postComment({ page, text: `counted ${marker()}` });
        assert.equal(r.status, 201, r.describe());
        const anon = server.client();
        assert.equal((await anon.listComments(page)).status, 200);
        assert.equal((await anon.listComments(page)).status, 200);
        const later = await waitFor(async () => {
            const p = await scrape(server);
            return valueOf(p, 'tribune_live_fanout_seconds_count') > valueOf(before, 'tribune_live_fanout_seconds_count')
                ? p : null;
        }, { what: 'a fan-out observed' });
        assert.ok(valueOf(later, 'tribune_store_commit_writes_count') > valueOf(before, 'tribune_store_commit_writes_count'));
        assert.ok(valueOf(later, 'tribune_store_commit_writes_sum') > valueOf(before, 'tribune_store_commit_writes_sum'));
        assert.ok(valueOf(later, 'tribune_store_commit_seconds_count') > valueOf(before, 'tribune_store_commit_seconds_count'));
        const lookups = 'tribune_thread_cache_lookups_total';
        assert.ok(valueOf(later, lookups, { result: 'miss' }) > valueOf(before, lookups, { result: 'miss' }));
        assert.ok(valueOf(later, lookups, { result: 'hit' }) > valueOf(before, lookups, { result: 'hit' }));
    });

    test('process metrics are present and plausible', async () => {
        const p = await scrape(server);
        assert.ok(valueOf(p, 'process_resident_memory_bytes') > 1 << 20);
        assert.ok(valueOf(p, 'process_open_fds') > 3);
        assert.ok(valueOf(p, 'process_max_fds') >= valueOf(p, 'process_open_fds'));
        assert.ok(valueOf(p, 'process_cpu_seconds_total') > 0);
        const start = valueOf(p, 'process_start_time_seconds');
        assert.ok(start > Date.now() / 1000 - 3600 && start <= Date.now() / 1000 + 5, `start time ${start}`);
        assert.equal(valueOf(p, 'tribune_password_work_slots'), 4);
    });

    // Last: it uses up this address's bucket for unknown bearer tokens.
    test('a limiter refusing is counted under its name; the right token still works', async () => {
        const name = { limiter: 'bad_bearers_per_ip' };
        const before = valueOf(await scrape(server), 'tribune_rate_limit_refusals_total', name);
        let refused = 0;
        for (let i = 0; i < 15; i++) {
            const r = await server.client().get(`/api/v1/comments?page=${encodeURIComponent('/it/metrics/x')}`,
                { bearer: `guess-${i}` });
            if (r.status === 429) refused++;
            else assert.equal(r.status, 200, r.describe());
        }
        assert.ok(refused > 0, 'the burst of unknown tokens was refused in the end');
        const wrong = await server.client().get('/metrics', { bearer: 'x'.repeat(48) });
        expectProblem(assert, wrong, 429, 'a wrong metrics token once the bucket is empty');
        const after = valueOf(await scrape(server), 'tribune_rate_limit_refusals_total', name);
        assert.equal(after - before, refused + 1);
    });
});
