// A TypeScript consumer of the packed package: `tsc --noEmit` must accept this file, and
// every `@ts-expect-error` line must really be an error (so the types are exact).
import { init, classifyUrl, classifyUrls, AfflinkError } from "afflink";
import type { AfflinkCode, Classification, Kind, Program, ReasonCode, RejectedReasonCode } from "afflink";

await init();

const c: Classification = classifyUrl("https://www.aliexpress.com/item/1005006123456789.html");
if (c.kind === "product") {
  const id: string = c.productId;
  const url: string = c.canonicalUrl;
  const params: string[] = c.affiliateParams;
  const program: Program = c.program;
  const none: null = c.reason;
  console.log(id, url, params, program, none);
} else {
  const code: ReasonCode = c.reason.code;
  const message: string = c.reason.message;
  const id: null = c.productId;
  console.log(code, message, id);
}
if (c.kind === "rejected") {
  const program: null = c.program;
  const code: RejectedReasonCode = c.reason.code;
  console.log(program, code);
}
if (c.kind === "page") {
  // @ts-expect-error a page is never rejected for its host
  const code: "unknown_host" = c.reason.code;
  console.log(code);
}

function label(kind: Kind): string {
  switch (kind) {
    case "product":
    case "page":
    case "affiliateLink":
    case "shortLink":
    case "rejected":
      return kind;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

const all: Classification[] = classifyUrls(["a", "b"] as const);
console.log(all.map((r) => label(r.kind)));

try {
  classifyUrl("x");
} catch (e) {
  if (e instanceof AfflinkError) {
    const code: AfflinkCode = e.code;
    console.log(code);
  }
}

// @ts-expect-error not a kind
const badKind: Kind = "products";
// @ts-expect-error not a code
const badCode: AfflinkCode = "unknown_hosts";
// @ts-expect-error urls must be strings
classifyUrls([1, 2]);
// @ts-expect-error a product id is a string, never a number
const n: number = (c as Extract<Classification, { kind: "product" }>).productId;
console.log(badKind, badCode, n);
