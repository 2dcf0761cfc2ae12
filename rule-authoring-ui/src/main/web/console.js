// The duty operators' console: open alarms by district and level, refreshed every few seconds; an alarm's reasons,
// coupled risks, timeline and evidence; acknowledge, verify, resolve and comment through the alarm lifecycle API.
'use strict';

(() => {
  const {api, el, level, time, toast, errorText, can} = App;
  const REFRESH_MS = 5000;
  // in the list: MM-DD HH:mm:ss, enough to tell today's alarms apart
  const shortTime = iso => iso ? time(iso).replace(/^\d{4}\//, '').replace('/', '-') : '';

  App.page('console', {
    title: 'Alarm console · 告警值守', roles: ['OPERATOR', 'REGULATOR', 'PLATFORM'],
    async show(root, args) {
      const state = {district: '', level: '', status: 'ACTIVE', selected: args[0] || null};
      const districts = await api('GET', '/districts').catch(() => []);
      const districtSelect = el('select', {id: 'filter-district', onchange: e => { state.district = e.target.value; refresh(); }},
        el('option', {value: ''}, 'All districts · 全部区域'),
        districts.filter(d => d.level !== 'COMMUNITY').map(d => el('option', {value: d.path},
          '\u00a0'.repeat(2 * (d.path.split('/').length - 1)) + d.name + (d.deviceCount ? ' (' + d.deviceCount + ')' : ''))));
      const levelSelect = el('select', {id: 'filter-level', onchange: e => { state.level = e.target.value; refresh(); }},
        el('option', {value: ''}, 'All levels · 全部级别'),
        ['RED', 'ORANGE', 'YELLOW', 'BLUE'].map(l => el('option', {value: l}, l)));
      const statusSelect = el('select', {id: 'filter-status', onchange: e => { state.status = e.target.value; refresh(); }},
        ['ACTIVE', 'OPEN', 'ACKNOWLEDGED', 'VERIFIED', 'DISPATCHED', 'RESOLVED', 'CLOSED', ''].map(s =>
          el('option', {value: s, selected: s === 'ACTIVE'},
            s === 'ACTIVE' ? 'Being handled · 处置中' : s || 'Any status · 全部状态')));
      const live = el('input', {type: 'checkbox', id: 'auto-refresh', checked: true});
      const stamp = el('span', {className: 'muted', id: 'refreshed'});
      const tbody = el('tbody');
      const detail = el('section', {id: 'alarm-detail', className: 'card detail'},
        el('p', {className: 'muted'}, 'Choose an alarm to see its reasons, timeline and evidence.'));
      root.append(el('div', {className: 'toolbar'}, districtSelect, levelSelect, statusSelect,
        el('label', {className: 'inline'}, live, ' auto refresh · 自动刷新'), stamp),
        el('div', {className: 'split'},
          el('section', {className: 'card list'}, el('table', {id: 'alarms'},
            el('thead', {}, el('tr', {}, ['Level 级别', 'Type 类型', 'Status 状态', 'Site 场所', 'District 区域',
              'Readings', 'Last seen 最新'].map(h => el('th', {}, h)))), tbody)),
          detail));

      async function refresh() {
        const q = new URLSearchParams({limit: 200});
        if (state.district) q.set('district', state.district);
        if (state.level) q.set('level', state.level);
        // "being handled": every status until resolved or closed (a RED alarm is DISPATCHED at once)
        if (state.status && state.status !== 'ACTIVE') q.set('status', state.status);
        try {
          const alarms = (await api('GET', '/alarms?' + q))
            .filter(a => state.status !== 'ACTIVE' || (a.status !== 'RESOLVED' && a.status !== 'CLOSED'));
          tbody.replaceChildren(...alarms.map(a => el('tr', {
            className: 'alarm-row' + (a.id === state.selected ? ' selected' : ''), dataset: {id: a.id},
            onclick: () => { state.selected = a.id; history.replaceState(null, '', '#/console/' + a.id); refresh(); showDetail(); }
          }, el('td', {}, level(a.level)), el('td', {}, a.alarmType, a.kind === 'FAULT' ? el('small', {className: 'muted'}, ' fault') : ''),
            el('td', {}, a.status), el('td', {}, a.siteId), el('td', {className: 'district'}, a.districtPath),
            el('td', {className: 'num'}, a.readingCount), el('td', {className: 'when'}, shortTime(a.lastSeen)))));
          if (!alarms.length) tbody.append(el('tr', {}, el('td', {colSpan: 7, className: 'muted'}, 'No alarms match · 暂无告警')));
          stamp.textContent = 'updated ' + new Date().toLocaleTimeString('zh-CN', {hour12: false});
        } catch (e) {
          stamp.textContent = 'not updated: ' + errorText(e);
        }
      }

      async function showDetail() {
        if (!state.selected) return;
        let alarm, evidence;
        try {
          [alarm, evidence] = await Promise.all([api('GET', '/alarms/' + encodeURIComponent(state.selected)),
            api('GET', '/alarms/' + encodeURIComponent(state.selected) + '/readings').catch(() => [])]);
        } catch (e) {
          detail.replaceChildren(el('p', {className: 'error'}, errorText(e)));
          return;
        }
        const reasons = (alarm.reasons || []).map(r => el('li', {}, el('div', {}, r.message),
          r.messageZh ? el('div', {className: 'zh'}, r.messageZh) : '', el('code', {className: 'muted'}, r.ruleId)));
        const coupled = (alarm.coupledRisks || []).map(c => el('li', {}, level(c.level), ' ', el('strong', {}, c.type), ' ',
          (c.assets || []).join(' → '), el('div', {}, c.explanation),
          c.explanationZh ? el('div', {className: 'zh'}, c.explanationZh) : ''));
        const timeline = (alarm.timeline || []).map(ev => el('li', {className: 'event'},
          el('time', {}, time(ev.at)), ' ', el('strong', {}, ev.type), ' ',
          ev.fromLevel || ev.toLevel ? el('span', {}, (ev.fromLevel || '') + ' → ' + (ev.toLevel || '')) : '',
          ev.toStatus ? el('span', {className: 'muted'}, ' [' + (ev.fromStatus ? ev.fromStatus + ' → ' : '') + ev.toStatus + ']') : '',
          el('span', {className: 'muted'}, ' by ' + ev.actor), ev.cause ? el('div', {className: 'cause'}, ev.cause) : ''));
        detail.replaceChildren(
          el('h2', {}, level(alarm.level), ' ', alarm.alarmType, ' · ', alarm.siteId),
          el('p', {className: 'muted'}, alarm.status + ' · ' + alarm.districtPath + ' · device ' + alarm.deviceId +
            ' · first ' + time(alarm.firstSeen) + ' · last ' + time(alarm.lastSeen) + ' · ' + alarm.readingCount + ' reading(s)'),
          can('OPERATOR') ? actions(alarm) : '',
          el('h3', {}, 'Why · 原因'), el('ul', {className: 'reasons'}, reasons),
          coupled.length ? [el('h3', {}, 'Coupled risks · 耦合风险'), el('ul', {className: 'coupled'}, coupled)] : '',
          el('h3', {}, 'Timeline · 处置时间线'), el('ol', {id: 'timeline', className: 'timeline'}, timeline),
          el('h3', {}, 'Evidence · 证据'), el('table', {className: 'evidence'},
            el('thead', {}, el('tr', {}, ['Time', 'Device', 'Metric', 'Value', 'Level'].map(h => el('th', {}, h)))),
            el('tbody', {}, evidence.map(r => el('tr', {}, el('td', {}, time(r.ts)), el('td', {}, r.deviceId),
              el('td', {}, r.metric), el('td', {className: 'num'}, r.value + ' ' + r.unit), el('td', {}, level(r.level)))))));
      }

      // The lifecycle endpoints of the alarm API; a build without them answers 404/405 and the button says so.
      function actions(alarm) {
        const note = el('input', {id: 'action-note', placeholder: 'Note · 备注', className: 'grow'});
        const call = async (path, body, done) => {
          try {
            await api('POST', '/alarms/' + encodeURIComponent(alarm.id) + path, body);
            toast(done, 'ok');
            note.value = '';
            await Promise.all([refresh(), showDetail()]);
          } catch (e) {
            toast(e.status === 404 || e.status === 405
              ? 'This service has no POST /api/v1/alarms/{id}' + path + ' yet (alarm lifecycle)'
              : errorText(e), 'bad');
          }
        };
        return el('div', {className: 'actions'}, note,
          el('button', {id: 'action-ack', onclick: () => call('/ack', {note: note.value}, 'Acknowledged · 已确认收到')}, 'Acknowledge 确认'),
          el('button', {id: 'action-confirm', onclick: () => call('/verify', {verdict: 'CONFIRMED', note: note.value}, 'Verified: confirmed · 核实为真')}, 'Verify: real 核实为真'),
          el('button', {id: 'action-false', className: 'secondary', onclick: () => call('/verify', {verdict: 'FALSE_ALARM', note: note.value}, 'Verified: false alarm · 误报')}, 'False alarm 误报'),
          el('button', {id: 'action-resolve', className: 'secondary', onclick: () => call('/resolve', {note: note.value}, 'Resolved · 已处置')}, 'Resolve 处置完毕'),
          el('button', {id: 'action-comment', className: 'quiet', onclick: () => call('/comment', {note: note.value, text: note.value}, 'Comment added · 已备注')}, 'Comment 备注'));
      }

      await refresh();
      if (state.selected) showDetail();
      const timer = setInterval(() => {
        if (!live.checked) return;
        refresh();
        // an operator typing a note must not lose it to a refresh
        if (state.selected && !detail.contains(document.activeElement)) showDetail();
      }, REFRESH_MS);
      return () => clearInterval(timer);
    }
  });
})();
