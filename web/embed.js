/*! Tribune live discussion. One dependency-free file, served at /embed.js (docs/widget.md).
 *  - Widget: <script src="https://SERVER/embed.js" defer></script>
 *            <tribune-comments page="/some/key"></tribune-comments>
 *  - Enhancement: on Tribune's own article pages it finds section#comments[data-page] and makes the
 *    server-rendered discussion live. Without this script those pages work exactly the same.
 *  Nothing a reader typed is ever parsed as markup: every node is built with createElement/textContent.
 */
(() => {
  'use strict';

  // Every string a reader can see or hear, in one place for translation.
  const STRINGS = {
    comments: 'Comments',
    commentsN: (n) => (n === 1 ? '1 Comment' : `${n} Comments`),
    active: 'Active: ',
    loading: 'Loading',
    empty: 'Be the first to leave a comment.',
    loadMoreComments: 'Load More Comments',
    loadMoreReplies: 'Load More Replies',
    noName: 'No Name',
    commentingAs: 'Commenting as ',
    yourName: 'Your name',
    set: 'Set',
    nameSet: (name) => `Your name is now ${name}.`,
    yourComment: 'Your comment',
    yourReply: 'Your reply',
    placeholder: 'Plain text only',
    mailLegend: 'Email me (optional)',
    email: 'Email (optional, never shown)',
    notifyReplies: 'Notify me of replies by email',
    notifyApproval: 'Tell me when it is approved',
    post: 'Post comment',
    reply: 'Reply',
    thanks: 'Thank you! Your submission has been received!',
    oops: 'Oops! Something went wrong while submitting the form.',
    pending: 'Your comment will appear once approved by a moderator.',
    moderator: 'Moderator',
    featured: 'Featured',
    report: 'Report',
    reportWhy: 'Why should a moderator look at this comment?',
    reportHint: 'Spam, abuse, off topic...',
    sendReport: 'Send report',
    cancel: 'Cancel',
    reported: 'Thanks, a moderator will review it.',
    closed: 'Comments are closed.',
    edited: '(Edited)',
    editedAt: (when) => `Edited ${when}`,
    deleted: 'This comment was deleted',
    typing: 'Someone is typing...',
    showNew: (n) => (n === 1 ? 'Show 1 new comment' : `Show ${n} new comments`),
    announceNew: (n) => (n === 1 ? '1 new comment' : `${n} new comments`),
    announceFrom: (name) => `New comment from ${name}`,
    announceReply: (name) => `New reply from ${name}`,
    loadFailed: 'The discussion could not be loaded.',
    retry: 'Try again',
    reconnecting: 'Reconnecting…',
    justNow: 'just now',
    ago: { minute: ['1 minute ago', 'minutes ago'], hour: ['1 hour ago', 'hours ago'], day: ['1 day ago', 'days ago'],
           month: ['1 month ago', 'months ago'], year: ['1 year ago', 'years ago'] },
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    signIn: 'Sign in',
    signInToComment: 'Sign in to comment.',
    signedInAs: 'Signed in as ',
    signOut: 'Sign out',
    signInEmail: 'Your email address',
    emailMeLink: 'Email me a link',
    checkInbox: (address) => `Check your inbox: we sent a sign-in link to ${address}.`,
    signInWith: (label) => `Sign in with ${label}`,
    signInFailed: 'Sign-in failed',
    popupBlocked: 'The sign-in window was blocked. Allow pop-ups for this site and try again.',
    tryAgain: 'Sign-in is not ready yet. Try again in a moment.',
    signedInNow: (name) => `Signed in as ${name}.`,
    signedOutNow: 'Signed out.',
    verified: 'Verified account',
  };

  if (window.__tribuneEmbed) return;  // loaded twice (page and widget): one copy does both jobs
  window.__tribuneEmbed = true;

  const TYPING_SEND_MS = 2000;     // API: at most one typing frame every 2 s
  const BUSY_THRESHOLD = 5;        // top-level comments on screen before new ones wait behind a button
  const MAX_BACKOFF_MS = 30000;
  const HELLO_WAIT_MS = 2500;      // widget: how long the first load waits for the live stream
  const SETTLE_MS = 500;           // after a reconnect: quiet time that ends the replay
  const STALE_REFETCH_MS = 8000;   // still offline after this: refetch so the forms can come back
  const NAME_MAX = 64;
  const MINE_MAX = 200;            // own comment ids kept (no Report control on them)

  const SCRIPT = document.currentScript ||
    [...document.querySelectorAll('script[src]')].find((s) => /\/embed\.js(\?|#|$)/.test(s.src));
  const SCRIPT_ORIGIN = SCRIPT && SCRIPT.src ? new URL(SCRIPT.src, location.href).origin : location.origin;

  // ---------- small helpers ----------

  /** createElement with attributes and children; strings become text nodes, never markup. */
  function el(tag, attrs, ...kids) {
    const n = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        const v = attrs[k];
        if (v == null || v === false) continue;
        if (k === 'class') n.className = v;
        else n.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const kid of kids) if (kid != null && kid !== false) n.append(kid);
    return n;
  }

  function keeper(kind) {
    return {
      get(k) { try { return window[kind].getItem(k); } catch { return null; } },
      set(k, v) { try { if (v == null) window[kind].removeItem(k); else window[kind].setItem(k, v); } catch { /* private mode */ } },
    };
  }
  const store = keeper('localStorage');     // the anonymous author: token, name, own comment ids
  const tabStore = keeper('sessionStorage');  // a signed-in reader's session: this tab only

  const shownName = (name) => (name && name.trim() ? name : STRINGS.noName);

  /** After a name: the account's badge (the newsroom's SSO label, as text) and the verified mark. */
  function accountMarks(badge, verified) {
    const out = [];
    if (typeof badge === 'string' && badge.trim()) out.push(' ', el('span', { class: 'badge badge-account' }, badge));
    if (verified === true) {
      out.push(' ', el('span', { class: 'verified', role: 'img', 'aria-label': STRINGS.verified, title: STRINGS.verified }, '\u2713'));
    }
    return out;
  }
  const isStaff = (c) => !!c.author && (c.author.role === 'moderator' || c.author.role === 'admin');
  const visible = (c) => c && (c.status === 'approved' || c.status === 'pending' || c.status === 'deleted');

  function relativeTime(thenMs, nowMs) {
    const s = Math.floor((nowMs - thenMs) / 1000);
    const ago = (n, unit) => (n === 1 ? STRINGS.ago[unit][0] : `${n} ${STRINGS.ago[unit][1]}`);
    if (s < 45) return STRINGS.justNow;
    if (s < 3600) return ago(s < 60 ? 1 : Math.floor(s / 60), 'minute');
    if (s < 86400) return ago(Math.floor(s / 3600), 'hour');
    const days = Math.floor(s / 86400);
    if (days < 30) return ago(days, 'day');
    if (days < 365) return ago(Math.min(12, Math.floor(days / 30)), 'month');
    return ago(Math.floor(days / 365), 'year');
  }

  /** "15 Mar 2026, 04:53 UTC", as the server writes it. */
  function exactTime(ms) {
    const d = new Date(ms);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getUTCDate()} ${STRINGS.months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
  }

  function timeEl(iso) {
    const ms = Date.parse(iso);
    if (isNaN(ms)) return el('time', null, '');
    return el('time', { datetime: iso, title: exactTime(ms) }, relativeTime(ms, Date.now()));
  }

  function refreshTimes(root) {
    const now = Date.now();
    for (const t of root.querySelectorAll('.comment-meta time[datetime]')) {
      const ms = Date.parse(t.getAttribute('datetime'));
      if (!isNaN(ms)) t.textContent = relativeTime(ms, now);
    }
  }

  /** A problem+json answer as one line: "Title: detail", or the detail alone when it repeats the title. */
  function problemText(p) {
    const t = (p && p.title) || '', d = (p && p.detail) || '';
    return !t || d.startsWith(t) ? d || t : d ? `${t}: ${d}` : t;
  }

  function hideVisually(n) {
    Object.assign(n.style, { position: 'absolute', width: '1px', height: '1px', margin: '-1px', padding: '0',
      overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: '0' });
    return n;
  }

  // ---------- a signed-in reader: one session per Tribune server, shared by a page's widgets ----------
  // The session token is a bearer credential: kept in memory and in this tab's sessionStorage (a
  // reload keeps it), never in localStorage (it would outlive the tab) and never in a cookie (the
  // browser may block third-party cookies). Sent as "Authorization: Bearer", which no browser adds
  // by itself, so the API needs no CSRF token for it.

  const SESSION_TOKEN = /^[\w.~+/=-]{1,256}$/;
  const HANDOFF_CODE = /^[\w.~-]{1,256}$/;

  /** A fingerprint of the host's SSO token (not a secret): tells a reload with the same token from a new one. */
  function fingerprint(text) {
    let a = 0xdeadbeef, b = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 2654435761);
      b = Math.imul(b ^ c, 1597334677);
    }
    a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
    b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
    return (4294967296 * (2097151 & b) + (a >>> 0)).toString(36);
  }

  class Account {
    constructor(base) {
      this.key = `tribune:session:${base}`;
      let saved = null;
      try { saved = JSON.parse(tabStore.get(this.key) || 'null'); } catch { /* none */ }
      const ok = saved && typeof saved.token === 'string' && SESSION_TOKEN.test(saved.token);
      this.token = ok ? saved.token : null;
      this.sso = ok && typeof saved.sso === 'string' ? saved.sso : null;  // fingerprint of the SSO token that made it
      this.user = null;
      this.subs = new Set();  // widgets to tell when the reader signs in or out
    }

    set(token, user, sso) {
      this.token = token;
      this.user = user && typeof user === 'object' ? user : null;
      this.sso = sso || null;
      tabStore.set(this.key, JSON.stringify({ token, sso: this.sso }));
    }

    clear() {
      this.token = this.user = this.sso = null;
      tabStore.set(this.key, null);
    }

    changed() { for (const f of [...this.subs]) f(); }
  }

  const accounts = new Map();
  function accountFor(base) {
    if (!accounts.has(base)) accounts.set(base, new Account(base));
    return accounts.get(base);
  }

  let handoffTaken = false;
  /** The hand-off code an email sign-in link put in this page's hash (#tribune-signin=CODE), once per
   *  page: taken out of the address bar at once (the rest of the hash stays) and returned. */
  function takeHandoffCode() {
    if (handoffTaken) return null;
    handoffTaken = true;
    const parts = location.hash.replace(/^#/, '').split('&');
    const at = parts.findIndex((p) => p.startsWith('tribune-signin='));
    if (at < 0) return null;
    const code = parts.splice(at, 1)[0].slice('tribune-signin='.length);
    const rest = parts.filter(Boolean).join('&');
    try { history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : '')); } catch { /* keep going */ }
    return HANDOFF_CODE.test(code) ? code : null;
  }

  /** This page's address without its hash: where a sign-in comes back to. */
  const hereWithoutHash = () => location.href.split('#')[0];

  // A sign-in that comes back to this page is bound to this browser: a secret (the verifier) made
  // when the reader opens the sign-in panel, kept in memory and in this site's localStorage (a
  // mailed link opens in another tab of the same browser), whose SHA-256 goes with the request.
  // The hand-off code at the end is exchanged only with the secret, so a code someone else
  // obtained cannot sign this browser in as them. Used once: a new secret for the next sign-in.
  const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const verifiers = new Map();  // base -> verifier, for pages whose storage is blocked
  const verifierKey = (base) => `tribune:handoff:${base}`;
  function handoffVerifier(base, create) {
    let v = verifiers.get(base) || store.get(verifierKey(base));
    if ((!v || !/^[A-Za-z0-9_-]{43}$/.test(v)) && create) {
      const bytes = new Uint8Array(32);
      crypto.getRandomValues(bytes);
      v = b64url(bytes);
      store.set(verifierKey(base), v);
    }
    if (v) verifiers.set(base, v);
    return v || '';
  }
  function forgetVerifier(base) {
    verifiers.delete(base);
    store.set(verifierKey(base), null);
  }
  /** Sign-in can come back to this page only where WebCrypto is (https pages, and localhost). */
  const canBindSignIn = () => !!(window.crypto && crypto.subtle && crypto.getRandomValues);
  /** The S256 challenge of this browser's verifier (made if missing); null without WebCrypto. */
  async function handoffChallenge(base) {
    if (!canBindSignIn()) return null;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(handoffVerifier(base, true)));
    return b64url(new Uint8Array(digest));
  }

  // ---------- the JSON API ----------

  class Api {
    /**
     * base: server origin. sameOrigin: Tribune's own pages (the HttpOnly cookie identifies the author).
     * csrf: a logged-in viewer's token on those pages, sent with every change (X-CSRF-Token).
     */
    constructor(base, sameOrigin, csrf) {
      this.base = base;
      this.sameOrigin = sameOrigin;
      this.csrf = csrf || null;
      this.tokenKey = `tribune:author:${base}`;
      this.nameKey = `tribune:name:${base}`;
      this.mineKey = `tribune:mine:${base}`;
      this.account = sameOrigin ? null : accountFor(base);  // on Tribune's pages the session cookie says who
    }
    token() { return this.sameOrigin ? null : store.get(this.tokenKey); }
    setToken(t) { if (!this.sameOrigin && t) store.set(this.tokenKey, t); }
    signedIn() { return !!(this.account && this.account.token); }

    /**
     * opts.bearer: false sends no Authorization (sign-in exchanges), a string sends that token.
     * Otherwise the session token when signed in, else the anonymous author token.
     */
    async request(method, path, body, opts = {}) {
      const headers = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const session = opts.bearer === undefined && this.account ? this.account.token : null;
      const token = opts.bearer === undefined ? session || this.token() : opts.bearer;
      if (token) headers.Authorization = `Bearer ${token}`;
      if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
      let res;
      try {
        res = await fetch(`${this.base}/api/v1${path}`, {
          method, headers, body: body === undefined ? undefined : JSON.stringify(body),
          credentials: this.sameOrigin ? 'same-origin' : 'omit', mode: 'cors', cache: 'no-cache',
        });
      } catch (e) {
        throw Object.assign(new Error(String(e && e.message || e)), { status: 0, problem: null });
      }
      let data = null;
      if (/json/i.test(res.headers.get('content-type') || '')) {
        try { data = await res.json(); } catch { data = null; }
      }
      if (!res.ok) {
        if (res.status === 401 && session && this.account.token === session) {
          // The session ended elsewhere (signed out, expired, erased): anonymous from now on.
          this.account.clear();
          setTimeout(() => this.account.changed(), 0);
          if (method === 'GET') return this.request(method, path, body, opts);
        }
        const problem = data && typeof data === 'object' && (data.title || data.detail) ? data : null;
        throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status, problem });
      }
      return data;
    }
  }

  // ---------- live coverage: an article's updates, in the page's "Live updates" section ----------
  // The server sends each update as the page renders it (editors' Markdown through the same safe
  // renderer as article bodies, never reader text). It is parsed inert in a <template> and placed
  // only when it is exactly one update element with the id the event names.

  function liveUpdateKey(el) {
    return [el.getAttribute('data-pinned') === '1' ? 1 : 0, Number(el.getAttribute('data-posted')) || 0,
      Number(el.getAttribute('data-update-id')) || 0];
  }

  /** Pinned first, then newest first, then the higher id: the server's order. */
  function comesBefore(a, b) {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
    return false;
  }

  function applyLiveUpdate(m) {
    const section = document.querySelector('section[data-live-updates]');
    const list = section && section.querySelector('[data-update-list]');
    const u = m && m.update;
    if (!list || !u || typeof u.id !== 'number') return;
    const id = String(u.id);
    const old = list.querySelector(`article.live-update[data-update-id="${CSS.escape(id)}"]`);
    if (m.action === 'deleted') { if (old) old.remove(); return; }
    if (typeof u.html !== 'string') return;
    const t = document.createElement('template');
    t.innerHTML = u.html;
    const el = t.content.firstElementChild;
    if (!el || t.content.childElementCount !== 1 || !el.matches('article.live-update') ||
        el.getAttribute('data-update-id') !== id) return;
    if (old) old.remove();
    const key = liveUpdateKey(el);
    let next = null;
    for (const c of list.children) if (comesBefore(key, liveUpdateKey(c))) { next = c; break; }
    list.insertBefore(el, next);
    const empty = section.querySelector('[data-updates-empty]');
    if (empty) empty.remove();
  }

  /** The "Live" badge at the start of `holder` (the story's meta line, the section's title), on or off. */
  function setLiveBadge(holder, live) {
    if (!holder) return;
    const badge = holder.querySelector(':scope > .live-badge');
    if (live && !badge) holder.prepend(el('span', { class: 'live-badge' }, 'Live'), ' ');
    if (live || !badge) return;
    const gap = badge.nextSibling;
    if (gap && gap.nodeType === Node.TEXT_NODE && gap.textContent.startsWith(' ')) gap.textContent = gap.textContent.slice(1);
    badge.remove();
  }

  /** Coverage started or ended: the "Live" badges come or go without a reload. A page that had no
   *  "Live updates" section gets the server's empty one, so the updates that follow have a place. */
  function applyLiveCoverage(m) {
    if (!m || typeof m.live !== 'boolean') return;
    const story = document.querySelector('article.story');
    let section = document.querySelector('section[data-live-updates]');
    if (!section && m.live && story) {
      section = el('section', { class: 'live-updates', id: 'live-updates', 'aria-labelledby': 'live-updates-title',
        'data-live-updates': true },
      el('h2', { id: 'live-updates-title' }, 'Live updates'),
      el('p', { class: 'empty-state', 'data-updates-empty': true }, 'No updates yet.'),
      el('div', { class: 'live-update-list', 'data-update-list': true, 'aria-live': 'polite' }));
      story.after(section);
    }
    if (section) {
      if (m.live) section.setAttribute('data-live', 'on');
      else section.removeAttribute('data-live');
      setLiveBadge(section.querySelector('#live-updates-title'), m.live);
    }
    setLiveBadge(story && story.querySelector('.story-meta'), m.live);
  }

  // ---------- the live stream: WebSocket first, SSE when WebSocket fails ----------

  class Live {
    constructor(base, page, sameOrigin, onFrame, onState) {
      this.base = base;
      this.page = page;
      this.sameOrigin = sameOrigin;
      this.onFrame = onFrame;
      this.onState = onState;    // (connected: boolean)
      this.lastId = null;        // last event_id seen: the resume point
      this.authToken = null;
      this.connection = null;
      this.attempt = 0;
      this.wsFailures = 0;
      this.useSse = !window.WebSocket;
      this.lastTyping = 0;
      this.stopped = true;
      this.open = false;
    }

    start() {
      if (!this.stopped) return;
      this.stopped = false;
      this.onOnline = () => { if (!this.open && !this.ws && !this.es) this.connectSoon(0); };
      window.addEventListener('online', this.onOnline);
      this.connect();
    }

    stop() {
      this.stopped = true;
      clearTimeout(this.timer);
      window.removeEventListener('online', this.onOnline);
      const ws = this.ws, es = this.es;
      this.ws = this.es = null;
      if (ws) ws.close();
      if (es) es.close();
      this.open = false;
    }

    url(scheme) {
      const q = new URLSearchParams({ page: this.page });
      if (this.lastId != null) q.set('last_event_id', String(this.lastId));
      return `${this.base.replace(/^http/, scheme)}/api/v1/live?${q}`;
    }

    connect() {
      if (this.stopped) return;
      if (this.useSse) this.openSse();
      else this.openWs();
    }

    openWs() {
      let ws;
      try { ws = new WebSocket(this.url('ws')); } catch { this.useSse = true; this.openSse(); return; }
      this.ws = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        this.wsFailures = 0;
        if (this.authToken) ws.send(JSON.stringify({ type: 'auth', author_token: this.authToken }));
      };
      ws.onmessage = (e) => this.frame(e.data);
      ws.onclose = () => {
        if (this.ws !== ws) return;
        this.ws = null;
        if (!opened && ++this.wsFailures >= 2 && window.EventSource) this.useSse = true;
        this.down();
      };
    }

    openSse() {
      if (!window.EventSource) return;
      const es = new EventSource(this.url('http'), { withCredentials: false });
      this.es = es;
      es.onmessage = (e) => this.frame(e.data);
      es.onerror = () => {
        // We resume ourselves (with backoff and last_event_id), not through EventSource's own retry.
        es.close();
        if (this.es !== es) return;
        this.es = null;
        this.down();
      };
    }

    frame(data) {
      let m;
      try { m = JSON.parse(data); } catch { return; }
      if (!m || typeof m !== 'object') return;
      if (m.type === 'hello') {
        this.connection = m.connection;
        this.attempt = 0;
        if (this.es && this.authToken) this.sseAuth();
        if (!this.open) { this.open = true; this.onState(true, m); }
      }
      if (typeof m.event_id === 'number' && m.type !== 'hello') {
        this.lastId = this.lastId == null ? m.event_id : Math.max(this.lastId, m.event_id);
      }
      this.onFrame(m);
      // With nothing else to resume from, hello's event_id is the resume point.
      if (m.type === 'hello' && typeof m.event_id === 'number' && this.lastId == null) this.lastId = m.event_id;
    }

    down() {
      if (this.open) { this.open = false; this.onState(false); }
      this.connectSoon(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt) * (0.5 + Math.random() / 2));
      this.attempt = Math.min(this.attempt + 1, 10);
    }

    connectSoon(ms) {
      clearTimeout(this.timer);
      if (!this.stopped) this.timer = setTimeout(() => this.connect(), ms);
    }

    auth(token) {
      this.authToken = token;
      if (token && this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify({ type: 'auth', author_token: token }));
      else if (token && this.es && this.connection) this.sseAuth();
    }

    // The auth frame, posted for the event stream. As JSON: the server takes no other body type,
    // so another site cannot post one without the CORS preflight that allowed_origins answers.
    sseAuth() {
      const q = new URLSearchParams({ page: this.page, connection: this.connection });
      fetch(`${this.base}/api/v1/live/auth?${q}`, {
        method: 'POST', mode: 'cors', credentials: this.sameOrigin ? 'same-origin' : 'omit',
        headers: Object.assign({ 'Content-Type': 'application/json' }, this.csrf && { 'X-CSRF-Token': this.csrf }),
        body: JSON.stringify({ type: 'auth', author_token: this.authToken }),
      }).catch(() => {});
    }

    typing() {
      const now = Date.now();
      if (now - this.lastTyping < TYPING_SEND_MS) return;
      if (this.ws && this.ws.readyState === 1) {
        this.lastTyping = now;
        this.ws.send('{"type":"typing"}');
      } else if (this.es && this.connection) {
        this.lastTyping = now;
        const q = new URLSearchParams({ page: this.page, connection: this.connection });
        fetch(`${this.base}/api/v1/live/typing?${q}`, {
          method: 'POST', mode: 'cors', credentials: this.sameOrigin ? 'same-origin' : 'omit', keepalive: true,
          headers: this.csrf ? { 'X-CSRF-Token': this.csrf } : {},
        }).catch(() => {});
      }
    }
  }

  // ---------- one discussion: the same markup on Tribune's pages and in the widget ----------

  class Discussion {
    /**
     * root: where to look (a section, or a widget's shadow root). section: the discussion element.
     * opts: { page, api, mode: 'page'|'widget', insert: 'auto'|'immediate'|'button', sort, limit, name }
     */
    constructor(root, section, opts) {
      this.root = root;
      this.section = section;
      this.page = opts.page;
      this.api = opts.api;
      this.mode = opts.mode;
      this.insertMode = opts.insert || 'auto';
      this.sort = opts.sort === 'newest' ? 'newest' : 'oldest';
      this.limit = opts.limit;
      this.name = opts.name || '';
      this.queue = [];            // new top-level comments from others, waiting behind the button
      this.stale = false;
      this.loaded = opts.mode === 'page';
      this.buffer = [];           // list events that arrived before the first load finished
      this.feedbackOf = new WeakMap();
      this.everOpen = false;
      this.live = new Live(opts.api.base, this.page, opts.api.sameOrigin, (m) => this.onFrame(m), (up, hello) => this.onLive(up, hello));
      this.live.authToken = opts.api.token();
      this.live.csrf = opts.api.csrf;
      if (opts.lastEventId != null) this.live.lastId = opts.lastEventId;
      this.formAction = (this.q('form.comment-form:not(.reply-form)') || {}).getAttribute?.('action') || null;
      this.closed = section.hasAttribute('data-closed');
      // Own comments get no Report control: those posted from this browser, and (on the page) the
      // ones the server rendered without one (approved or still pending).
      let ids = [];
      try { ids = JSON.parse(store.get(opts.api.mineKey) || '[]'); } catch { /* start afresh */ }
      this.mine = new Set(Array.isArray(ids) ? ids.map(String) : []);
      const rf = this.q('form.report-form[action]');
      if (this.mode === 'page') {
        this.reportBase = rf ? rf.getAttribute('action').replace(/[^/]*\/report$/, '')
          : this.formAction ? `${this.formAction}/` : `${this.page}/comments/`;
        for (const a of this.qa('article.comment')) {
          if (!a.querySelector(':scope > .report-box')) this.mine.add(a.dataset.id);
        }
        for (const f of this.qa('form.report-form')) f.append(' ', this.cancelButton());
      }
      this.installChrome();
      this.bind();
    }

    q(sel) { return this.root.querySelector(sel); }
    qa(sel) { return this.root.querySelectorAll(sel); }
    get list() { return this.q('ol.comment-list'); }

    /** Parts the server page does not have: the "Show N new comments" bar and the announcer. */
    installChrome() {
      this.newBar = this.q('.show-new');
      if (!this.newBar) {
        this.newBar = el('p', { class: 'show-new load-more', hidden: true }, el('button', { type: 'button', 'data-show-new': '' }));
        const list = this.list;
        list.parentNode.insertBefore(this.newBar, list);
      }
      this.announcer = hideVisually(el('div', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-announcer': '' }));
      this.section.append(this.announcer);
      // Stays in the page (empty when all is well) so screen readers hear it when its text appears.
      this.reconnecting = el('p', { class: 'reconnecting', role: 'status', 'aria-live': 'polite', 'data-reconnecting': '' });
      const at = this.q('[data-typing]') || this.list;
      at.parentNode.insertBefore(this.reconnecting, at);
    }

    bind() {
      this.onSubmit = (e) => this.submit(e);
      this.onClick = (e) => this.click(e);
      this.onInput = (e) => { if (e.target && e.target.tagName === 'TEXTAREA') this.live.typing(); };
      this.root.addEventListener('submit', this.onSubmit);
      this.root.addEventListener('click', this.onClick);
      this.root.addEventListener('input', this.onInput);
    }

    start() {
      this.live.start();
      this.clock = setInterval(() => refreshTimes(this.root), 60000);
      if (this.mode === 'widget') {
        // The page says whether its thread is closed; the widget asks, while the list loads.
        this.api.request('GET', `/policy/thread?${new URLSearchParams({ page: this.page })}`)
          .then((p) => { if (p && p.closed) this.close(p.closed_reason); }, () => {});
        // Live first, then the list: everything after hello's event_id reaches us, so nothing is missed.
        this.setStale(true);
        this.helloWait = setTimeout(() => this.firstLoad(), HELLO_WAIT_MS);
      }
    }

    /** Back from the back/forward cache: read-only until the replay is in (or a refetch). */
    resume() {
      this.setStale(true);
      this.showTyping(false);
      this.setReconnecting(true);
      clearTimeout(this.staleTimer);
      this.staleTimer = setTimeout(() => this.refetch(), STALE_REFETCH_MS);
      this.live.start();
    }

    stop() {
      this.live.stop();
      clearInterval(this.clock);
      clearTimeout(this.helloWait);
      clearTimeout(this.settle);
      clearTimeout(this.staleTimer);
      this.root.removeEventListener('submit', this.onSubmit);
      this.root.removeEventListener('click', this.onClick);
      this.root.removeEventListener('input', this.onInput);
    }

    // ----- live -----

    onLive(up, hello) {
      if (!up) {
        this.showTyping(false);  // typing holds only while the stream that said so is up
        if (this.everOpen) {
          this.setStale(true);
          this.setReconnecting(true);
          clearTimeout(this.staleTimer);
          this.staleTimer = setTimeout(() => this.refetch(), STALE_REFETCH_MS);
        }
        return;
      }
      clearTimeout(this.staleTimer);
      const first = !this.everOpen;
      this.everOpen = true;
      if (first && this.mode === 'widget' && !this.loaded) {
        clearTimeout(this.helloWait);
        this.firstLoad();
        return;
      }
      if (first) return;
      // A reconnect: stay read-only until the replay (or a refetch after "reset") is done.
      this.catchTarget = hello && typeof hello.event_id === 'number' ? hello.event_id : null;
      const seen = this.live.lastId;
      if (this.catchTarget == null || (seen != null && seen >= this.catchTarget)) this.caughtUp();
      else this.armSettle();
    }

    armSettle() {
      clearTimeout(this.settle);
      this.settle = setTimeout(() => this.caughtUp(), SETTLE_MS);
    }

    caughtUp() {
      clearTimeout(this.settle);
      this.catchTarget = null;
      if (!this.refetching && this.loaded) this.setStale(false);
    }

    onFrame(m) {
      switch (m.type) {
        case 'presence': this.setActive(m.active); return;
        case 'typing': this.showTyping(!!m.typing); return;
        case 'error': return;
        case 'hello': return;
        case 'reset': this.refetch(); return;
        default: break;
      }
      if (!this.loaded) { this.buffer.push(m); return; }
      this.apply(m);
      if (this.catchTarget != null) {
        if (typeof m.event_id === 'number' && m.event_id >= this.catchTarget) this.caughtUp();
        else this.armSettle();
      }
    }

    apply(m) {
      switch (m.type) {
        case 'comment.created':
        case 'comment.updated': if (m.comment) this.upsert(m.comment, false); break;
        case 'comment.deleted': this.remove(String(m.id)); break;
        case 'count': this.setCount(m.total); break;
        case 'live_update': if (this.mode === 'page') applyLiveUpdate(m); break;
        case 'live_coverage': if (this.mode === 'page') applyLiveCoverage(m); break;
        default: break;
      }
    }

    setActive(n) {
      const a = this.q('[data-active]');
      if (a) a.textContent = n == null ? '0' : String(n);
    }

    /** The server says typing:true once and typing:false when it expires, so it shows until then. */
    showTyping(on) {
      const t = this.q('[data-typing]');
      if (t) t.hidden = !on;
    }

    setCount(total) {
      if (typeof total !== 'number') return;
      this.total = total;
      const c = this.q('[data-count]');
      if (c) c.textContent = String(total);
      const label = this.q('[data-count-label]');
      if (label) label.textContent = total > 0 ? STRINGS.commentsN(total) : STRINGS.comments;
      if (this.mode === 'page') {
        for (const a of document.querySelectorAll('[data-count-link]')) a.textContent = STRINGS.commentsN(total);
      }
    }

    setStale(on) {
      this.stale = on;
      this.section.toggleAttribute('data-stale', on);
      this.section.setAttribute('aria-busy', on ? 'true' : 'false');
      for (const b of this.qa('form:not(.signin-form) button[type="submit"]')) b.disabled = on;
      if (!on) this.setReconnecting(this.everOpen && !this.live.open);
    }

    /** "Reconnecting…" while the stream is down or catching up; empty once caught up. */
    setReconnecting(on) {
      const text = on ? STRINGS.reconnecting : '';
      if (this.reconnecting.textContent !== text) this.reconnecting.textContent = text;
    }

    announce(text) {
      this.announcer.textContent = '';
      setTimeout(() => { this.announcer.textContent = text; }, 50);
    }

    // ----- the DOM of comments (same markup as src/render) -----

    find(id) {
      return this.q(`article.comment[data-id="${CSS.escape(String(id))}"]`);
    }

    fill(art, c, mine) {
      const keep = art.querySelector(':scope > .report-box, :scope > .report-done');  // keeps a half-typed report
      art.className = `comment${c.parent_id ? ' is-reply' : ''} status-${c.status}${mine ? ' is-new' : ''}`;
      art.id = `comment-${c.id}`;
      art.dataset.id = c.id;
      art.dataset.status = c.status;
      art.replaceChildren();
      if (c.status === 'deleted') {
        art.append(el('p', { class: 'comment-text tombstone' }, STRINGS.deleted));
        return art;
      }
      const meta = el('header', { class: 'comment-meta' }, el('span', { class: 'comment-author' }, shownName(c.author && c.author.name)),
        ...accountMarks(c.author && c.author.badge, c.author && c.author.verified));
      if (isStaff(c)) meta.append(' ', el('span', { class: 'badge badge-staff' }, STRINGS.moderator));
      if (c.featured) meta.append(' ', el('span', { class: 'badge badge-featured' }, STRINGS.featured));
      meta.append(' ', timeEl(c.created_at));
      if (c.edited || c.edited_at) {
        const at = Date.parse(c.edited_at);
        meta.append(' ', el('span', { class: 'edited', title: isNaN(at) ? null : STRINGS.editedAt(exactTime(at)) }, STRINGS.edited));
      }
      art.append(meta, el('p', { class: 'comment-text' }, c.text));
      if (c.status === 'pending') {
        art.append(el('p', { class: 'pending-notice' }, STRINGS.pending));
        this.mine.add(c.id);  // readers see only their own pending comments
      }
      if (c.status === 'approved' && !this.mine.has(c.id)) art.append(keep || this.reportBox(c.id));
      return art;
    }

    own(id) {
      this.mine.add(id);
      store.set(this.api.mineKey, JSON.stringify([...this.mine].slice(-MINE_MAX)));
    }

    csrfField() {
      return this.api.csrf && el('input', { type: 'hidden', name: 'csrf_token', value: this.api.csrf });
    }

    cancelButton() {
      return el('button', { type: 'button', class: 'link-button', 'data-report-cancel': '' }, STRINGS.cancel);
    }

    /** The same control as the server's: a reason, then Send or Cancel. */
    reportBox(id) {
      const fid = `report-reason-${id}`;
      return el('details', { class: 'report-box' }, el('summary', null, STRINGS.report),
        el('form', { class: 'report-form', method: 'post', action: this.reportBase && `${this.reportBase}${encodeURIComponent(id)}/report` },
          this.csrfField(),
          el('label', { for: fid }, STRINGS.reportWhy),
          el('input', { id: fid, name: 'reason', type: 'text', required: true, maxlength: 500, placeholder: STRINGS.reportHint }),
          el('button', { type: 'submit', disabled: this.stale }, STRINGS.sendReport), ' ', this.cancelButton()));
    }

    commentEl(c, mine) { return this.fill(el('article'), c, mine); }

    form(parentId) {
      const fid = parentId ? `reply-text-${parentId}` : 'comment-text';
      const f = el('form', { class: parentId ? 'comment-form reply-form' : 'comment-form', method: 'post', action: this.formAction },
        el('input', { type: 'hidden', name: 'author_name', value: this.name }), this.csrfField());
      if (parentId) f.append(el('input', { type: 'hidden', name: 'parent_id', value: parentId }));
      f.append(el('label', { for: fid }, parentId ? STRINGS.yourReply : STRINGS.yourComment),
        el('textarea', { id: fid, name: 'text', rows: 4, required: true, maxlength: 10000, placeholder: STRINGS.placeholder }),
        this.mailFields(parentId ? `reply-email-${parentId}` : 'comment-email'),
        el('button', { type: 'submit', disabled: this.stale }, STRINGS.post));
      return f;
    }

    /** The optional address (never shown, never filled in) and what to mail about it. */
    mailFields(id) {
      const ask = (name, text) => el('label', { class: 'mail-ask' }, el('input', { type: 'checkbox', name, value: '1' }), ` ${text}`);
      return el('fieldset', { class: 'mail-asks' }, el('legend', null, STRINGS.mailLegend),
        el('label', { for: id }, STRINGS.email),
        el('input', { id, name: 'author_email', type: 'email', maxlength: 254, autocomplete: 'email', inputmode: 'email' }),
        ask('notify_replies', STRINGS.notifyReplies), ask('notify_approval', STRINGS.notifyApproval));
    }

    moreControl(kind, cursor, parentId) {
      const label = kind === 'replies' ? STRINGS.loadMoreReplies : STRINGS.loadMoreComments;
      if (this.mode === 'page' && this.formAction) {
        const base = this.formAction.replace(/\/comments$/, '');
        const href = kind === 'replies'
          ? `${base}/comments/${encodeURIComponent(parentId)}?cursor=${encodeURIComponent(cursor)}`
          : `${base}?cursor=${encodeURIComponent(cursor)}#comments`;
        return el('p', { class: 'load-more' }, el('a', { href }, label));
      }
      return el('p', { class: 'load-more' }, el('button', { type: 'button', class: 'link-button', 'data-more': kind, 'data-cursor': cursor }, label));
    }

    replyItem(c, mine) { return el('li', null, this.commentEl(c, mine)); }

    threadItem(c, mine) {
      const li = el('li', { class: 'thread-item' }, this.commentEl(c, mine));
      const replies = el('ol', { class: 'replies' });
      for (const r of c.replies || []) if (visible(r)) replies.append(this.replyItem(r));
      li.append(replies);
      if (c.replies_next_cursor) li.append(this.moreControl('replies', c.replies_next_cursor, c.id));
      if (c.status !== 'deleted' && !this.closed) li.append(this.replyBox(c.id));
      return li;
    }

    replyBox(id) {
      return el('details', { class: 'reply-box' }, el('summary', null, STRINGS.reply), this.form(id));
    }

    updateEmpty() {
      const has = !!this.q('ol.comment-list > li');
      let empty = this.q('[data-empty]');
      if (!empty && !has && this.mode === 'page' && !this.q('.first-comments')) {
        empty = el('p', { class: 'empty-state', 'data-empty': '' }, STRINGS.empty);
        this.list.parentNode.insertBefore(empty, this.list);
      }
      if (empty) empty.hidden = has;
    }

    topCount() { return this.list.children.length; }

    appendTop(li) {
      if (this.sort === 'newest') this.list.prepend(li);
      else this.list.append(li);
    }

    /** A comment from the live stream, a refetch or our own post: update it, or put it where it goes. */
    upsert(c, mine) {
      if (!c || c.id == null) return;
      c.id = String(c.id);
      if (c.parent_id != null) c.parent_id = String(c.parent_id);
      if (!visible(c)) { this.remove(c.id); return; }
      const art = this.find(c.id);
      if (art) {
        const wasPending = art.dataset.status === 'pending';
        this.fill(art, c, mine || art.classList.contains('is-new'));
        if (c.status === 'deleted') art.parentElement.querySelector(':scope > details.reply-box')?.remove();
        if (wasPending && c.status === 'approved') art.classList.add('is-new');
        return;
      }
      const queued = this.queue.findIndex((x) => x.id === c.id);
      if (queued >= 0) { if (c.status === 'deleted') this.queue.splice(queued, 1); else this.queue[queued] = c; this.updateBar(); return; }
      if (c.status === 'deleted') return;  // a tombstone of something we never showed
      if (c.parent_id) { this.insertReply(c, mine); return; }
      if (mine || this.insertMode === 'immediate' || (this.insertMode === 'auto' && this.topCount() < BUSY_THRESHOLD && !this.queue.length)) {
        this.appendTop(this.threadItem(c, mine));
        this.updateEmpty();
        if (!mine) this.announce(STRINGS.announceFrom(shownName(c.author && c.author.name)));
        return;
      }
      this.queue.push(c);
      this.updateBar();
      this.announce(STRINGS.announceNew(this.queue.length));
    }

    insertReply(c, mine) {
      const queuedParent = this.queue.find((x) => x.id === c.parent_id);
      if (queuedParent) {
        const rs = (queuedParent.replies = (queuedParent.replies || []).filter((r) => String(r.id) !== c.id));
        rs.push(c);
        return;
      }
      const parent = this.find(c.parent_id);
      const item = parent && parent.closest('li.thread-item');
      const replies = item && item.querySelector(':scope > ol.replies');
      if (!replies) return;  // its comment is not on this page
      replies.append(this.replyItem(c, mine));
      if (!mine) this.announce(STRINGS.announceReply(shownName(c.author && c.author.name)));
    }

    remove(id) {
      const q = this.queue.findIndex((x) => x.id === id);
      if (q >= 0) { this.queue.splice(q, 1); this.updateBar(); }
      const art = this.find(id);
      if (!art) return;
      const li = art.closest('li');
      const replies = li && li.classList.contains('thread-item') && li.querySelector(':scope > ol.replies');
      if (replies && replies.children.length) {
        this.fill(art, { id, parent_id: null, status: 'deleted' });
        li.querySelector(':scope > details.reply-box')?.remove();
      } else if (li) {
        li.remove();
      } else {
        art.remove();
      }
      this.updateEmpty();
    }

    updateBar() {
      const n = this.queue.length;
      this.newBar.hidden = n === 0;
      this.newBar.querySelector('button').textContent = STRINGS.showNew(n);
    }

    showQueued() {
      const items = this.queue.splice(0).map((c) => this.threadItem(c));
      for (const li of items) this.appendTop(li);
      this.updateBar();
      this.updateEmpty();
      if (items.length) {
        const first = items[this.sort === 'newest' ? items.length - 1 : 0].querySelector('article');
        first.tabIndex = -1;
        first.focus();
        this.announce(STRINGS.announceNew(items.length));
      }
    }

    // ----- loading -----

    setLoading(on) {
      const l = this.q('.loader');
      if (l) l.hidden = !on;
    }

    listQuery(extra) {
      const q = new URLSearchParams({ page: this.page });
      if (this.sort === 'newest') q.set('sort', 'newest');
      if (this.limit) q.set('limit', this.limit);
      for (const k of Object.keys(extra || {})) q.set(k, extra[k]);
      return q;
    }

    async firstLoad() {
      if (this.loading) { this.loadAgain = true; return; }
      this.loading = true;
      this.setLoading(true);
      this.q('[data-load-error]')?.remove();
      try {
        const before = this.before;  // the widget's sign-in, so the list is the signed-in reader's
        this.before = null;
        if (before) await before;
        const data = await this.api.request('GET', `/comments?${this.listQuery()}`);
        if (this.signin) this.signin.policy(data.sign_in_required === true);
        this.list.replaceChildren(...(data.comments || []).filter(visible).map((c) => this.threadItem(c)));
        this.setCount(data.total);
        this.setMore(data.next_cursor);
        this.loaded = true;
        for (const m of this.buffer.splice(0)) this.apply(m);
        this.updateEmpty();
        this.setStale(false);
      } catch (e) {
        const retry = el('button', { type: 'button', 'data-retry': '' }, STRINGS.retry);
        this.list.parentNode.insertBefore(el('div', { class: 'feedback feedback-error', role: 'alert', 'data-load-error': '' },
          el('p', null, STRINGS.loadFailed), el('p', null, retry)), this.list);
      } finally {
        this.loading = false;
        this.setLoading(false);
        if (this.loadAgain) { this.loadAgain = false; this.reload(); }
      }
    }

    /** The reader signed in or out: the thread again, as they now see it (own pending comments, names). */
    reload() {
      this.queue = [];
      this.updateBar();
      this.loaded = false;  // live events wait in the buffer meanwhile
      this.setStale(true);
      this.firstLoad();
    }

    setMore(cursor) {
      let p = this.q('[data-more="comments"]');
      p = p && p.closest('p');
      if (!cursor) { if (p) p.hidden = true; return; }
      if (!p) {
        p = this.moreControl('comments', cursor);
        this.list.after(p);
      }
      p.hidden = false;
      p.querySelector('[data-more]').dataset.cursor = cursor;
    }

    /** After "reset" or a long outage: merge the newest comments in, then allow replies again. */
    async refetch() {
      if (this.refetching) return;
      if (!this.loaded) { this.firstLoad(); return; }
      this.refetching = true;
      this.setStale(true);
      clearTimeout(this.settle);
      clearTimeout(this.staleTimer);
      try {
        const data = await this.api.request('GET', `/comments?${new URLSearchParams({ page: this.page, sort: 'newest' })}`);
        if (this.signin) this.signin.policy(data.sign_in_required === true);
        for (const c of (data.comments || []).slice().reverse()) {
          this.upsert(c, false);
          for (const r of c.replies || []) this.upsert(r, false);
        }
        this.setCount(data.total);
        this.catchTarget = null;
        this.refetching = false;
        this.setStale(false);
      } catch {
        this.refetching = false;
        this.staleTimer = setTimeout(() => this.refetch(), STALE_REFETCH_MS);
      }
    }

    // ----- clicks: load more, show new -----

    click(e) {
      const t = e.target instanceof Element ? e.target : null;
      if (!t) return;
      if (t.closest('[data-show-new]')) { this.showQueued(); return; }
      if (t.closest('[data-retry]')) { this.firstLoad(); return; }
      const cancel = t.closest('[data-report-cancel]');
      if (cancel) {
        const box = cancel.closest('details');
        box.open = false;
        box.querySelector('summary').focus();
        return;
      }
      const more = t.closest('.load-more a, [data-more]');
      if (!more || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      this.loadMore(more);
    }

    async loadMore(ctl) {
      if (ctl.dataset.busy) return;
      const item = ctl.closest('li.thread-item');
      let cursor = ctl.dataset.cursor;
      let limit = null;
      if (!cursor && ctl.href) {
        const u = new URL(ctl.href, location.href);
        cursor = u.searchParams.get('cursor');
        limit = u.searchParams.get('limit');
      }
      if (!cursor) { if (ctl.href) location.assign(ctl.href); return; }
      ctl.dataset.busy = '1';
      ctl.setAttribute('aria-busy', 'true');
      this.setLoading(true);
      try {
        if (item) {
          const parentId = item.querySelector(':scope > article.comment').dataset.id;
          const q = new URLSearchParams({ cursor });
          if (limit) q.set('limit', limit);
          const data = await this.api.request('GET', `/comments/${encodeURIComponent(parentId)}/replies?${q}`);
          const replies = item.querySelector(':scope > ol.replies');
          for (const c of data.comments || []) if (visible(c) && !this.find(c.id)) replies.append(this.replyItem(c));
          this.nextCursor(ctl, data.next_cursor);
          replies.lastElementChild?.querySelector('article')?.setAttribute('tabindex', '-1');
        } else {
          const extra = { cursor };
          if (limit) extra.limit = limit;
          const data = await this.api.request('GET', `/comments?${this.listQuery(extra)}`);
          const before = this.list.lastElementChild;
          for (const c of data.comments || []) {
            if (!visible(c)) continue;
            if (this.find(c.id)) { this.upsert(c, false); continue; }
            this.list.append(this.threadItem(c));
          }
          if (typeof data.total === 'number') this.setCount(data.total);
          this.nextCursor(ctl, data.next_cursor);
          const first = before ? before.nextElementSibling : this.list.firstElementChild;
          const art = first && first.querySelector('article');
          if (art) { art.tabIndex = -1; art.focus(); }
        }
      } catch {
        if (ctl.href) { location.assign(ctl.href); return; }
      } finally {
        delete ctl.dataset.busy;
        ctl.removeAttribute('aria-busy');
        this.setLoading(false);
      }
    }

    nextCursor(ctl, cursor) {
      const p = ctl.closest('p.load-more') || ctl;
      if (!cursor) { if (this.mode === 'page') p.remove(); else p.hidden = true; return; }
      if (ctl.dataset.cursor !== undefined) ctl.dataset.cursor = cursor;
      if (ctl.href) {
        const u = new URL(ctl.href, location.href);
        u.searchParams.set('cursor', cursor);
        ctl.setAttribute('href', u.pathname + u.search + u.hash);
      }
    }

    // ----- forms -----

    submit(e) {
      const form = e.target;
      if (!(form instanceof HTMLFormElement)) return;
      if (form.classList.contains('name-form')) { e.preventDefault(); this.setName(form); return; }
      if (form.classList.contains('report-form')) { e.preventDefault(); if (!form.dataset.busy) this.report(form); return; }
      if (!form.classList.contains('comment-form')) return;
      e.preventDefault();
      if (this.stale || form.dataset.busy) return;
      this.post(form);
    }

    showFeedback(form, ok, detail) {
      this.feedbackOf.get(form)?.remove();
      if (!this.cleared) {  // the server's own feedback from a post without scripts
        this.cleared = true;
        for (const f of this.qa('.feedback:not([data-load-error])')) f.remove();
      }
      const box = el('div', { class: `feedback ${ok ? 'feedback-ok' : 'feedback-error'}`, role: ok ? 'status' : 'alert' },
        el('p', null, ok ? STRINGS.thanks : STRINGS.oops));
      if (!ok && detail) box.append(el('p', { class: 'feedback-detail' }, detail));
      const anchor = form.closest('details.reply-box') || form;
      anchor.parentNode.insertBefore(box, anchor);
      this.feedbackOf.set(form, box);
    }

    async post(form) {
      const text = form.elements.text ? form.elements.text.value : '';
      const parent = form.elements.parent_id ? form.elements.parent_id.value : '';
      const nameField = form.elements.author_name;
      const body = { page: this.page, text, author_name: this.mode === 'page' && nameField ? nameField.value : this.name };
      if (this.api.signedIn()) delete body.author_name;  // the account's name is the one shown
      if (parent) body.parent_id = parent;
      // The mail asks are sent only when the form has them (a page from an older server may not).
      const email = form.elements.author_email;
      if (email && email.value.trim()) body.author_email = email.value.trim();
      for (const ask of ['notify_replies', 'notify_approval']) {
        if (form.elements[ask] && form.elements[ask].checked) body[ask] = true;
      }
      const button = form.querySelector('button[type="submit"]');
      form.dataset.busy = '1';
      form.setAttribute('aria-busy', 'true');
      if (button) button.disabled = true;
      let r;
      try {
        r = await this.api.request('POST', '/comments', body);
      } catch (err) {
        this.idle(form, button);
        // On Tribune's own pages anything but a clear refusal falls back to the plain form post.
        if (this.mode === 'page' && !err.problem && form.getAttribute('action')) { HTMLFormElement.prototype.submit.call(form); return; }
        // Refused (banned, too fast, invalid): say why and keep the text. Closed: no more forms.
        this.showFeedback(form, false, problemText(err.problem));
        if (err.status === 401 && this.signin) this.signin.policy(true);  // "Sign in to comment": the prompt instead
        if (err.status === 409) {
          const box = this.feedbackOf.get(form);
          box.tabIndex = -1;
          box.focus();
          this.close(err.problem && err.problem.detail);
        }
        return;
      }
      this.idle(form, button);
      if (r && r.author_token) {
        this.api.setToken(r.author_token);
        this.live.auth(r.author_token);
      }
      this.showFeedback(form, true);
      form.elements.text.value = '';
      if (r && r.comment) {
        this.own(String(r.comment.id));
        this.upsert(r.comment, true);
      }
      this.updateEmpty();
    }

    /** Sends a report; "already reported" (409) is success too. */
    async report(form) {
      const art = form.closest('article.comment');
      const button = form.querySelector('button[type="submit"]');
      form.dataset.busy = '1';
      form.setAttribute('aria-busy', 'true');
      if (button) button.disabled = true;
      try {
        await this.api.request('POST', `/comments/${encodeURIComponent(art.dataset.id)}/reports`, { reason: form.elements.reason.value });
      } catch (err) {
        this.idle(form, button);
        if (err.status !== 409) {
          if (this.mode === 'page' && !err.problem && form.getAttribute('action')) { HTMLFormElement.prototype.submit.call(form); return; }
          const text = problemText(err.problem) || STRINGS.oops;
          let msg = form.querySelector('.report-error');
          if (!msg) {
            msg = el('p', { class: 'report-error', id: `report-error-${art.dataset.id}` });
            form.append(msg);
            form.elements.reason.setAttribute('aria-describedby', msg.id);
          }
          msg.textContent = text;
          this.announce(text);
          return;
        }
      }
      const done = el('p', { class: 'report-done', tabindex: '-1' }, STRINGS.reported);
      form.closest('.report-box').replaceWith(done);
      done.focus();
      this.announce(STRINGS.reported);
    }

    /** A closed thread: its reason instead of the name and comment forms, and no Reply. */
    close(reason) {
      this.closed = true;
      this.section.setAttribute('data-closed', '');
      for (const n of this.qa('.identity, form.comment-form, details.reply-box')) n.hidden = true;
      let p = this.q('p.comments-closed');
      if (!p) {
        p = el('p', { class: 'comments-closed', 'data-closed': '' });
        const at = this.q('[data-typing]') || this.list;
        at.parentNode.insertBefore(p, at);
      }
      p.textContent = reason || STRINGS.closed;
    }

    idle(form, button) {
      delete form.dataset.busy;
      form.removeAttribute('aria-busy');
      if (button) button.disabled = this.stale;
    }

    async setName(form) {
      const input = form.elements.author_name;
      const name = (input ? input.value : '').trim().slice(0, NAME_MAX);
      if (this.mode === 'page') {
        try {
          const res = await fetch(form.action, {
            method: 'POST', credentials: 'same-origin', redirect: 'manual',
            headers: Object.assign({ 'Content-Type': 'application/x-www-form-urlencoded' }, this.api.csrf && { 'X-CSRF-Token': this.api.csrf }),
            body: new URLSearchParams(new FormData(form)),
          });
          if (!(res.type === 'opaqueredirect' || res.ok)) throw new Error(`HTTP ${res.status}`);
        } catch {
          HTMLFormElement.prototype.submit.call(form);
          return;
        }
      } else {
        store.set(this.api.nameKey, name || null);
      }
      this.name = name;
      for (const h of this.qa('form.comment-form input[name="author_name"]')) h.value = name;
      const shown = this.q('.display-name');
      if (shown) shown.textContent = shownName(name);
      this.announce(STRINGS.nameSet(shownName(name)));
    }
  }

  // ---------- the widget's sign-in: the host's SSO token, an email link, an OpenID Connect popup ----------

  class SignIn {
    /** d: the widget's Discussion. holder: its div.account, filled here. */
    constructor(d, holder) {
      this.d = d;
      this.api = d.api;
      this.account = d.api.account;
      this.required = false;  // the thread takes comments from signed-in readers only
      this.options = null;    // GET /sign-in/options
      this.popup = null;
      this.build(holder);
      this.onAccount = () => this.changed();
      this.onMessage = (e) => this.message(e);
      this.account.subs.add(this.onAccount);
      window.addEventListener('message', this.onMessage);
    }

    stop() {
      this.account.subs.delete(this.onAccount);
      window.removeEventListener('message', this.onMessage);
    }

    build(holder) {
      this.who = el('strong', { class: 'account-name' });
      this.marks = el('span', { class: 'account-marks' });
      this.line = el('p', { class: 'signed-in', tabindex: '-1', hidden: true }, STRINGS.signedInAs, this.who, this.marks, ' ',
        el('button', { type: 'button', class: 'link-button', 'data-signout': '' }, STRINGS.signOut));
      this.toggle = el('button', { type: 'button', class: 'signin-toggle', 'data-signin-toggle': '', 'aria-expanded': 'false', 'aria-controls': 'signin-panel' }, STRINGS.signIn);
      this.emailForm = el('form', { class: 'signin-form', hidden: true },
        el('label', { for: 'signin-email' }, STRINGS.signInEmail),
        el('input', { id: 'signin-email', name: 'email', type: 'email', required: true, maxlength: 254, autocomplete: 'email', inputmode: 'email' }),
        el('button', { type: 'submit' }, STRINGS.emailMeLink));
      this.sent = el('p', { class: 'signin-sent', role: 'status' });
      this.providers = el('p', { class: 'signin-providers' });
      this.panel = el('div', { id: 'signin-panel', class: 'signin-panel', role: 'group', 'aria-label': STRINGS.signIn, hidden: true },
        this.emailForm, this.sent, this.providers);
      this.box = el('div', { class: 'signin', hidden: true }, this.toggle, this.panel);
      this.error = el('p', { class: 'signin-error', role: 'alert' });
      holder.append(this.line, el('p', { class: 'signin-required' }, STRINGS.signInToComment), this.box, this.error);
      holder.addEventListener('click', (e) => this.click(e));
      holder.addEventListener('submit', (e) => {
        if (e.target !== this.emailForm) return;
        e.preventDefault();
        this.sendLink();
      });
      holder.addEventListener('keydown', (e) => {
        if (e.key !== 'Escape' || this.panel.hidden || !this.panel.contains(e.target)) return;
        this.open(false);
        this.toggle.focus();
      });
    }

    /**
     * Before the first list load: who the reader is. With the host's sso-token, that token's session
     * (kept from before when the same token made it, else exchanged at POST /sso); without one, a
     * session from an SSO token ends (the host signed its visitor out), and an email link's
     * hand-off code in the hash is exchanged. Never rejects.
     */
    async start(ssoToken) {
      const acc = this.account;
      try {
        if (ssoToken) {
          const fp = fingerprint(ssoToken);
          if (!(acc.token && acc.sso === fp && await this.whoAmI())) {
            // Refused: whoever was signed in before is not who the host page says now.
            try { await this.exchange('/sso', { token: ssoToken }, fp); } catch (err) { await this.endSession(); throw err; }
          }
        } else {
          if (acc.token && acc.sso) await this.endSession();
          const code = takeHandoffCode();
          if (code) {
            await this.exchange('/sign-in/handoff', { code, verifier: handoffVerifier(this.api.base, false) }, null);
            forgetVerifier(this.api.base);
          }
          else if (acc.token && !acc.user) await this.whoAmI();
        }
      } catch (err) {
        this.fail(err);
      }
      this.render();
      if (!acc.token) this.loadOptions();
    }

    /** GET /me: the signed-in reader's name and badge. False when the session is gone. */
    async whoAmI() {
      const token = this.account.token;
      try {
        const data = await this.api.request('GET', '/me', undefined, { bearer: token });
        if (this.account.token !== token || !data || !data.user) return false;
        this.account.user = data.user;
        return true;
      } catch (err) {
        if (err.status === 401 && this.account.token === token) this.account.clear();
        return !!this.account.token && err.status !== 401;  // a network error keeps the session
      }
    }

    /** A sign-in exchange (SSO token or hand-off code) for a session; the session it replaces ends. */
    async exchange(path, body, sso) {
      const data = await this.api.request('POST', path, body, { bearer: false });
      if (!data || typeof data.session_token !== 'string' || !SESSION_TOKEN.test(data.session_token)) {
        throw Object.assign(new Error('no session token'), { status: 0, problem: null });
      }
      const old = this.account.token;
      this.account.set(data.session_token, data.user, sso);
      this.say('');
      if (old && old !== data.session_token) this.api.request('DELETE', '/session', undefined, { bearer: old }).catch(() => {});
      await this.claim();
    }

    /** Comments this browser wrote anonymously become the account's, once: the author token is then dropped. */
    async claim() {
      const authorToken = this.api.token();
      if (!authorToken) return;
      try {
        await this.api.request('POST', '/me/claims', { author_token: authorToken });
        store.set(this.api.tokenKey, null);
      } catch { /* kept, to claim at the next sign-in */ }
    }

    async endSession() {
      const token = this.account.token;
      if (!token) return;
      this.account.clear();
      try { await this.api.request('DELETE', '/session', undefined, { bearer: token }); } catch { /* it ends when it expires */ }
    }

    /** GET /sign-in/options once (again after a failure): the "Sign in" button and what its panel offers. */
    loadOptions() {
      if (!this.optionsAsked) this.optionsAsked = this.fetchOptions().then((ok) => { if (!ok) this.optionsAsked = null; });
      return this.optionsAsked;
    }

    async fetchOptions() {
      let o = null;
      try { o = await this.api.request('GET', '/sign-in/options', undefined, { bearer: false }); } catch { /* none offered for now */ }
      if (!o || typeof o !== 'object') return false;
      const providers = (Array.isArray(o.providers) ? o.providers : []).filter((p) => p && typeof p.start_url === 'string' &&
        typeof p.label === 'string').slice(0, 10);
      // Without WebCrypto (a plain-http host page) a sign-in could not come back here: only SSO,
      // which the host page does itself, is offered.
      const bindable = canBindSignIn();
      this.options = { email: bindable && o.email_link === true, providers: bindable ? providers : [] };
      this.emailForm.hidden = !this.options.email;
      this.providers.replaceChildren(...this.options.providers.flatMap((p, i) => [i ? ' ' : '',
        el('button', { type: 'button', 'data-provider': i }, STRINGS.signInWith(p.label.slice(0, 80)))]));
      this.providers.hidden = !this.options.providers.length;
      this.render();
      return true;
    }

    /** The thread's rule, from each list answer (and a post refused with 401). */
    policy(required) {
      if (this.required === required) return;
      this.required = required;
      this.render();
    }

    render() {
      const signedIn = !!this.account.token;
      const s = this.d.section;
      s.toggleAttribute('data-signed-in', signedIn);
      s.toggleAttribute('data-must-sign-in', this.required && !signedIn);
      this.line.hidden = !signedIn;
      if (signedIn) {
        const u = this.account.user || {};
        this.who.textContent = shownName(typeof u.name === 'string' ? u.name : '');
        this.marks.replaceChildren(...accountMarks(u.badge, u.email_verified));
      }
      const o = this.options;
      this.box.hidden = signedIn || !o || !(o.email || o.providers.length);
      if (this.box.hidden) this.open(false);
    }

    open(on) {
      this.panel.hidden = !on;
      this.toggle.setAttribute('aria-expanded', String(on));
      if (!on) return;
      // Ready before a provider button is pressed: the popup must open within the click.
      handoffChallenge(this.api.base).then((c) => { this.challenge = c; }, () => { this.challenge = null; });
      this.sent.textContent = '';
      const first = this.emailForm.hidden ? this.providers.querySelector('button') : this.emailForm.elements.email;
      if (first) first.focus();
    }

    say(text) { this.error.textContent = text; }

    fail(err) {
      const why = problemText(err && err.problem);
      this.say(why ? `${STRINGS.signInFailed}: ${why}` : STRINGS.signInFailed);
    }

    /** Someone signed in or out (here or in another widget of this server): show it, reload the thread. */
    changed() {
      this.render();
      if (this.account.token) this.say('');
      else this.loadOptions();
      if (this.d.loaded || this.d.loading) this.d.reload();
    }

    click(e) {
      const t = e.target instanceof Element ? e.target : null;
      if (!t) return;
      if (t.closest('[data-signin-toggle]')) { this.open(this.panel.hidden); return; }
      if (t.closest('[data-signout]')) { this.signOut(); return; }
      const p = t.closest('[data-provider]');
      if (p) this.openProvider(p.dataset.provider);
    }

    async sendLink() {
      const f = this.emailForm;
      const email = f.elements.email.value.trim();
      if (!email || f.dataset.busy) return;
      const button = f.querySelector('button');
      f.dataset.busy = '1';
      button.disabled = true;
      this.say('');
      this.sent.textContent = '';
      try {
        const challenge = await handoffChallenge(this.api.base);
        const body = { email, return_to: hereWithoutHash() };
        if (challenge) body.handoff_challenge = challenge;
        await this.api.request('POST', '/login-links', body, { bearer: false });
        this.sent.textContent = STRINGS.checkInbox(email);
      } catch (err) {
        this.fail(err);
      } finally {
        delete f.dataset.busy;
        button.disabled = false;
      }
    }

    /** The provider's sign-in in a popup (not a navigation: the page and what the reader typed stay). */
    openProvider(index) {
      const p = this.options && this.options.providers[Number(index)];
      if (!p) return;
      let url;
      try { url = new URL(p.start_url, this.api.base); } catch { return; }
      if (url.origin !== this.api.base) return;  // only Tribune's own start page
      url.searchParams.set('mode', 'popup');
      url.searchParams.set('return_to', hereWithoutHash());
      // Made when the panel opened (a popup must open within the click, with nothing awaited).
      if (!this.challenge) { this.say(STRINGS.tryAgain); return; }
      url.searchParams.set('handoff_challenge', this.challenge);
      this.say('');
      this.popup = window.open(url.href, 'tribune-signin', 'popup,width=520,height=680');
      if (!this.popup) this.say(STRINGS.popupBlocked);
    }

    /** The popup's last page posts {type:"tribune:signin",code} to this page, from Tribune's origin. */
    message(e) {
      const m = e.data;
      if (e.origin !== this.api.base || !this.popup || e.source !== this.popup) return;
      if (!m || typeof m !== 'object' || m.type !== 'tribune:signin' || typeof m.code !== 'string' || !HANDOFF_CODE.test(m.code)) return;
      this.popup = null;
      this.signInWith('/sign-in/handoff', { code: m.code, verifier: handoffVerifier(this.api.base, false) })
        .then((ok) => { if (ok) forgetVerifier(this.api.base); });
    }

    /** True when signed in. */
    async signInWith(path, body) {
      try {
        await this.exchange(path, body, null);
      } catch (err) {
        this.fail(err);
        return false;
      }
      this.account.changed();
      const name = this.account.user && this.account.user.name;
      this.d.announce(STRINGS.signedInNow(shownName(name)));
      if (this.d.root.activeElement === null || this.box.contains(this.d.root.activeElement)) this.line.focus();
      return true;
    }

    async signOut() {
      await this.endSession();
      this.account.changed();
      this.d.announce(STRINGS.signedOutNow);
      // The host page may sign its visitor out too (its sso-token would sign them in again).
      this.d.root.host.dispatchEvent(new CustomEvent('tribune-signout', { bubbles: true, composed: true }));
      await this.loadOptions();
      if (!this.box.hidden) this.toggle.focus();
    }
  }

  // ---------- the widget ----------

  const LIGHT = '--bg:#fdfcfa;--surface:#fff;--surface-alt:#f3f1ed;--text:#1c1b19;--muted:#5f5b54;--border:#dedad3;' +
    '--accent:#a3122a;--accent-text:#fff;--link:#1d4f91;--focus:#1a66d6;--ok-bg:#e6f4ea;--ok-text:#19572c;--ok-border:#9fd1ad;' +
    '--error-bg:#fdecec;--error-text:#8a1620;--error-border:#efa8ad;--pending-bg:#fff6dd;--pending-text:#6b4e00;--highlight:#fff3c4;color-scheme:light;';
  const DARK = '--bg:#141412;--surface:#1c1c1a;--surface-alt:#252522;--text:#ebe8e2;--muted:#aaa59b;--border:#3a3833;' +
    '--accent:#ff6b7f;--accent-text:#1a0b0e;--link:#8bb8ff;--focus:#7fb0ff;--ok-bg:#15301f;--ok-text:#a8e0b8;--ok-border:#2f6a42;' +
    '--error-bg:#3a1518;--error-text:#ffb3b9;--error-border:#7a2a31;--pending-bg:#332a10;--pending-text:#f1d58a;--highlight:#3b3414;color-scheme:dark;';

  const WIDGET_CSS = `
:host{${LIGHT}display:block;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1rem;line-height:1.55;color:var(--text)}
@media (prefers-color-scheme:dark){:host(:not([theme=light])){${DARK}}}
:host([theme=dark]){${DARK}}
:host([hidden]){display:none}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.discussion{background:var(--bg);color:var(--text);padding:1rem;border-top:3px solid var(--text)}
a{color:var(--link)}
button{font:inherit;font-weight:600;cursor:pointer;color:var(--accent-text);background:var(--accent);border:1px solid var(--accent);border-radius:6px;padding:.4rem .95rem}
button:hover{filter:brightness(1.08)}
button:disabled{opacity:.55;cursor:not-allowed;filter:none}
.link-button{background:none;border:0;padding:0;color:var(--link);text-decoration:underline}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
label{display:inline-block;font-size:.9rem;color:var(--muted);margin-bottom:.25rem}
input[type=text],input[type=email],textarea{font:inherit;color:var(--text);background:var(--surface);border:1px solid var(--border);border-radius:6px;padding:.45rem .6rem;width:100%}
input[type=text]{width:12rem;max-width:100%}
input[type=email]{width:16rem;max-width:100%}
.mail-asks{border:0;margin:.5rem 0 0;padding:0;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem}
.mail-asks legend{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.mail-asks .mail-ask{margin:0}
textarea{display:block;resize:vertical;min-height:5rem}
.discussion-header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem}
h2{margin:0;font-size:1.5rem}
.active-readers{margin:0;color:var(--muted);font-size:.9rem}
.loader{display:flex;align-items:center;gap:.5rem;color:var(--muted);margin:.75rem 0}
.spinner{width:1rem;height:1rem;border:2px solid var(--border);border-top-color:var(--accent);border-radius:50%;animation:spin .8s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
.identity{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1rem;margin:1rem 0 .5rem}
.identity-name{margin:0}
.name-form{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem}
.name-form label{margin:0}
.comment-form{margin:.75rem 0 1rem}
.comment-form button{margin-top:.5rem}
.feedback{border:1px solid;border-radius:6px;padding:.6rem .85rem;margin:.75rem 0}
.feedback p{margin:0}
.feedback p+p{margin-top:.25rem}
.feedback-ok{background:var(--ok-bg);color:var(--ok-text);border-color:var(--ok-border)}
.feedback-error{background:var(--error-bg);color:var(--error-text);border-color:var(--error-border)}
.typing{color:var(--muted);font-style:italic;font-size:.9rem;margin:.25rem 0}
.reconnecting{color:var(--muted);font-size:.9rem;margin:0}
.reconnecting:not(:empty){margin:.25rem 0}
.empty-state{color:var(--muted)}
.comment-list,.replies{list-style:none;margin:0;padding:0}
.thread-item{border-top:1px solid var(--border);padding:1rem 0}
.replies{margin-left:1.25rem;padding-left:1rem;border-left:2px solid var(--border)}
.replies:empty{display:none}
.comment{padding:.5rem .6rem;margin:0 -.6rem;border-radius:6px}
.comment.is-new{background:var(--highlight)}
.comment.status-pending{border-left:3px solid var(--pending-text)}
.comment-meta{display:flex;flex-wrap:wrap;align-items:center;gap:.2rem .6rem;font-size:.9rem;color:var(--muted)}
.comment-author{font-weight:700;color:var(--text);overflow-wrap:anywhere}
.badge{display:inline-block;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em;line-height:1.4;padding:.05rem .45rem;border-radius:3px}
.badge-staff{background:var(--accent);color:var(--accent-text)}
.badge-featured{background:var(--ok-bg);color:var(--ok-text);border:1px solid var(--ok-border)}
.edited{font-style:italic;cursor:help}
.comment-text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.35rem 0 0}
.tombstone{color:var(--muted);font-style:italic}
.pending-notice{margin:.5rem 0 0;padding:.4rem .65rem;border-radius:6px;background:var(--pending-bg);color:var(--pending-text);font-size:.9rem}
.load-more{margin:.75rem 0 0}
.reply-box{margin-top:.5rem}
.reply-box>summary{cursor:pointer;display:inline-block;color:var(--link);font-size:.9rem;font-weight:600}
.report-box{margin-top:.35rem}
.report-box>summary{cursor:pointer;display:inline-block;color:var(--muted);font-size:.85rem}
.report-form{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;margin-top:.4rem}
.report-form label{flex-basis:100%;margin:0}
.report-form input[type=text]{flex:1 1 14rem;width:auto}
.report-error{flex-basis:100%;margin:0;color:var(--error-text);font-size:.9rem}
.report-done{margin:.35rem 0 0;color:var(--ok-text);font-size:.9rem}
.comments-closed{margin:1rem 0;padding:.6rem .85rem;border:1px solid var(--border);border-radius:6px;background:var(--surface-alt);color:var(--muted)}
.badge-account{background:var(--surface-alt);color:var(--text);border:1px solid var(--border)}
.verified{color:var(--ok-text);font-weight:700}
.signed-in{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem;margin:1rem 0 .5rem}
.account-name{overflow-wrap:anywhere}
.signin{margin:.5rem 0}
.signin-toggle{background:var(--surface);color:var(--text);border-color:var(--border)}
.signin-panel{margin-top:.5rem;padding:.75rem;border:1px solid var(--border);border-radius:6px;background:var(--surface-alt)}
.signin-form{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem}
.signin-form label{flex-basis:100%;margin:0}
.signin-sent,.signin-providers,.signin-error{margin:0}
.signin-sent{color:var(--ok-text)}
.signin-sent:not(:empty),.signin-form:not([hidden])~.signin-providers{margin-top:.6rem}
.signin-error{color:var(--error-text)}
.signin-error:not(:empty){margin:.5rem 0}
.signin-required{display:none;margin:1rem 0 .5rem;font-weight:600}
.discussion[data-must-sign-in]:not([data-closed]) .signin-required{display:block}
.discussion[data-signed-in] .identity,.discussion[data-must-sign-in] .identity,.discussion[data-must-sign-in] .comment-form,
.discussion[data-must-sign-in] .reply-box,.discussion[data-closed] .signin{display:none}
`;

  /** The widget's frame: the same parts, classes and data attributes as the server's discussion. */
  function widgetSkeleton(name) {
    const section = el('section', { class: 'discussion', 'aria-labelledby': 'comments-title', 'aria-busy': 'true' },
      el('header', { class: 'discussion-header' },
        el('h2', { id: 'comments-title' }, el('span', { 'data-count-label': '' }, STRINGS.comments)),
        el('p', { class: 'active-readers' }, STRINGS.active, el('span', { 'data-active': '' }, '0'))),
      el('div', { class: 'loader', role: 'status', 'aria-live': 'polite', hidden: true },
        el('span', { class: 'spinner', 'aria-hidden': 'true' }), el('span', null, STRINGS.loading)),
      el('div', { class: 'identity' },
        el('p', { class: 'identity-name' }, STRINGS.commentingAs, el('strong', { class: 'display-name' }, shownName(name))),
        el('form', { class: 'name-form' },
          el('label', { for: 'author-name' }, STRINGS.yourName),
          el('input', { id: 'author-name', name: 'author_name', type: 'text', maxlength: NAME_MAX, autocomplete: 'nickname', placeholder: STRINGS.noName, value: name }),
          el('button', { type: 'submit' }, STRINGS.set))),
      el('div', { class: 'account' }),
      el('form', { class: 'comment-form' }),
      el('p', { class: 'typing', 'data-typing': '', 'aria-live': 'polite', hidden: true }, STRINGS.typing),
      el('p', { class: 'empty-state', 'data-empty': '', hidden: true }, STRINGS.empty),
      el('ol', { class: 'comment-list' }));
    return section;
  }

  class TribuneComments extends HTMLElement {
    static get observedAttributes() { return ['page', 'server', 'sso-token']; }

    connectedCallback() {
      if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
      this.mount();
    }

    disconnectedCallback() { this.unmount(); }

    attributeChangedCallback(_n, oldV, newV) {
      if (oldV !== newV && this.isConnected && this.discussion) { this.unmount(); this.mount(); }
    }

    mount() {
      if (this.discussion) return;
      let server = SCRIPT_ORIGIN;
      try { if (this.getAttribute('server')) server = new URL(this.getAttribute('server'), location.href).origin; } catch { /* keep */ }
      const api = new Api(server, false);  // the bearer token identifies the author, even on the same origin
      const page = this.getAttribute('page') || location.pathname;
      const name = store.get(api.nameKey) || '';
      const style = el('style', null, WIDGET_CSS);
      const section = widgetSkeleton(name);
      this.shadowRoot.replaceChildren(style, section);
      const d = new Discussion(this.shadowRoot, section, {
        page, api, mode: 'widget', insert: this.getAttribute('live-insert'), sort: this.getAttribute('sort'),
        limit: this.getAttribute('limit'), name,
      });
      section.querySelector('form.comment-form').replaceWith(d.form(null));
      d.signin = new SignIn(d, section.querySelector('.account'));
      d.before = d.signin.start(this.getAttribute('sso-token'));
      d.setStale(true);
      d.setLoading(true);
      this.discussion = d;
      d.start();
    }

    unmount() {
      if (!this.discussion) return;
      this.discussion.signin.stop();
      this.discussion.stop();
      this.discussion = null;
    }
  }

  // ---------- start ----------

  function enhancePage() {
    const section = document.querySelector('section#comments[data-page]');
    if (!section || section.dataset.live === 'on') return;
    section.dataset.live = 'on';
    const api = new Api(location.origin, true, section.getAttribute('data-csrf-token'));
    const last = Number(section.getAttribute('data-last-event-id'));
    const d = new Discussion(section, section, {
      page: section.getAttribute('data-page'), api, mode: 'page',
      insert: section.getAttribute('data-live-insert') || 'auto',
      name: (section.querySelector('form.comment-form input[name="author_name"]') || {}).value || '',
      lastEventId: section.hasAttribute('data-last-event-id') && Number.isFinite(last) ? last : null,
    });
    d.start();
    // Leave presence at once; come back (and catch up) when the page is restored from the back/forward cache.
    window.addEventListener('pagehide', () => d.live.stop());
    window.addEventListener('pageshow', (e) => { if (e.persisted) d.resume(); });
  }

  if (window.customElements && !customElements.get('tribune-comments')) customElements.define('tribune-comments', TribuneComments);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhancePage);
  else enhancePage();
})();
