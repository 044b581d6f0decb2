// The chat page: every text goes in with textContent (never as HTML), buttons send their payload,
// tracking numbers and statuses show as cards, and the conversation survives a reload or a
// dropped connection: what was said is kept in this browser, and a message that could not be
// delivered is kept and sent again, in order, when the connection is back.
(function () {
  "use strict";
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("input");
  const typing = document.getElementById("typing");
  const KEY = "tc-chat-v1";
  const KEEP = 120;  // entries of the conversation kept in this browser
  const CARD_TITLES = {tracking: "需求编号", status: "办理进度", resource: "资源编号"};
  const saved = load();
  let sending = false;

  function load() {
    try {
      const value = JSON.parse(localStorage.getItem(KEY) || "{}");
      return {log: Array.isArray(value.log) ? value.log : [], pending: Array.isArray(value.pending) ? value.pending : []};
    } catch (e) {
      return {log: [], pending: []};
    }
  }

  function save() {
    saved.log = saved.log.slice(-KEEP);
    try { localStorage.setItem(KEY, JSON.stringify(saved)); } catch (e) { /* private mode: keep it in memory */ }
  }

  function scroll() { list.scrollTop = list.scrollHeight; }

  function bubble(text, who) {
    const row = document.createElement("div");
    row.className = "row " + who;
    const b = document.createElement("div");
    b.className = "bubble";
    b.textContent = text;
    row.appendChild(b);
    list.appendChild(row);
    scroll();
  }

  function card(data) {
    const box = document.createElement("div");
    box.className = "card " + (data.card || "");
    const title = document.createElement("div");
    title.className = "card-title";
    title.textContent = data.title || CARD_TITLES[data.card] || "";
    const value = document.createElement("div");
    value.className = "card-value";
    value.textContent = data.value || data.tracking_id || "";
    const note = document.createElement("div");
    note.className = "card-note";
    const lines = [];
    if (data.note) lines.push(data.note);
    if (data.community) lines.push(data.community);
    if (data.status_label) lines.push(data.status_label);
    if (data.supporters) lines.push("已有 " + data.supporters + " 人反映");
    if (data.card === "tracking" || data.card === "resource") lines.push("记下这个编号，发给我就能查进度");
    note.textContent = lines.join(" · ");
    box.append(title, value, note);
    const row = document.createElement("div");
    row.className = "row bot";
    row.appendChild(box);
    list.appendChild(row);
    scroll();
  }

  function choices(buttons, live) {
    const box = document.createElement("div");
    box.className = "choices";
    buttons.forEach(function (button) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "weui-btn weui-btn_default weui-btn_mini";
      b.textContent = button.title;
      b.disabled = !live;
      b.addEventListener("click", function () {
        box.querySelectorAll("button").forEach(function (other) { other.disabled = true; });
        say(button.payload, button.title);
      });
      box.appendChild(b);
    });
    list.appendChild(box);
    scroll();
  }

  function show(entry, live) {
    if (entry.text) bubble(entry.text, entry.who);
    if (entry.card) card(entry.card);
    if (entry.buttons && entry.buttons.length) choices(entry.buttons, live);
  }

  function remember(entry) {
    saved.log.push(entry);
    save();
    show(entry, true);
  }

  // Returns true when the message needs no resending (answered, or refused for good).
  async function deliver(message) {
    typing.hidden = false;
    try {
      const reply = await fetch("/chat/messages", {
        method: "POST", headers: {"Content-Type": "application/json"}, credentials: "same-origin",
        body: JSON.stringify({message: message})
      });
      const body = await reply.json();
      if (!reply.ok) {
        if (reply.status === 503) return false;
        remember({who: "note", text: body.error || "出了点问题，请稍后再试"});
        return true;
      }
      body.forEach(function (answer) {
        remember({who: "bot", text: answer.text, buttons: answer.buttons, card: answer.card});
      });
      return true;
    } catch (e) {
      return false;
    } finally {
      typing.hidden = true;
    }
  }

  async function flush() {
    if (sending) return;
    sending = true;
    try {
      while (saved.pending.length) {
        if (!(await deliver(saved.pending[0]))) return;
        saved.pending.shift();
        save();
      }
    } finally {
      sending = false;
    }
  }

  async function say(message, shown) {
    remember({who: "me", text: shown || message});
    saved.pending.push(message);
    save();
    await flush();
    if (saved.pending.length) bubble("网络不好，这句话先存着，恢复后会自动重发。", "note");
  }

  window.addEventListener("online", flush);
  setInterval(flush, 5000);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    say(text);
  });

  if (saved.log.length) {
    saved.log.forEach(function (entry, index) { show(entry, index === saved.log.length - 1); });
  } else {
    remember({who: "bot", text: "您好！我是太仓城乡社区分类共建小助手。身边有急难愁盼的事，直接跟我说就行；想帮忙的志愿者，说“我想当志愿者”。"});
  }
  flush();
})();
