// A webhook endpoint for the tests: an HTTP server on 127.0.0.1 that keeps every delivery it
// receives and answers with the status the test chooses, and the Standard Webhooks check a
// receiver makes (HMAC-SHA256 of "id.timestamp.body" with the endpoint's secret), written here
// independently of the server's own code.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

export class WebhookReceiver {
    constructor() {
        this.deliveries = [];
        // (delivery) => status: 200 unless a test says otherwise.
        this.answer = () => 200;
        this.server = createServer((req, res) => {
            const chunks = [];
            req.on('data', (c) => chunks.push(c));
            req.on('end', () => {
                const body = Buffer.concat(chunks).toString('utf8');
                const d = { method: req.method, url: req.url, headers: req.headers, body, json: null };
                try { d.json = JSON.parse(body); } catch { /* kept as text */ }
                this.deliveries.push(d);
                const status = this.answer(d);
                res.writeHead(status, { 'Content-Type': 'text/plain' });
                res.end(status < 300 ? 'ok' : 'no');
            });
        });
    }

    async start() {
        await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
        this.port = this.server.address().port;
        this.url = `http://127.0.0.1:${this.port}`;
        return this;
    }

    async stop() {
        this.server.closeAllConnections?.();
        await new Promise((resolve) => this.server.close(resolve));
    }

    of(type) {
        return this.deliveries.filter((d) => d.json?.type === type);
    }
}

/** Whether `delivery` carries a valid v1 signature for `secret` ("whsec_" + base64 key). */
export function signatureValid(delivery, secret) {
    const id = delivery.headers['webhook-id'];
    const timestamp = delivery.headers['webhook-timestamp'];
    const header = delivery.headers['webhook-signature'];
    if (!id || !timestamp || !header) return false;
    const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.body}`).digest();
    return header.split(' ').some((part) => {
        const [version, sig] = part.split(',');
        if (version !== 'v1' || !sig) return false;
        const got = Buffer.from(sig, 'base64');
        return got.length === expected.length && timingSafeEqual(got, expected);
    });
}
