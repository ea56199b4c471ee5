// Raw bytes to the server, for requests fetch() cannot make (bad framing, odd methods, huge
// headers, a chosen source address): exchange() writes them on a fresh connection and resolves
// with everything the server sent until it closed, or after 5 s.

import net from 'node:net';

/**
 * Resolves with {text (latin1), closed (the server ended the connection)}. `end`: half-close
 * after writing, so a server keeping the connection alive still answers and closes.
 */
export function exchange(port, bytes, { end = false } = {}) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let closed = false;
        const socket = net.connect({ host: '127.0.0.1', port }, () => (end ? socket.end(bytes) : socket.write(bytes)));
        const timer = setTimeout(() => socket.destroy(), 5000);
        socket.on('data', (c) => chunks.push(c));
        socket.on('end', () => { closed = true; });
        socket.on('close', () => {
            clearTimeout(timer);
            resolve({ text: Buffer.concat(chunks).toString('latin1'), closed });
        });
        socket.on('error', reject);
    });
}

/** The status codes of the HTTP/1.1 answers in `text`, in order. */
export const statusesOf = (text) => [...text.matchAll(/^HTTP\/1\.1 (\d{3}) /gm)].map((m) => Number(m[1]));

/** Opens a raw connection from `from` (a 127.0.0.x address); resolves once connected. */
export function connectFrom(server, from) {
    return new Promise((resolve, reject) => {
        const s = net.connect({ host: '127.0.0.1', port: server.port, localAddress: from });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
    });
}

/** Sends `request` on `socket` and resolves with the status of the answer's first line (0: closed without one). */
export function statusOf(socket, request, ms = 10000) {
    return new Promise((resolve) => {
        let text = '';
        const done = (status) => {
            clearTimeout(timer);
            socket.removeAllListeners('data');
            resolve(status);
        };
        const timer = setTimeout(() => done(-1), ms);
        socket.on('data', (chunk) => {
            text += chunk.toString('latin1');
            const m = /^HTTP\/1\.1 (\d{3}) /.exec(text);
            if (m) done(Number(m[1]));
        });
        socket.once('close', () => done(0));
        socket.once('error', () => {});
        if (request) socket.write(request);
    });
}
