// Hardening (docs/security.md), trust_proxy: X-Real-IP is believed only from the peers listed in
// trusted_proxies (loopback by default). A client that reaches the port directly cannot claim an
// address: not to pass metrics_allow, not to escape the per-address connection cap, which still
// applies to everyone but the proxies. Clients are 127.0.0.x source addresses on loopback.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { connectFrom, statusOf } from './support/raw_http.mjs';
import { runCli, startServer } from './support/server.mjs';

const metricsFrom = (claimed) => `GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Real-IP: ${claimed}\r\n\r\n`;
const HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

test('X-Real-IP counts only from a trusted proxy: a direct client cannot claim an allowed address', async (t) => {
    const server = await startServer(t, { env: { TRIBUNE_TRUST_PROXY: 'true', TRIBUNE_METRICS_ALLOW: '203.0.113.5' } });
    const viaProxy = await connectFrom(server, '127.0.0.1');
    assert.equal(await statusOf(viaProxy, metricsFrom('203.0.113.5')), 200, 'the proxy on loopback names the client');
    viaProxy.destroy();
    const direct = await connectFrom(server, '127.0.0.2');
    assert.equal(await statusOf(direct, metricsFrom('203.0.113.5')), 403, 'a peer outside trusted_proxies is judged by its own address');
    direct.destroy();
});

test('trusted_proxies names the proxies: a listed network is believed, loopback then is not', async (t) => {
    const server = await startServer(t, {
        env: { TRIBUNE_TRUST_PROXY: 'true', TRIBUNE_TRUSTED_PROXIES: '127.0.0.8/30', TRIBUNE_METRICS_ALLOW: '203.0.113.5' },
    });
    for (const [from, expected] of [['127.0.0.9', 200], ['127.0.0.1', 403], ['127.0.0.12', 403]]) {
        const socket = await connectFrom(server, from);
        assert.equal(await statusOf(socket, metricsFrom('203.0.113.5')), expected, `from ${from}`);
        socket.destroy();
    }
});

test('behind trust_proxy the per-address connection cap still holds for direct peers, not for the proxy', async (t) => {
    const server = await startServer(t, {
        env: { TRIBUNE_TRUST_PROXY: 'true', TRIBUNE_MAX_CONNECTIONS_PER_ADDRESS: '5' },
    });
    const sockets = [];
    t.after(() => sockets.forEach((s) => s.destroy()));
    for (let i = 0; i < 5; i++) sockets.push(await connectFrom(server, '127.0.0.6'));
    assert.equal(await statusOf(sockets[4], HEALTHZ), 200);
    const extra = await connectFrom(server, '127.0.0.6');
    sockets.push(extra);
    assert.equal(await statusOf(extra, HEALTHZ), 429, 'a direct peer past the cap');
    for (let i = 0; i < 12; i++) sockets.push(await connectFrom(server, '127.0.0.1'));
    const statuses = await Promise.all(sockets.slice(-12).map((s) => statusOf(s, HEALTHZ)));
    assert.deepEqual(statuses, Array(12).fill(200), 'the trusted proxy carries many clients');
});

test('trust_proxy with an empty or malformed trusted_proxies refuses to start, naming the setting', { timeout: 60000 }, async () => {
    const base = ['serve', '--listen', '127.0.0.1:0', '--data', '/nonexistent-tribune-dir'];
    const empty = await runCli(base, { env: { TRIBUNE_TRUST_PROXY: 'true', TRIBUNE_TRUSTED_PROXIES: '' }, timeoutMs: 20000 });
    assert.notEqual(empty.code, 0);
    assert.match(empty.stdout + empty.stderr, /trusted_proxies is empty/);
    const bad = await runCli(base, { env: { TRIBUNE_TRUSTED_PROXIES: 'proxy.internal' }, timeoutMs: 20000 });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stdout + bad.stderr, /trusted_proxies: "proxy.internal" is not an IP address/);
});
