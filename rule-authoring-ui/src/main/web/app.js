// The shell of the pages: sign-in (checked against /api/v1/me, kept in sessionStorage, sent as HTTP Basic), the
// API client, a hash router, and small DOM helpers. Each page only shows what the signed-in roles may do.
'use strict';

const App = (() => {
  const SESSION = 'citysafe.session';
  const pages = {};
  let session = null;

  function load() {
    try { session = JSON.parse(sessionStorage.getItem(SESSION)); } catch (e) { session = null; }
  }

  function can(...roles) {
    return !!session && session.me.roles.some(r => roles.includes(r));
  }

  // Every API call: HTTP Basic from the session. X-Requested-With keeps the browser's own login dialog away.
  async function api(method, path, body) {
    const headers = {'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json'};
    if (session) headers['Authorization'] = 'Basic ' + session.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch('../api/v1' + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status === 401 && session) { signOut(); throw new ApiError(401, {message: 'signed out'}); }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = {message: text}; }
    if (!response.ok) throw new ApiError(response.status, json || {});
    return json;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super(body.message || ('HTTP ' + status));
      this.status = status;
      this.body = body;
    }
  }

  async function signIn(user, password) {
    const token = btoa(unescape(encodeURIComponent(user + ':' + password)));
    const response = await fetch('../api/v1/me', {
      headers: {'Authorization': 'Basic ' + token, 'X-Requested-With': 'XMLHttpRequest'}
    });
    if (response.status === 401) throw new Error('Wrong user name or password · 用户名或密码错误');
    if (!response.ok) throw new Error('The service answered ' + response.status);
    session = {token, me: await response.json()};
    sessionStorage.setItem(SESSION, JSON.stringify(session));
  }

  function signOut() {
    session = null;
    sessionStorage.removeItem(SESSION);
    location.hash = '';
    render();
  }

  function page(name, spec) { pages[name] = spec; }

  function navigation() {
    const nav = document.getElementById('nav');
    nav.replaceChildren(...Object.entries(pages)
      .filter(([, p]) => p.title && p.roles.some(r => can(r)))
      .map(([name, p]) => el('a', {href: '#/' + name, id: 'nav-' + name,
        className: route().name === name || (p.also || []).includes(route().name) ? 'active' : ''}, p.title)));
  }

  function route() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    return {name: parts[0] || '', args: parts.slice(1)};
  }

  let stopCurrent = null;

  async function render() {
    if (stopCurrent) { stopCurrent(); stopCurrent = null; }
    const signedIn = !!session;
    document.getElementById('login-page').hidden = signedIn;
    document.getElementById('top').hidden = !signedIn;
    document.getElementById('app').hidden = !signedIn;
    if (!signedIn) { document.getElementById('login-user').focus(); return; }
    document.getElementById('who').textContent = session.me.username + ' · ' + session.me.roles.join(', ');
    let {name, args} = route();
    const allowed = Object.entries(pages).filter(([, p]) => p.roles.some(r => can(r)));
    if (!pages[name] || !pages[name].roles.some(r => can(r))) {
      if (!allowed.length) {
        document.getElementById('app').replaceChildren(el('p', {className: 'card'},
          'This account has no page here: the web pages are for duty operators, safety experts and regulators.'));
        navigation();
        return;
      }
      location.replace('#/' + allowed[0][0]);
      return;
    }
    navigation();
    const root = document.getElementById('app');
    root.replaceChildren();
    try {
      stopCurrent = await pages[name].show(root, args) || null;
    } catch (e) {
      root.append(el('p', {className: 'error card'}, 'Could not load this page: ' + e.message));
    }
  }

  // el('div', {className: 'x', onclick: f}, 'text', child, ...)
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k in node && k !== 'list') node[k] = v;
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function level(l) {
    return l ? el('span', {className: 'level ' + l}, l + ' ' + ({RED: '红', ORANGE: '橙', YELLOW: '黄', BLUE: '蓝'}[l] || ''))
      : el('span', {className: 'level none'}, '—');
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return d.toLocaleString('zh-CN', {hour12: false});
  }

  let toastTimer = null;
  function toast(message, kind) {
    const t = document.getElementById('toast');
    t.textContent = message;
    t.className = kind || '';
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
  }

  function errorText(e) {
    const b = e.body || {};
    const details = (b.details || []).join('; ');
    return (b.message || e.message) + (details ? ': ' + details : '');
  }

  function start() {
    load();
    document.getElementById('login').addEventListener('submit', async ev => {
      ev.preventDefault();
      const error = document.getElementById('login-error');
      error.textContent = '';
      try {
        await signIn(document.getElementById('login-user').value, document.getElementById('login-password').value);
        document.getElementById('login-password').value = '';
        render();
      } catch (e) {
        error.textContent = e.message;
      }
    });
    document.getElementById('logout').addEventListener('click', signOut);
    window.addEventListener('hashchange', render);
    render();
  }

  return {api, ApiError, can, page, el, level, time, toast, errorText, start, me: () => session && session.me};
})();

document.addEventListener('DOMContentLoaded', App.start);
