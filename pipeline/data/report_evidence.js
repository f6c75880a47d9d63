// The report's evidence panel: following a chart link (#evidence:<key>) lists the events or
// stances behind that mark, from the JSON embedded in the page. Text goes in as text, never
// as HTML. Written by pipeline/report_evidence.py; no network.
(() => {
  "use strict";
  const PREFIX = "#evidence:";
  const data = JSON.parse(document.getElementById("evidence-data").textContent);
  const panel = document.getElementById("evidence");
  const heading = document.getElementById("evidence-title");
  const count = document.getElementById("evidence-count");
  const list = document.getElementById("evidence-list");

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // the sentence, with the trigger (or cue) and the date words marked where they occur
  function sentence(text, words) {
    const spans = [];
    const lower = text.toLowerCase();
    for (const [word, className] of words) {
      if (!word) continue;
      const at = lower.indexOf(word.toLowerCase());
      const end = at + word.length;
      if (at >= 0 && !spans.some(([s, e]) => at < e && end > s)) spans.push([at, end, className]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    const quote = el("blockquote", "sentence");
    let pos = 0;
    for (const [start, end, className] of spans) {
      quote.append(text.slice(pos, start), el("mark", className, text.slice(start, end)));
      pos = end;
    }
    quote.append(text.slice(pos));
    return quote;
  }

  function side(actor, country) {
    if (!actor) return country || "?";
    return country && actor !== country ? `${actor} (${country})` : actor;
  }

  const BASIS = {
    explicit: "given in the text",
    relative: "resolved against the document date or an earlier date",
    context: "no date in its sentence: the date of the dated event it continues",
    document: "no date in the text: the document date",
  };

  function eventLines(e) {
    let what = `${e.type}: ${side(e.source, e.source_country)} → ${side(e.target, e.target_country)}`;
    if (e.trigger) what += ` · “${e.trigger}”`;
    if (e.location) what += ` · ${e.location}`;
    if (e.negated) what += " · negated";
    if (e.modality && e.modality !== "asserted") what += ` · ${e.modality}`;
    let when = `date ${e.date || "none"}`;
    if (e.precision) when += ` (${e.precision})`;
    when += e.date_text ? ` from the words “${e.date_text}”` : "";
    if (e.basis) when += ` — ${BASIS[e.basis] || e.basis}`;
    return [what, when, [[e.trigger, "trigger"], [e.date_text, "when"]]];
  }

  function stanceLines(s) {
    const score = typeof s.score === "number" ? ` ${s.score.toFixed(2)}` : "";
    let what = `${s.polarity} stance${score}: ${side(s.source, s.holder_country)} → `;
    what += side(s.target, s.target_country);
    if (s.cue) what += ` · “${s.cue}”`;
    let when = `date ${s.date || "none"}`;
    if (s.precision) when += ` (${s.precision})`;
    when += s.date_text ? ` from the words “${s.date_text}”` : " — the document date";
    return [what, when, [[s.cue, "trigger"], [s.date_text, "when"]]];
  }

  function entry(kind, id, mark) {  // mark: [text, whether it is a finding]
    const item = (kind === "stance" ? data.stances : data.events)[id];
    const li = el("li", "evidence-item");
    li.id = `evidence-${id}`;
    if (!item) {
      li.append(el("p", "meta", `${id}: not in this report`));
      return li;
    }
    const [what, when, words] = kind === "stance" ? stanceLines(item) : eventLines(item);
    li.append(sentence(item.sentence || "", words));
    li.append(el("p", "meta", what), el("p", "meta", when));
    if (mark) li.append(el("p", mark[1] ? "mark off" : "mark", mark[0]));
    const doc = data.documents[item.doc] || {};
    const source = el("p", "doc");
    source.append(el("cite", "", doc.title || item.doc));
    source.append(` — published ${doc.published || "?"} — `);
    source.append(el("code", "", `${doc.path || "?"}, characters ${item.start}–${item.end}`));
    li.append(source);
    return li;
  }

  function show(key) {
    const entryList = data.lists[key];
    list.replaceChildren();
    if (!entryList) {
      heading.textContent = "No evidence for this link";
      count.textContent = key;
    } else {
      const noun = entryList.kind === "stance" ? "stances" : "events";
      heading.textContent = entryList.title;
      const shown = entryList.ids.length;
      count.replaceChildren();
      if (entryList.total > shown) {
        count.append(`Showing ${shown} of ${entryList.total} ${noun} (${entryList.order});`,
          ` ${entryList.total - shown} more not shown. All of them: `,
          el("code", "", `eventpipe query "${entryList.query}"`));
      } else {
        count.append(`${entryList.total} ${entryList.total === 1 ? noun.slice(0, -1) : noun}.`);
      }
      const off = new Set(entryList.disagree || []);
      for (const id of entryList.ids) {
        const mark = entryList.consensus && (off.has(id)
          ? [`disagrees with the consensus (${entryList.consensus})`, true]
          : [`agrees with the consensus (${entryList.consensus})`, false]);
        list.append(entry(entryList.kind, id, mark));
      }
    }
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  function route() {
    const hash = decodeURIComponent(location.hash);
    if (hash.startsWith(PREFIX)) show(hash.slice(PREFIX.length));
    else panel.hidden = true;
  }

  function close() {
    panel.hidden = true;
    if (location.hash.startsWith(PREFIX)) location.hash = "";
  }

  document.getElementById("evidence-close").addEventListener("click", close);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) close();
  });
  window.addEventListener("hashchange", route);
  route();
})();
