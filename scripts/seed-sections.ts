// The seed page split into the sections rule sources cite: "Parameters/lpcbBytesReturned",
// "Return value/WSAEFAULT" (a row of the error table), "Remarks", ...
export function seedSections(markdown: string): Record<string, string> {
  const out: Record<string, string> = {};
  let h2 = "";
  let key = "";
  for (const line of markdown.split("\n")) {
    const m2 = /^## (.+)$/.exec(line);
    const m3 = /^### (.+)$/.exec(line);
    if (m2) { h2 = m2[1].trim(); key = h2; out[key] = ""; continue; }
    if (m3) { key = `${h2}/${m3[1].trim()}`; out[key] = ""; continue; }
    const row = /^\|\s*\*\*([A-Z_\\]+)\*\*\s*\|(.+)\|\s*$/.exec(line);
    if (h2 === "Return value" && row) out[`Return value/${row[1].replace(/\\/g, "")}`] = row[2].replace(/\*\*/g, "").replace(/\\_/g, "_").trim();
    if (key) out[key] += `${line}\n`;
  }
  for (const k of Object.keys(out)) out[k] = out[k].replace(/\*\*/g, "").replace(/\\_/g, "_").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").trim();
  return out;
}
