// The DRL editor of one package version: syntax highlighting, compile problems at line and column as you type
// (debounced validation, markers in the gutter), guided forms that write readable rules, test before publish,
// save, validate and publish.
'use strict';

(() => {
  const {api, el, level, time, toast, errorText, can} = App;

  const SHAPES = {
    THRESHOLD: 'Threshold with levels · 阈值分级',
    SUSTAINED: 'Sustained for a time · 持续超限',
    N_OF_M: 'N of the last M readings · M次中N次',
    COUPLING: 'Coupled with an alarm nearby · 耦合风险',
    SUPPRESSION: 'Suppression / inhibition · 抑制'
  };

  App.page('edit', {
    roles: ['EXPERT', 'REGULATOR'],
    async show(root, [name, versionText]) {
      const number = Number(versionText);
      const [version, vocabulary, cases] = await Promise.all([
        api('GET', '/rule-packages/' + name + '/versions/' + number), api('GET', '/rule-authoring/vocabulary'),
        api('GET', '/rule-packages/' + name + '/test-cases')]);
      const editable = can('EXPERT') && version.status !== 'PUBLISHED';
      const files = version.files.map(f => ({path: f.path, drl: f.drl}));
      let active = 0;
      let dirty = false;
      let problems = [];

      // ---- header and actions
      const status = el('span', {id: 'version-status', className: 'status ' + version.status}, version.status);
      const comment = el('input', {id: 'publish-comment', className: 'grow', placeholder: 'Why this change? (required to publish) · 变更原因'});
      const header = el('section', {className: 'card editor-head'},
        el('h1', {}, el('a', {href: '#/package/' + name}, name), ' v' + version.version, ' ', status,
          version.live ? el('span', {className: 'live'}, 'LIVE') : ''),
        el('p', {className: 'muted'}, 'by ' + version.author + ', ' + time(version.updatedAt) + (version.comment ? ' · ' + version.comment : '')),
        editable ? el('div', {className: 'toolbar'},
          el('button', {id: 'save-draft', onclick: () => save(true)}, 'Save draft · 保存'),
          el('button', {id: 'validate-version', className: 'secondary', onclick: validateVersion}, 'Validate · 校验'),
          comment, el('button', {id: 'publish', className: 'danger', onclick: publish}, 'Publish · 发布'))
          : can('EXPERT') ? el('div', {className: 'toolbar'}, el('span', {className: 'muted'}, 'Published versions never change. '),
            el('button', {id: 'draft-from-this', onclick: draftFromThis}, 'New draft from v' + version.version)) : '');

      // ---- editor
      const tabs = el('div', {className: 'tabs', id: 'file-tabs'});
      const host = el('div', {className: 'editor-host'});
      const problemList = el('ul', {id: 'problems', className: 'problems'});
      const cm = CodeMirror(host, {
        value: files[0] ? files[0].drl : '', mode: 'drl', lineNumbers: true, readOnly: !editable, indentUnit: 4,
        styleActiveLine: true, gutters: ['CodeMirror-lint-markers', 'CodeMirror-linenumbers'],
        lint: {getAnnotations: lint, async: true, delay: 600}
      });
      cm.on('change', () => { files[active].drl = cm.getValue(); dirty = true; });
      window.ruleEditor = cm; // for people and browser tests that drive the page

      function renderTabs() {
        tabs.replaceChildren(...files.map((f, i) => el('button', {className: 'tab' + (i === active ? ' active' : ''),
          onclick: () => { active = i; cm.setValue(files[i].drl); renderTabs(); }}, f.path.split('/').pop())),
        editable ? el('button', {className: 'tab quiet', id: 'add-file', onclick: addFile}, '+ file') : '');
      }

      function addFile() {
        const fileName = prompt('New DRL file name (lower case, .drl)', 'authored.drl');
        if (!fileName) return;
        files.push({path: 'org/citysafe/rules/' + name + '/' + fileName,
          drl: 'package org.citysafe.rules.' + name + ';\n\nimport org.citysafe.rules.engine.Observation;\nimport org.citysafe.rules.engine.Finding;\n'});
        active = files.length - 1;
        cm.setValue(files[active].drl);
        renderTabs();
      }

      // Validation of the files as they are: problems of this file become gutter markers, all are listed below.
      async function lint(text, update) {
        files[active].drl = text;
        let result;
        try {
          result = await api('POST', '/rule-packages/' + name + '/validate', {files});
        } catch (e) {
          problemList.replaceChildren(el('li', {className: 'error'}, 'Not validated: ' + errorText(e)));
          update([]);
          return;
        }
        problems = result.problems;
        renderProblems();
        update(problems.filter(p => p.path === files[active].path && p.line > 0).map(p => {
          const line = Math.min(p.line - 1, cm.lineCount() - 1);
          const ch = Math.max(0, p.column - 1);
          const word = cm.findWordAt(CodeMirror.Pos(line, ch));
          return {from: CodeMirror.Pos(line, ch), to: word.head.ch > ch ? word.head : CodeMirror.Pos(line, ch + 1),
            message: p.message, severity: 'error'};
        }));
      }

      function renderProblems() {
        if (!problems.length) {
          problemList.replaceChildren(el('li', {className: 'ok', id: 'no-problems'}, '✓ Compiles with every published package · 编译通过'));
          return;
        }
        problemList.replaceChildren(...problems.map(p => el('li', {className: 'problem', onclick: () => {
          const i = files.findIndex(f => f.path === p.path);
          if (i >= 0 && i !== active) { active = i; cm.setValue(files[i].drl); renderTabs(); }
          if (p.line > 0) { cm.setCursor(p.line - 1, Math.max(0, p.column - 1)); cm.focus(); }
        }}, el('code', {}, (p.path ? p.path.split('/').pop() : '') + (p.line ? ':' + p.line + ':' + p.column : '')), ' ',
          el('span', {className: 'problem-line'}, p.line ? 'line ' + p.line + ', column ' + p.column + ': ' : ''), p.message)));
      }

      async function save(announce) {
        try {
          await api('PUT', '/rule-packages/' + name + '/versions/' + number, {files, comment: null});
          dirty = false;
          status.textContent = 'DRAFT';
          status.className = 'status DRAFT';
          if (announce) toast('Draft v' + number + ' saved · 已保存', 'ok');
          return true;
        } catch (e) { toast(errorText(e), 'bad'); return false; }
      }

      async function validateVersion() {
        if (dirty && !await save(false)) return;
        try {
          const r = await api('POST', '/rule-packages/' + name + '/versions/' + number + '/validate');
          status.textContent = r.status;
          status.className = 'status ' + r.status;
          problems = r.problems;
          renderProblems();
          toast(r.valid ? 'v' + number + ' is VALIDATED · 校验通过' : r.problems.length + ' problem(s)', r.valid ? 'ok' : 'bad');
        } catch (e) { toast(errorText(e), 'bad'); }
      }

      async function publish() {
        if (!comment.value.trim()) { toast('Say why before publishing: the audit trail keeps it · 请填写变更原因', 'bad'); comment.focus(); return; }
        if (dirty && !await save(false)) return;
        try {
          const p = await api('POST', '/rule-packages/' + name + '/versions/' + number + '/publish', {comment: comment.value});
          toast('v' + p.version + ' is live: revision ' + p.revision + ', ' + p.rules + ' rules · 已发布', 'ok');
          window.dispatchEvent(new HashChangeEvent('hashchange'));
        } catch (e) {
          if (e.status === 422) {
            problems = e.body.problems || [];
            renderProblems();
            if ((e.body.failedCases || []).length) showResults({passed: 0, failed: e.body.failedCases.length, cases: e.body.failedCases, replayed: 0, changed: []});
          }
          toast(errorText(e), 'bad');
        }
      }

      async function draftFromThis() {
        const v = await api('POST', '/rule-packages/' + name + '/versions', {basedOn: number, comment: 'draft from v' + number});
        location.hash = '#/edit/' + name + '/' + v.version;
      }

      // ---- guided forms
      const scenarios = [...new Set(vocabulary.deviceTypes.map(t => t.scenario))].sort();
      const metricsOf = scenario => [...new Set(vocabulary.deviceTypes.filter(t => t.scenario === scenario).flatMap(t => t.metrics))].sort();
      const f = {};
      const field = (key, label, input, shapes) => {
        f[key] = input;
        return el('label', {className: 'field', dataset: {shapes: shapes.join(' ')}}, label, input);
      };
      const ALL = Object.keys(SHAPES);
      const MEASURED = ['THRESHOLD', 'SUSTAINED', 'N_OF_M', 'COUPLING'];
      const typeList = el('datalist', {id: 'alarm-types'}, vocabulary.alarmTypes.map(t => el('option', {value: t})));
      const shape = el('select', {id: 'guided-shape'}, Object.entries(SHAPES).map(([k, v]) => el('option', {value: k}, v)));
      const scenario = el('select', {id: 'guided-scenario'}, scenarios.map(s => el('option', {value: s}, s)));
      const metric = el('select', {id: 'guided-metric'});
      const fillMetrics = () => metric.replaceChildren(...metricsOf(scenario.value).map(m => el('option', {value: m}, m)));
      scenario.addEventListener('change', fillMetrics);
      fillMetrics();
      const levelBoxes = ['RED', 'ORANGE', 'YELLOW', 'BLUE'].map(l => el('label', {className: 'inline'},
        el('input', {type: 'checkbox', value: l, className: 'guided-level', id: 'guided-level-' + l, checked: true}), ' ', level(l)));
      const form = el('form', {id: 'guided-form', className: 'guided', onsubmit: e => { e.preventDefault(); addGuided(); }},
        el('label', {className: 'field'}, 'Shape · 类型', shape),
        field('name', 'Rule name, as a sentence · 规则名', el('input', {id: 'guided-name', required: true,
          value: 'Combustible gas in a restaurant reaches a serious level'}), ALL),
        field('nameZh', 'Chinese name · 中文名', el('input', {id: 'guided-name-zh'}), ALL),
        field('id', 'Rule id', el('input', {id: 'guided-id', value: name + '.authored.rule', pattern: '[a-z][a-z0-9_.-]*'}), ALL),
        field('scenario', 'Scenario · 场景', scenario, MEASURED),
        field('metric', 'Metric · 指标', metric, MEASURED),
        field('direction', 'Hazard side · 方向', el('select', {id: 'guided-direction'}, el('option', {value: 'ABOVE'}, 'at or above ≥'), el('option', {value: 'BELOW'}, 'at or below ≤')), MEASURED),
        el('div', {className: 'field', dataset: {shapes: 'THRESHOLD SUSTAINED N_OF_M COUPLING SUPPRESSION'}}, 'Levels · 级别 (thresholds come from the policy)', el('div', {}, levelBoxes)),
        field('alarmType', 'Alarm type raised · 告警类型', el('input', {id: 'guided-alarm-type', list: 'alarm-types', value: 'COMBUSTIBLE_GAS'}), ['THRESHOLD', 'SUSTAINED', 'N_OF_M', 'SUPPRESSION']),
        field('clear', vocabulary.hysteresis ? 'Also clear the alarm below every clear value · 回落解除' : 'Clear condition: this engine has no hysteresis yet, alarms are resolved by operators',
          el('input', {type: 'checkbox', id: 'guided-clear', disabled: !vocabulary.hysteresis}), ['THRESHOLD']),
        field('seconds', 'For at least (seconds, or a policy parameter) · 持续秒数', el('input', {id: 'guided-seconds', value: '300'}), ['SUSTAINED']),
        field('count', 'N: readings across (number or parameter)', el('input', {id: 'guided-count', value: '3'}), ['N_OF_M']),
        field('window', 'M: of the last readings', el('input', {id: 'guided-window', value: '5'}), ['N_OF_M']),
        field('nearbyAlarmType', 'Alarm open nearby / that inhibits · 关联告警', el('input', {id: 'guided-nearby-type', list: 'alarm-types', value: 'SMOKE'}), ['COUPLING', 'SUPPRESSION']),
        field('relation', 'Relation · 关系', el('select', {id: 'guided-relation'}, el('option', {value: 'WITHIN_RADIUS'}, 'within a radius'), el('option', {value: 'SAME_SITE'}, 'at the same site')), ['COUPLING']),
        field('radiusMetres', 'Radius (m, or a policy parameter) · 半径', el('input', {id: 'guided-radius', value: '50'}), ['COUPLING']),
        field('riskType', 'Coupled risk type · 耦合风险', el('input', {id: 'guided-risk-type', value: 'FIRE_AND_GAS'}), ['COUPLING']),
        field('riskLevel', 'Coupled risk level', el('select', {id: 'guided-risk-level'}, ['RED', 'ORANGE', 'YELLOW', 'BLUE'].map(l => el('option', {value: l}, l))), ['COUPLING']),
        field('suppressWhen', 'Hold back when · 抑制条件', el('select', {id: 'guided-suppress-when'}, el('option', {value: 'FLAG'}, 'the reading carries a flag'), el('option', {value: 'OPEN_ALARM'}, 'another alarm is open (inhibition)')), ['SUPPRESSION']),
        field('flag', 'Flag', el('select', {id: 'guided-flag'}, vocabulary.flags.map(x => el('option', {value: x}, x))), ['SUPPRESSION']),
        field('reasonEn', 'Why, in words · 原因', el('input', {id: 'guided-reason', value: 'the detector is under maintenance'}), ['SUPPRESSION']),
        field('reasonZh', 'Why, in Chinese', el('input', {id: 'guided-reason-zh', value: '设备维护中'}), ['SUPPRESSION']),
        el('pre', {id: 'guided-preview', className: 'preview'}),
        el('ul', {id: 'guided-warnings', className: 'warnings'}),
        editable ? el('button', {id: 'guided-add', type: 'submit'}, 'Add to the file · 插入规则') : '',
        typeList);

      function spec() {
        const s = {shape: shape.value, levels: [...form.querySelectorAll('.guided-level:checked')].map(c => c.value)};
        for (const [k, input] of Object.entries(f)) s[k] = input.type === 'checkbox' ? input.checked : input.value;
        return s;
      }

      function showShape() {
        for (const node of form.querySelectorAll('[data-shapes]')) node.hidden = !node.dataset.shapes.split(' ').includes(shape.value);
        preview();
      }

      let previewTimer = null;
      function preview() {
        clearTimeout(previewTimer);
        previewTimer = setTimeout(async () => {
          const out = document.getElementById('guided-preview');
          try {
            const r = await api('POST', '/rule-authoring/guided-rules', {spec: spec(), packageName: name, file: 'package org.citysafe.rules.' + name + ';'});
            out.textContent = r.rule;
            out.classList.remove('error');
            document.getElementById('guided-warnings').replaceChildren(...r.warnings.map(w => el('li', {}, w)));
          } catch (e) {
            out.textContent = errorText(e);
            out.classList.add('error');
          }
        }, 300);
      }

      async function addGuided() {
        try {
          const r = await api('POST', '/rule-authoring/guided-rules', {spec: spec(), packageName: name, file: cm.getValue()});
          cm.setValue(r.drl);
          cm.scrollIntoView(CodeMirror.Pos(cm.lineCount() - 1, 0));
          toast('Rule added to ' + files[active].path.split('/').pop() + ' · 已插入', 'ok');
        } catch (e) { toast(errorText(e), 'bad'); }
      }

      shape.addEventListener('change', showShape);
      form.addEventListener('input', preview);
      form.addEventListener('change', preview);

      // ---- test before publish
      const results = el('div', {id: 'test-results'});
      const caseList = el('ul', {id: 'case-list'});
      const renderCases = list => caseList.replaceChildren(...list.map(c => el('li', {}, el('strong', {}, c.name), ' → ',
        c.expect.outcome + ' ' + (c.expect.level || '') + ' ' + (c.expect.alarmType || ''), ' ',
        editable ? el('button', {className: 'quiet small', onclick: async () => {
          await api('DELETE', '/rule-packages/' + name + '/test-cases/' + encodeURIComponent(c.name));
          renderCases(await api('GET', '/rule-packages/' + name + '/test-cases'));
        }}, 'remove') : '')));
      renderCases(cases);
      const firstType = vocabulary.deviceTypes.find(t => t.scenario.startsWith(name + '.')) || vocabulary.deviceTypes[0];
      const template = {
        name: 'a ' + (firstType.metrics[0] || 'reading') + ' case',
        device: {deviceType: firstType.name},
        openAlarms: {},
        readings: [{metric: firstType.metrics[0], value: 1}],
        expect: {outcome: 'ALARM', level: 'ORANGE', alarmType: ''}
      };
      const caseText = el('textarea', {id: 'case-json', rows: 10, spellcheck: false}, JSON.stringify(template, null, 2));
      const recent = el('input', {id: 'recent-readings', type: 'number', min: 0, max: 1000, value: 100});
      const tests = el('div', {id: 'tests'},
        el('p', {className: 'muted'}, 'Readings oldest first: the earlier ones are the history of the last, which is decided. ',
          'Optional: openAlarms {"TYPE":"LEVEL"}, nearby [{"relation":"WITHIN_RADIUS","alarmType":"SMOKE","level":"ORANGE","distanceMetres":30}], flags on a reading.'),
        caseList,
        editable ? [caseText, el('button', {id: 'save-case', className: 'secondary', onclick: async () => {
          try {
            await api('PUT', '/rule-packages/' + name + '/test-cases', JSON.parse(caseText.value));
            renderCases(await api('GET', '/rule-packages/' + name + '/test-cases'));
            toast('Test case saved · 用例已保存', 'ok');
          } catch (e) { toast(e instanceof SyntaxError ? 'Not JSON: ' + e.message : errorText(e), 'bad'); }
        }}, 'Save test case · 保存用例')] : '',
        el('div', {className: 'toolbar'}, el('label', {className: 'inline'}, 'replay the newest ', recent, ' stored readings'),
          el('button', {id: 'run-tests', onclick: runTests}, 'Run tests · 运行测试')),
        results);

      async function runTests() {
        if (editable && dirty && !await save(false)) return;
        results.replaceChildren(el('p', {className: 'muted'}, 'Running…'));
        try {
          showResults(await api('POST', '/rule-packages/' + name + '/versions/' + number + '/test', {recentReadings: Number(recent.value) || 0}));
        } catch (e) {
          if (e.status === 422) { problems = e.body.problems || []; renderProblems(); }
          results.replaceChildren(el('p', {className: 'error'}, errorText(e)));
        }
      }

      const verdict = v => v ? el('span', {}, v.outcome, ' ', v.level ? level(v.level) : '', ' ', v.alarmType || '') : el('span', {className: 'muted'}, '—');

      function showResults(r) {
        results.replaceChildren(
          el('p', {id: 'test-summary', className: r.failed ? 'error' : 'ok'}, r.passed + ' passed, ' + r.failed + ' failed'
            + (r.replayed ? ' · ' + r.replayed + ' stored readings replayed, ' + r.changed.length + ' decision(s) would change' : '')),
          el('table', {id: 'case-results'}, el('thead', {}, el('tr', {}, ['', 'Case', 'Expected', 'Draft', 'Live now'].map(h => el('th', {}, h)))),
            el('tbody', {}, r.cases.map(c => el('tr', {className: c.passed ? 'pass' : 'fail'},
              el('td', {}, el('span', {className: 'verdict ' + (c.passed ? 'pass' : 'fail')}, c.passed ? 'PASS' : 'FAIL')),
              el('td', {}, c.name, c.error ? el('div', {className: 'error'}, c.error) : ''),
              el('td', {}, c.expected ? c.expected.outcome + ' ' + (c.expected.level || '') + ' ' + (c.expected.alarmType || '') : ''),
              el('td', {}, verdict(c.draft)), el('td', {className: c.changed ? 'changed' : ''}, verdict(c.published)))))),
          r.changed.length ? [el('h3', {}, 'Decisions that would change · 将改变的决策'),
            el('table', {id: 'changed-decisions'}, el('thead', {}, el('tr', {}, ['Reading', 'Device', 'Value', 'Live now', 'With this draft'].map(h => el('th', {}, h)))),
              el('tbody', {}, r.changed.map(c => el('tr', {}, el('td', {}, time(c.ts)), el('td', {}, c.deviceId),
                el('td', {className: 'num'}, c.metric + ' ' + c.value), el('td', {}, verdict(c.published)), el('td', {}, verdict(c.draft))))))] : '');
      }

      // ---- layout
      const panels = {guided: form, tests};
      const panelTabs = el('div', {className: 'tabs'}, Object.entries({guided: 'Guided rule · 向导', tests: 'Test · 测试'}).map(([k, v]) =>
        el('button', {className: 'tab', id: 'panel-' + k, onclick: () => showPanel(k)}, v)));
      const panelHost = el('div', {className: 'panel-host'});
      function showPanel(k) {
        panelHost.replaceChildren(panels[k]);
        for (const b of panelTabs.children) b.classList.toggle('active', b.id === 'panel-' + k);
      }
      root.append(header, el('div', {className: 'split editor-split'},
        el('section', {className: 'card'}, tabs, host, el('h3', {}, 'Problems · 问题'), problemList),
        el('section', {className: 'card side'}, panelTabs, panelHost)));
      renderTabs();
      showPanel('guided');
      showShape();
      cm.refresh();
      cm.performLint();
      return () => { delete window.ruleEditor; };
    }
  });
})();
