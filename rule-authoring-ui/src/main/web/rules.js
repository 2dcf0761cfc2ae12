// Rule packages per domain, one package's versions (diff, rollback, new draft, test cases, audit), the threshold
// matrix of the policy defaults, and the repository's audit trail.
'use strict';

(() => {
  const {api, el, level, time, toast, errorText, can} = App;

  App.page('rules', {
    title: 'Rule packages · 规则包', roles: ['EXPERT', 'REGULATOR'], also: ['package', 'edit'],
    async show(root) {
      const [packages, revisions] = await Promise.all([api('GET', '/rule-packages'), api('GET', '/rule-revisions?limit=5')]);
      root.append(el('section', {className: 'card'},
        el('h1', {}, 'Rule packages · 规则包'),
        el('p', {className: 'muted'}, 'One package per domain. The live version of every package makes up revision ',
          el('strong', {id: 'installed-revision'}, revisions.installedRevision), ' on this instance.'),
        el('table', {id: 'packages'}, el('thead', {}, el('tr', {}, ['Domain 领域', 'Live 当前版本', 'Versions', 'Latest change', ''].map(h => el('th', {}, h)))),
          el('tbody', {}, packages.map(p => {
            const latest = p.versions[0];
            const drafts = p.versions.filter(v => v.status !== 'PUBLISHED').length;
            return el('tr', {className: 'package-row', dataset: {name: p.name}},
              el('td', {}, el('a', {href: '#/package/' + p.name}, el('strong', {}, p.name))),
              el('td', {}, p.publishedVersion ? 'v' + p.publishedVersion : '—'),
              el('td', {}, p.versions.length + (drafts ? ' (' + drafts + ' draft' + (drafts > 1 ? 's' : '') + ')' : '')),
              el('td', {}, latest ? 'v' + latest.version + ' ' + latest.status.toLowerCase() + ' by ' + latest.author + ', ' + time(latest.updatedAt) : ''),
              el('td', {}, el('a', {href: '#/package/' + p.name, className: 'button quiet'}, 'Open')));
          })))));
    }
  });

  App.page('package', {
    roles: ['EXPERT', 'REGULATOR'],
    async show(root, [name]) {
      const [pkg, cases, audit] = await Promise.all([api('GET', '/rule-packages/' + name),
        api('GET', '/rule-packages/' + name + '/test-cases'), api('GET', '/rule-packages/' + name + '/audit?limit=30')]);
      const expert = can('EXPERT');
      const versions = el('tbody', {}, pkg.versions.map(v => el('tr', {className: 'version-row', dataset: {version: v.version}},
        el('td', {}, el('a', {href: '#/edit/' + name + '/' + v.version}, 'v' + v.version)),
        el('td', {}, el('span', {className: 'status ' + v.status}, v.status), v.live ? el('span', {className: 'live'}, 'LIVE') : ''),
        el('td', {}, v.author), el('td', {}, v.comment || ''), el('td', {}, time(v.updatedAt)),
        el('td', {}, v.publishedAt ? time(v.publishedAt) + ' by ' + v.publishedBy : ''),
        el('td', {}, expert && v.status === 'PUBLISHED' && !v.live
          ? el('button', {className: 'secondary rollback', onclick: () => rollback(v.version)}, 'Roll back to v' + v.version) : ''))));
      const options = pkg.versions.map(v => el('option', {value: v.version}, 'v' + v.version + ' ' + v.status.toLowerCase()));
      const from = el('select', {id: 'diff-from'}, options.map(o => o.cloneNode(true)));
      const to = el('select', {id: 'diff-to'}, options.map(o => o.cloneNode(true)));
      if (pkg.versions.length > 1) from.value = pkg.versions[1].version;
      const diffOut = el('pre', {id: 'diff', className: 'diff'});

      async function showDiff() {
        const d = await api('GET', '/rule-packages/' + name + '/diff?from=' + from.value + '&to=' + to.value);
        diffOut.replaceChildren(...(d.unified || '(no difference)').split('\n').map(line => el('span', {
          className: line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('+') ? 'add'
            : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : ''}, line + '\n')));
      }

      async function rollback(version) {
        const why = prompt('Why roll back to v' + version + '? (kept in the audit trail)');
        if (!why) return;
        try {
          const p = await api('POST', '/rule-packages/' + name + '/rollback', {version, comment: why});
          toast('v' + version + ' is live again as v' + p.version + ' (revision ' + p.revision + ')', 'ok');
          window.dispatchEvent(new HashChangeEvent('hashchange'));
        } catch (e) { toast(errorText(e), 'bad'); }
      }

      async function newDraft() {
        try {
          const v = await api('POST', '/rule-packages/' + name + '/versions', {comment: 'draft from v' + pkg.publishedVersion});
          location.hash = '#/edit/' + name + '/' + v.version;
        } catch (e) { toast(errorText(e), 'bad'); }
      }

      root.append(
        el('section', {className: 'card'},
          el('h1', {}, 'Package ', el('code', {}, name), pkg.publishedVersion ? el('span', {className: 'muted'}, ' · live v' + pkg.publishedVersion) : ''),
          expert ? el('div', {className: 'toolbar'}, el('button', {id: 'new-draft', onclick: newDraft}, 'New draft from the live version · 新建草稿')) : '',
          el('table', {id: 'versions'}, el('thead', {}, el('tr', {}, ['Version', 'Status', 'Author', 'Why', 'Changed', 'Published', ''].map(h => el('th', {}, h)))), versions)),
        el('section', {className: 'card'}, el('h2', {}, 'Compare versions · 版本对比'),
          el('div', {className: 'toolbar'}, from, ' → ', to, el('button', {id: 'show-diff', onclick: showDiff}, 'Show diff')), diffOut),
        el('section', {className: 'card'}, el('h2', {}, 'Test cases · 测试用例 (' + cases.length + ')'),
          el('p', {className: 'muted'}, 'They run before every publish; a failing case stops it. Add and run them from a draft.'),
          el('ul', {id: 'test-cases'}, cases.map(c => el('li', {}, el('strong', {}, c.name), ' → ',
            c.expect.outcome, ' ', c.expect.level || '', ' ', c.expect.alarmType || '')))),
        el('section', {className: 'card'}, el('h2', {}, 'Audit · 审计'), auditTable(audit)));
      if (pkg.versions.length > 1) showDiff();
    }
  });

  function auditTable(entries) {
    return el('table', {className: 'audit'},
      el('thead', {}, el('tr', {}, ['When 时间', 'Who 操作人', 'What 操作', 'Package', 'Version', 'Revision', 'Why 原因'].map(h => el('th', {}, h)))),
      el('tbody', {}, entries.map(a => el('tr', {}, el('td', {}, time(a.at)), el('td', {}, a.actor),
        el('td', {}, el('span', {className: 'action ' + a.action}, a.action)), el('td', {}, a.packageName || ''),
        el('td', {}, a.version ? 'v' + a.version : ''), el('td', {}, a.revision || ''), el('td', {}, a.comment || '')))));
  }

  App.page('thresholds', {
    title: 'Threshold matrix · 阈值表', roles: ['EXPERT', 'REGULATOR'],
    async show(root) {
      const vocabulary = await api('GET', '/rule-authoring/vocabulary');
      const levels = ['RED', 'ORANGE', 'YELLOW', 'BLUE'];
      const rows = new Map();
      for (const t of vocabulary.thresholds) {
        const key = t.scenario + '\u0000' + t.metric;
        if (!rows.has(key)) rows.set(key, {scenario: t.scenario, metric: t.metric, cells: {}});
        rows.get(key).cells[t.level] = t;
      }
      const metric = Object.fromEntries(vocabulary.metrics.map(m => [m.name, m]));
      root.append(el('section', {className: 'card'},
        el('h1', {}, 'Threshold matrix · 阈值矩阵'),
        el('p', {className: 'muted'}, 'Scenario × metric × level, as the rules read them (policy ', el('code', {}, vocabulary.policyVersion),
          '). Rules never hold these numbers: regulators set them per district. Read-only here.'),
        el('table', {id: 'threshold-matrix', className: 'matrix'},
          el('thead', {}, el('tr', {}, el('th', {}, 'Scenario 场景'), el('th', {}, 'Metric 指标'), levels.map(l => el('th', {}, level(l))))),
          el('tbody', {}, [...rows.values()].map(r => el('tr', {},
            el('td', {}, r.scenario), el('td', {}, (metric[r.metric] || {}).nameZh || '', ' ', el('code', {}, r.metric)),
            levels.map(l => {
              const t = r.cells[l];
              return el('td', {className: 'num cell ' + (t ? l : '')}, t ? (t.direction === 'BELOW' ? '≤ ' : '≥ ') + t.value + ' ' + ((metric[r.metric] || {}).unit || '') : '');
            })))))),
        el('section', {className: 'card'}, el('h2', {}, 'Parameters · 参数'),
          el('table', {id: 'parameters'}, el('tbody', {}, Object.entries(vocabulary.parameters).map(([k, v]) =>
            el('tr', {}, el('td', {}, el('code', {}, k)), el('td', {className: 'num'}, v)))))));
    }
  });

  App.page('audit', {
    title: 'Audit · 审计', roles: ['EXPERT', 'REGULATOR'],
    async show(root) {
      const [audit, revisions] = await Promise.all([api('GET', '/rule-audit?limit=200'), api('GET', '/rule-revisions?limit=20')]);
      root.append(
        el('section', {className: 'card'}, el('h1', {}, 'Revisions · 发布记录'),
          el('p', {className: 'muted'}, 'This instance decides with revision ' + revisions.installedRevision + '.'),
          el('table', {id: 'revisions'}, el('thead', {}, el('tr', {}, ['Revision', 'When', 'Who', 'Packages', 'Why'].map(h => el('th', {}, h)))),
            el('tbody', {}, revisions.revisions.map(r => el('tr', {}, el('td', {}, r.revision), el('td', {}, time(r.publishedAt)),
              el('td', {}, r.publishedBy), el('td', {}, Object.entries(r.packages).map(([k, v]) => k + ' v' + v).join(', ')),
              el('td', {}, r.comment || '')))))),
        el('section', {className: 'card'}, el('h1', {}, 'Audit trail · 审计日志'), auditTable(audit)));
    }
  });
})();
