// A minimal RFC 6455 WebSocket client over node:net, for black-box tests and the live benchmark
// (node 20 has no WebSocket client built in). It does the opening handshake (checking
// Sec-WebSocket-Accept), sends masked client frames, parses server frames (fragmented messages,
// 16/64-bit lengths, ping, pong, close), answers pings with pongs and closes cleanly.
// No extensions, no subprotocols, no TLS: Tribune's tests talk to 127.0.0.x only.

import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import net from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_HEAD_BYTES = 16 * 1024;

export const OP = { CONT: 0x0, TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xa };

/** The Sec-WebSocket-Accept value a server must answer for `key` (RFC 6455 section 4.2.2). */
export function acceptFor(key) {
    return createHash('sha1').update(key + GUID).digest('base64');
}

/** Encodes one client frame: FIN as given, masked with a fresh 4-byte key. */
export function encodeFrame(opcode, payload = Buffer.alloc(0), { fin = true, mask = true } = {}) {
    const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
    const len = data.length;
    const lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
    const head = Buffer.alloc(2 + lenBytes + (mask ? 4 : 0));
    head[0] = (fin ? 0x80 : 0) | (opcode & 0x0f);
    head[1] = (mask ? 0x80 : 0) | (lenBytes === 0 ? len : lenBytes === 2 ? 126 : 127);
    if (lenBytes === 2) head.writeUInt16BE(len, 2);
    else if (lenBytes === 8) head.writeBigUInt64BE(BigInt(len), 2);
    if (!mask) return Buffer.concat([head, data]);
    const key = randomBytes(4);
    key.copy(head, 2 + lenBytes);
    const out = Buffer.allocUnsafe(len);
    for (let i = 0; i < len; i++) out[i] = data[i] ^ key[i & 3];
    return Buffer.concat([head, out]);
}

/** The answer when the server refused the upgrade (anything but 101). */
export class HandshakeError extends Error {
    constructor(status, headers, body) {
        super(`WebSocket upgrade refused: HTTP ${status} ${body.slice(0, 300)}`);
        this.status = status;
        this.headers = headers;
        this.body = body;
    }
}

/**
 * One WebSocket connection. Events: 'message' (text: string, or Buffer when `raw`), 'close'
 * ({code, reason, clean}), 'pong' (payload Buffer), 'error'. Received text messages are also kept
 * in `messages` (unless `keep: false`) so tests can wait for one with next(). Pong payloads are
 * kept in `pongs` (strings), the server's close frame in `closeFrame` ({code, reason}, null until
 * one arrives), and with `recordChunks` every socket read after the handshake in `chunks`.
 */
export class WsClient extends EventEmitter {
    /**
     * Connects and completes the handshake. opts: host (127.0.0.1), port, path, headers (extra
     * request headers, e.g. Origin, Authorization), localAddress, timeoutMs (handshake deadline,
     * 10 s), raw (emit Buffers, skip utf-8 decoding), keep (record messages, default true),
     * autoPong (answer the server's pings, default true; false plays a client that stopped
     * responding), recordChunks (keep each socket 'data' Buffer in `chunks`, default false).
     * Rejects with HandshakeError (status, headers, body) when the server answers anything but 101.
     */
    static connect(opts) {
        const c = new WsClient(opts);
        return c._open().then(() => c);
    }

    constructor({ host = '127.0.0.1', port, path = '/', headers = {}, localAddress, timeoutMs = 10000, raw = false, keep = true, autoPong = true, recordChunks = false }) {
        super();
        this.host = host;
        this.port = port;
        this.path = path;
        this.extraHeaders = headers;
        this.localAddress = localAddress;
        this.timeoutMs = timeoutMs;
        this.raw = raw;
        this.keep = keep;
        this.autoPong = autoPong;
        this.recordChunks = recordChunks;
        this.chunks = [];
        this.pongs = [];
        this.closeFrame = null;
        this.socket = null;
        this.messages = [];
        this.waiters = new Set();
        this.closed = false;
        this.closeInfo = null;
        this.closeSent = false;
        this.responseHeaders = null;
        this._buf = Buffer.alloc(0);
        this._fragments = null;
        this._fragOpcode = 0;
        this._donePromise = new Promise((resolve) => this.once('close', resolve));
        this.on('error', () => {}); // errors also end in 'close'; callers look at closeInfo
    }

    _open() {
        return new Promise((resolve, reject) => {
            const key = randomBytes(16).toString('base64');
            const socket = net.connect({ host: this.host, port: this.port, localAddress: this.localAddress });
            this.socket = socket;
            socket.setNoDelay(true);
            let head = Buffer.alloc(0);
            let settled = false;
            const timer = setTimeout(() => fail(new Error(`WebSocket handshake to ${this.path} timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
            const fail = (e) => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                socket.removeListener('data', onHead);
                socket.destroy();
                this._finish(1006, String(e.message || e), false);
                reject(e);
            };
            const onHead = (chunk) => {
                head = Buffer.concat([head, chunk]);
                const end = head.indexOf('\r\n\r\n');
                if (end < 0) {
                    if (head.length > MAX_HEAD_BYTES) fail(new Error('handshake response head too large'));
                    return;
                }
                const lines = head.subarray(0, end).toString('latin1').split('\r\n');
                const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0])?.[1] || 0);
                const headers = {};
                for (const l of lines.slice(1)) {
                    const i = l.indexOf(':');
                    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
                }
                const rest = head.subarray(end + 4);
                if (status !== 101) {
                    // Read the (small) error body until the server closes or content-length is met.
                    const want = Number(headers['content-length'] || 0);
                    let body = rest;
                    socket.removeListener('data', onHead);
                    const finish = () => {
                        if (settled) return;
                        settled = true;
                        clearTimeout(timer);
                        socket.destroy();
                        this._finish(1006, `HTTP ${status}`, false);
                        reject(new HandshakeError(status, headers, body.toString('utf8')));
                    };
                    if (body.length >= want) return finish();
                    socket.on('data', (more) => {
                        body = Buffer.concat([body, more]);
                        if (body.length >= want) finish();
                    });
                    socket.once('end', finish);
                    socket.once('close', finish);
                    return;
                }
                if ((headers.upgrade || '').toLowerCase() !== 'websocket') return fail(new Error(`101 without Upgrade: websocket (${headers.upgrade})`));
                if (!/\bupgrade\b/i.test(headers.connection || '')) return fail(new Error(`101 without Connection: Upgrade (${headers.connection})`));
                if (headers['sec-websocket-accept'] !== acceptFor(key)) {
                    return fail(new Error(`bad Sec-WebSocket-Accept ${headers['sec-websocket-accept']} (want ${acceptFor(key)})`));
                }
                settled = true;
                clearTimeout(timer);
                this.responseHeaders = headers;
                socket.removeListener('data', onHead);
                socket.on('data', (d) => this._onData(d));
                if (rest.length) this._onData(rest);
                resolve();
            };
            socket.on('data', onHead);
            socket.once('error', (e) => {
                if (!settled) fail(e);
                else this._finish(1006, `socket error: ${e.message}`, false);
            });
            socket.once('close', () => {
                if (!settled) fail(new Error('connection closed during the handshake'));
                else this._finish(1006, 'connection closed without a close frame', false);
            });
            socket.once('connect', () => {
                const h = {
                    Host: `${this.host}:${this.port}`,
                    Upgrade: 'websocket',
                    Connection: 'Upgrade',
                    'Sec-WebSocket-Key': key,
                    'Sec-WebSocket-Version': '13',
                    ...this.extraHeaders,
                };
                let req = `GET ${this.path} HTTP/1.1\r\n`;
                for (const [k, v] of Object.entries(h)) req += `${k}: ${v}\r\n`;
                socket.write(req + '\r\n');
            });
        });
    }

    _onData(chunk) {
        if (this.recordChunks) this.chunks.push(Buffer.from(chunk));
        this._buf = this._buf.length ? Buffer.concat([this._buf, chunk]) : chunk;
        for (;;) {
            const b = this._buf;
            if (b.length < 2) return;
            const fin = (b[0] & 0x80) !== 0;
            const rsv = b[0] & 0x70;
            const opcode = b[0] & 0x0f;
            const masked = (b[1] & 0x80) !== 0;
            let len = b[1] & 0x7f;
            let off = 2;
            if (len === 126) {
                if (b.length < 4) return;
                len = b.readUInt16BE(2);
                off = 4;
            } else if (len === 127) {
                if (b.length < 10) return;
                const big = b.readBigUInt64BE(2);
                if (big > BigInt(Number.MAX_SAFE_INTEGER)) return this._protocolError('frame length too large');
                len = Number(big);
                off = 10;
            }
            if (masked) off += 4;
            if (b.length < off + len) return;
            let payload = b.subarray(off, off + len);
            if (masked) {
                // Servers must not mask (RFC 6455 5.1); unmask anyway and report it.
                const key = b.subarray(off - 4, off);
                const p = Buffer.allocUnsafe(len);
                for (let i = 0; i < len; i++) p[i] = payload[i] ^ key[i & 3];
                payload = p;
                this.emit('protocol-warning', 'server frame was masked');
                this.maskedFrames = (this.maskedFrames || 0) + 1;
            }
            this._buf = b.length === off + len ? Buffer.alloc(0) : b.subarray(off + len);
            if (rsv) return this._protocolError(`reserved bits set (${rsv})`);
            if (!this._onFrame(fin, opcode, payload)) return;
        }
    }

    // Returns false once the connection is finished (stop parsing).
    _onFrame(fin, opcode, payload) {
        if (opcode >= 0x8) {
            if (!fin || payload.length > 125) return this._protocolError('bad control frame');
            if (opcode === OP.PING) {
                this.pings = (this.pings || 0) + 1;
                if (this.autoPong && !this.closeSent) this._write(encodeFrame(OP.PONG, payload));
                return true;
            }
            if (opcode === OP.PONG) {
                this.pongs.push(payload.toString('utf8'));
                this.emit('pong', Buffer.from(payload));
                return true;
            }
            if (opcode === OP.CLOSE) {
                const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
                const reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : '';
                this.closeFrame = { code, reason };
                if (!this.closeSent) {
                    this.closeSent = true;
                    this._write(encodeFrame(OP.CLOSE, payload.subarray(0, 2)));
                }
                this.socket.end();
                this._finish(code, reason, true);
                return false;
            }
            return this._protocolError(`unknown control opcode ${opcode}`);
        }
        if (opcode === OP.CONT) {
            if (!this._fragments) return this._protocolError('continuation without a start');
            this._fragments.push(payload);
            this.fragmentedMessages = (this.fragmentedMessages || 0) + (fin ? 1 : 0);
        } else if (opcode === OP.TEXT || opcode === OP.BINARY) {
            if (this._fragments) return this._protocolError('new message inside a fragmented one');
            if (fin) {
                this._message(opcode, payload);
                return true;
            }
            this._fragments = [payload];
            this._fragOpcode = opcode;
        } else {
            return this._protocolError(`unknown opcode ${opcode}`);
        }
        if (fin && this._fragments) {
            const whole = Buffer.concat(this._fragments);
            this._fragments = null;
            this._message(this._fragOpcode, whole);
        }
        return true;
    }

    _message(opcode, payload) {
        if (opcode === OP.BINARY) {
            this.emit('binary', payload);
            return;
        }
        const msg = this.raw ? Buffer.from(payload) : payload.toString('utf8');
        if (this.keep) this.messages.push(msg);
        this.emit('message', msg);
        if (this.keep) for (const w of [...this.waiters]) w();
    }

    _protocolError(why) {
        this.protocolError = why;
        this.socket.destroy();
        this._finish(1002, why, false);
        return false;
    }

    _write(buf) {
        if (this.socket && !this.socket.destroyed && this.socket.writable) this.socket.write(buf);
    }

    _finish(code, reason, clean) {
        if (this.closed) return;
        this.closed = true;
        this.closeInfo = { code, reason, clean };
        this.emit('close', this.closeInfo);
        for (const w of [...this.waiters]) w();
    }

    /** Sends a text message (one masked frame). */
    send(text) {
        this._write(encodeFrame(OP.TEXT, text));
    }

    /** Sends `obj` as JSON text. */
    sendJson(obj) {
        this.send(JSON.stringify(obj));
    }

    /** Sends raw frame bytes (from encodeFrame), e.g. to test fragmentation or bad frames. */
    sendFrame(buf) {
        this._write(buf);
    }

    ping(payload = '') {
        this._write(encodeFrame(OP.PING, payload));
    }

    /** Stops reading from the socket (a slow consumer); resume() reads again. */
    pause() {
        this.socket.pause();
    }
    resume() {
        this.socket.resume();
    }

    /** Starts a clean close (close frame, then wait for the server's) and resolves when closed, or destroys after `ms`. */
    async close(code = 1000, ms = 3000) {
        if (this.closed) return this.closeInfo;
        if (!this.closeSent) {
            this.closeSent = true;
            const p = Buffer.alloc(2);
            p.writeUInt16BE(code, 0);
            this._write(encodeFrame(OP.CLOSE, p));
        }
        const t = setTimeout(() => this.destroy(), ms);
        try {
            return await this._donePromise;
        } finally {
            clearTimeout(t);
        }
    }

    /** Drops the TCP connection without a close frame (a tab that vanished). */
    destroy() {
        if (this.socket) this.socket.destroy();
        this._finish(1006, 'destroyed by client', false);
    }

    /** Resolves with {code, reason, clean} once the connection is closed, or rejects after `ms`. */
    waitClose(ms = 5000) {
        return withDeadline(this._donePromise, ms, `close of ${this.path}`);
    }

    /** Parsed JSON of every received text message so far. */
    json() {
        return this.messages.map((m) => JSON.parse(m));
    }

    /**
     * Resolves with the first recorded message (parsed JSON) at index >= `from` that satisfies
     * `pred`; rejects after `ms` or if the connection closes first. Returns {msg, index}.
     */
    nextAt(pred, { from = 0, ms = 5000, what = 'a message' } = {}) {
        return new Promise((resolve, reject) => {
            let i = from;
            const check = () => {
                for (; i < this.messages.length; i++) {
                    const m = JSON.parse(this.messages[i]);
                    if (pred(m)) {
                        done();
                        resolve({ msg: m, index: i });
                        return;
                    }
                }
                if (this.closed) {
                    done();
                    reject(new Error(`connection closed (${JSON.stringify(this.closeInfo)}) before ${what}; got ${this.messages.slice(-5).join(' | ')}`));
                }
            };
            const timer = setTimeout(() => {
                done();
                reject(new Error(`timed out after ${ms} ms waiting for ${what}; last messages: ${this.messages.slice(-5).join(' | ')}`));
            }, ms);
            const done = () => {
                clearTimeout(timer);
                this.waiters.delete(check);
            };
            this.waiters.add(check);
            check();
        });
    }

    /** nextAt() from the start of the recording, returning only the message. */
    async next(pred, opts = {}) {
        return (await this.nextAt(pred, opts)).msg;
    }
}

/** Rejects with a timeout error unless `p` settles within `ms`. */
export function withDeadline(p, ms, what = 'operation') {
    let t;
    return Promise.race([
        p,
        new Promise((_, rej) => {
            t = setTimeout(() => rej(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
        }),
    ]).finally(() => clearTimeout(t));
}
