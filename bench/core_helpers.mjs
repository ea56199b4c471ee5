// Helpers for bench/core.sh, which talks to one Tribune server on 127.0.0.1.
//   node core_helpers.mjs find-thread BASE [PREFERRED_SLUG]     -> prints the slug of an article with no comments
//   node core_helpers.mjs seed BASE PAGE TOKEN COUNT            -> posts COUNT approved ~300-char comments, prints total
//   node core_helpers.mjs count BASE PAGE TOKEN STATUS          -> prints how many comments of STATUS the thread holds
//   node core_helpers.mjs record DOC SECTION_FILE DATE          -> puts the dated section into DOC (replacing the same date)
// Every network loop is bounded by a count and every request by a timeout.
import { readFileSync, writeFileSync } from 'node:fs';

const kRequestTimeoutMs = 10_000;
const kSeedConcurrency = 16;
const kEmptyThread = 'Be the first to leave a comment.';

function die(msg) {
    process.stderr.write(`core_helpers: ${msg}\n`);
    process.exit(1);
}

async function http(url, init = {}) {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(kRequestTimeoutMs) });
    const body = await res.text();
    return { status: res.status, body };
}

// Deterministic, varied text of about `chars` characters (a small linear congruential generator).
const kWords = ('the council harbour report seal pups skerries counted survey volunteers boats tide morning ' +
    'rangers colony record season weather island coast readers letter station school lane trial ' +
    'minutes journey cyclists planters kerbs archive ledger storm surge flooding climate researchers ' +
    'university entries water height daily observations century routine exceptional neighbours ' +
    'photographs evening market bridge ferry timetable budget library garden festival').split(' ');

function makeText(seed, chars = 300) {
    let x = (seed * 2654435761 + 12345) >>> 0;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    let out = `#${seed}:`;
    while (out.length < chars) {
        out += ' ' + kWords[next() % kWords.length];
        if (next() % 11 === 0) out += '.';
    }
    return out.slice(0, chars);
}

async function findThread(base, preferred) {
    const home = await http(`${base}/`);
    if (home.status !== 200) die(`GET / answered ${home.status}`);
    const slugs = [...new Set([...home.body.matchAll(/href="\/articles\/([a-z0-9-]+)"/g)].map((m) => m[1]))];
    if (preferred && slugs.includes(preferred)) slugs.unshift(preferred);
    for (const slug of slugs.slice(0, 50)) {
        const page = await http(`${base}/articles/${slug}`);
        if (page.status === 200 && page.body.includes(kEmptyThread)) return slug;
    }
    die(`no article without comments among ${slugs.length} linked from /`);
}

async function seed(base, page, token, count) {
    let next = 0;
    let failures = 0;
    const worker = async () => {
        for (;;) {
            const i = next++;
            if (i >= count) return;
            const res = await http(`${base}/api/v1/comments`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
                body: JSON.stringify({ page, text: makeText(i + 1), author_name: `Seeder ${i % 37}` }),
            });
            if (res.status !== 201) {
                failures++;
                process.stderr.write(`seed: comment ${i} answered ${res.status}: ${res.body.slice(0, 200)}\n`);
            } else if (JSON.parse(res.body).comment.status !== 'approved') {
                die(`seed: comment ${i} is not approved; is the admin token honoured?`);
            }
        }
    };
    await Promise.all(Array.from({ length: kSeedConcurrency }, worker));
    if (failures) die(`${failures} of ${count} seed posts failed`);
    const list = await http(`${base}/api/v1/comments?page=${encodeURIComponent(page)}&limit=20`);
    if (list.status !== 200) die(`listing the seeded thread answered ${list.status}`);
    return JSON.parse(list.body).total;
}

async function countStatus(base, page, token, status) {
    let n = 0;
    let cursor = null;
    for (let round = 0; round < 100_000; round++) {
        const q = new URLSearchParams({ page, limit: '100', status });
        if (cursor) q.set('cursor', cursor);
        const res = await http(`${base}/api/v1/comments?${q}`, { headers: { Authorization: `Bearer ${token}` } });
        if (res.status !== 200) die(`listing status=${status} answered ${res.status}: ${res.body.slice(0, 200)}`);
        const body = JSON.parse(res.body);
        n += body.comments.filter((c) => c.status === status).length;
        cursor = body.next_cursor;
        if (!cursor) return n;
    }
    die('too many pages while counting');
}

// The doc keeps one section per date, newest first, each between markers, after the intro.
function record(docPath, sectionFile, date) {
    const section = readFileSync(sectionFile, 'utf8').trimEnd();
    const begin = `<!-- core.sh run ${date} -->`;
    const end = `<!-- /core.sh run ${date} -->`;
    const block = `${begin}\n${section}\n${end}`;
    let doc = readFileSync(docPath, 'utf8');
    const at = doc.indexOf(begin);
    if (at >= 0) {
        const stop = doc.indexOf(end, at);
        if (stop < 0) die(`${docPath}: ${begin} has no end marker`);
        doc = doc.slice(0, at) + block + doc.slice(stop + end.length);
    } else {
        const anchor = '<!-- core.sh results below -->';
        const a = doc.indexOf(anchor);
        if (a < 0) doc = `${doc.trimEnd()}\n\n${anchor}\n\n${block}\n`;
        else doc = `${doc.slice(0, a + anchor.length)}\n\n${block}${doc.slice(a + anchor.length)}`;
    }
    writeFileSync(docPath, doc.replace(/\n{3,}/g, '\n\n'));
}

const [cmd, ...args] = process.argv.slice(2);
switch (cmd) {
    case 'find-thread':
        console.log(await findThread(args[0], args[1]));
        break;
    case 'seed':
        console.log(await seed(args[0], args[1], args[2], Number(args[3])));
        break;
    case 'count':
        console.log(await countStatus(args[0], args[1], args[2], args[3]));
        break;
    case 'record':
        record(args[0], args[1], args[2]);
        break;
    default:
        die(`unknown command ${cmd}`);
}
