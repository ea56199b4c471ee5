// Writes a Disqus XML export of about TARGET bytes to OUT, for bench/import.sh:
//   node bench/disqus_gen.mjs OUT TARGET_BYTES
// Threads of 40 posts each with realistic HTML messages (paragraphs, links, quotes, entities,
// line breaks), replies to earlier posts, and about one reply in twenty written before its
// parent (as real exports do). Streamed to disk through a write stream that is awaited when it
// is full, so the generator's memory does not grow with the file. Deterministic (seeded).

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const [out, targetArg] = process.argv.slice(2);
if (!out || !targetArg) {
    console.error('usage: node bench/disqus_gen.mjs OUT TARGET_BYTES');
    process.exit(2);
}
const target = Number(targetArg);

// A small deterministic generator (mulberry32): the same file every run.
let seed = 0x5eed;
function random() {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

const WORDS = ('the council said harbour ferry timetable residents meeting winter school budget road '
    + 'closure library hours café naïve übersicht weather flood bridge repair vote season fishing quota '
    + 'market square festival music volunteers reported evening morning week month plan cost agree '
    + 'disagree question answer thanks really think perhaps indeed however because which would could')
    .split(' ');
const NAMES = ['Ann Reader', 'Bob', 'Zoë Ünïcode', 'M. O\'Brien', 'Ship &amp; Anchor', '   ', 'Ólafur', 'Kim'];

function sentence() {
    const n = 6 + Math.floor(random() * 14);
    const words = [];
    for (let i = 0; i < n; i++) words.push(pick(WORDS));
    const s = words.join(' ');
    return s[0].toUpperCase() + s.slice(1) + pick(['.', '.', '?', '!', ' &amp; more.', ' &#8220;quoted&#8221;.']);
}

function message() {
    const paragraphs = 1 + Math.floor(random() * 3);
    let html = '';
    for (let p = 0; p < paragraphs; p++) {
        let text = sentence() + ' ' + sentence();
        const r = random();
        if (r < 0.15) text += ` See <a href="https://old.example/${pick(WORDS)}/${p}">this page</a>.`;
        else if (r < 0.25) text += '<br>' + sentence();
        else if (r < 0.3) text = `<b>${text}</b> <i>${sentence()}</i>`;
        html += r > 0.9 ? `<blockquote>${sentence()}</blockquote>` : `<p>${text}</p>`;
    }
    return html;
}

function post(id, thread, parent, at) {
    const name = pick(NAMES);
    return `<post dsq:id="${id}"><id/><message><![CDATA[${message()}]]></message>
  <createdAt>${at}</createdAt><isDeleted>${random() < 0.01}</isDeleted><isSpam>${random() < 0.01}</isSpam>
  <author><email>u${id}@example.org</email><name>${name}</name><isAnonymous>false</isAnonymous><username>u${id}</username></author>
  <ipAddress>203.0.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}</ipAddress><thread dsq:id="${thread}"/>${parent ? `<parent dsq:id="${parent}"/>` : ''}</post>
`;
}

const stream = createWriteStream(out);
let written = 0;
async function write(text) {
    written += Buffer.byteLength(text);
    if (!stream.write(text)) await once(stream, 'drain');
}

const POSTS_PER_THREAD = 40;
let threads = 0;
let posts = 0;
let time = Date.UTC(2012, 0, 1);

await write(`<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<category dsq:id="1"><forum>oldpaper</forum><title>General</title><isDefault>true</isDefault></category>
`);
while (written < target) {
    // A block of threads, then their posts (Disqus writes all threads first, then all posts;
    // blocks keep the generator's memory bounded while parents and threads still come first).
    const first = threads;
    for (let i = 0; i < 5; i++) {
        threads++;
        await write(`<thread dsq:id="t${threads}"><id/><forum>oldpaper</forum><category dsq:id="1"/>
  <link>https://old.example/${2012 + (threads % 12)}/${String(1 + (threads % 12)).padStart(2, '0')}/story-${threads}?utm=x#c</link><title>Story ${threads} &amp; more</title>
  <createdAt>${new Date(time).toISOString().slice(0, 19)}Z</createdAt><isClosed>${threads % 50 === 0}</isClosed><isDeleted>false</isDeleted></thread>
`);
    }
    for (let t = first + 1; t <= threads; t++) {
        const base = posts;
        let held = null;  // a post held back so that its reply is written before it
        for (let i = 0; i < POSTS_PER_THREAD; i++) {
            posts++;
            time += 60_000;
            const at = `${new Date(time).toISOString().slice(0, 19)}Z`;
            let parent = i > 0 && random() < 0.6 ? `p${base + 1 + Math.floor(random() * i)}` : null;
            if (held !== null) parent = `p${posts - 1}`;  // a reply to the held post, written first
            const text = post(`p${posts}`, `t${t}`, parent, at);
            if (held === null && i < POSTS_PER_THREAD - 1 && random() < 0.05) {
                held = text;
                continue;
            }
            await write(text);
            if (held !== null) {
                await write(held);
                held = null;
            }
        }
        if (held !== null) await write(held);
    }
}
await write('</disqus>\n');
stream.end();
await once(stream, 'finish');
console.log(JSON.stringify({ file: out, bytes: written, threads, posts }));
