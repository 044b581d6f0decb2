// The cadres' dashboard. Every text from the catalog goes in with textContent, never as HTML;
// changes carry the page's CSRF token; charts are Apache ECharts, installed from npm, drawn as SVG
// so their words (town names, the own-town marker) are text in the page, for screen readers and tests.
(function () {
  "use strict";
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const $ = (id) => document.getElementById(id);
  const filters = $("filters");
  const charts = [];
  let current = "overview";
  let page = 1;

  const CATALOGS = {
    needs: {api: "/api/needs", columns: [["tracking_id", "编号"], ["town", "镇"], ["community", "村（社区）"],
      ["category", "维度"], ["urgency", "急难愁盼"], ["description", "内容"], ["status_label", "状态"],
      ["tier_label", "项目类别"], ["finish_by", "应办结"], ["phone", "电话"], ["created_at", "提交时间"]]},
    projects: {api: "/api/projects", columns: [["tier_label", "项目类别"], ["tracking_id", "需求编号"],
      ["town", "镇"], ["community", "村（社区）"], ["category", "维度"], ["urgency", "急难愁盼"],
      ["description", "内容"], ["supporters", "附议"], ["status_label", "进展"], ["finish_by", "应办结"],
      ["created_at", "提交时间"]]},
    resources: {api: "/api/resources", columns: [["tracking_id", "编号"], ["town", "镇"], ["community", "村（社区）"],
      ["resource_type", "类型"], ["provider_type", "提供方"], ["provider", "名称"], ["description", "内容"],
      ["available_time", "时间"], ["phone", "电话"], ["status_label", "状态"], ["created_at", "登记时间"]]},
  };
  // ECharts' own first eight colours, fixed so the legend above the chart can show them too.
  const TYPE_COLOURS = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4"];
  const MINE = "（本镇）";
  const RATES = [  // [key, label, counted from call-backs]
    ["responded", "响应率", true], ["solved", "解决率", true], ["satisfied", "满意率", true],
    ["composite", "综合得分", true], ["on_time_acknowledged", "按时签收率", false],
    ["on_time_finished", "按时办结率", false], ["reopened", "重办率", false]];
  const RANKED_FIRST = 10;  // communities listed before "展开全部"
  const WATCH = 3;  // the lowest composites flagged 需关注

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function option(select, value, label) {
    const o = el("option", label);
    o.value = value;
    select.appendChild(o);
  }

  function shortTime(iso) {
    return iso ? iso.slice(0, 16).replace("T", " ") : "";
  }

  function percent(rate) {
    return rate === null || rate === undefined ? "—" : +(rate * 100).toFixed(1) + "%";
  }

  async function getJSON(url) {
    const response = await fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}});
    if (response.status === 401) { window.location.href = "/login"; throw new Error("请先登录"); }
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || "出了点问题，请稍后再试");
    return body;
  }

  // For a card whose endpoint may not exist on this server yet: null on 404, and the card stays hidden.
  async function getOptional(url) {
    const response = await fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}});
    if (response.status === 404 || response.status === 405) return null;
    if (response.status === 401) { window.location.href = "/login"; return null; }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || "出了点问题，请稍后再试");
    return body;
  }

  // A change sent as JSON with the page's CSRF token; throws the server's Chinese message when refused.
  async function postJSON(url, payload, fallback) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": boot.csrf, Accept: "application/json"},
      body: JSON.stringify(payload),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || fallback);
    return body;
  }

  // -- overview ------------------------------------------------------------------------------
  function card(label, value, note) {
    const box = el("div", null, "card");
    box.appendChild(el("div", value, "value"));
    box.appendChild(el("div", label, "label"));
    if (note) box.appendChild(el("div", note, "note"));
    return box;
  }

  function chart(id, option) {
    if (typeof echarts === "undefined") { $(id).textContent = "图表组件没有加载，请刷新页面"; return; }
    const c = echarts.getInstanceByDom($(id)) || echarts.init($(id), null, {renderer: "svg"});
    c.setOption(option, true);
    if (!charts.includes(c)) charts.push(c);
  }

  // A town's name on a chart axis: the reader's own town in bold with a marker, never by colour alone.
  function townAxis(own) {
    return {formatter: (name) => (name === own ? "{mine|▶" + name + MINE + "}" : name),
      rich: {mine: {fontWeight: "bold", color: "#191919"}}};
  }

  async function loadOverview() {
    let data;
    try { data = await getJSON("/api/overview"); } catch (e) { $("cards").textContent = e.message; return; }
    $("as-of").textContent = data.as_of;
    $("area").textContent = data.area;
    setReportLinks(data.as_of);
    showCards(data);
    showTargets(data);
    coverageChart(data);
    typesChart(data);
    categoriesChart(data.catalogs.needs_by_category);
    showLeadTypes(data.lead_types);
    loadRates();
    loadCases();
  }

  function setReportLinks(day) {
    $("report-pdf").href = "/api/report?format=pdf&as_of=" + encodeURIComponent(day);
    $("report-xlsx").href = "/api/report?format=xlsx&as_of=" + encodeURIComponent(day);
  }

  function showCards(data) {
    const mine = data.towns.find((t) => t.place === data.town) || data.city;
    const c = data.catalogs;
    $("cards").replaceChildren(
      card(mine.place + "试点覆盖率", mine.coverage_text, mine.pilots + " / " + mine.communities + " 个村（社区）"),
      card("需求", c.needs, "未办结 " + c.open_needs + "，已解决 " + c.done),
      card("先治理项目", c.priority_projects, "未办结，已有资源对接"),
      card("待治理项目", c.pending_projects, "未办结，还缺资源"),
      card("可用资源", c.resources, data.area),
      card("超过时限", data.late.late, lateNote(data.late)));
  }

  // Pilots on a target's deadline and now, each against what the target needs of this place.
  function verdictText(pilots, short) {
    if (pilots === null || pilots === undefined) return "未到期";
    return pilots + "个 · " + (short ? "差" + short + "个" : "达标");
  }

  function verdictCell(pilots, short) {
    const known = pilots !== null && pilots !== undefined;
    return el("td", verdictText(pilots, short), known ? (short ? "bad" : "good") : "muted");
  }

  function showTargets(data) {
    const table = $("targets-table");
    table.replaceChildren(targetsHead(data.targets));
    data.towns.concat([data.city]).forEach((place) => {
      const row = el("tr", null, place.place === data.town ? "mine" : "");
      row.appendChild(el("th", place.place === data.town ? "▶" + place.place + MINE : place.place));
      place.targets.forEach((t) => {
        row.appendChild(verdictCell(t.pilots_at_deadline, t.short));
        row.appendChild(verdictCell(place.pilots, t.short_now));
      });
      table.appendChild(row);
    });
  }

  function targetsHead(targets) {
    const head = el("thead");
    const top = el("tr");
    const corner = el("th", "镇（区）");
    corner.rowSpan = 2;
    top.appendChild(corner);
    const sub = el("tr");
    targets.forEach((t) => {
      const th = el("th", t.label);
      th.colSpan = 2;
      top.appendChild(th);
      const then = el("th", "截至期限", "at-deadline");
      then.appendChild(el("small", t.deadline, "date"));
      sub.appendChild(then);
      sub.appendChild(el("th", "当前", "now"));
    });
    head.append(top, sub);
    return head;
  }

  function coverageChart(data) {
    const towns = data.towns.slice().sort((a, b) => a.coverage - b.coverage);
    const marks = data.targets.map((t) => ({xAxis: t.percent, name: t.label,
      label: {formatter: t.percent + "%", position: "end"}}));
    chart("chart-coverage", {
      grid: {left: 8, right: 40, top: 20, bottom: 30, containLabel: true},
      tooltip: {trigger: "axis", formatter: (p) => {
        const t = towns[p[0].dataIndex];
        return t.place + "：" + t.coverage_text + "（" + t.pilots + "/" + t.communities + "）";
      }},
      xAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
      yAxis: {type: "category", data: towns.map((t) => t.place), axisLabel: townAxis(data.town)},
      series: [{type: "bar", name: "覆盖率", data: towns.map((t) => ({value: +(t.coverage * 100).toFixed(1),
        itemStyle: {color: t.coverage > 0.6 ? "#07c160" : (t.coverage >= 0.3 ? "#10aeff" : "#fa9d3b"),
          borderColor: "#191919", borderWidth: t.place === data.town ? 2 : 0}})),
        label: {show: true, position: "right", formatter: "{c}%"},
        markLine: {symbol: "none", data: marks, lineStyle: {type: "dashed", color: "#fa5151"}}}],
    });
  }

  // Pilots per type, stacked per town: each part labelled with its count, each bar with its total,
  // and every type in the legend above, those with no pilot too.
  function typesChart(data) {
    const totals = data.towns.map((t) => data.types.reduce((sum, type) => sum + (t.by_type[type] || 0), 0));
    const parts = data.types.map((type, i) => ({type: "bar", stack: "pilots", name: type,
      itemStyle: {color: TYPE_COLOURS[i % TYPE_COLOURS.length]},
      label: {show: true, position: "inside", formatter: (p) => (p.value ? String(p.value) : "")},
      data: data.towns.map((t) => t.by_type[type] || 0)}));
    const total = {type: "bar", stack: "pilots", name: "合计", silent: true, data: totals.map(() => 0),
      label: {show: true, position: "right", formatter: (p) => "共" + totals[p.dataIndex] + "个"}};
    chart("chart-types", {
      grid: {left: 8, right: 56, top: 10, bottom: 30, containLabel: true},
      legend: {show: false},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", data: data.towns.map((t) => t.place), axisLabel: townAxis(data.town)},
      series: parts.concat([total]),
    });
    typesLegend(data.types, data.city.by_type);
  }

  function typesLegend(types, counts) {
    $("types-legend").replaceChildren(...types.map((type, i) => {
      const item = el("li");
      const swatch = el("span", null, "swatch");
      swatch.style.background = TYPE_COLOURS[i % TYPE_COLOURS.length];
      item.append(swatch, el("span", type, "name"), el("span", " " + (counts[type] || 0) + "个", "count"));
      return item;
    }));
  }

  function categoriesChart(byCategory) {
    const categories = Object.entries(byCategory);
    chart("chart-categories", {
      tooltip: {trigger: "item"},
      legend: {type: "scroll", bottom: 0},
      series: [{type: "pie", radius: ["30%", "58%"], center: ["50%", "45%"],
        data: categories.map(([name, value]) => ({name, value})), label: {formatter: "{c}"}}],
    });
  }

  function lateNote(late) {
    const stages = Object.entries(late.by_stage).filter(([, n]) => n).map(([s, n]) => s + " " + n).join("，");
    const lit = late.lights.filter((l) => l.light === "red").slice(0, 3)
      .map((l) => l.place + " " + l.late + "/" + l.open_needs).join("、");
    return (stages ? "超时：" + stages : "未办结 " + late.open_needs + " 件都在时限内")
      + (lit ? "；红灯：" + lit : "") + (late.supervised ? "；督办中 " + late.supervised : "")
      + (late.sample ? "（样例时限）" : "");
  }

  function showLeadTypes(lead) {
    $("lead-panel").hidden = !lead;
    if (!lead) return;
    $("lead-sample").hidden = !lead.sample;
    $("lead-sample").textContent = "注意：牵头类型目前用的是示例文件，请换成实施方案附件中的正式分工。";
    const table = $("lead-table");
    table.replaceChildren();
    const head = el("tr");
    ["类型", "截至期限（" + lead.deadline + "）", "当前"].forEach((h) => head.appendChild(el("th", h)));
    table.appendChild(head);
    lead.checks.forEach((check) => {
      const row = el("tr");
      row.appendChild(el("td", check.type));
      row.appendChild(verdictCell(check.pilots_at_deadline, check.short_at_deadline));
      row.appendChild(verdictCell(check.pilots, check.short));
      table.appendChild(row);
    });
  }

  // An optional card shows only with an answer; data-state says the answer came, whatever it was.
  function settle(panelId, data) {
    $(panelId).hidden = !data;
    $(panelId).dataset.state = data ? "shown" : "absent";
  }

  // -- rates (响应率、解决率、满意率) -----------------------------------------------------------
  async function loadRates() {
    let data;
    try { data = await getOptional("/api/rates"); } catch (e) { data = null; }
    settle("rates-panel", data);
    if (!data) return;
    $("rates-period").textContent = ratesPeriod(data);
    $("rates-cards").replaceChildren(...RATES.map(([key, label, fromVisits]) => {
      const rate = data.rates[key];
      const missing = rate === null || rate === undefined;
      return card(label, percent(rate), missing ? (fromVisits ? "暂无回访" : "暂无数据") : "");
    }));
    // A community without a need in the period has nothing to rank: it is counted, not listed.
    const ranked = (data.communities || []).filter((c) => c.needs > 0);
    const idle = (data.communities || []).length - ranked.length;
    $("rates-idle").textContent = idle ? "另有 " + idle + " 个村（社区）这段时间没有需求，不排名。" : "";
    showRanking(ranked, false);
  }

  function ratesPeriod(data) {
    const r = data.rates;
    const weights = Object.entries(data.weights || {}).map(([k, w]) => rateLabel(k) + "×" + w).join(" + ");
    return (data.area || "") + (data.from ? "，" + data.from + " 至 " + (data.to || "今天") : "")
      + "：需求 " + (r.needs || 0) + " 件，回访 " + (r.visits || 0) + " 次"
      + (r.supporter_visits ? "（另有附议人回访 " + r.supporter_visits + " 次，分开计）" : "")
      + (weights ? "。综合得分 = " + weights : "");
  }

  function rateLabel(key) {
    const found = RATES.find(([k]) => k === key);
    return found ? found[1] : key;
  }

  function showRanking(communities, all) {
    const list = $("rates-ranking");
    const shown = all ? communities : communities.slice(0, RANKED_FIRST);
    let flagged = 0;
    list.replaceChildren(...shown.map((c) => {
      const watch = c.composite !== null && c.composite !== undefined && flagged < WATCH;
      if (watch) flagged += 1;
      return rankingItem(c, watch);
    }));
    if (!communities.length) list.appendChild(el("li", "这段时间还没有需求", "muted"));
    const more = $("rates-more");
    more.hidden = all || communities.length <= RANKED_FIRST;
    more.textContent = "展开全部（共 " + communities.length + " 个）";
    more.onclick = () => showRanking(communities, true);
  }

  function rankingItem(c, watch) {
    const item = el("li", null, watch ? "watch" : "");
    const head = el("div", null, "name");
    head.appendChild(el("span", c.community + "（" + c.town + "）"));
    if (watch) head.appendChild(el("span", "需关注", "badge"));
    item.appendChild(head);
    const noVisit = c.composite === null || c.composite === undefined;
    item.appendChild(el("div", noVisit ? "综合得分 —（暂无回访）· 需求 " + c.needs + " 件"
      : "综合得分 " + percent(c.composite) + " · 响应 " + percent(c.responded) + " · 解决 " + percent(c.solved)
        + " · 满意 " + percent(c.satisfied) + " · 回访 " + c.visits + " 次", "note"));
    return item;
  }

  // -- 试点特色案例 ------------------------------------------------------------------------------
  async function loadCases() {
    let data;
    try { data = await getOptional("/api/cases"); } catch (e) { data = null; }
    settle("cases-panel", data);
    if (!data) return;
    const cases = data.cases || data.rows || [];  // /api/cases lists them as "rows"; "cases" also read
    const list = $("cases-list");
    list.replaceChildren(...cases.map(caseItem));
    if (!cases.length) list.appendChild(el("li", "还没有特色案例。已解决的需求可在详情里“设为特色案例”。", "muted"));
  }

  function caseItem(c) {
    const item = el("li");
    item.appendChild(el("div", c.title, "name"));
    item.appendChild(el("div", c.community + "（" + c.town + "）· " + c.tracking_id + " · " + (c.created_on || shortTime(c.created_at).slice(0, 10)), "note"));
    item.appendChild(el("p", c.account, "account"));
    return item;
  }

  // -- catalogs ------------------------------------------------------------------------------
  function setupFilters() {
    const town = filters.elements.town;
    const towns = Object.keys(boot.places);
    if (towns.length > 1) option(town, "", "全部");
    towns.forEach((t) => option(town, t, t));
    town.addEventListener("change", fillCommunities);
    fillCommunities();
  }

  function fillCommunities() {
    const select = filters.elements.community;
    select.replaceChildren();
    const names = boot.places[filters.elements.town.value] || [];
    if (names.length !== 1) option(select, "", "全部");
    names.forEach((n) => option(select, n, n));
  }

  function fillKindFilters(kind) {
    const category = filters.elements.category;
    const status = filters.elements.status;
    category.replaceChildren();
    status.replaceChildren();
    option(category, "", "全部");
    option(status, "", "全部");
    if (kind === "resources") {
      $("category-label").textContent = "资源类型";
      boot.resource_types.forEach((t) => option(category, t, t));
      option(status, "active", "可用");
      option(status, "paused", "已暂停");
      option(status, "withdrawn", "已撤回");
    } else {
      $("category-label").textContent = "维度";
      boot.categories.forEach((c) => option(category, c, c));
      option(status, "open", "未办结");
      Object.entries(boot.statuses).forEach(([code, label]) => option(status, code, label));
    }
    $("tier-filter").hidden = kind !== "projects";
  }

  function query() {
    const params = new URLSearchParams();
    for (const field of filters.elements) {
      if (field.name && field.value && !(field.closest("label") || {}).hidden) params.set(field.name, field.value);
    }
    return params;
  }

  function updateExport() {  // set when a list is shown: the workbook holds what the table shows
    $("export").href = "/api/export/" + current + ".xlsx?" + query().toString();
  }

  async function loadCatalog() {
    const spec = CATALOGS[current];
    const params = query();
    updateExport();
    params.set("page", page);
    params.set("size", 20);
    $("summary").textContent = "正在查询…";
    let data;
    try { data = await getJSON(spec.api + "?" + params.toString()); } catch (e) {
      $("summary").textContent = e.message;
      $("rows").replaceChildren();
      return;
    }
    const pages = Math.max(1, Math.ceil(data.total / data.size));
    $("summary").textContent = "共 " + data.total + " 条" +
      (data.total && current !== "resources" ? "，点一行看详情和处理记录" : "");
    $("page").textContent = data.page + " / " + pages;
    $("prev").disabled = data.page <= 1;
    $("next").disabled = data.page >= pages;
    const table = $("rows");
    table.className = "grid catalog";
    table.replaceChildren(headRow(spec.columns));
    data.rows.forEach((row) => table.appendChild(catalogRow(spec.columns, row)));
  }

  function headRow(columns) {
    const head = el("tr", null, "head");
    columns.forEach(([, label]) => head.appendChild(el("th", label)));
    return head;
  }

  // One row of a list. On a phone (CSS below 600 px) the row is a card: number and status on top, then the
  // place (a cell only the card shows), the words, and each other field with its label from data-label.
  function catalogRow(columns, row) {
    const tr = el("tr");
    const place = el("td", row.town + " " + row.community, "k-place card-only");
    place.dataset.label = "地点";
    tr.appendChild(place);
    columns.forEach(([key, label]) => {
      const td = el("td", cellText(key, row), "k-" + key + (key === "description" ? " text" : ""));
      td.dataset.label = label;
      if (key === "finish_by" && isLate(row)) td.classList.add("bad");
      tr.appendChild(td);
    });
    if (current !== "resources") makeOpenable(tr, row.tracking_id);
    return tr;
  }

  function cellText(key, row) {
    let value = key.endsWith("_at") || key === "finish_by" ? shortTime(row[key]) : row[key];
    if (key === "tracking_id" && row.supervised) value += " 督办";  // pressed for: it heads the list
    if (key === "finish_by" && isLate(row)) value += "（已超时）";
    return value === undefined || value === null || value === "" ? "—" : value;
  }

  function isLate(row) {
    return Boolean(row.finish_by) && boot.open_statuses.includes(row.status) && Date.parse(row.finish_by) < Date.now();
  }

  function makeOpenable(tr, trackingId) {
    const cell = el("td", null, "k-open card-only");
    const button = el("button", "查看详情 · 办理", "weui-btn weui-btn_default weui-btn_mini");
    button.type = "button";  // its click reaches the row, which opens the need
    cell.appendChild(button);
    tr.appendChild(cell);
    tr.tabIndex = 0;
    tr.classList.add("clickable");
    tr.addEventListener("click", () => openNeed(trackingId));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target === tr) openNeed(trackingId); });
  }

  // -- one need --------------------------------------------------------------------------------
  let opened = null;

  async function openNeed(trackingId) {
    let need;
    try { need = await getJSON("/api/needs/" + encodeURIComponent(trackingId)); } catch (e) { alert(e.message); return; }
    opened = need;
    showNeed(need);
    if (!$("detail").open) $("detail").showModal();
  }

  function showNeed(need) {
    $("detail-title").textContent = need.tracking_id + " · " + need.town + need.community;
    const fields = $("detail-fields");
    fields.replaceChildren();
    [["维度", need.category], ["急难愁盼", need.urgency], ["内容", need.description], ["电话", need.phone],
     ["状态", need.status_label], ["项目类别", need.tier_label], ["附议", need.supporters + " 人"],
     ["提交时间", shortTime(need.created_at)], ["应办结", need.finish_by ? shortTime(need.finish_by) : ""],
     ["督办", need.supervisions ? need.supervisions + " 次" : ""]].forEach(([k, v]) => {
      fields.appendChild(el("dt", k));
      fields.appendChild(el("dd", v || "—"));
    });
    const history = $("detail-history");
    history.replaceChildren();
    need.history.forEach((h) => history.appendChild(
      el("li", shortTime(h.at) + "  " + h.status_label + (h.note ? "：" + h.note : "") + (h.author ? "（" + h.author + "）" : ""))));
    const matches = $("detail-matches");
    matches.replaceChildren();
    if (!need.matches.length) matches.appendChild(el("li", "还没有匹配的资源（待治理）"));
    need.matches.forEach((m) => matches.appendChild(
      el("li", m.resource + " " + m.resource_type + " " + m.provider + " · " + m.status_label + (m.reason ? " · " + m.reason : ""))));
    resetStatusForm(need);
    resetForm("supervise-form", "supervise-message",
      !(["town", "city"].includes(boot.cadre.role) && boot.open_statuses.includes(need.status)));  // 督办: town and city cadres, open needs
    resetForm("case-form", "case-message", need.status !== "done");  // a case is a need solved
    resetForm("visit-form", "visit-message", !["done", "closed"].includes(need.status));  // 回访: finished needs
  }

  function resetStatusForm(need) {
    const select = $("status-form").elements.status;
    select.replaceChildren();
    Object.entries(boot.statuses).forEach(([code, label]) => option(select, code, label));
    select.value = need.status;
    $("status-form").elements.note.value = "";
    $("status-message").textContent = "";
  }

  function resetForm(formId, messageId, hidden) {
    $(formId).hidden = hidden;
    $(formId).reset();
    $(messageId).textContent = "";
  }

  // A form in the need's dialog: one tap sends once; the answer (or the refusal's words) is said under it.
  function onNeedForm(formId, messageId, send) {
    $(formId).addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = event.target.querySelector("button[type=submit]");
      button.disabled = true;
      $(messageId).textContent = "正在提交…";
      try {
        $(messageId).textContent = await send(event.target.elements);
      } catch (e) {
        $(messageId).textContent = e.message;
      } finally {
        button.disabled = false;
      }
    });
  }

  async function changeNeed(action, payload, fallback) {
    const body = await postJSON("/api/needs/" + encodeURIComponent(opened.tracking_id) + "/" + action, payload, fallback);
    opened = body;
    showNeed(body);
    loadCatalog();
    return body;
  }

  onNeedForm("status-form", "status-message", async (f) => {
    const body = await changeNeed("status", {status: f.status.value, note: f.note.value}, "保存失败");
    return "已保存：" + body.status_label + "。居民查询进度时会看到。";
  });

  onNeedForm("supervise-form", "supervise-message", async (f) => {
    await changeNeed("supervise", {note: f.note.value}, "督办失败");
    return "已督办，记入处理记录；这条需求排到本村（社区）列表最前。";
  });

  onNeedForm("visit-form", "visit-message", async (f) => {
    const yesNo = (value) => (value === "" ? null : value === "true");
    const payload = {contacted: yesNo(f.contacted.value), solved: yesNo(f.solved.value),
      satisfaction: f.satisfaction.value || null, respondent: f.respondent.value, words: f.words.value.trim()};
    if (payload.contacted === null && payload.solved === null && payload.satisfaction === null) {
      return "请至少选一项：是否联系过、是否解决、满意度。";
    }
    const body = await changeNeed("visits", payload, "回访没能记录，请稍后再试");
    return "已记录电话回访。" + (body.status === "reopened" ? "居民说没解决，需求已重新办理（重办）。" : "");
  });

  onNeedForm("case-form", "case-message", async (f) => {
    await postJSON("/api/cases", {tracking_id: opened.tracking_id, title: f.title.value.trim(),
      account: f.account.value.trim()}, "暂时不能设为特色案例，请稍后再试");
    loadCases();
    return "已设为特色案例，会列在概览和中期评估报告里。";
  });

  // -- tabs ------------------------------------------------------------------------------------
  function show(tab) {
    current = tab;
    document.querySelectorAll(".tabs button").forEach((b) => b.setAttribute("aria-selected", b.dataset.tab === tab));
    $("tab-overview").hidden = tab !== "overview";
    $("tab-catalog").hidden = tab === "overview";
    if (tab === "overview") { loadOverview(); return; }
    fillKindFilters(tab);
    page = 1;
    loadCatalog();
  }

  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => show(b.dataset.tab)));
  filters.addEventListener("submit", (e) => { e.preventDefault(); page = 1; loadCatalog(); });
  $("prev").addEventListener("click", () => { page -= 1; loadCatalog(); });
  $("next").addEventListener("click", () => { page += 1; loadCatalog(); });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  $("logout-csrf").value = boot.csrf;
  // The chat page keeps its conversation in this browser: a cadre's need lists must not outlast the login.
  $("logout-csrf").form.addEventListener("submit", () => {
    try { localStorage.removeItem("tc-chat-v1"); } catch (e) { /* storage off: nothing kept */ }
  });
  if (window.innerWidth < 600) $("filter-box").open = false;  // on a phone the list comes first
  setupFilters();
  show("overview");
})();
