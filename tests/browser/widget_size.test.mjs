// The widget's size budget (issue: "keep it small, aim under 25 KB gzipped"): web/embed.js gzipped
// at level 9 stays under 25,000 bytes, and the size recorded in docs/widget.md is not stale (within
// 5% of today's). Needs no server or browser.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { constants, gzipSync } from 'node:zlib';

import { ROOT } from '../integration/support/server.mjs';

const BUDGET_BYTES = 25000;

test('web/embed.js gzips under 25 KB, as docs/widget.md records', async () => {
    const source = await readFile(join(ROOT, 'web', 'embed.js'));
    const gzipped = gzipSync(source, { level: constants.Z_BEST_COMPRESSION }).length;
    assert.ok(gzipped < BUDGET_BYTES, `embed.js is ${gzipped} bytes gzipped; the budget is ${BUDGET_BYTES}`);

    const doc = await readFile(join(ROOT, 'docs', 'widget.md'), 'utf8');
    const m = doc.match(/\(([\d,]+) bytes with\s+`gzip -9/);
    assert.ok(m, 'docs/widget.md records the gzipped size ("(N bytes with `gzip -9 ...`")');
    const recorded = Number(m[1].replaceAll(',', ''));
    assert.ok(Math.abs(recorded - gzipped) / gzipped < 0.05,
        `docs/widget.md records ${recorded} bytes; embed.js is ${gzipped} gzipped now (zlib level 9): update the Size section`);
});
