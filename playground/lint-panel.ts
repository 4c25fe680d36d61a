// The playground's "lint your code" panel: paste a snippet, pick its language, and see
// the linter's findings beside the code. Its own bundle (lint-panel.js), loaded by the
// page; the linter, tree-sitter's runtime and the grammars (large .wasm files) are loaded
// from ./grammars/ on the first lint (`lfp playground` serves them from the installed
// web-tree-sitter and @vscode/tree-sitter-wasm), so the rest of the playground never loads them.
import { loadModel } from "../host/browser.js";
import type { Linter } from "../host/lint/engine.js";
import { outcomeRow } from "../host/lint/findings.js";
import { lintRule, helpText } from "../host/lint/rules.js";
import type { CallSite, LintLanguage } from "../host/lint/types.js";

const LANGUAGES: [LintLanguage, string][] = [["cpp", "C / C++"], ["c-sharp", "C#"], ["python", "Python"], ["go", "Go"], ["rust", "Rust"]];

/** A snippet to start with (written for the playground): the libzmq-style helper applied after connect(). */
const EXAMPLE = `static void tune(SOCKET s)
{
    int one = 1;
    DWORD bytes = 0;
    const int rc = WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, &one, sizeof one,
                            NULL, 0, &bytes, NULL, NULL);
    if (rc == SOCKET_ERROR && WSAGetLastError() != WSAEOPNOTSUPP)
        abort();
}

void connect_pair(const struct sockaddr *addr, int len)
{
    SOCKET w = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(w, addr, len);
    tune(w);
}
`;

/** The panel's own styles (kept here so the page's stylesheet stays the layout's). */
const STYLE = `#lint-panel { grid-column: 1 / -1; background: #fff; border: 1px solid #ccd; padding: 8px 12px; }
.lint-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(320px, 100%), 1fr)); gap: 12px; align-items: start; }
.lint-grid > * { min-width: 0; }
.lint-bar { margin: 4px 0 8px; }
#lint-findings ul { margin: 4px 0; padding-left: 18px; }
.lint-site { border-top: 1px solid #dde; padding: 6px 0; }
.lint-row { font: 12px/1.3 ui-monospace, monospace; color: #345; overflow-wrap: anywhere; }
.lint-finding { margin: 4px 0; cursor: pointer; }
.lint-level { display: inline-block; min-width: 56px; font-weight: bold; }
.lint-finding.error .lint-level { color: #9b1c1c; }
.lint-finding.warning .lint-level { color: #8a5a00; }
.lint-finding.note .lint-level { color: #345; }
.lint-problem { color: #9b1c1c; }`;

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

let linter: Promise<Linter> | null = null;

/** The linter for this page: the model next to the page, the grammars under ./grammars/. */
function pageLinter(): Promise<Linter> {
  linter ??= (async () => {
    const base = new URL("./grammars/", import.meta.url);
    const engine = import("../host/lint/engine.js").catch((err: Error) => {
      throw new Error(`tree-sitter's runtime did not load from ${base.href} (${err.message}); \`lfp playground\` serves it from the installed web-tree-sitter and @vscode/tree-sitter-wasm`);
    });
    const [{ Linter }, model] = await Promise.all([engine, loadModel()]);
    await model.loadExplanations(); // the findings cite the rules' sources
    return new Linter(model, {
      grammar: async (file) => {
        const res = await fetch(new URL(file, base));
        if (!res.ok) throw new Error(`cannot fetch the grammar ${file}: HTTP ${res.status} ${(await res.text()).trim()}`);
        return new Uint8Array(await res.arrayBuffer());
      },
      runtime: new URL("web-tree-sitter.wasm", base),
    });
  })().catch((err: unknown) => { linter = null; throw err; }); // the next lint tries again
  return linter;
}

/** One call site's findings as HTML. */
function siteHtml(site: CallSite): string {
  const verdicts = site.model.scenario ?? site.model.call;
  const head = `<div class="lint-site" data-line="${site.start.line}"><div><b>line ${site.start.line}:${site.start.column}</b> ${escapeHtml(site.shape.api)}` +
    `${site.function ? ` in <code>${escapeHtml(site.function)}()</code>` : ""} — socket ${site.sockets.map((c) => `${c.stage}/${c.type}`).join(", ")}, errors ${site.errors.policy}</div>` +
    `<div class="lint-row">model (${site.model.scenario ? `scenario: ${site.model.stage}` : "call check"}): ${escapeHtml(outcomeRow(verdicts))}</div>`;
  const items = site.findings.map((f) => {
    const rules = [...new Set(f.evidence.map((v) => `${v.rule}${v.grade ? ` [${v.grade}]` : ""}: ${v.source}`))];
    return `<li class="lint-finding ${f.level}" data-id="${f.id}" data-line="${f.start.line}"><span class="lint-level">${f.level}</span> <code>${f.id}</code> ${escapeHtml(f.message)}` +
      `<details><summary>why, and the model's rules</summary><p>${escapeHtml(helpText(lintRule(f.id)))}</p>` +
      `<ul>${rules.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul></details></li>`;
  }).join("");
  return `${head}<ul>${items}</ul></div>`;
}

/** Build the panel inside `root` and wire it. */
export function mountLintPanel(root: HTMLElement): void {
  const style = document.createElement("style");
  style.textContent = STYLE;
  document.head.append(style);
  root.innerHTML = `<h2>Lint your code <small>(SIO_LOOPBACK_FAST_PATH call sites, read with tree-sitter grammars, answered by the model)</small></h2>
    <div class="lint-bar"><label>Language <select id="lint-language">${LANGUAGES.map(([v, l]) => `<option value="${v}">${l}</option>`).join("")}</select></label>
    <button id="lint-run" type="button">Lint</button> <span id="lint-status" role="status"></span></div>
    <div class="lint-grid"><textarea id="lint-code" rows="18" spellcheck="false" aria-label="code to lint"></textarea>
    <div id="lint-findings" aria-live="polite"></div></div>`;
  const code = root.querySelector("#lint-code") as HTMLTextAreaElement;
  const lang = root.querySelector("#lint-language") as HTMLSelectElement;
  const out = root.querySelector("#lint-findings") as HTMLElement;
  const status = root.querySelector("#lint-status") as HTMLElement;
  code.value = EXAMPLE;
  const run = async () => {
    status.textContent = "linting…";
    root.dataset.state = "running";
    try {
      const t0 = performance.now();
      const r = await (await pageLinter()).lintSource("snippet", lang.value as LintLanguage, code.value);
      const n = r.sites.reduce((k, s) => k + s.findings.length, 0);
      out.innerHTML = (r.problem ? `<p class="lint-problem">${escapeHtml(r.problem.reason)}</p>` : "") +
        (r.sites.length ? r.sites.map(siteHtml).join("") : `<p>No SIO_LOOPBACK_FAST_PATH call site${r.parsed ? "" : " (the code is not mentioned, nothing was parsed)"}.</p>`);
      status.textContent = `${r.sites.length} call site(s), ${n} finding(s) in ${Math.round(performance.now() - t0)} ms`;
      root.dataset.state = "done";
    } catch (err) {
      out.innerHTML = `<p class="lint-problem">${escapeHtml((err as Error).message)}</p>`;
      status.textContent = "failed";
      root.dataset.state = "error";
    }
  };
  root.querySelector("#lint-run")!.addEventListener("click", run);
  // A finding's line is selected in the code when the finding is clicked.
  out.addEventListener("click", (e) => {
    const li = (e.target as HTMLElement).closest("[data-line]") as HTMLElement | null;
    if (!li) return;
    const line = Number(li.dataset.line);
    const lines = code.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((k, l) => k + l.length + 1, 0);
    code.focus();
    code.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  });
  root.dataset.state = "ready";
}

const host = document.querySelector("#lint-panel");
if (host instanceof HTMLElement) mountLintPanel(host);
