// A minimal `node:assert/strict` for the browser runs (see test.mjs next to this file):
// ok, equal, notEqual, deepEqual, match, throws, with Node's strict semantics for the
// values the package's tests compare (primitives, arrays, plain objects).
export class AssertionError extends Error {}

function fail(message, fallback) {
  throw new AssertionError(message ?? fallback);
}

function show(v) {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}n` : String(JSON.stringify(v) ?? v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

export function deepStrictEqualValues(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    return a.every((x, i) => deepStrictEqualValues(x, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepStrictEqualValues(a[k], b[k]));
}

function assert(value, message) {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}

assert.ok = assert;
assert.equal = (a, b, message) => Object.is(a, b) || fail(message, `${show(a)} !== ${show(b)}`);
assert.strictEqual = assert.equal;
assert.notEqual = (a, b, message) => !Object.is(a, b) || fail(message, `${show(a)} === ${show(b)}`);
assert.deepEqual = (a, b, message) => deepStrictEqualValues(a, b) || fail(message, `${show(a)} is not deeply equal to ${show(b)}`);
assert.deepStrictEqual = assert.deepEqual;
assert.match = (s, re, message) => re.test(s) || fail(message, `${show(s)} does not match ${re}`);
assert.throws = (fn, expected, message) => {
  try {
    fn();
  } catch (error) {
    if (typeof expected === 'function') {
      // As in Node: a class is checked with instanceof, any other function validates.
      const isClass = expected.prototype !== undefined && error instanceof expected;
      if (!isClass && (Error.isPrototypeOf(expected) || expected === Error || expected(error) !== true)) fail(message, `unexpected error ${error}`);
    }
    if (expected && typeof expected === 'object') {
      for (const [k, v] of Object.entries(expected)) {
        if (!(v instanceof RegExp ? v.test(error[k]) : deepStrictEqualValues(error[k], v))) fail(message, `error.${k} is ${show(error[k])}, expected ${show(v)}`);
      }
    }
    return;
  }
  fail(message, 'expected the function to throw');
};

export default assert;
export const { ok, equal, notEqual, deepEqual, match, throws } = assert;
