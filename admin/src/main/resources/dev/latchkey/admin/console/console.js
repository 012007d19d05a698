// Latchkey key console. Everything shown is set with textContent; the credential lives in this closure
// only (no cookie, no storage), and is sent as a bearer token to the API beside this page.
'use strict';
(function () {
  let credential = null;
  let offset = 0;
  const limit = 25;
  const $ = (id) => document.getElementById(id);

  function show(el, on) { el.hidden = !on; }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function button(text, className, onClick) {
    const b = el('button', text, className);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function say(text) {
    $('message').textContent = text;
    show($('message'), !!text);
    show($('error'), false);
  }

  function fail(text) {
    $('error').textContent = text;
    show($('error'), true);
    show($('message'), false);
  }

  /** Calls the API; resolves to {status, body}. A 401 signs out. */
  async function api(method, path, body) {
    const headers = { 'Authorization': 'Bearer ' + credential, 'Accept': 'application/json' };
    const init = { method: method, headers: headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let parsed = null;
    if (text) {
      try { parsed = JSON.parse(text); } catch (e) { parsed = null; }
    }
    return { status: response.status, body: parsed };
  }

  function problemText(result) {
    const p = result.body || {};
    const field = p.field ? ' (' + p.field + ')' : '';
    return (p.title || ('HTTP ' + result.status)) + ': ' + (p.detail || 'the request failed') + field;
  }

  function signOut(reason) {
    credential = null;
    $('credential').value = '';
    $('keys-body').replaceChildren();
    hideSecret();
    show($('app'), false);
    show($('who'), false);
    show($('signin'), true);
    $('signin-error').textContent = reason || '';
    show($('signin-error'), !!reason);
  }

  function showSecret(name, secret) {
    $('issued-name').textContent = name;
    $('issued-secret').value = secret;
    $('copy-status').textContent = '';
    show($('issued'), true);
    $('issued-secret').focus();
    $('issued-secret').select();
  }

  function hideSecret() {
    $('issued-secret').value = '';
    $('issued-name').textContent = '';
    $('copy-status').textContent = '';
    show($('issued'), false);
  }

  function when(instant) {
    return instant ? instant.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
  }

  async function load() {
    const params = new URLSearchParams();
    for (const name of ['q', 'owner', 'kind', 'state']) {
      const value = $('filter-' + name).value.trim();
      if (value) { params.set(name, value); }
    }
    params.set('limit', String(limit));
    params.set('offset', String(offset));
    const result = await api('GET', 'api/keys?' + params.toString());
    if (result.status === 401) { signOut('That key was not accepted.'); return false; }
    if (result.status !== 200) { fail(problemText(result)); return false; }
    render(result.body);
    return true;
  }

  function render(page) {
    const rows = page.items.map(row);
    $('keys-body').replaceChildren(...rows);
    show($('empty'), rows.length === 0);
    const last = Math.min(page.offset + page.items.length, page.total);
    $('page-info').textContent = page.total === 0 ? '' : (page.offset + 1) + '–' + last + ' of ' + page.total;
    $('prev-page').disabled = page.offset === 0;
    $('next-page').disabled = last >= page.total;
  }

  function row(key) {
    const tr = el('tr');
    tr.dataset.keyId = key.id;
    tr.append(el('td', key.name, 'name'), el('td', key.id, 'id'), el('td', key.kind + (key.type ? ' (' + key.type + ')' : ''), 'kind'),
      el('td', key.roles.join(', '), 'roles'), el('td', key.owner || '—', 'owner'), el('td', key.start || '—', 'hint'),
      el('td', key.state, 'state state-' + key.state), el('td', when(key.expiresAt), 'expires'), el('td', when(key.lastUsedAt), 'last-used'));
    const actions = el('td', null, 'actions');
    tr.append(actions);
    normalActions(key, actions);
    return tr;
  }

  function normalActions(key, cell) {
    const buttons = [];
    if (key.state !== 'revoked') {
      buttons.push(button('Revoke', 'revoke', () => revoke(key)));
      buttons.push(button('Regenerate…', 'regenerate', () => askGrace(key, cell)));
    }
    if (key.viewable && key.state !== 'revoked') {
      buttons.push(button('View secret', 'view', () => view(key)));
    }
    buttons.push(button('Delete…', 'delete danger', () => askDelete(key, cell)));
    cell.replaceChildren(...buttons);
  }

  function askGrace(key, cell) {
    const label = el('label', 'Old secret works for ');
    const select = el('select', null, 'grace');
    for (const [value, text] of [['PT0S', 'no longer'], ['PT1H', '1 hour'], ['PT24H', '24 hours'], ['P7D', '7 days']]) {
      const option = el('option', text);
      option.value = value;
      select.append(option);
    }
    label.append(select);
    cell.replaceChildren(label, button('Regenerate', 'confirm-regenerate', () => regenerate(key, select.value)),
      button('Cancel', 'cancel', () => normalActions(key, cell)));
  }

  function askDelete(key, cell) {
    cell.replaceChildren(el('span', 'Delete ' + key.name + ' for good? ', 'confirm-text'),
      button('Yes, delete', 'confirm-delete danger', () => remove(key)), button('Cancel', 'cancel', () => normalActions(key, cell)));
  }

  function path(key, action) {
    return 'api/keys/' + encodeURIComponent(key.id) + (action ? '/' + action : '');
  }

  async function revoke(key) {
    const result = await api('POST', path(key, 'revoke'));
    if (result.status !== 200) { fail(problemText(result)); return; }
    say('Revoked ' + key.name + '.');
    await load();
  }

  async function regenerate(key, grace) {
    const result = await api('POST', path(key, 'regenerate'), { grace: grace });
    if (result.status !== 200) { fail(problemText(result)); return; }
    say('Regenerated ' + key.name + '.');
    showSecret(result.body.key.name, result.body.secret);
    await load();
  }

  async function view(key) {
    const result = await api('GET', path(key, 'secret'));
    if (result.status !== 200) { fail(problemText(result)); return; }
    say('');
    showSecret(key.name, result.body.secret);
  }

  async function remove(key) {
    const result = await api('DELETE', path(key));
    if (result.status !== 204) { fail(problemText(result)); return; }
    say('Deleted ' + key.name + '.');
    await load();
  }

  function list(text) {
    return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  }

  async function create(event) {
    event.preventDefault();
    const body = { name: $('create-name').value.trim(), kind: $('create-kind').value, roles: list($('create-roles').value) };
    const description = $('create-description').value.trim();
    const owner = $('create-owner').value.trim();
    const lifespan = $('create-lifespan').value;
    const ips = list($('create-ips').value);
    if (description) { body.description = description; }
    if (owner) { body.owner = owner; }
    if (lifespan) { body.lifespan = lifespan; }
    if (ips.length > 0) { body.allowedIps = ips; }
    const result = await api('POST', 'api/keys', body);
    if (result.status !== 201) { fail(problemText(result)); return; }
    $('create-form').reset();
    say('Created ' + result.body.key.name + '.');
    showSecret(result.body.key.name, result.body.secret);
    offset = 0;
    await load();
  }

  async function copySecret() {
    const input = $('issued-secret');
    try {
      await navigator.clipboard.writeText(input.value);
      $('copy-status').textContent = 'Copied.';
    } catch (e) {
      input.focus();
      input.select();
      $('copy-status').textContent = 'Copying was refused by the browser: the secret is selected, press Ctrl+C (⌘C).';
    }
  }

  async function signIn(event) {
    event.preventDefault();
    const typed = $('credential').value.trim();
    if (!typed) { return; }
    credential = typed;
    $('credential').value = '';
    offset = 0;
    show($('signin-error'), false);
    show($('signin'), false);
    show($('app'), true);
    if (await load()) {
      $('who-text').textContent = 'Signed in (the key is held in this tab only).';
      show($('who'), true);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('signin-form').addEventListener('submit', signIn);
    $('create-form').addEventListener('submit', create);
    $('filter-form').addEventListener('submit', (event) => { event.preventDefault(); offset = 0; load(); });
    $('sign-out').addEventListener('click', () => signOut(''));
    $('copy-secret').addEventListener('click', copySecret);
    $('issued-done').addEventListener('click', hideSecret);
    $('prev-page').addEventListener('click', () => { offset = Math.max(0, offset - limit); load(); });
    $('next-page').addEventListener('click', () => { offset += limit; load(); });
  });
}());
