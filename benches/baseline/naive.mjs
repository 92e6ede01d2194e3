// The classifier a JavaScript developer would actually write without afflink: `new URL()`,
// two host regexes and two path regexes per program. Exactly as written in issue 12; the
// real-world benchmark (benches/realworld.mjs) measures afflink against it. It is not a
// faithful port of docs/CLASSIFICATION.md (benches/baseline/baseline.mjs is): it accepts
// hosts and paths afflink refuses, and carries no reason messages or affiliate parameters.
const AE = /(^|\.)aliexpress\.(com|us|ru)$/, AB = /(^|\.)alibaba\.com$/;
export function naive(u) {
  let p; try { p = new URL(u.trim()); } catch { return { kind: "rejected", code: "not_a_url" }; }
  if (p.protocol !== "https:" && p.protocol !== "http:") return { kind: "rejected", code: "unsupported_scheme" };
  if (p.username || p.password) return { kind: "rejected", code: "credentials_in_url" };
  if (p.port) return { kind: "rejected", code: "port_not_allowed" };
  const h = p.hostname.toLowerCase(); let m;
  if (h === "s.click.aliexpress.com" || h === "click.alibaba.com") return { kind: "affiliateLink" };
  if (h === "a.aliexpress.com" || (AB.test(h) && p.pathname.startsWith("/x/"))) return { kind: "shortLink" };
  if (AE.test(h)) {
    if ((m = p.pathname.match(/^\/(?:item|i)\/(?:[^/]+\/)?(\d{6,20})\.html$/)) || (m = p.pathname.match(/^\/store\/product\/[^/]+\/\d+_(\d{6,20})\.html$/)))
      return { kind: "product", program: "aliexpress", productId: m[1], canonicalUrl: `https://www.aliexpress.com/item/${m[1]}.html` };
    return { kind: "page", program: "aliexpress" };
  }
  if (AB.test(h)) {
    if ((m = p.pathname.match(/^\/product-detail\/.*[_-](\d{6,20})\.html$/)) || (m = p.pathname.match(/^\/product\/(\d{6,20})(?:\/[^/]*)?\.html$/)))
      return { kind: "product", program: "alibaba", productId: m[1], canonicalUrl: `https://www.alibaba.com/product-detail/_${m[1]}.html` };
    return { kind: "page", program: "alibaba" };
  }
  return { kind: "rejected", code: "unknown_host" };
}
