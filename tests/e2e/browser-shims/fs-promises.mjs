// A minimal `node:fs/promises` for the browser runs: `readFile(url)` fetches the file from the
// test server (the test files read their shared cases relative to their own URL).
export async function readFile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}
