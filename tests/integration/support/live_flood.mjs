// Fills the socket buffers between the server and a live reader that stopped reading.

import assert from 'node:assert/strict';

/**
 * Posts approved comments of 9 kB on `page` as the admin (at most 600, for at most 60 s) until
 * `dropped()` says the paused reader is gone (checked from the 300th on). Until the buffers are
 * full the server's writes complete and nothing queues. Returns the posted comment ids, in order.
 */
export async function floodUntilDropped(server, page, dropped) {
    const text = 'x'.repeat(9000);
    const posted = [];
    const deadline = Date.now() + 60000;
    const admin = server.admin();
    for (let i = 0; i < 600 && Date.now() < deadline; i++) {
        const r = await admin.postComment({ page, text: `${i} ${text}` });
        assert.equal(r.status, 201, r.describe());
        posted.push(r.json.comment.id);
        if (i >= 300 && dropped()) break;
    }
    return posted;
}
