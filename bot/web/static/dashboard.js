// The cadres' dashboard. Every text from the catalog goes in with textContent, never as HTML;
// changes carry the page's CSRF token; charts are Apache ECharts, installed from npm.
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
      ["tier_label", "项目类别"], ["phone", "电话"], ["created_at", "提交时间"]]},
    projects: {api: "/api/projects", columns: [["tier_label", "项目类别"], ["tracking_id", "需求编号"],
      ["town", "镇"], ["community", "村（社区）"], ["category", "维度"], ["urgency", "急难愁盼"],
      ["description", "内容"], ["supporters", "附议"], ["status_label", "进展"], ["created_at", "提交时间"]]},
    resources: {api: "/api/resources", columns: [["tracking_id", "编号"], ["town", "镇"], ["community", "村（社区）"],
      ["resource_type", "类型"], ["provider_type", "提供方"], ["provider", "名称"], ["description", "内容"],
      ["available_time", "时间"], ["phone", "电话"], ["status_label", "状态"], ["created_at", "登记时间"]]},
  };

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

  async function getJSON(url) {
    const response = await fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}});
    if (response.status === 401) { window.location.href = "/login"; throw new Error("请先登录"); }
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || "出了点问题，请稍后再试");
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
    const c = echarts.getInstanceByDom($(id)) || echarts.init($(id));
    c.setOption(option, true);
    charts.push(c);
  }

  async function loadOverview() {
    let data;
    try { data = await getJSON("/api/overview"); } catch (e) { $("cards").textContent = e.message; return; }
    $("as-of").textContent = data.as_of;
    $("area").textContent = data.area;
    const mine = data.towns.find((t) => data.area.startsWith(t.place)) || data.city;  // a community: its town
    const c = data.catalogs;
    const cards = $("cards");
    cards.replaceChildren(
      card(mine.place + "试点覆盖率", mine.coverage_text, mine.pilots + " / " + mine.communities + " 个村（社区）"),
      card("需求", c.needs, "未办结 " + c.open_needs + "，已解决 " + c.done),
      card("先治理项目", c.priority_projects, "未办结，已有资源对接"),
      card("待治理项目", c.pending_projects, "未办结，还缺资源"),
      card("可用资源", c.resources, data.area),
      card("超过时限", data.late.late, lateNote(data.late)));
    const towns = data.towns.slice().sort((a, b) => a.coverage - b.coverage);
    const marks = data.targets.map((t) => ({xAxis: t.percent, name: t.label,
      label: {formatter: t.percent + "%", position: "end"}}));
    chart("chart-coverage", {
      grid: {left: 90, right: 30, top: 20, bottom: 30},
      tooltip: {trigger: "axis", formatter: (p) => {
        const t = towns[p[0].dataIndex];
        return t.place + "：" + t.coverage_text + "（" + t.pilots + "/" + t.communities + "）";
      }},
      xAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
      yAxis: {type: "category", data: towns.map((t) => t.place)},
      series: [{type: "bar", name: "覆盖率", data: towns.map((t) => ({value: +(t.coverage * 100).toFixed(1),
        itemStyle: {color: t.coverage > 0.6 ? "#07c160" : (t.coverage >= 0.3 ? "#10aeff" : "#fa9d3b")}})),
        label: {show: true, position: "right", formatter: "{c}%"},
        markLine: {symbol: "none", data: marks, lineStyle: {type: "dashed", color: "#fa5151"}}}],
    });
    chart("chart-types", {
      grid: {left: 90, right: 20, top: 40, bottom: 30},
      legend: {type: "scroll", top: 0},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", data: data.towns.map((t) => t.place)},
      series: data.types.map((type) => ({type: "bar", stack: "pilots", name: type,
        data: data.towns.map((t) => t.by_type[type] || 0)})),
    });
    const categories = Object.entries(c.needs_by_category);
    chart("chart-categories", {
      tooltip: {trigger: "item"},
      legend: {type: "scroll", bottom: 0},
      series: [{type: "pie", radius: ["30%", "58%"], center: ["50%", "45%"],
        data: categories.map(([name, value]) => ({name, value})), label: {formatter: "{c}"}}],
    });
    showLeadTypes(data.lead_types);
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
    ["类型", "试点数", "还差"].forEach((h) => head.appendChild(el("th", h)));
    table.appendChild(head);
    lead.checks.forEach((check) => {
      const row = el("tr");
      row.appendChild(el("td", check.type));
      row.appendChild(el("td", check.pilots));
      row.appendChild(el("td", check.short ? check.short + " 个" : "已达标", check.short ? "bad" : "good"));
      table.appendChild(row);
    });
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
    table.replaceChildren();
    const head = el("tr");
    spec.columns.forEach(([, label]) => head.appendChild(el("th", label)));
    table.appendChild(head);
    data.rows.forEach((row) => {
      const tr = el("tr");
      spec.columns.forEach(([key]) => {
        let value = key.endsWith("_at") ? shortTime(row[key]) : row[key];
        if (key === "tracking_id" && row.supervised) value += " 督办";  // pressed for: it heads the list
        tr.appendChild(el("td", value === undefined ? "" : value, key === "description" ? "text" : ""));
      });
      if (current !== "resources") {
        tr.tabIndex = 0;
        tr.className = "clickable";
        tr.addEventListener("click", () => openNeed(row.tracking_id));
        tr.addEventListener("keydown", (e) => { if (e.key === "Enter") openNeed(row.tracking_id); });
      }
      table.appendChild(tr);
    });
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
    const select = $("status-form").elements.status;
    select.replaceChildren();
    Object.entries(boot.statuses).forEach(([code, label]) => option(select, code, label));
    select.value = need.status;
    $("status-form").elements.note.value = "";
    $("status-message").textContent = "";
    // 督办 is for town and city cadres, on needs still open.
    $("supervise-form").hidden = !(["town", "city"].includes(boot.cadre.role) && boot.open_statuses.includes(need.status));
    $("supervise-form").elements.note.value = "";
    $("supervise-message").textContent = "";
  }

  $("supervise-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const button = form.querySelector("button");
    button.disabled = true;
    $("supervise-message").textContent = "正在督办…";
    try {
      const response = await fetch("/api/needs/" + encodeURIComponent(opened.tracking_id) + "/supervise", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": boot.csrf, Accept: "application/json"},
        body: JSON.stringify({note: form.elements.note.value}),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || "督办失败");
      opened = body;
      showNeed(body);
      $("supervise-message").textContent = "已督办，记入处理记录；这条需求排到本村（社区）列表最前。";
      loadCatalog();
    } catch (e) {
      $("supervise-message").textContent = e.message;
    } finally {
      button.disabled = false;
    }
  });

  $("status-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const button = form.querySelector("button");
    button.disabled = true;  // one tap, one change
    $("status-message").textContent = "正在保存…";
    try {
      const response = await fetch("/api/needs/" + encodeURIComponent(opened.tracking_id) + "/status", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": boot.csrf, Accept: "application/json"},
        body: JSON.stringify({status: form.elements.status.value, note: form.elements.note.value}),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || "保存失败");
      opened = body;
      showNeed(body);
      $("status-message").textContent = "已保存：" + body.status_label + "。居民查询进度时会看到。";
      loadCatalog();
    } catch (e) {
      $("status-message").textContent = e.message;
    } finally {
      button.disabled = false;
    }
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
