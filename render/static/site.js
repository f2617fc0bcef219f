// 新媒体备案查询: search, filters and the "is it official?" box.
// The account data (data/accounts.json) loads only when a visitor uses them, so the first
// page stays small on a slow connection. Everything is written with textContent: record
// values are untrusted text and never become HTML.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var data = null, loading = null, shown = 0, matches = [];
  var PAGE = 50;

  function load() {
    if (data) { return Promise.resolve(data); }
    if (!loading) {
      loading = fetch(root + "data/accounts.json").then(function (r) { return r.json(); }).then(function (json) {
        var f = json.fields;
        data = json.rows.map(function (row) {
          var item = {};
          f.forEach(function (name, i) { item[name] = row[i]; });
          return item;
        });
        return data;
      });
    }
    return loading;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function item(a) {
    var li = el("li", "account");
    var link = el("a");
    link.href = root + "a/" + encodeURIComponent(a.id) + ".html";
    link.appendChild(el("strong", "", a.name));
    li.appendChild(link);
    var meta = el("span", "meta");
    meta.appendChild(document.createTextNode(a.platform_label + " · "));
    meta.appendChild(el("span", "handle", a.handle));
    meta.appendChild(document.createTextNode(" · " + a.unit_name));
    li.appendChild(meta);
    if (a.status === "closed") { li.appendChild(el("span", "badge closed", "已注销 " + a.closed_on)); }
    else if (a.status === "rectifying") { li.appendChild(el("span", "badge warn", "整改中")); }
    return li;
  }

  var search = document.getElementById("search-input");
  var platform = document.getElementById("platform-filter");
  var unit = document.getElementById("unit-filter");
  var results = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var status = document.getElementById("search-status");
  var staticList = document.getElementById("static-list");

  function showMore() {
    var end = Math.min(shown + PAGE, matches.length);
    var fragment = document.createDocumentFragment();
    for (var i = shown; i < end; i++) { fragment.appendChild(item(matches[i])); }
    results.appendChild(fragment);
    shown = end;
    more.hidden = shown >= matches.length;
  }

  function run() {
    var terms = (search.value || "").toLowerCase().split(/\s+/).filter(Boolean);
    var p = platform.value, u = unit.value;
    if (!terms.length && !p && !u) {
      results.hidden = true; more.hidden = true; staticList.hidden = false; status.textContent = "";
      return;
    }
    load().then(function (rows) {
      matches = rows.filter(function (a) {
        if (a.status === "closed") { return false; }
        if (p && a.platform !== p) { return false; }
        if (u && a.unit !== u) { return false; }
        for (var i = 0; i < terms.length; i++) { if (a.search.indexOf(terms[i]) < 0) { return false; } }
        return true;
      });
      results.textContent = "";
      shown = 0;
      staticList.hidden = true;
      results.hidden = false;
      status.textContent = matches.length ? "找到 " + matches.length + " 个官方账号" : "没有找到符合条件的官方账号";
      showMore();
    });
  }

  if (search) {
    [search, platform, unit].forEach(function (input) {
      input.addEventListener("focus", load, { once: true });
      input.addEventListener(input === search ? "input" : "change", run);
    });
    document.getElementById("search-form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
    more.addEventListener("click", showMore);
  }

  function normalizeUrl(text) {
    return text.toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/^www\./, "").replace(/[?#].*$/, "").replace(/\/+$/, "");
  }

  function verify(raw) {
    var text = raw.trim();
    if (!text) { return null; }
    var lower = text.toLowerCase();
    var isUrl = /^[a-z]+:\/\//.test(lower) || /^www\./.test(lower) || /\.(com|cn|net)\//.test(lower);
    var url = isUrl ? normalizeUrl(lower) : "";
    var handle = (isUrl ? url.split("/").pop() : lower).replace(/^@/, "");
    var found = data.filter(function (a) {
      return a.handle.toLowerCase().replace(/^@/, "") === handle || (url && a.url && normalizeUrl(a.url) === url);
    });
    var active = found.filter(function (a) { return a.status !== "closed"; });
    return { text: text, active: active, closed: found.filter(function (a) { return a.status === "closed"; }) };
  }

  var verifyForm = document.getElementById("verify-form");
  if (verifyForm) {
    var verifyInput = document.getElementById("verify-input");
    var verifyResult = document.getElementById("verify-result");
    verifyInput.addEventListener("focus", load, { once: true });
    verifyForm.addEventListener("submit", function (e) {
      e.preventDefault();
      load().then(function () {
        var answer = verify(verifyInput.value);
        verifyResult.textContent = "";
        if (!answer) { return; }
        if (answer.active.length) {
          verifyResult.className = "result ok";
          verifyResult.appendChild(document.createTextNode("✓ 是官方账号："));
          answer.active.forEach(function (a, i) {
            if (i) { verifyResult.appendChild(document.createTextNode("；")); }
            var link = el("a", "", a.name + "（" + a.platform_label + "，" + a.unit_name + "）");
            link.href = root + "a/" + encodeURIComponent(a.id) + ".html";
            verifyResult.appendChild(link);
          });
          verifyResult.appendChild(document.createTextNode("。同名账号在其他平台上未必是官方的，请核对平台。"));
        } else if (answer.closed.length) {
          var c = answer.closed[0];
          verifyResult.className = "result closed";
          verifyResult.textContent = "⚠ 该账号（" + c.name + "）已于 " + c.closed_on + " 注销，不再是学校官方账号。";
        } else {
          verifyResult.className = "result unknown";
          verifyResult.textContent = "✗ 未在本库登记，不是学校官方账号。学校禁止任何个人以学校名义开通新媒体（第四条），发现冒用请联系党委组宣部。";
        }
      });
    });
  }
})();
