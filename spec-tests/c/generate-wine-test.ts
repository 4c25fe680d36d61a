// The conformance test in the style of Wine's dlls/ws2_32/tests: one C file,
// loopback_fast_path.c, generated from the vectors and the model. Each case that
// Windows can run becomes a test function; each field the vector checks becomes
// an ok() whose accepted values are the windows profile's conformance set,
// todo_wine where the wine profile predicts another answer, broken() for the
// answers of Windows 7. Cases that may end their process run in a child
// process (Wine's way: the test runs itself again). The file carries the step
// mechanics (spec-tests/c/steps), so it stands alone in Wine's tree.
//
// With it comes what the counts of a run must be, per process, under Wine and
// on Windows, as the two profiles predict them.
import { readFileSync } from "node:fs";
import type { Model } from "../../host/model.js";
import { packageRoot } from "../../host/paths.js";
import type { LoadedCase, Step } from "../runner/vectors.js";
import type { KnownDivergence } from "../runner/run.js";
import { cComment, cIdentifier, cString, ioctlArgs, stepCall, hex } from "./c-source.js";
import { caseChecks, ABSENT, type Check, type Value } from "./conformance.js";
import { exePlan } from "./generate-observer.js";

/** The test's name in Wine's tree: dlls/ws2_32/tests/loopback_fast_path.c. */
export const TEST_NAME = "loopback_fast_path";

/** What one process of a run prints in its summary line. */
export interface Counts { executed: number; todo: number; failures: number; skipped: number }

/** The counts a run must print, per platform: one summary line per process that ends normally. */
export interface Expected {
  format: "lfp-wine-test-counts/1";
  test: string;
  cases: number;
  checks: number;
  /** Cases run in a child process, and those of them the wine profile predicts end by a fault under Wine. */
  children: number;
  crashOnWine: string[];
  wine: { processes: Counts[]; total: Counts };
  windows: { processes: Counts[]; total: Counts };
  /** Steps not in the test (no system can make them), per case: the vector's features say why. */
  notRun: { case: string; steps: { step: number; reason: string }[] }[];
}

/** The checks after every case in a process: what the cases opened, they closed (helpers.c check_balance). */
const BALANCE_CHECKS = 4;

const sum = (xs: Counts[]): Counts => xs.reduce((a, b) => ({
  executed: a.executed + b.executed, todo: a.todo + b.todo, failures: a.failures + b.failures, skipped: a.skipped + b.skipped,
}), { executed: 0, todo: 0, failures: 0, skipped: 0 });

/** A value as C reads it from `struct lfp_actual r` (ABSENT: no operation was started). */
function valueTest(field: string, v: Value): string {
  if (v === ABSENT) return field.startsWith("completion.") ? "r.completion_null" : "0";
  switch (field) {
    case "ret": return `r.ret == ${v}`;
    case "error": return `r.error == ${v}`;
    case "bytesReturned":
      if (v === "untouched") return "r.bytes_untouched";
      if (v === "nonzero") return "(!r.bytes_untouched && r.bytes != 0)";
      return `(!r.bytes_untouched && r.bytes == ${v})`;
    case "completion": return v === null ? "r.completion_null" : "!r.completion_null";
    case "completion.via": return `(!r.completion_null && r.via == LFP_VIA_${String(v).toUpperCase()})`;
    case "completion.status": return `(!r.completion_null && r.status == ${v})`;
    case "completion.transferred": return `(!r.completion_null && r.transferred == ${v})`;
    case "completion.flags": return `(!r.completion_null && (r.has_flags ? r.flags : 0) == ${v})`;
    case "completion.channels": return `(!r.completion_null && !strcmp(lfp_channels(&r), ${cString(String(v))}))`;
    case "completion.faults": return `(!r.completion_null && ${v ? "" : "!"}r.faults)`;
    case "completed": return `r.completed == ${v ? 1 : 0}`;
    case "received": return `r.received == ${v}`;
  }
  throw new Error(`no C reading of the field ${field}`);
}

/** How an ok() prints the value it got. */
const SHOW: Record<string, [string, string]> = {
  ret: ["%d", "r.ret"], error: ["%lu", "r.error"], bytesReturned: ["%s", "lfp_show_bytes(&r)"],
  completed: ["%d", "r.completed"], received: ["%lu", "r.received"],
};

function showValue(field: string, v: Value, names: Map<number, string>): string {
  if (v === ABSENT) return "no operation";
  if ((field === "error" || field === "completion.status") && typeof v === "number") return v === 0 ? "0" : `${names.get(v) ?? "error"} (${v})`;
  if (field === "completion") return v === null ? "no operation" : "an operation";
  if (field === "completion.channels") return `[${v}]`;
  return String(v);
}

const any = (field: string, vs: Value[]) => (vs.length === 1 ? valueTest(field, vs[0]) : vs.map((v) => valueTest(field, v)).join(" || "));

function okLine(j: number, step: Step, k: Check, names: Map<number, string>): string {
  const cond = any(k.field, k.accepted) + (k.broken.length ? ` || broken(${any(k.field, k.broken)}) /* Windows 7 */` : "");
  const [fmt, arg] = SHOW[k.field] ?? ["%s", "lfp_show_completion(&r)"];
  const expected = k.accepted.map((v) => showValue(k.field, v, names)).join(" or ");
  return `    ${k.todoWine ? "todo_wine " : ""}ok(${cond}, ${cString(`step ${j} (${step.op}) ${k.field}: expected ${expected}, got ${fmt}\n`)}, ${arg});`;
}

/** The call an ioctl step makes, written as C for the comment above it. */
function ioctlComment(step: Step): string {
  const a = ioctlArgs(step);
  const sock = a.handle === "socket" ? a.socket : a.handle === "invalid-socket" ? "INVALID_SOCKET" : "(SOCKET)12345";
  const ptr = (kind: number, valid: string) => (kind === 0 ? "NULL" : kind === 2 ? "(void *)0x10" : valid);
  const inText = a.inKind === 1 ? `{${[...a.inBytes].map((b) => b.toString(16).padStart(2, "0")).join(" ")}}` : ptr(a.inKind, "");
  const ov = a.overlapped === 0 ? "NULL" : a.overlapped === 1 ? "(WSAOVERLAPPED *)0x10" : a.overlapped === 3 ? "&overlapped (with hEvent)" : "&overlapped";
  const code = a.code === 0x98000010 ? "SIO_LOOPBACK_FAST_PATH" : hex(a.code);
  return `${a.wsp ? "WSPIoctl" : "WSAIoctl"}(${sock}, ${code}, ${inText}, ${a.cbIn}, ${ptr(a.outKind, `out[${a.outLen}]`)}, ${a.cbOut}, ${ptr(a.bytesReturned, "&size")}, ${ov}, ${ptr(a.routine, "routine")})`;
}

interface Generated { source: string; expected: Expected }

/** Read a C file of the project without its own #include lines (they are joined into the test). */
function cPart(path: string): string {
  return readFileSync(`${packageRoot}${path}`, "utf8").replace(/^#include "[^"]+"\n/gm, "");
}

export function wineTestSource(model: Model, cases: LoadedCase[], known: KnownDivergence[], meta: { digest: string }): Generated {
  const names = new Map(model.catalogue.errors.map((e) => [e.code, e.name]));
  const functions: string[] = [];
  const parentCalls: string[] = [];
  const children: { ident: string; crashes: string | null; id: string }[] = [];
  const expected: Expected = {
    format: "lfp-wine-test-counts/1", test: TEST_NAME, cases: 0, checks: 0, children: 0, crashOnWine: [],
    wine: { processes: [], total: { executed: 0, todo: 0, failures: 0, skipped: 0 } },
    windows: { processes: [], total: { executed: 0, todo: 0, failures: 0, skipped: 0 } },
    notRun: [],
  };
  const parentWine: Counts = { executed: BALANCE_CHECKS, todo: 0, failures: 0, skipped: 0 };
  const parentWindows: Counts = { executed: BALANCE_CHECKS, todo: 0, failures: 0, skipped: 0 };
  for (const c of cases) {
    const plan = exePlan(model, c, "native", "windows");
    if (!plan.planned || plan.skip !== null) continue;
    const skipped = new Set(plan.skipped.map((s) => s.step));
    const indices = c.steps.map((_, j) => j).filter((j) => !skipped.has(j));
    const { steps, wineEnds, windowsEnds } = caseChecks(model, c, indices, known);
    if (windowsEnds.at !== null) throw new Error(`${c.id}: the windows profile predicts step ${windowsEnds.at} ends the process (${windowsEnds.how}); a test for Windows cannot make that call`);
    const ident = cIdentifier(c.id);
    const body: string[] = [];
    let wine: Counts = { executed: 0, todo: 0, failures: 0, skipped: 0 };
    let windows = 0;
    let wineStopped = false;
    for (const s of steps) {
      const call = stepCall(c, s.step, model.catalogue, "&st", "&r");
      if (s.step.op === "ioctl") body.push(`    /* step ${s.index}: ${cComment(ioctlComment(s.step))} */`);
      body.push(`    if (!${call})`, `    {`,
        `        ${s.wineCannot !== null ? "todo_wine " : ""}ok(0, ${cString(`step ${s.index} (${s.step.op}) could not run: %s\n`)}, st.problem);`,
        `        goto done;`, `    }`);
      for (const k of s.checks) {
        if (k.known !== null) body.push(`    /* ${cComment(k.known)} */`);
        body.push(okLine(s.index, s.step, k, names));
      }
      windows += s.checks.length;
      if (wineStopped) continue;
      if (wineEnds.at === s.index) { wineStopped = true; continue; }
      if (s.wineCannot !== null) { wine.executed++; wine.todo++; wineStopped = true; continue; }
      wine.executed += s.checks.length;
      wine.todo += s.checks.filter((k) => k.todoWine).length;
    }
    const notRun = plan.skipped.map((x) => `/* not run: ${cComment(x.reason)} */`);
    if (plan.skipped.length) expected.notRun.push({ case: c.id, steps: plan.skipped });
    functions.push([
      `/* ${cComment(c.id)}: ${cComment(c.title)}`,
      ` * ${cComment(c.refs.join("; "))} */`,
      ...notRun,
      `static void test_${ident}(void)`,
      `{`,
      `    struct lfp_state st;`,
      `    struct lfp_actual r;`,
      ``,
      `    winetest_push_context(${cString(c.id)});`,
      `    if (!lfp_begin_case(&st, &stats, ${c.startup === false ? 0 : 1}))`,
      `    {`,
      `        ok(0, "%s\\n", st.problem);`,
      `        goto done;`,
      `    }`,
      ...body,
      `done:`,
      `    lfp_end_case(&st);`,
      `    winetest_pop_context();`,
      `}`,
      ``,
    ].join("\n"));
    expected.cases++;
    expected.checks += windows;
    const alone = plan.isolate || wineEnds.at !== null;
    if (alone) {
      const crashes = wineEnds.at !== null ? `step ${wineEnds.at}: ${wineEnds.how}` : null;
      children.push({ ident, crashes, id: c.id });
      expected.children++;
      parentWindows.executed++;
      parentWine.executed++;
      if (crashes) {
        expected.crashOnWine.push(c.id);
        parentWine.todo++;
      } else {
        wine = { ...wine, executed: wine.executed + BALANCE_CHECKS };
        expected.wine.processes.push(wine);
      }
      expected.windows.processes.push({ executed: windows + BALANCE_CHECKS, todo: 0, failures: 0, skipped: 0 });
      parentCalls.push(`    run_in_child(${cString(ident)}, ${crashes === null ? "NULL" : cString(crashes)});`);
    } else {
      parentWine.executed += wine.executed;
      parentWine.todo += wine.todo;
      parentWindows.executed += windows;
      parentCalls.push(`    test_${ident}();`);
    }
  }
  expected.wine.processes.unshift(parentWine);
  expected.windows.processes.unshift(parentWindows);
  expected.wine.total = sum(expected.wine.processes);
  expected.windows.total = sum(expected.windows.processes);

  const source = [
    `/*`,
    ` * Conformance tests for WSAIoctl(SIO_LOOPBACK_FAST_PATH), in the style of Wine's`,
    ` * dlls/ws2_32/tests. Generated by loopback-fast-path (spec-tests/c/generate-wine-test.ts)`,
    ` * from its spec vectors (digest ${meta.digest}) and its model: every ok() accepts the`,
    ` * outcomes the model's windows profile finds conforming to its sources, broken()`,
    ` * accepts what Windows 7 / Server 2008 R2 answer, and todo_wine marks where the wine`,
    ` * profile (Wine 8.0 as observed) answers otherwise. ${expected.cases} cases, ${expected.checks} checks.`,
    ` *`,
    ` * The step mechanics below are loopback-fast-path's (spec-tests/c/steps): each step`,
    ` * is made and read exactly as its observer records it (out-values pre-filled with`,
    ` * 0xdeadbeef, overlapped completions waited for ${200} ms).`,
    ` */`,
    ``,
    `#include <stdarg.h>`,
    `#include <winsock2.h>`,
    `#include <ws2tcpip.h>`,
    `#include <windows.h>`,
    ``,
    `#include "wine/test.h"`,
    ``,
    cPart("spec-tests/c/steps/steps.h").replace(/^#ifndef LFP_STEPS_H\n#define LFP_STEPS_H\n/m, "").replace(/#endif\s*$/, ""),
    cPart("spec-tests/c/steps/steps.c"),
    cPart("spec-tests/c/wine-test/helpers.c"),
    ...functions,
    `static const struct { const char *name; void (*test)(void); } child_tests[] = {`,
    ...children.map((x) => `    { ${cString(x.ident)}, test_${x.ident} },`),
    `};`,
    ``,
    `START_TEST(${TEST_NAME})`,
    `{`,
    `    char **argv;`,
    `    int argc = winetest_get_mainargs(&argv);`,
    `    unsigned int i;`,
    ``,
    `    if (argc >= 3)`,
    `    {`,
    `        /* A child process: one case that may end its process. */`,
    `        SetUnhandledExceptionFilter(child_exception);`,
    `        for (i = 0; i < ARRAY_SIZE(child_tests); i++)`,
    `            if (!strcmp(argv[2], child_tests[i].name)) child_tests[i].test();`,
    `        check_balance();`,
    `        return;`,
    `    }`,
    ...parentCalls,
    `    check_balance();`,
    `}`,
    ``,
  ].join("\n");
  return { source, expected };
}
