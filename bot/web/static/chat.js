// The chat page: every text goes in with textContent (never as HTML), buttons send their payload,
// and a message that could not be delivered is kept and sent again when the connection is back.
(function () {
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("input");
  const typing = document.getElementById("typing");
  const pending = [];

  function bubble(text, who) {
    const row = document.createElement("div");
    row.className = "row " + who;
    const b = document.createElement("div");
    b.className = "bubble";
    b.textContent = text;
    row.appendChild(b);
    list.appendChild(row);
    list.scrollTop = list.scrollHeight;
  }

  function choices(buttons) {
    const box = document.createElement("div");
    box.className = "choices";
    buttons.forEach(function (button) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "weui-btn weui-btn_default weui-btn_mini";
      b.textContent = button.title;
      b.addEventListener("click", function () { say(button.payload, button.title); });
      box.appendChild(b);
    });
    list.appendChild(box);
    list.scrollTop = list.scrollHeight;
  }

  async function deliver(message) {
    typing.hidden = false;
    try {
      const reply = await fetch("/chat/messages", {
        method: "POST", headers: {"Content-Type": "application/json"}, credentials: "same-origin",
        body: JSON.stringify({message: message})
      });
      const body = await reply.json();
      if (!reply.ok) { bubble(body.error || "出了点问题，请稍后再试", "note"); return reply.status !== 503; }
      body.forEach(function (answer) {
        if (answer.text) bubble(answer.text, "bot");
        if (answer.buttons && answer.buttons.length) choices(answer.buttons);
      });
      return true;
    } catch (e) {
      return false;
    } finally {
      typing.hidden = true;
    }
  }

  async function say(message, shown) {
    bubble(shown || message, "me");
    if (!(await deliver(message))) {
      pending.push(message);
      bubble("网络断了，恢复后会自动重发。", "note");
    }
  }

  async function retry() {
    while (pending.length) {
      if (!(await deliver(pending[0]))) return;
      pending.shift();
    }
  }
  window.addEventListener("online", retry);
  setInterval(retry, 5000);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    say(text);
  });
  bubble("您好！我是太仓城乡社区分类共建小助手。身边有急难愁盼的事，直接跟我说就行。", "bot");
})();
