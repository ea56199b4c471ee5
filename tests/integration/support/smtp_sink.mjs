// A local SMTP sink for the tests (npm smtp-server) on 127.0.0.1: it keeps every message it
// accepts, and a test may make it refuse or stall. Plain SMTP: Tribune requires STARTTLS only of
// relays on other machines.

import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/**
 * Starts a sink and registers its close with `t.after` (a test context or a suite's `after`).
 * Returns {port, received, url}; each received entry is {raw, envelope, user}. `options` go to
 * SMTPServer (e.g. onRcptTo to refuse, onAuth to require a login).
 */
export async function startSink(t, options = {}) {
    const received = [];
    const sink = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
            const chunks = [];
            stream.on('data', (c) => chunks.push(c));
            stream.on('end', () => {
                received.push({ raw: Buffer.concat(chunks), envelope: session.envelope, user: session.user });
                callback();
            });
        },
        ...options,
    });
    await new Promise((resolve, reject) => {
        sink.once('error', reject);
        sink.listen(0, '127.0.0.1', resolve);
    });
    const close = () => new Promise((resolve) => sink.close(resolve));
    if (typeof t === 'function') t(close);
    else t?.after?.(close);
    const port = sink.server.address().port;
    return { port, received, url: `smtp://127.0.0.1:${port}`, close };
}

/** The received messages parsed by mailparser, each with its envelope recipients as `to`. */
export async function parsedMail(received) {
    const out = [];
    for (const r of received) {
        const mail = await simpleParser(r.raw);
        mail.rcpt = r.envelope.rcptTo.map((a) => a.address);
        out.push(mail);
    }
    return out;
}
