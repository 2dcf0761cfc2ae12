// District policy for regulators: the scopes they govern and their versions (draft → validate → preview → approve
// → publish, now or later; roll back; diff), a form for thresholds, parameters and escalation chains with the
// service's field errors next to the fields, the preview against history, and the policy in force for a device with
// where each value came from. docs/POLICY.md describes the API behind it.
'use strict';

(() => {
  const {api, el, level, time, toast, errorText, can} = App;
  const LEVELS = ['RED', 'ORANGE', 'YELLOW', 'BLUE'];
  let catalogPromise = null;
  const catalog = () => catalogPromise || (catalogPromise = api('GET', '/policies/catalog'));

  // the districts a regulator governs and everything above them (what they inherit); everything for other roles
  /** How a band reads: at or below, at or above, or a magnitude on either side of zero. */
function sign(direction) {
  return direction === 'BELOW' ? '≤ ' : direction === 'BEYOND' ? '|x| ≥ ' : '≥ ';
}

function readable(path) {
    const mine = (App.me().districts || []);
    if (!App.me().roles.includes('REGULATOR')) return true;
    return mine.some(d => path === d || path.startsWith(d + '/') || d.startsWith(path + '/'));
  }
  function editable(path) {
    return App.me().roles.includes('REGULATOR')
      && (App.me().districts || []).some(d => path === d || path.startsWith(d + '/'));
  }

  function badge(v) {
    return [el('span', {className: 'status ' + v.status}, v.status),
      v.live ? el('span', {className: 'live'}, 'IN FORCE') : '',
      v.scheduled ? el('span', {className: 'status SCHEDULED'}, 'from ' + time(v.effectiveAt)) : ''];
  }

  App.page('policy', {
    title: 'Policy · 区域策略', roles: ['REGULATOR', 'EXPERT'], also: ['resolved'],
    async show(root, [scopeArg, idArg]) {
      const [districts, listing, cat] = await Promise.all([api('GET', '/districts').catch(() => []),
        api('GET', '/policies'), catalog()]);
      const scopes = districts.map(d => d.path).filter(readable);
      const scope = scopeArg || (listing.districts && listing.districts[0]) || scopes[0] || '';
      const versions = listing.versions.filter(v => v.scope === scope);
      const scopeSelect = el('select', {id: 'policy-scope', onchange: e => { location.hash = '#/policy/' + encodeURIComponent(e.target.value); }},
        scopes.map(p => el('option', {value: p, selected: p === scope},
          '\u00a0'.repeat(2 * (p.split('/').length - 1)) + p.split('/').pop() + (editable(p) ? '' : ' (read)'))));
      const canEdit = editable(scope);

      async function newDraft() {
        try {
          const v = await api('POST', '/policies', {scope, comment: 'draft'});
          location.hash = '#/policy/' + encodeURIComponent(scope) + '/' + v.id;
        } catch (e) { toast(errorText(e), 'bad'); }
      }
      async function rollback(v) {
        const why = prompt('Why put v' + v.version + ' back in force? (kept in the audit trail)');
        if (!why) return;
        try {
          const r = await api('POST', '/policies/rollback', {scope, version: v.version, comment: why});
          toast('v' + v.version + ' is in force again as v' + r.version, 'ok');
          location.hash = '#/policy/' + encodeURIComponent(scope) + '/' + r.id;
        } catch (e) { toast(errorText(e), 'bad'); }
      }

      const from = el('select', {id: 'policy-diff-from'}, versions.map(v => el('option', {value: v.id}, 'v' + v.version)));
      const to = el('select', {id: 'policy-diff-to'}, versions.map(v => el('option', {value: v.id}, 'v' + v.version)));
      if (versions.length > 1) from.value = versions[1].id;
      const diffOut = el('table', {id: 'policy-diff', className: 'audit'});
      async function showDiff() {
        try {
          const d = await api('GET', '/policies/diff?from=' + from.value + '&to=' + to.value);
          diffOut.replaceChildren(el('thead', {}, el('tr', {}, ['Field 字段', d.fromLabel, d.toLabel].map(h => el('th', {}, h)))),
            el('tbody', {}, d.changes.length ? d.changes.map(c => el('tr', {}, el('td', {}, el('code', {}, c.field)),
              el('td', {className: 'num del'}, c.from === null ? '—' : String(c.from)),
              el('td', {className: 'num add'}, c.to === null ? '—' : String(c.to))))
              : el('tr', {}, el('td', {colSpan: 3, className: 'muted'}, '(no difference)'))));
        } catch (e) { toast(errorText(e), 'bad'); }
      }

      const list = el('section', {className: 'card list'},
        el('h1', {}, 'District policy · 区域策略'),
        el('p', {className: 'muted'}, 'City → district → street → community: each scope sets only what differs from what it inherits; the most specific value wins.'),
        el('div', {className: 'toolbar'}, scopeSelect,
          canEdit ? el('button', {id: 'policy-new-draft', onclick: newDraft}, 'New draft from the version in force · 新建草稿') : '',
          el('a', {href: '#/resolved', className: 'button quiet'}, 'Policy in force for a device · 设备生效策略')),
        el('table', {id: 'policy-versions'}, el('thead', {}, el('tr', {}, ['Version', 'Status', 'Author', 'Why', 'Published', ''].map(h => el('th', {}, h)))),
          el('tbody', {}, versions.length ? versions.map(v => el('tr', {className: 'policy-version-row' + (String(v.id) === idArg ? ' selected' : ''), dataset: {id: v.id, version: v.version}},
            el('td', {}, el('a', {href: '#/policy/' + encodeURIComponent(scope) + '/' + v.id}, 'v' + v.version)),
            el('td', {}, badge(v)), el('td', {}, v.author), el('td', {className: 'why'}, v.comment || ''),
            el('td', {className: 'when'}, v.publishedAt ? time(v.publishedAt) : ''),
            el('td', {}, canEdit && v.status === 'PUBLISHED' && !v.live && !v.scheduled
              ? el('button', {className: 'secondary small rollback', onclick: () => rollback(v)}, 'Roll back to v' + v.version) : '')))
            : el('tr', {}, el('td', {colSpan: 6, className: 'muted'}, 'No version yet: this scope inherits everything · 尚无版本，全部继承上级')))),
        versions.length > 1 ? el('div', {}, el('h2', {}, 'Compare versions · 版本对比'),
          el('div', {className: 'toolbar'}, from, ' → ', to, el('button', {id: 'policy-show-diff', onclick: showDiff}, 'Show diff')), diffOut) : '');

      const audit = await api('GET', '/policies/audit?limit=30&scope=' + encodeURIComponent(scope)).catch(() => []);
      const auditCard = el('section', {className: 'card'}, el('h2', {}, 'Audit · 审计'),
        el('table', {className: 'audit', id: 'policy-audit'},
          el('thead', {}, el('tr', {}, ['When 时间', 'Who 操作人', 'What 操作', 'Version', 'Why 原因'].map(h => el('th', {}, h)))),
          el('tbody', {}, audit.map(a => el('tr', {}, el('td', {className: 'when'}, time(a.at)), el('td', {}, a.actor),
            el('td', {}, el('span', {className: 'action ' + a.action}, a.action)), el('td', {}, a.version ? 'v' + a.version : ''),
            el('td', {}, a.comment || ''))))));

      const selected = idArg ? listing.versions.find(v => String(v.id) === idArg) : null;
      const detail = selected ? versionCard(selected, cat, editable(selected.scope))
        : el('section', {className: 'card', id: 'policy-detail'}, el('p', {className: 'muted'},
          'Choose a version, or start a draft. A draft is validated, previewed against the stored readings, approved, then published — at once or from a later time.'));
      root.append(list, detail, auditCard);
      if (versions.length > 1) showDiff();
    }
  });

  // One version: the form (read-only once published), the lifecycle buttons and the preview.
  function versionCard(v, cat, mayEdit) {
    const open = mayEdit && v.status !== 'PUBLISHED';
    const doc = v.document || {};
    const thresholds = (doc.thresholds || []).map(t => ({...t}));
    const parameters = Object.entries(doc.parameters || {}).map(([name, value]) => ({name, value}));
    const scenarios = [...new Set(cat.thresholds.map(t => t.scenario))];
    const paramByName = Object.fromEntries(cat.parameters.map(p => [p.name, p]));
    const errors = el('ul', {id: 'policy-errors', className: 'problems'});
    const thresholdBody = el('tbody');
    const parameterBody = el('tbody');
    const chains = el('textarea', {id: 'policy-chains', rows: 5, readOnly: !open,
      placeholder: '[{"name":"...","level":"ORANGE","steps":[{"channel":"SMS","recipient":"OWNER"}]}]'},
      JSON.stringify(doc.escalationChains || [], null, 1));
    const comment = el('input', {id: 'policy-comment', className: 'grow', placeholder: 'Why? (required to publish) · 原因'});
    const effective = el('input', {id: 'policy-effective', type: 'datetime-local', title: 'In force from (empty: now) · 生效时间'});
    const days = el('input', {id: 'preview-days', type: 'number', min: 1, max: 90, value: 7, style: 'width:4.5rem'});
    const previewOut = el('div', {id: 'preview-result'});
    const scenarioSet = el('textarea', {id: 'preview-readings', rows: 4,
      placeholder: '{"readings":[{"deviceId":"...","metric":"gas.concentration","value":12,"unit":"%LEL","ts":"2026-11-22T10:15:30+08:00","messageId":"s-1"}]}'});

    // a metric may have bands in two directions (pressure too low and too high): a row names one of them
    function directionsOf(t) {
      return [...new Set(cat.thresholds.filter(c => c.scenario === t.scenario && c.metric === t.metric).map(c => c.direction))];
    }
    function defaultOf(t) {
      return cat.thresholds.find(c => c.scenario === t.scenario && c.metric === t.metric && c.level === t.level
        && c.direction === t.direction);
    }
    function renderThresholds() {
      thresholdBody.replaceChildren(...thresholds.map((t, i) => {
        const metrics = [...new Set(cat.thresholds.filter(c => c.scenario === t.scenario).map(c => c.metric))];
        const directions = directionsOf(t);
        if (!directions.includes(t.direction)) t.direction = directions[0];
        const d = defaultOf(t);
        return el('tr', {className: 'threshold-row', dataset: {index: i}},
          el('td', {}, el('select', {disabled: !open, className: 'scenario', onchange: e => { t.scenario = e.target.value; t.metric = cat.thresholds.find(c => c.scenario === t.scenario).metric; renderThresholds(); }},
            scenarios.map(s => el('option', {value: s, selected: s === t.scenario}, s)))),
          el('td', {}, el('select', {disabled: !open, className: 'metric', onchange: e => { t.metric = e.target.value; renderThresholds(); }},
            metrics.map(m => el('option', {value: m, selected: m === t.metric}, m)))),
          el('td', {}, el('select', {disabled: !open || directions.length < 2, className: 'direction', onchange: e => { t.direction = e.target.value; renderThresholds(); }},
            directions.map(x => el('option', {value: x, selected: x === t.direction}, x)))),
          el('td', {}, el('select', {disabled: !open, className: 'level-select', onchange: e => { t.level = e.target.value; renderThresholds(); }},
            LEVELS.map(l => el('option', {value: l, selected: l === t.level}, l)))),
          el('td', {}, el('input', {disabled: !open, className: 'value', type: 'text', size: 6, value: t.value ?? '',
            oninput: e => { t.value = e.target.value; }}),
            d ? el('div', {className: 'muted small'}, sign(d.direction) + 'default ' + d.value + ' ' + d.unit + ' · range ' + d.instrumentMin + '–' + d.instrumentMax) : ''),
          el('td', {}, el('input', {disabled: !open, className: 'clear', type: 'text', size: 5, value: t.clearValue ?? '', placeholder: 'band',
            oninput: e => { t.clearValue = e.target.value; }})),
          el('td', {}, open ? el('button', {className: 'quiet small', onclick: () => { thresholds.splice(i, 1); renderThresholds(); }}, '✕') : ''));
      }));
    }
    function renderParameters() {
      parameterBody.replaceChildren(...parameters.map((p, i) => {
        const known = paramByName[p.name];
        return el('tr', {className: 'parameter-row', dataset: {index: i, name: p.name}},
          el('td', {}, el('select', {disabled: !open, className: 'name', onchange: e => { p.name = e.target.value; renderParameters(); }},
            cat.parameters.map(c => el('option', {value: c.name, selected: c.name === p.name}, c.name)))),
          el('td', {}, el('input', {disabled: !open, className: 'value', size: 14, value: p.value ?? '', oninput: e => { p.value = e.target.value; }}),
            known ? el('div', {className: 'muted small'}, known.kind.toLowerCase() + ' · default ' + known.value) : ''),
          el('td', {}, open ? el('button', {className: 'quiet small', onclick: () => { parameters.splice(i, 1); renderParameters(); }}, '✕') : ''));
      }));
    }

    // the form as the API's document; numbers stay numbers, text that is not a number stays text (a schedule)
    function documentOf() {
      const num = x => (x === '' || x === null || x === undefined) ? undefined : (isNaN(Number(x)) ? x : Number(x));
      let escalationChains;
      try { escalationChains = JSON.parse(chains.value || '[]'); } catch (e) { escalationChains = chains.value; }
      return {
        thresholds: thresholds.map(t => ({scenario: t.scenario, metric: t.metric, level: t.level, direction: t.direction, value: num(t.value), clearValue: num(t.clearValue)})),
        parameters: Object.fromEntries(parameters.map(p => {
          const kind = (paramByName[p.name] || {}).kind;
          return [p.name, ['SCHEDULE', 'TIMEZONE', 'TEXT'].includes(kind) ? p.value : num(p.value)];
        })),
        escalationChains
      };
    }

    // field errors go next to their fields: thresholds[2].value marks the third row's value
    function showErrors(list) {
      document.querySelectorAll('#policy-detail .invalid').forEach(n => n.classList.remove('invalid'));
      errors.replaceChildren(...list.map(text => el('li', {className: 'problem'}, text)));
      for (const text of list) {
        let m = /^thresholds\[(\d+)\]\.?(\w*)/.exec(text);
        if (m) {
          const row = thresholdBody.querySelector('tr[data-index="' + m[1] + '"]');
          const cell = row && row.querySelector(m[2] === 'clearValue' ? '.clear' : m[2] === 'level' ? '.level-select' : '.value');
          if (cell) cell.classList.add('invalid');
        }
        m = /^parameters\.([^:]+):/.exec(text);
        if (m) {
          const row = parameterBody.querySelector('tr[data-name="' + m[1] + '"]');
          if (row) row.querySelector('.value').classList.add('invalid');
        }
        if (text.startsWith('escalationChains')) chains.classList.add('invalid');
      }
    }

    async function act(fn, success) {
      try {
        const r = await fn();
        showErrors([]);
        if (success) toast(success(r), 'ok');
        return r;
      } catch (e) {
        showErrors((e.body && e.body.details && e.body.details.length) ? e.body.details : [errorText(e)]);
        toast(e.body && e.body.message || errorText(e), 'bad');
        return null;
      }
    }
    const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
    async function save() {
      if (await act(() => api('PUT', '/policies/' + v.id, {document: documentOf(), comment: comment.value || null}), () => 'Draft saved · 已保存')) reload();
    }
    async function validate() {
      const r = await act(() => api('POST', '/policies/' + v.id + '/validate'));
      if (r && r.valid) { toast('Valid · 校验通过', 'ok'); reload(); } else if (r) showErrors(r.errors);
    }
    async function preview() {
      const r = await act(() => api('POST', '/policies/' + v.id + '/preview', {days: Number(days.value)}));
      if (r) { renderPreview(r); document.getElementById('policy-status').textContent = 'PREVIEWED'; approveButton.disabled = false; }
    }
    async function previewSet() {
      let readings;
      try { readings = JSON.parse(scenarioSet.value); } catch (e) { showErrors(['readings: not JSON: ' + e.message]); return; }
      if (readings && readings.readings) readings = readings.readings;
      const r = await act(() => api('POST', '/policies/' + v.id + '/preview', {readings}));
      if (r) renderPreview(r);
    }
    async function approve() {
      if (await act(() => api('POST', '/policies/' + v.id + '/approve', {comment: comment.value || null}), () => 'Approved · 已审批')) reload();
    }
    async function publish() {
      const at = effective.value ? new Date(effective.value).toISOString() : null;
      const r = await act(() => api('POST', '/policies/' + v.id + '/publish', {comment: comment.value, effectiveAt: at}),
        p => p.scheduled ? 'Published: in force from ' + time(p.effectiveAt) : 'Published: in force now · 已发布');
      if (r) reload();
    }

    function renderPreview(r) {
      previewOut.replaceChildren(
        el('p', {}, r.readings + (r.source === 'history' ? ' stored' : ' given') + ' readings of ' + r.devices
          + (r.devices === 1 ? ' device' : ' devices') + (r.source === 'history' ? ' over ' + r.days + ' days' : '') + ' decided again: ',
          el('strong', {id: 'preview-changed'}, r.changed + ' decisions change'), r.truncated ? ' (the oldest readings only)' : '',
          el('br'), el('span', {className: 'muted'}, r.currentVersion + ' → ' + r.draftVersion)),
        r.refused && r.refused.length ? el('ul', {className: 'problems', id: 'preview-refused'}, r.refused.map(t => el('li', {className: 'problem'}, t))) : '',
        el('table', {id: 'preview-levels', className: 'matrix'},
          el('thead', {}, el('tr', {}, ['Level 级别', 'In force 现行', 'Draft 草稿', 'Gained 新增', 'Lost 减少'].map(h => el('th', {}, h)))),
          el('tbody', {}, LEVELS.map(l => {
            const c = r.byLevel[l];
            return el('tr', {dataset: {level: l}}, el('td', {}, level(l)), el('td', {className: 'num'}, c.current),
              el('td', {className: 'num'}, c.draft), el('td', {className: 'num gained' + (c.gained ? ' changed' : '')}, c.gained ? '+' + c.gained : '0'),
              el('td', {className: 'num lost' + (c.lost ? ' changed' : '')}, c.lost ? '−' + c.lost : '0'));
          }))),
        r.byScenario.length ? el('table', {id: 'preview-scenarios', className: 'audit'},
          el('thead', {}, el('tr', {}, ['Scenario 场景', 'Level', 'In force', 'Draft', 'Gained', 'Lost'].map(h => el('th', {}, h)))),
          el('tbody', {}, r.byScenario.map(s => el('tr', {}, el('td', {}, s.scenario), el('td', {}, level(s.level)),
            el('td', {className: 'num'}, s.counts.current), el('td', {className: 'num'}, s.counts.draft),
            el('td', {className: 'num'}, s.counts.gained), el('td', {className: 'num'}, s.counts.lost))))) : '',
        r.examples.length ? el('div', {}, el('h3', {}, 'Examples · 示例'), el('table', {id: 'preview-examples', className: 'evidence'},
          el('thead', {}, el('tr', {}, ['When', 'Device', 'Reading', 'In force', 'Draft'].map(h => el('th', {}, h)))),
          el('tbody', {}, r.examples.map(x => el('tr', {}, el('td', {className: 'when'}, time(x.ts)), el('td', {}, x.deviceId),
            el('td', {className: 'num'}, x.metric + ' ' + x.value + ' ' + x.unit),
            el('td', {}, x.current.outcome + ' ', level(x.current.level)), el('td', {}, x.draft.outcome + ' ', level(x.draft.level))))))) : '');
    }

    renderThresholds();
    renderParameters();
    const approveButton = el('button', {id: 'policy-approve', className: 'secondary', onclick: approve, disabled: v.status !== 'PREVIEWED'}, 'Approve · 审批');
    const card = el('section', {className: 'card', id: 'policy-detail'},
      el('h1', {}, el('code', {}, v.scope), ' v' + v.version, ' ', el('span', {id: 'policy-status'}, v.status), ' ', badge(v).slice(1)),
      el('p', {className: 'muted'}, 'by ' + v.author + ', ' + time(v.updatedAt) + (v.comment ? ' · ' + v.comment : '')
        + (v.approvedBy ? ' · approved by ' + v.approvedBy : '') + (v.publishedBy ? ' · published by ' + v.publishedBy + ', in force from ' + time(v.effectiveAt) : '')),
      el('h2', {}, 'Thresholds · 阈值'),
      el('table', {id: 'policy-thresholds'}, el('thead', {}, el('tr', {}, ['Scenario', 'Metric', 'Direction', 'Level', 'Value', 'Clear at', ''].map(h => el('th', {}, h)))), thresholdBody),
      open ? el('button', {id: 'add-threshold', className: 'quiet small', onclick: () => {
        const first = cat.thresholds[0];
        thresholds.push({scenario: first.scenario, metric: first.metric, level: first.level, direction: first.direction, value: first.value});
        renderThresholds();
      }}, '+ threshold') : '',
      el('h2', {}, 'Parameters · 参数 (durations, counts, schedules, quiet hours, radii)'),
      el('table', {id: 'policy-parameters'}, el('thead', {}, el('tr', {}, ['Name', 'Value', ''].map(h => el('th', {}, h)))), parameterBody),
      open ? el('button', {id: 'add-parameter', className: 'quiet small', onclick: () => {
        parameters.push({name: cat.parameters[0].name, value: cat.parameters[0].value});
        renderParameters();
      }}, '+ parameter') : '',
      el('h2', {}, 'Escalation chains · 升级链'),
      el('p', {className: 'muted small'}, 'Chains for alarms in this scope (docs/ESCALATION.md). Silences and maintenance windows: ',
        el('code', {}, 'POST /api/v1/silences'), ' with scopeType DISTRICT.'),
      chains,
      errors,
      open ? el('div', {className: 'actions'},
        el('button', {id: 'policy-save', onclick: save}, 'Save draft · 保存'),
        el('button', {id: 'policy-validate', className: 'secondary', onclick: validate}, 'Validate · 校验'),
        el('label', {className: 'inline'}, 'last', days, 'days'),
        el('button', {id: 'policy-preview', className: 'secondary', onclick: preview, disabled: v.status === 'DRAFT'}, 'Preview against history · 历史回放'),
        approveButton) : '',
      open && v.status !== 'DRAFT' ? el('details', {className: 'scenario-set'}, el('summary', {}, 'Preview against a scenario set instead · 按场景数据回放'),
        el('p', {className: 'muted small'}, 'Readings of devices registered in this scope, as POST /api/v1/decisions takes them; replayed in event time, stored nowhere.'),
        scenarioSet, el('button', {id: 'policy-preview-set', className: 'secondary', onclick: previewSet}, 'Preview these readings')) : '',
      open ? el('div', {className: 'actions'}, comment, effective,
        el('button', {id: 'policy-publish', className: 'danger', onclick: publish, disabled: v.status !== 'APPROVED'}, 'Publish · 发布')) : '',
      previewOut);
    if (v.preview) previewOut.append(el('p', {className: 'muted'}, 'Last preview: ' + v.preview.readings + ' readings over '
      + v.preview.days + ' days, ' + v.preview.changed + ' decisions change.'));
    return card;
  }

  App.page('resolved', {
    roles: ['REGULATOR', 'EXPERT'],
    async show(root, [kind, key]) {
      const input = el('input', {id: 'resolved-key', className: 'grow', value: key || '', placeholder: 'device id, or a district path · 设备编号或区域'});
      const go = () => {
        const k = input.value.trim();
        if (k) location.hash = '#/resolved/' + (k.includes('/') ? 'district' : 'device') + '/' + encodeURIComponent(k);
      };
      root.append(el('section', {className: 'card'}, el('h1', {}, 'Policy in force · 生效策略'),
        el('p', {className: 'muted'}, 'Every value with the scope and version it came from.'),
        el('div', {className: 'toolbar'}, input, el('button', {id: 'resolved-show', onclick: go}, 'Show · 查看'))));
      input.addEventListener('keydown', e => { if (e.key === 'Enter') go(); });
      if (!key) return;
      const r = await api('GET', '/policies/resolved?' + (kind === 'district' ? 'district=' : 'deviceId=') + encodeURIComponent(key));
      const src = s => s === 'defaults' ? el('span', {className: 'muted'}, 'defaults') : el('code', {className: 'source'}, s);
      root.append(el('section', {className: 'card', id: 'resolved-policy'},
        el('h2', {}, (r.deviceId ? r.deviceId + ' · ' : '') + r.districtPath + (r.scenario ? ' · ' + r.scenario : '')),
        el('p', {}, 'policyVersion ', el('code', {id: 'resolved-version'}, r.policyVersion)),
        el('table', {id: 'resolved-thresholds', className: 'audit'},
          el('thead', {}, el('tr', {}, ['Scenario', 'Metric', 'Level', 'Value', 'Clear at', 'From 来源'].map(h => el('th', {}, h)))),
          el('tbody', {}, r.thresholds.map(t => el('tr', {className: t.scope ? 'overridden' : ''}, el('td', {}, t.scenario), el('td', {}, t.metric),
            el('td', {}, level(t.level)), el('td', {className: 'num'}, sign(t.direction) + t.value + ' ' + t.unit),
            el('td', {className: 'num'}, t.clearValue), el('td', {}, src(t.source)))))),
        el('h2', {}, 'Parameters · 参数'),
        el('table', {id: 'resolved-parameters', className: 'audit'},
          el('thead', {}, el('tr', {}, ['Name', 'Value', 'Kind', 'From 来源'].map(h => el('th', {}, h)))),
          el('tbody', {}, r.parameters.map(p => el('tr', {className: p.scope ? 'overridden' : ''}, el('td', {}, el('code', {}, p.name)),
            el('td', {className: 'num'}, String(p.value)), el('td', {className: 'muted'}, p.kind.toLowerCase()), el('td', {}, src(p.source)))))),
        r.escalationChains.length ? el('div', {}, el('h2', {}, 'Escalation chains of the district · 区域升级链'),
          el('ul', {}, r.escalationChains.map(c => el('li', {}, el('strong', {}, c.name), ' ', c.level ? level(c.level) : '', ' ',
            c.steps.map(s => s.channel + ' → ' + s.recipient).join(', '))))) : ''));
    }
  });
})();
