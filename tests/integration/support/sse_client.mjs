// A Server-Sent Events client for the live endpoint, read with node:http: the response head,
// every line, and parsed events with their ids and arrival times; waits have deadlines.

import http from 'node:http';
import { performance } from 'node:perf_hooks';

export function livePath(page, extra = {}) {
    const q = new URLSearchParams(page === undefined ? extra : { page, ...extra });
    return `/api/v1/live?${q}`;
}

/** One event stream. `events` holds {id, data (parsed), raw, at}; `lines` every line; `comments` the ": ..." lines. */
export class SseClient {
    constructor(server, path, headers) {
        this.server = server;
        this.path = path;
        this.headers = { accept: 'text/event-stream', ...headers };
        this.lines = [];
        this.comments = [];
        this.events = [];
        this.retry = null;
        this.closed = false;
        this.waiters = new Set();
        this._partial = '';
        this._cur = { id: null, data: [] };
    }

    /** Resolves once the response head arrived: {status, headers, body (for non-200)}. */
    open(ms = 5000) {
        return new Promise((resolve, reject) => {
            const req = http.get({ host: '127.0.0.1', port: this.server.port, path: this.path, headers: this.headers, agent: false });
            this.req = req;
            const timer = setTimeout(() => {
                req.destroy();
                reject(new Error(`no response head for ${this.path} within ${ms} ms`));
            }, ms);
            req.once('error', (e) => {
                clearTimeout(timer);
                this._closed();
                reject(e);
            });
            req.once('response', (res) => {
                clearTimeout(timer);
                this.res = res;
                this.status = res.statusCode;
                this.resHeaders = res.headers;
                res.setEncoding('utf8');
                if (res.statusCode !== 200) {
                    let body = '';
                    res.on('data', (d) => (body += d));
                    res.once('end', () => {
                        this._closed();
                        resolve({ status: res.statusCode, headers: res.headers, body });
                    });
                    return;
                }
                res.on('data', (d) => this._onData(d));
                res.once('end', () => this._closed());
                res.once('close', () => this._closed());
                res.once('error', () => this._closed());
                resolve({ status: 200, headers: res.headers });
            });
        });
    }

    _closed() {
        if (this.closed) return;
        this.closed = true;
        for (const w of [...this.waiters]) w();
    }

    _onData(text) {
        this._now = performance.now();
        const all = this._partial + text;
        const parts = all.split('\n');
        this._partial = parts.pop();
        for (const line of parts) this._line(line.replace(/\r$/, ''));
        for (const w of [...this.waiters]) w();
    }

    _line(line) {
        this.lines.push(line);
        if (line === '') {
            if (this._cur.data.length) {
                const raw = this._cur.data.join('\n');
                this.events.push({ id: this._cur.id, raw, data: JSON.parse(raw), at: this._now });
            }
            this._cur = { id: null, data: [] };
            return;
        }
        if (line.startsWith(':')) {
            this.comments.push(line);
            return;
        }
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        let value = i < 0 ? '' : line.slice(i + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') this._cur.data.push(value);
        else if (field === 'id') this._cur.id = value;
        else if (field === 'retry') this.retry = Number(value);
    }

    /** Parsed data of every event so far. */
    data() {
        return this.events.map((e) => e.data);
    }

    /** The last `id:` seen (what a browser sends back as Last-Event-ID). */
    lastId() {
        return this.events.filter((e) => e.id !== null).at(-1)?.id ?? null;
    }

    /** Resolves with the first event (its parsed data) at index >= from matching pred. */
    nextAt(pred, { from = 0, ms = 5000, what = 'an event' } = {}) {
        return new Promise((resolve, reject) => {
            let i = from;
            const check = () => {
                for (; i < this.events.length; i++) {
                    if (pred(this.events[i].data, this.events[i])) {
                        done();
                        resolve({ msg: this.events[i].data, event: this.events[i], index: i });
                        return;
                    }
                }
                if (this.closed) {
                    done();
                    reject(new Error(`stream closed before ${what}; last: ${this.events.slice(-5).map((e) => e.raw).join(' | ')}`));
                }
            };
            const timer = setTimeout(() => {
                done();
                reject(new Error(`timed out after ${ms} ms waiting for ${what}; last: ${this.events.slice(-5).map((e) => e.raw).join(' | ')}`));
            }, ms);
            const done = () => {
                clearTimeout(timer);
                this.waiters.delete(check);
            };
            this.waiters.add(check);
            check();
        });
    }

    async next(pred, opts) {
        return (await this.nextAt(pred, opts)).msg;
    }

    /** Like next, but resolves with the whole event: {id, raw, data, at (arrival, performance.now())}. */
    async nextEvent(pred, opts) {
        return (await this.nextAt(pred, opts)).event;
    }

    close() {
        this.req?.destroy();
        this._closed();
    }
}
