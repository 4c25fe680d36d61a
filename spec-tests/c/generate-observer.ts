// The observer's cases: every vector case as a C function whose steps are the
// runtime's step calls (spec-tests/c/steps/steps.c), and, for each kind of
// recording (wine, native Windows), how the case is planned: whether it applies
// to that profile, which steps cannot run and why (the runner's features), and
// whether it may end its process (then it runs alone). Generated at build time
// from the vectors and the model, so it follows them.
import { relative, resolve } from "node:path";
import type { Model } from "../../host/model.js";
import type { ProfileName } from "../../host/catalogue.js";
import { parseAddress } from "../../host/address.js";
import { plan } from "../runner/run.js";
import { skippedSteps, type Feature, type SkippedStep } from "../runner/features.js";
import { expectationFor } from "../runner/compare.js";
import { CAPABILITIES, mayEndProcess } from "../runner/targets/native/target.js";
import { WSA_IO_PENDING } from "../../host/native/ws2_32.js";
import type { LoadedCase, Step } from "../runner/vectors.js";
import { cComment, cString, ioctlArgs, stepCall } from "./c-source.js";

/**
 * The recordings the program makes: under Wine (judged against the wine profile), on Windows 8 and
 * later (windows), and on Windows 7 / Server 2008 R2 and older (windows-7, where the model has it).
 * The order is the C array's (observer.h enum lfp_kind).
 */
export function kinds(model: Model): { kind: "wine" | "native"; profile: ProfileName }[] {
  const old = (model.profiles as readonly string[]).includes("windows-7") ? "windows-7" : "windows";
  return [{ kind: "wine", profile: "wine" }, { kind: "native", profile: "windows" }, { kind: "native", profile: old as ProfileName }];
}

/**
 * What the program does beyond the Node target's capabilities: counts larger than the bytes handed
 * over (the buffer ends at a no-access page, so the system meets a fault, never other memory; such
 * a step runs in a process of its own). Cancel and exitThread steps both players run.
 */
export const EXE_EXTRA: readonly Feature[] = ["oversized-counts"];

export function exeCapabilities(kind: "wine" | "native"): ReadonlySet<Feature> {
  return new Set<Feature>([...CAPABILITIES[kind], ...EXE_EXTRA]);
}

/** How one case is planned for one kind of recording. */
export interface ExePlan {
  planned: boolean;
  skipped: SkippedStep[];
  /** Every step skipped: the case cannot run at all, for this reason. */
  skip: string | null;
  isolate: boolean;
  /** Steps whose vector expects WSA_IO_PENDING for the profile (the note says the wait timing out was expected). */
  pendingExpected: number[];
}

function oversized(step: Step): boolean {
  if (step.op !== "ioctl") return false;
  const a = ioctlArgs(step);
  return (a.inKind === 1 && a.cbIn > a.inBytes.length) || (a.outKind === 1 && a.cbOut > a.outLen);
}

/** The plan of case `c` for `profile`, as the Node target would make it, with the program's own capabilities. */
export function exePlan(model: Model, c: LoadedCase, kind: "wine" | "native", profile: ProfileName): ExePlan {
  const simulated = (text: string): boolean => {
    const a = parseAddress(text, "address", true);
    const cls = model.exports.classify(a.family, ...a.words);
    return cls === 4 || cls === 5; // A_OTHER, A_MAPPED_OTHER (assembly/address.ts), as the native target decides
  };
  const planned = plan([c], [profile]).length === 1;
  const skipped = skippedSteps(c, profile, exeCapabilities(kind), simulated, model.catalogue);
  const skipSet = new Set(skipped.map((s) => s.step));
  const pendingExpected = c.steps.flatMap((s, j) => {
    const status = expectationFor(s, profile, model.catalogue)?.completion?.status;
    const all = status === undefined ? [] : typeof status === "object" ? status.oneOf : [status];
    return all.some((x) => x === "WSA_IO_PENDING" || x === WSA_IO_PENDING) ? [j] : [];
  });
  return {
    planned, skipped, pendingExpected,
    skip: skipped.length === c.steps.length ? skipped[0].reason : null,
    isolate: mayEndProcess(c, profile, skipSet, model.catalogue) || c.steps.some((s, j) => !skipSet.has(j) && oversized(s)),
  };
}

/** The generated C source of the observer's cases. */
export function observerSource(model: Model, cases: LoadedCase[], meta: { version: string; digest: string; root: string }): string {
  const strings = new Map<string, string>();
  const str = (text: string): string => {
    let name = strings.get(text);
    if (name === undefined) { name = `s${strings.size}`; strings.set(text, name); }
    return name;
  };
  const bodies: string[] = [];
  const tables: string[] = [];
  const entries: string[] = [];
  cases.forEach((c, i) => {
    const plans = kinds(model).map(({ kind, profile }) => exePlan(model, c, kind, profile));
    const lines = c.steps.map((step, j) => {
      const skippedEverywhere = plans.every((pl) => !pl.planned || pl.skipped.some((x) => x.step === j));
      if (skippedEverywhere) return `    /* step ${j} (${step.op}): not run on any system (${cComment(plans.find((pl) => pl.planned)?.skipped.find((x) => x.step === j)?.reason ?? "the case applies to neither profile")}) */`;
      return `    LFP_STEP(${j}, ${stepCall(c, step, model.catalogue, "&p->st", "&p->a")});`;
    });
    bodies.push(`/* ${cComment(c.id)}: ${cComment(c.title)} */\nstatic void case_${i}(struct lfp_play *p)\n{\n${lines.join("\n")}\n}\n`);
    const planLiterals = plans.map((pl, k) => {
      const name = `${k}_${i}`;
      if (pl.skipped.length) tables.push(`static const struct lfp_skip skipped_${name}[] = { ${pl.skipped.map((x) => `{ ${x.step}, ${str(x.reason)} }`).join(", ")} };`);
      if (pl.pendingExpected.length) tables.push(`static const int pending_${name}[] = { ${pl.pendingExpected.join(", ")} };`);
      return `{ ${+pl.planned}, ${+pl.isolate}, ${pl.skip === null ? "NULL" : str(pl.skip)}, ${pl.skipped.length ? `skipped_${name}` : "NULL"}, ${pl.skipped.length}, `
        + `${pl.pendingExpected.length ? `pending_${name}` : "NULL"}, ${pl.pendingExpected.length}, ${cString(kinds(model)[k].profile)} }`;
    });
    const file = relative(meta.root, resolve(c.file)).split("\\").join("/");
    entries.push(`    { ${cString(c.id)}, ${cString(file)}, case_${i}, ${c.steps.length}, ${c.startup === false ? 0 : 1},\n      { ${planLiterals.join(",\n        ")} } },`);
  });
  return [
    `/* Generated by spec-tests/c/generate-observer.ts from ${cases.length} vector cases (digest ${meta.digest}): do not edit. */`,
    `#include "observer.h"`,
    ``,
    `const char lfp_package_version[] = ${cString(meta.version)};`,
    `const char lfp_vectors_digest[] = ${cString(meta.digest)};`,
    ...[...strings].map(([text, name]) => `static const char ${name}[] = ${cString(text)};`),
    ``,
    ...bodies,
    ...tables,
    ``,
    `const struct lfp_case lfp_cases[] = {`,
    ...entries,
    `};`,
    `const int lfp_case_count = ${cases.length};`,
    ``,
  ].join("\n");
}
