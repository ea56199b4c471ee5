// Reader and staff mail through a local SMTP sink (docs/operations.md, "Mail"): double opt-in,
// reply, staff-reply and approval mail, one-click unsubscribe (RFC 8058), the hourly limit and its
// digest, moderators' immediate mail and digests, the dead-letter path, and kill -9 between
// "sent" and "marked" (the message arrives again with the same Message-ID, never zero times).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
    approve, createComment, createUser, loginAs, startServer, waitFor,
} from './support/server.mjs';
import { parsedMail, startSink } from './support/smtp_sink.mjs';

const PAGE = '/mail-tests/thread';
const FAST = { TRIBUNE_WEBHOOK_RETRY_SECONDS: '1,1' };

function mailEnv(sink, extra = {}) {
    return {
        TRIBUNE_SMTP_URL: sink.url,
        TRIBUNE_MAIL_FROM: 'The Ledger <news@ledger.example>',
        TRIBUNE_SITE_NAME: 'The Ledger',
        ...FAST,
        ...extra,
    };
}

/** Waits until the sink holds a message to `to` whose subject matches `subject`; returns it parsed. */
async function mailTo(sink, to, subject, { count = 1, ms = 15000 } = {}) {
    return waitFor(async () => {
        const mails = (await parsedMail(sink.received)).filter((m) => m.rcpt.includes(to) && subject.test(m.subject));
        return mails.length >= count ? mails : null;
    }, { ms, what: `mail to ${to} matching ${subject}` });
}

/** A header's raw value (mailparser folds List-* headers into objects; the raw line is what a client reads). */
function rawHeader(mail, name) {
    const line = mail.headerLines.find((h) => h.key === name.toLowerCase());
    return line ? line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
}

function linkIn(mail, path) {
    const m = mail.text.match(new RegExp(`https?://[^\\s]+${path.replace(/\//g, '\\/')}\\?t=[A-Za-z0-9_.\\-]+`));
    assert.ok(m, `a ${path} link in ${mail.text}`);
    return m[0];
}

async function confirmFrom(server, mail) {
    const link = new URL(linkIn(mail, '/notifications/confirm'));
    const r = await server.client().request('POST', '/notifications/confirm', {
        form: { t: link.searchParams.get('t') }, csrf: false,
    });
    assert.equal(r.status, 200, r.describe());
}

describe('reader mail', { timeout: 180000 }, () => {
    let server;
    let sink;
    after(async () => {
        await server?.cleanup();
        await sink?.close();
    });
    before(async () => {
        sink = await startSink(null);
        server = await startServer(null, { env: mailEnv(sink) });
    });

    test('an address is confirmed once before anything else is sent to it; replies then arrive, escaped', async () => {
        const reader = server.client();
        const mine = await createComment(reader, {
            page: PAGE, text: 'My first thought', author_name: 'Ana', author_email: 'Ana@Reader.example', notify_replies: true,
        });
        assert.ok(!JSON.stringify(mine).includes('reader.example'), 'the email is not in the answer');
        await approve(server, mine.id);
        const [confirm] = await mailTo(sink, 'ana@reader.example', /confirm/i);
        assert.match(confirm.messageId, /^<msg_[0-9a-f]{32}@ledger\.example>$/);
        assert.equal(rawHeader(confirm, 'list-unsubscribe'), undefined, 'no unsubscribe on the opt-in itself');

        // Before the confirmation nothing but it is sent: a reply now makes no mail.
        const early = await createComment(server.client(), { page: PAGE, text: 'An early reply', parent_id: mine.id });
        await approve(server, early.id);
        await createComment(reader, {
            page: PAGE, text: 'A second comment', author_email: 'ana@reader.example', notify_replies: true,
        });
        await new Promise((r) => setTimeout(r, 2500));
        assert.equal((await parsedMail(sink.received)).filter((m) => m.rcpt.includes('ana@reader.example')).length, 1,
            'one confirmation, nothing else');

        await confirmFrom(server, confirm);
        const reply = await createComment(server.client(), {
            page: PAGE, text: 'I <b>disagree</b> & say so', author_name: 'Bo', parent_id: mine.id,
        });
        await approve(server, reply.id);
        const [mail] = await mailTo(sink, 'ana@reader.example', /replied/);
        assert.match(mail.subject, /^Bo replied to your comment on The Ledger$/);
        assert.match(mail.text, /I <b>disagree<\/b> & say so/);
        assert.ok(mail.html.includes('I &lt;b&gt;disagree&lt;/b&gt; &amp; say so'), 'reader text is never markup');
        assert.match(mail.text, /My first thought/);
        assert.equal(rawHeader(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
        assert.match(rawHeader(mail, 'list-unsubscribe'), /^<https?:\/\/[^>]+\/notifications\/unsubscribe\?t=[^>]+>$/);
        assert.match(mail.text, new RegExp(`${PAGE}#comment-${reply.id}`));
    });

    test('one-click unsubscribe (RFC 8058) stops mail about the thread; other threads still mail', async () => {
        const reader = server.client();
        const mine = await createComment(reader, {
            page: PAGE, text: 'Unsubscribe me later', author_email: 'cy@reader.example', notify_replies: true,
        });
        await approve(server, mine.id);
        await confirmFrom(server, (await mailTo(sink, 'cy@reader.example', /confirm/i))[0]);
        const first = await createComment(server.client(), { page: PAGE, text: 'First reply', parent_id: mine.id });
        await approve(server, first.id);
        const [mail] = await mailTo(sink, 'cy@reader.example', /replied/);
        const url = new URL(rawHeader(mail, 'list-unsubscribe').replace(/[<>]/g, ''));
        // What a mail client sends: no cookie, no CSRF token, no Origin.
        const r = await fetch(`${server.baseUrl}${url.pathname}${url.search}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'List-Unsubscribe=One-Click',
        });
        assert.equal(r.status, 200, await r.text());
        const second = await createComment(server.client(), { page: PAGE, text: 'Second reply', parent_id: mine.id });
        await approve(server, second.id);

        const elsewhere = await createComment(reader, {
            page: `${PAGE}/other`, text: 'Elsewhere', author_email: 'cy@reader.example', notify_replies: true,
        });
        await approve(server, elsewhere.id);
        const other = await createComment(server.client(), { page: `${PAGE}/other`, text: 'Other thread reply', parent_id: elsewhere.id });
        await approve(server, other.id);
        await mailTo(sink, 'cy@reader.example', /replied/, { count: 2 });
        const replies = (await parsedMail(sink.received)).filter((m) => m.rcpt.includes('cy@reader.example') && /replied/.test(m.subject));
        assert.equal(replies.length, 2, 'the first reply and the other thread, not the second reply');
        assert.ok(replies.some((m) => m.text.includes('Other thread reply')));
        assert.ok(!replies.some((m) => m.text.includes('Second reply')));
    });

    test('stopping all mail holds against an old link; asking again brings a new confirmation', async () => {
        const reader = server.client();
        const mine = await createComment(reader, {
            page: PAGE, text: 'Stop and start', author_email: 'hal@reader.example', notify_replies: true,
        });
        await approve(server, mine.id);
        const [firstConfirm] = await mailTo(sink, 'hal@reader.example', /confirm/i);
        await confirmFrom(server, firstConfirm);
        const reply = await createComment(server.client(), { page: PAGE, text: 'Before the stop', parent_id: mine.id });
        await approve(server, reply.id);
        const [mail] = await mailTo(sink, 'hal@reader.example', /replied/);
        // The body's last unsubscribe link stops all mail (the first, this thread only).
        const all = new URL(mail.text.match(/https?:\/\/\S+\/notifications\/unsubscribe\?t=[A-Za-z0-9_.\-]+/g).pop());
        const stop = await server.client().request('POST', `${all.pathname}${all.search}`, {
            body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' }, csrf: false,
        });
        assert.equal(stop.status, 200, stop.describe());
        // The first confirmation link, mailed before the stop, cannot undo it.
        const old = new URL(linkIn(firstConfirm, '/notifications/confirm'));
        const undo = await server.client().request('POST', '/notifications/confirm', {
            form: { t: old.searchParams.get('t') }, csrf: false,
        });
        assert.ok([400, 422].includes(undo.status), undo.describe());
        assert.match(undo.text, /stopped all mail/);
        // A new comment asking for mail asks to confirm again, and that link works.
        await createComment(reader, { page: PAGE, text: 'Mail me again', author_email: 'hal@reader.example', notify_replies: true });
        const confirms = await mailTo(sink, 'hal@reader.example', /confirm/i, { count: 2 });
        await confirmFrom(server, confirms[1]);
        const again = await createComment(server.client(), { page: PAGE, text: 'After the restart', parent_id: mine.id });
        await approve(server, again.id);
        await mailTo(sink, 'hal@reader.example', /replied/, { count: 2 });
    });

    test('approval mail is opt-in; a staff reply is told as one', async () => {
        const reader = server.client();
        const mine = await createComment(reader, {
            page: PAGE, text: 'Approve and tell me', author_email: 'di@reader.example', notify_replies: true, notify_approval: true,
        });
        await confirmFrom(server, (await mailTo(sink, 'di@reader.example', /confirm/i))[0]);
        await approve(server, mine.id);
        const [approved] = await mailTo(sink, 'di@reader.example', /is published/);
        assert.match(approved.text, /Approve and tell me/);
        const staff = await loginAs(server, await createUser(server, { role: 'moderator', name: 'Desk Editor' }));
        const staffReply = await staff.postComment({ page: PAGE, text: 'Thanks, fixed.', parent_id: mine.id });
        assert.equal(staffReply.status, 201, staffReply.describe());
        const [told] = await mailTo(sink, 'di@reader.example', /team replied/);
        assert.match(told.text, /Desk Editor of the The Ledger team|Desk Editor/);
        assert.match(told.text, /Thanks, fixed\./);
    });
});

describe('the hourly limit and its digest', { timeout: 120000 }, () => {
    let server;
    let sink;
    after(async () => {
        await server?.cleanup();
        await sink?.close();
    });
    before(async () => {
        sink = await startSink(null);
        server = await startServer(null, { env: mailEnv(sink, { TRIBUNE_MAIL_PER_HOUR: '2', TRIBUNE_MAIL_WINDOW_SECONDS: '10' }) });
    });

    test('mail past the limit waits and goes out as one digest', async () => {
        const reader = server.client();
        const mine = await createComment(reader, {
            page: PAGE, text: 'Popular comment', author_email: 'ed@reader.example', notify_replies: true,
        });
        await approve(server, mine.id);
        await confirmFrom(server, (await mailTo(sink, 'ed@reader.example', /confirm/i))[0]);
        const first = await createComment(server.client(), { page: PAGE, text: 'Reply one', parent_id: mine.id });
        await approve(server, first.id);
        await mailTo(sink, 'ed@reader.example', /replied/);
        for (const text of ['Reply two', 'Reply three']) {
            const c = await createComment(server.client(), { page: PAGE, text, parent_id: mine.id, author_name: text });
            await approve(server, c.id);
        }
        const [digest] = await mailTo(sink, 'ed@reader.example', /2 updates/, { ms: 40000 });
        assert.match(digest.text, /Reply two replied to your comment/);
        assert.match(digest.text, /Reply three replied to your comment/);
        const all = (await parsedMail(sink.received)).filter((m) => m.rcpt.includes('ed@reader.example'));
        assert.equal(all.length, 3, 'confirm, the first reply, one digest');
        assert.ok(!all.some((m) => /Reply two|Reply three/.test(m.subject)), 'the held ones never went alone');
    });
});

describe('moderators hear of work', { timeout: 120000 }, () => {
    let server;
    let sink;
    after(async () => {
        await server?.cleanup();
        await sink?.close();
    });
    before(async () => {
        sink = await startSink(null);
        server = await startServer(null, { env: mailEnv(sink) });
    });

    test('immediately, as a digest, or not at all, as each chose', async () => {
        const now = await loginAs(server, await createUser(server, { role: 'moderator', email: 'now@desk.example' }));
        const later = await loginAs(server, await createUser(server, { role: 'admin', email: 'later@desk.example' }));
        await loginAs(server, await createUser(server, { role: 'moderator', email: 'never@desk.example' }));
        assert.equal((await now.put('/api/v1/me/notifications', { mode: 'immediate' })).status, 200);
        const waiting = await createComment(server.client(), { page: PAGE, text: 'Please review me', author_name: 'Fay' });
        // Chosen after the work exists, so the first digest (due at once) has something to tell.
        assert.equal((await later.put('/api/v1/me/notifications', { mode: 'digest', digest_minutes: 60 })).status, 200);
        const [told] = await mailTo(sink, 'now@desk.example', /waiting for review/);
        assert.match(told.text, /Please review me/);
        assert.match(told.text, new RegExp(`/admin/comments/${waiting.id}`));
        const [digest] = await mailTo(sink, 'later@desk.example', /waiting/);
        assert.match(digest.subject, /\d+ waiting, \d+ reported/);
        await new Promise((r) => setTimeout(r, 2000));
        assert.ok(!(await parsedMail(sink.received)).some((m) => m.rcpt.includes('never@desk.example')));
    });
});

describe('mail that cannot be delivered', { timeout: 120000 }, () => {
    let server;
    let sink;
    after(async () => {
        await server?.cleanup();
        await sink?.close();
    });
    before(async () => {
        sink = await startSink(null, {
            onRcptTo(address, session, callback) {
                if (address.address.startsWith('bounce')) return callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
                if (address.address.startsWith('busy')) return callback(Object.assign(new Error('Try later'), { responseCode: 451 }));
                return callback();
            },
        });
        server = await startServer(null, { env: mailEnv(sink) });
    });

    test('a permanent refusal is dead at once, a temporary one after its retries; both at the desk', async () => {
        await createComment(server.client(), { page: PAGE, text: 'x', author_email: 'bounce@reader.example', notify_replies: true });
        await createComment(server.client(), { page: PAGE, text: 'y', author_email: 'busy@reader.example', notify_replies: true });
        const dead = await waitFor(async () => {
            const r = await server.admin().get('/api/v1/outbox?status=dead&channel=mail');
            assert.equal(r.status, 200);
            return r.json.messages.length >= 2 ? r.json.messages : null;
        }, { ms: 20000, what: 'two dead mails' });
        const bounce = dead.find((m) => m.event === 'confirm' && m.attempts === 1);
        assert.ok(bounce, 'the 550 was not retried');
        assert.match(bounce.last_error, /550|No such user/);
        const busy = dead.find((m) => m.attempts === 3);
        assert.ok(busy, 'the 451 was tried three times');
    });
});

describe('kill -9 between sending and marking', { timeout: 120000 }, () => {
    test('the mail arrives, at most twice, with one Message-ID', async () => {
        let hold = true;
        const held = [];
        const sink = await startSink(null, {
            onData(stream, session, callback) {
                const chunks = [];
                stream.on('data', (c) => chunks.push(c));
                stream.on('end', () => {
                    const raw = Buffer.concat(chunks);
                    sinkReceived.push({ raw, envelope: session.envelope });
                    // The first time, the relay has the message but does not answer yet.
                    if (hold) held.push(callback);
                    else callback();
                });
            },
        });
        const sinkReceived = sink.received;
        const server = await startServer(null, { env: mailEnv(sink, { TRIBUNE_OUTBOX_LEASE_SECONDS: '2' }) });
        try {
            await createComment(server.client(), { page: PAGE, text: 'z', author_email: 'gil@reader.example', notify_replies: true });
            await waitFor(() => held.length === 1, { what: 'the relay holding the message' });
            await server.kill9();
            hold = false;
            for (const cb of held) cb();
            await server.start();
            const mails = await mailTo(sink, 'gil@reader.example', /confirm/i, { count: 2, ms: 20000 });
            assert.ok(mails.length <= 2, 'at most twice');
            assert.equal(new Set(mails.map((m) => m.messageId)).size, 1, 'one Message-ID');
        } finally {
            await server.cleanup();
            await sink.close();
        }
    });
});
