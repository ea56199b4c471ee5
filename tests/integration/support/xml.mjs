// XML answers read by a real parser: xmllint from Debian's libxml2-utils (feeds, sitemaps).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

/** xmllint ARGS on `input` (stdin): {code, stdout, stderr}. */
export function xmllint(args, input) {
    return new Promise((resolveRun, rejectRun) => {
        const proc = spawn('xmllint', [...args, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        proc.stdout.setEncoding('utf8');
        proc.stderr.setEncoding('utf8');
        proc.stdout.on('data', (c) => { stdout += c; });
        proc.stderr.on('data', (c) => { stderr += c; });
        const timer = setTimeout(() => proc.kill('SIGKILL'), 20000);
        proc.once('error', (e) => { clearTimeout(timer); rejectRun(e); });
        proc.once('close', (code) => { clearTimeout(timer); resolveRun({ code, stdout, stderr }); });
        proc.stdin.on('error', () => {});
        proc.stdin.end(input);
    });
}

export async function assertWellFormed(text, what) {
    const r = await xmllint(['--noout'], text);
    assert.equal(r.code, 0, `${what} is not well-formed XML: ${r.stderr}\n${text.slice(0, 800)}`);
}

/** The string value of an XPath expression (xmllint --xpath 'string(...)' or 'count(...)'). */
export async function xpath(text, expr) {
    const r = await xmllint(['--xpath', expr], text);
    assert.equal(r.code, 0, `xpath ${expr}: ${r.stderr}`);
    return r.stdout.trim();
}

/** An element of any namespace, by its local name, for XPath. */
export const el = (name) => `*[local-name()='${name}']`;
