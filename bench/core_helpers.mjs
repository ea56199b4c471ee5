// Helpers for bench/core.sh, which talks to one Tribune server on 127.0.0.1.
//   node core_helpers.mjs find-thread BASE [PREFERRED_SLUG]     -> prints the slug of an article with no comments
//   node core_helpers.mjs seed BASE PAGE TOKEN COUNT            -> posts COUNT approved ~300-char comments, prints total
//   node core_helpers.mjs count BASE PAGE TOKEN STATUS          -> prints how many comments of STATUS the thread holds
//   node core_helpers.mjs record DOC SECTION_FILE DATE          -> puts the dated section into DOC (replacing the same date)
//   node core_helpers.mjs publish BASE TOKEN COUNT              -> publishes COUNT articles, prints a JSON summary
//   node core_helpers.mjs next-page BASE PATH HOPS              -> follows up to HOPS rel="next" links, prints the last path
//   node core_helpers.mjs later-pages BASE PATH HOPS            -> the same, printing every path it reached, one a line
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

// Articles for the publishing phase: varied sections, tags, authors, dates and Markdown bodies of
// a few KB. Words come from a vocabulary of about 2,000 made-up words picked with a skewed
// (Zipf-like) frequency, so the search index looks like text's: a few words everywhere, most rare.
// Two marker words have known frequencies: kCommonWord in about half of the articles, kRareWord
// in one in a thousand (at least one).
const kPublishConcurrency = 16;
const kSections = ['News', 'Sport', 'Politics', 'Business', 'Culture', 'Science', 'Environment', 'Travel',
    'Opinion', 'Education', 'Health', 'Technology'];
const kCommonWord = 'harbour';
const kRareWord = 'lighthouse';
const kSyllables = ('ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko ku la le li lo lu ma me mi mo ' +
    'mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zo').split(' ');

function rng(seed) {
    let x = (seed * 2654435761 + 0x9e3779b9) >>> 0;
    return () => {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return (x >>> 8) / 16777216;  // [0, 1)
    };
}

const kVocabulary = (() => {
    const r = rng(7);
    const words = new Set(kWords.filter((w) => w !== kCommonWord && w !== kRareWord));
    while (words.size < 2000) {
        let w = '';
        const n = 2 + Math.floor(r() * 3);
        for (let i = 0; i < n; i++) w += kSyllables[Math.floor(r() * kSyllables.length)];
        if (w !== kCommonWord && w !== kRareWord) words.add(w);
    }
    return [...words];
})();
const kTags = kVocabulary.slice(100, 180).map((w) => `${w[0].toUpperCase()}${w.slice(1)} watch`);
const kAuthors = Array.from({ length: 50 }, (_, i) =>
    `${kVocabulary[300 + i][0].toUpperCase()}${kVocabulary[300 + i].slice(1)} ${kVocabulary[400 + i].toUpperCase().slice(0, 1)}${kVocabulary[400 + i].slice(1)}`);

function slugOf(name) {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function skewed(r, n, power = 3) {  // an index in [0, n), small ones much more often
    return Math.floor(n * r() ** power);
}

function sentence(r) {
    const n = 8 + Math.floor(r() * 14);
    const words = Array.from({ length: n }, () => kVocabulary[skewed(r, kVocabulary.length)]);
    const s = words.join(' ');
    return `${s[0].toUpperCase()}${s.slice(1)}.`;
}

function makeArticle(i, count, nowMs) {
    const r = rng(i + 1);
    const section = kSections[skewed(r, kSections.length, 2)];
    const tags = new Set();
    const nTags = 2 + Math.floor(r() * 3);
    while (tags.size < nTags) tags.add(kTags[skewed(r, kTags.length, 2)]);
    const authors = new Set([kAuthors[skewed(r, kAuthors.length, 2)]]);
    if (r() < 0.2) authors.add(kAuthors[Math.floor(r() * kAuthors.length)]);
    const paragraphs = [];
    let chars = 0;
    const target = 2000 + Math.floor(r() * 3000);
    while (chars < target) {
        let p = Array.from({ length: 3 + Math.floor(r() * 4) }, () => sentence(r)).join(' ');
        if (paragraphs.length === 2 && r() < 0.5) p = `## ${sentence(r).slice(0, -1)}\n\n${p}`;
        paragraphs.push(p);
        chars += p.length;
    }
    if (r() < 0.5) paragraphs[Math.floor(r() * paragraphs.length)] += ` The ${kCommonWord} was busy.`;
    if (i % 1000 === 500 % Math.min(count, 1000)) paragraphs[0] += ` A ${kRareWord} was seen.`;
    const title = `${sentence(r).slice(0, 60).replace(/\.$/, '')} ${i + 1}`;
    // Spread over the last year, in no order related to the publishing order.
    const publishedMs = nowMs - 60_000 - Math.floor(r() * 365 * 86400) * 1000;
    return {
        title,
        slug: `${slugOf(title).slice(0, 60).replace(/-$/, '')}-${i + 1}`,
        summary: sentence(r),
        body_markdown: paragraphs.join('\n\n'),
        authors: [...authors],
        section,
        tags: [...tags],
        status: 'published',
        published_at: new Date(publishedMs).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
}

// Publishes COUNT articles through POST /api/v1/articles, kPublishConcurrency at a time; prints
// the wall time, each request's latency percentiles and the slugs the read phases use.
async function publish(base, token, count) {
    const nowMs = Date.now();
    let next = 0;
    let failures = 0;
    let bodyBytes = 0;
    const latencies = [];
    const sections = new Map();
    const tags = new Map();
    const authors = new Map();
    const bump = (m, k) => m.set(k, (m.get(k) || 0) + 1);
    const worker = async () => {
        for (;;) {
            const i = next++;
            if (i >= count) return;
            const a = makeArticle(i, count, nowMs);
            bodyBytes += a.body_markdown.length;
            const t0 = performance.now();
            const res = await http(`${base}/api/v1/articles`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
                body: JSON.stringify(a),
            });
            latencies.push(performance.now() - t0);
            if (res.status !== 201) {
                failures++;
                if (failures <= 5) process.stderr.write(`publish: article ${i} answered ${res.status}: ${res.body.slice(0, 200)}\n`);
                continue;
            }
            bump(sections, slugOf(a.section));
            for (const t of a.tags) bump(tags, slugOf(t));
            for (const u of a.authors) bump(authors, slugOf(u));
        }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: kPublishConcurrency }, worker));
    const secs = (performance.now() - started) / 1000;
    latencies.sort((x, y) => x - y);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] || 0;
    // The read phases use the largest section, a mid-sized tag and author (a page's share of
    // the rows they scan matters more than the very largest).
    const bySize = (m) => [...m.entries()].sort((x, y) => y[1] - x[1]);
    const mid = (m) => bySize(m)[Math.floor(m.size / 4)] || ['', 0];
    console.log(JSON.stringify({
        count, failures, secs: Number(secs.toFixed(2)), per_s: Math.round((count - failures) / secs),
        p50_ms: Number(pct(0.5).toFixed(2)), p99_ms: Number(pct(0.99).toFixed(2)),
        avg_body_bytes: Math.round(bodyBytes / count),
        section: bySize(sections)[0][0], section_count: bySize(sections)[0][1],
        tag: mid(tags)[0], tag_count: mid(tags)[1], author: mid(authors)[0], author_count: mid(authors)[1],
        sections: sections.size, tags: tags.size, authors: authors.size,
        common_word: kCommonWord, rare_word: kRareWord,
    }));
}

// The path of the page HOPS rel="next" links after PATH (fewer when the list ends sooner; at
// least one is required).
// The paths of the pages after `path`, following rel="next" at most `hops` times.
async function laterPages(base, path, hops) {
    const out = [];
    let current = path;
    for (let i = 0; i < hops; i++) {
        const res = await http(`${base}${current}`);
        if (res.status !== 200) die(`GET ${current} answered ${res.status}`);
        const m = res.body.match(/<a rel="next" href="([^"]+)"/);
        if (!m) {
            if (i === 0) die(`${path} has no next page`);
            break;
        }
        current = m[1].replace(/&amp;/g, '&');
        out.push(current);
    }
    return out;
}

async function nextPage(base, path, hops) {
    const pages = await laterPages(base, path, hops);
    return pages[pages.length - 1];
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
    case 'publish':
        await publish(args[0], args[1], Number(args[2]));
        break;
    case 'next-page':
        console.log(await nextPage(args[0], args[1], Number(args[2])));
        break;
    case 'later-pages':
        console.log((await laterPages(args[0], args[1], Number(args[2]))).join('\n'));
        break;
    default:
        die(`unknown command ${cmd}`);
}
