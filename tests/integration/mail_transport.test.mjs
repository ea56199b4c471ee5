// `tribune mail test` through a local SMTP sink (npm smtp-server): the message as a mail client
// reads it (mailparser), the relay login, and a relay's refusal. The sink listens on 127.0.0.1,
// so the plain connection is allowed (STARTTLS is required only of relays on other machines).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { simpleParser } from 'mailparser';

import { runCli } from './support/server.mjs';
import { startSink } from './support/smtp_sink.mjs';

const SITE = 'Ժամանակ & Co';
const FROM = "Gazette d'Érevan <news@example.am>";

function mailEnv(port, extra = {}) {
    return {
        TRIBUNE_SMTP_URL: `smtp://127.0.0.1:${port}`,
        TRIBUNE_MAIL_FROM: FROM,
        TRIBUNE_SITE_NAME: SITE,
        ...extra,
    };
}

test('mail test sends a proper MIME message through the relay', { timeout: 60000 }, async (t) => {
    const sink = await startSink(t);
    const r = await runCli(['mail', 'test', '--to', 'reader@example.com'], { env: mailEnv(sink.port) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'sent');
    assert.equal(sink.received.length, 1);
    const { raw, envelope } = sink.received[0];
    assert.equal(envelope.mailFrom.address, 'news@example.am');
    assert.deepEqual(envelope.rcptTo.map((a) => a.address), ['reader@example.com']);

    // Every line ends in CRLF and stays short; the non-ASCII headers are encoded-words.
    const text = raw.toString('latin1');
    for (const line of text.split('\r\n')) {
        assert.ok(!line.includes('\n') && !line.includes('\r'), `bare line break in ${JSON.stringify(line)}`);
        assert.ok(line.length <= 78, `long line ${JSON.stringify(line)}`);
    }
    assert.match(text, /^Subject: =\?utf-8\?B\?/m);
    assert.match(text, /^From: =\?utf-8\?B\?/m);

    const mail = await simpleParser(raw);
    assert.equal(mail.from.value[0].name, "Gazette d'Érevan");
    assert.equal(mail.from.value[0].address, 'news@example.am');
    assert.equal(mail.to.value[0].address, 'reader@example.com');
    assert.equal(mail.subject, `${SITE}: test message`);
    assert.match(mail.messageId, /^<[0-9a-f]{32}@example\.am>$/);
    assert.ok(mail.date instanceof Date && !Number.isNaN(mail.date.getTime()));
    assert.ok(Math.abs(mail.date.getTime() - Date.now()) < 10 * 60 * 1000, `date ${mail.date}`);
    assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(mail.headers.get('mime-version'), '1.0');
    assert.match(mail.text, new RegExp(`test message from ${SITE}`));
    assert.ok(mail.html.includes('Ժամանակ &amp; Co'), mail.html);
    assert.ok(mail.html.includes('<code>tribune mail test</code>'), mail.html);
});

test('mail test logs in to a relay that asks for it', { timeout: 60000 }, async (t) => {
    const sink = await startSink(t, {
        authOptional: false,
        allowInsecureAuth: true,
        onAuth(auth, session, callback) {
            if (auth.username === 'relay-user' && auth.password === 'relay-secret-42') {
                callback(null, { user: 'relay-user' });
                return;
            }
            callback(new Error('Invalid username or password'));
        },
    });
    const ok = await runCli(['mail', 'test', '--to', 'reader@example.com'], {
        env: mailEnv(sink.port, { TRIBUNE_SMTP_USER: 'relay-user', TRIBUNE_SMTP_PASSWORD: 'relay-secret-42' }),
    });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(sink.received.length, 1);
    assert.equal(sink.received[0].user, 'relay-user');

    const wrong = await runCli(['mail', 'test', '--to', 'reader@example.com'], {
        env: mailEnv(sink.port, { TRIBUNE_SMTP_USER: 'relay-user', TRIBUNE_SMTP_PASSWORD: 'not-the-password' }),
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /mail test failed/);
    assert.ok(!wrong.stderr.includes('not-the-password') && !wrong.stdout.includes('not-the-password'));
    assert.equal(sink.received.length, 1);

    const anonymous = await runCli(['mail', 'test', '--to', 'reader@example.com'], { env: mailEnv(sink.port) });
    assert.equal(anonymous.code, 1);
    assert.equal(sink.received.length, 1);
});

test('mail test reports a relay that refuses the recipient', { timeout: 60000 }, async (t) => {
    const sink = await startSink(t, {
        onRcptTo(address, session, callback) {
            const refusal = new Error('No such mailbox here');
            refusal.responseCode = 550;
            callback(refusal);
        },
    });
    const r = await runCli(['mail', 'test', '--to', 'nobody@example.com'], { env: mailEnv(sink.port) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /mail test failed: .*550/);
    assert.equal(r.stdout, '');
    assert.equal(sink.received.length, 0);
});

test('smtps:// means TLS from the start: a plain relay is not used', { timeout: 60000 }, async (t) => {
    const sink = await startSink(t);
    const r = await runCli(['mail', 'test', '--to', 'reader@example.com'], {
        env: mailEnv(sink.port, { TRIBUNE_SMTP_URL: `smtps://127.0.0.1:${sink.port}` }),
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /mail test failed/);
    assert.equal(sink.received.length, 0);
});

test('mail settings are checked at start', { timeout: 60000 }, async () => {
    const cases = [
        [{ TRIBUNE_SMTP_URL: 'http://mail.example.com' }, /smtp_url: .*smtp:\/\/ or smtps:\/\//],
        [{ TRIBUNE_SMTP_URL: 'smtp://user:pw@mail.example.com', TRIBUNE_MAIL_FROM: 'a@b.c' }, /user name or password/],
        [{ TRIBUNE_SMTP_URL: 'smtp://mail.example.com' }, /mail_from must be set/],
        [{ TRIBUNE_SMTP_URL: 'smtp://mail.example.com', TRIBUNE_MAIL_FROM: 'not an address' }, /mail_from must be an address/],
        [{ TRIBUNE_WEBHOOKS_ALLOW_PRIVATE: 'maybe' }, /webhooks_allow_private must be true or false/],
    ];
    for (const [env, message] of cases) {
        const r = await runCli(['mail', 'test', '--to', 'reader@example.com'], { env });
        assert.equal(r.code, 2, `${JSON.stringify(env)}: ${r.stderr}`);
        assert.match(r.stderr, message);
    }
    const unset = await runCli(['mail', 'test', '--to', 'reader@example.com']);
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /mail is not configured/);
    const badTo = await runCli(['mail', 'test', '--to', 'a@b.c\r\nRCPT TO:<x@y.z>'], {
        env: { TRIBUNE_SMTP_URL: 'smtp://127.0.0.1:9', TRIBUNE_MAIL_FROM: 'a@b.c' },
    });
    assert.equal(badTo.code, 2);
    assert.match(badTo.stderr, /--to must be a plain address/);
});
