// 新媒体备案查询: search, filters and the "is it official?" box.
// The account data loads only when a visitor uses them, so the first page stays small on a
// slow connection, and only what the question needs, whatever the size of the registry: the
// search box loads the bucket of the typed word (data/s/<n>.js) or of the chosen unit or
// platform; the verify box the few shards (data/v/<n>.js) that the typed text can hit. Everything is written with textContent: record
// values are untrusted text and never become HTML.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var data = null, platforms = {}, loading = null, prototypes = null, shown = 0, matches = [];
  var vdata = [], verifyBase = null, shardLoads = {};
  var PAGE = 50;

  // Data comes as script files, not fetched JSON: a page opened from file:// may not fetch.
  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = root + src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function load() {
    if (data) { return Promise.resolve(data); }
    if (!loading) {
      loading = script("data/search.js").then(function () {
        data = window.NMR_SEARCH;
        platforms = data.platforms;
        return data;
      });
    }
    return loading;
  }

  var parts = {};
  function part(dir, global, key) {
    var id = dir + "/" + key;
    if (!parts[id]) {
      parts[id] = script("data/" + id + ".js").then(function () { return (window[global] || {})[key] || []; });
    }
    return parts[id];
  }

  // The words a term may begin, as build.py's search_words: each word, and every tail of a
  // Chinese one (法学院 finds 某某大学法学院).
  function words(text) {
    var found = {};
    text.split(/\s+/).filter(Boolean).forEach(function (word) {
      found[word] = true;
      if (/[\u4e00-\u9fff]/.test(word)) {
        var chars = Array.from(word);
        for (var i = 1; i < chars.length; i++) { found[chars.slice(i).join("")] = true; }
      }
    });
    return Object.keys(found);
  }

  // The bucket of the accounts with a word that begins with ``term`` (build.py's _buckets).
  function bucket(term) {
    var chars = Array.from(term);
    for (var depth = 1; depth <= Math.min(chars.length, data.depth); depth++) {
      var entry = data.buckets[chars.slice(0, depth).join("")];
      if (!entry) { return { files: [] }; }
      var first = [entry[0] + "-0"], more = entry[2] > 1;  // a crowded word: its first page
      if (!entry[1]) { return { files: first, partial: more }; }
      if (depth === chars.length) { return { files: first, partial: true }; }
    }
    return { files: [] };
  }

  function searchRows(terms, p, u) {
    if (terms.length) {
      var found = bucket(terms[0]);
      return Promise.all(found.files.map(function (n) { return part("s", "NMR_S", n); }))
        .then(function (lists) { return { rows: [].concat.apply([], lists), partial: found.partial }; });
    }
    // a unit's (or else a platform's) accounts, page by page (build.py's _lists)
    var dir = u ? "u" : "p", entry = (u ? data.units[u] : data.pages[p]) || [0, 0], pages = [];
    for (var k = 0; k < entry[1]; k++) { pages.push(part(dir, u ? "NMR_U" : "NMR_P", entry[0] + "-" + k)); }
    return Promise.all(pages).then(function (lists) { return { rows: [].concat.apply([], lists) }; });
  }

  function loadPrototypes() {
    if (prototypes) { return Promise.resolve(prototypes); }
    return script("data/confusables.js").then(function () {
      prototypes = window.NMR_PROTOTYPES;
      return prototypes;
    });
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
    if (a.standing === "closed") { li.appendChild(el("span", "badge closed", "已注销 " + a.closed_on)); }
    else if (a.standing === "rectifying") { li.appendChild(el("span", "badge warn", "整改中")); }
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
    var asked = search.value;
    status.textContent = "查询中……";
    load().then(function () { return searchRows(terms, p, u); }).then(function (found) {
      if (search.value !== asked) { return; }  // a later keystroke has its own answer
      matches = found.rows.filter(function (a) {
        if (a.standing !== "official" && a.standing !== "rectifying") { return false; }
        if (p && a.platform !== p) { return false; }
        if (u && a.unit !== u) { return false; }
        var mine = words(a.search);
        return terms.every(function (term) {
          return mine.some(function (word) { return word.indexOf(term) === 0; });
        });
      });
      results.textContent = "";
      shown = 0;
      staticList.hidden = true;
      results.hidden = false;
      status.textContent = (matches.length ? "找到 " + matches.length + " 个官方账号" : "没有找到符合条件的官方账号") +
        (found.partial ? "（结果较多，只列出一部分；请再多输入几个字）" : "");
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

  // ---- "is it official?": the same normalisation as the registry's own checks (no-impersonation)
  var INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

  function visible(text) { return text.normalize("NFKC").replace(INVISIBLE, ""); }

  function skeleton(text) {
    var out = "";
    for (var ch of text) { out += Object.prototype.hasOwnProperty.call(prototypes, ch) ? prototypes[ch] : ch; }
    return out.normalize("NFKC");
  }

  function keys(text, caseSensitive) {
    var plain = visible(text);
    if (caseSensitive) { return [plain, skeleton(plain)]; }
    var folded = plain.toLowerCase();
    return [folded, skeleton(plain).toLowerCase(), skeleton(folded).toLowerCase()];
  }

  function sensitive(a) { return (platforms[a.platform] || {}).case_sensitive === true; }

  function handleOf(text) { return visible(text).trim().replace(/^@/, ""); }

  function asUrl(text) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^[^\s\/]+\.[a-z]{2,}(\/|$)/i.test(text)) { return null; }
    try { return new URL(/:\/\//.test(text) ? text : "https://" + text); } catch (e) { return null; }
  }

  function hostAllowed(host, platform) {
    var domains = (platforms[platform] || {}).domains || [];
    return domains.some(function (d) { return host === d || host.slice(-d.length - 1) === "." + d; });
  }

  function sameUrl(a, url) {
    var mine = asUrl(a.url || "");
    return !!mine && mine.host.toLowerCase() === url.host.toLowerCase() &&
      mine.pathname.replace(/\/+$/, "") === url.pathname.replace(/\/+$/, "");
  }

  function lastSegment(url) {
    var parts = url.pathname.split("/").filter(Boolean);
    return parts.length ? decodeURIComponent(parts[parts.length - 1]) : "";
  }

  // Which accounts the input names exactly: by handle, nickname, platform id or profile link.
  function exact(text) {
    var url = asUrl(text);
    if (url) {
      var registered = vdata.filter(function (a) { return sameUrl(a, url); });
      if (registered.length) { return { url: url, by: "url", found: registered }; }
      var host = url.hostname.toLowerCase();
      var known = Object.keys(platforms).some(function (p) { return hostAllowed(host, p); });
      if (!known) { return { url: url, badHost: host, found: [] }; }
      var onPlatform = vdata.filter(function (a) { return hostAllowed(host, a.platform); });
      var segment = handleOf(lastSegment(url));
      return { url: url, segment: segment, by: "handle", found: onPlatform.filter(function (a) {
        var key = sensitive(a) ? segment : segment.toLowerCase();
        return sameUrl(a, url) || (segment && key === a.hplain) || (segment && segment === a.platform_id);
      }) };
    }
    var handle = handleOf(text);
    var byHandle = vdata.filter(function (a) {
      var key = sensitive(a) ? handle : handle.toLowerCase();
      return key === a.hplain || (handle && handle === a.platform_id);
    });
    if (byHandle.length) { return { by: "handle", found: byHandle }; }
    var name = visible(text).replace(/\s+/g, "").toLowerCase();
    return { by: "name", found: vdata.filter(function (a) { return name === a.nplain; }) };
  }

  // Official accounts the input only looks like (another script's letters, I for l …).
  function lookalikes(text) {
    var probe = text;
    var url = asUrl(text);
    if (url) { probe = lastSegment(url); }
    var handle = handleOf(probe);
    return vdata.filter(function (a) {
      if (a.standing !== "official" && a.standing !== "rectifying") { return false; }
      var mine = keys(handle, sensitive(a));
      var asName = keys(probe.replace(/\s+/g, ""), false);
      return mine.some(function (k) { return a.hkeys.indexOf(k) >= 0; }) ||
        asName.some(function (k) { return a.nkeys.indexOf(k) >= 0; });
    });
  }

  function describe(a) { return a.name + "（" + a.platform_label + "，" + a.unit_name + "）"; }

  function answer(box, css, parts) {
    box.textContent = "";
    box.className = "result " + css;
    parts.forEach(function (part) {
      if (typeof part === "string") { box.appendChild(document.createTextNode(part)); return; }
      var link = el("a", "", describe(part));
      link.href = root + "a/" + encodeURIComponent(part.id) + ".html";
      box.appendChild(link);
    });
  }

  function list(accounts) {
    var parts = [];
    accounts.forEach(function (a, i) { if (i) { parts.push("；"); } parts.push(a.page ? a : describe(a)); });
    return parts;
  }

  function notFound(box, text, prefix) {
    loadPrototypes().then(function () {
      var alike = lookalikes(text);
      if (alike.length) {
        answer(box, "unknown", [prefix + "不是官方账号：它与官方账号 "].concat(list(alike), ["（账号 " + alike[0].handle + "）看起来相同，但不是同一个账号，可能是仿冒。"]));
        return;
      }
      answer(box, "unknown", [prefix + "未在本库登记，不是学校官方账号（单位内部工作群不在公开查询之列）。学校禁止任何个人以学校名义开通新媒体" + cite(document.body.getAttribute("data-article")) + "，发现冒用请联系" + (document.body.getAttribute("data-office") || "学校") + "。"]);
    });
  }

  function cite(article) {
    return article ? "（" + article + "）" : "";
  }

  function verify(box, raw) {
    var text = raw.trim();
    if (!text) { box.textContent = ""; box.className = "result"; return; }
    INVISIBLE.lastIndex = 0;
    if (INVISIBLE.test(text)) {  // what an impostor's name hides: never ✓
      notFound(box, text, "✗ 输入中含有不可见字符。");
      return;
    }
    var result = exact(text);
    var found = result.found;
    var official = found.filter(function (a) { return a.standing === "official" || a.standing === "rectifying"; });
    if (official.length && result.by === "name") {  // anyone can copy a nickname
      var named = ["✓ 这是官方账号的昵称："];
      official.forEach(function (a, i) {
        if (i) { named.push("；"); }
        named.push(a.page ? a : describe(a));
        named.push("，账号 " + a.handle);
      });
      named.push("。昵称可以被仿冒：请核对对方的账号（新媒体号）是否与上面一致。");
      answer(box, "ok", named);
      return;
    }
    if (official.length) {
      var parts = ["✓ 是官方账号："].concat(list(official));
      if (official.some(function (a) { return a.standing === "rectifying"; })) { parts.push("（整改中）"); }
      parts.push(official.length > 1 ? "。以上账号同号，请核对平台。" : "。同名账号在其他平台上未必是官方的，请核对平台。");
      answer(box, "ok", parts);
      return;
    }
    var closed = found.filter(function (a) { return a.standing === "closed"; });
    if (closed.length) {
      answer(box, "closed", ["⚠ 该账号（" + closed[0].name + "，" + closed[0].platform_label + "）已于 " + closed[0].closed_on + " 注销，不再是学校官方账号。"]);
      return;
    }
    var pending = found.filter(function (a) { return a.standing === "proposed"; });
    if (pending.length) {
      answer(box, "unknown", ["✗ 该账号（" + pending[0].name + "）正在申请备案，尚未批准，目前不是学校官方账号。"]);
      return;
    }
    var unconfirmed = found.filter(function (a) { return a.standing === "unconfirmed"; });
    if (unconfirmed.length) {
      answer(box, "unknown", ["✗ 该账号（" + unconfirmed[0].name + "）的备案记录正在核实，目前不能确认为学校官方账号。"]);
      return;
    }
    if (result.badHost) {
      answer(box, "unknown", ["✗ 这个链接的网站（" + result.badHost + "）不是已登记平台的网址，不是学校官方账号。请只相信平台官方网址上的账号。"]);
      return;
    }
    notFound(box, text, "✗ ");
  }

  // ---- the verify box's data: only the shards the typed text can hit (as build.py files them)
  function loadVerifyBase() {
    if (verifyBase) { return Promise.resolve(verifyBase); }
    return script("data/verify.js").then(function () {
      verifyBase = window.NMR_VERIFY;
      platforms = verifyBase.platforms;
      return verifyBase;
    });
  }

  function shardOf(key) {  // FNV-1a over UTF-16 code units, the same as build.py's shard_of
    var text = key.toLowerCase(), hash = 2166136261;
    for (var i = 0; i < text.length; i++) { hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0; }
    return hash % verifyBase.shards;
  }

  function loadShard(n) {
    if (!shardLoads[n]) {
      shardLoads[n] = script("data/v/" + n + ".js").then(function () { return window.NMR_V[n] || []; });
    }
    return shardLoads[n];
  }

  // Every text exact() and lookalikes() may compare: the shards the answer can come from.
  function probeKeys(text) {
    var url = asUrl(text), probe = url ? lastSegment(url) : text, handle = handleOf(probe);
    var found = [handleOf(text), visible(text).replace(/\s+/g, ""), handle];
    if (url) { found.push(url.host.toLowerCase() + url.pathname.replace(/\/+$/, "")); }
    return found.concat(keys(handle, true), keys(handle, false), keys(probe.replace(/\s+/g, ""), false))
      .filter(Boolean);
  }

  function candidates(text) {
    var shards = {};
    probeKeys(text).forEach(function (key) { shards[shardOf(key)] = true; });
    return Promise.all(Object.keys(shards).map(loadShard)).then(function (lists) {
      var seen = {}, rows = [];
      lists.forEach(function (list) {
        list.forEach(function (a) { if (!seen[a.id]) { seen[a.id] = true; rows.push(a); } });
      });
      return rows;
    });
  }

  var verifyForm = document.getElementById("verify-form");
  if (verifyForm) {
    var verifyInput = document.getElementById("verify-input");
    var verifyResult = document.getElementById("verify-result");
    verifyInput.addEventListener("focus", loadVerifyBase, { once: true });
    verifyForm.addEventListener("submit", function (e) {
      e.preventDefault();
      verifyResult.textContent = "查询中……";
      var text = verifyInput.value;
      loadVerifyBase().then(loadPrototypes).then(function () { return candidates(text.trim()); })
        .then(function (rows) { vdata = rows; verify(verifyResult, text); }, function () {
          verifyResult.textContent = "无法载入账号数据，请刷新页面后重试。";
        });
    });
  }
})();
