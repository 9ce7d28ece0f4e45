// Run as a child process by imports.test.ts: imports each entry named on the command line in this fresh,
// plain Node process — no window, document, navigator or storage, as on a server — and prints which failed.
const failed: string[] = [];
for (const entry of process.argv.slice(2)) {
  try {
    await import(entry);
  } catch (error) {
    failed.push(`${entry}: ${(error as Error).message.split('\n')[0]}`);
  }
}
const leaked = ['window', 'document', 'localStorage', 'sessionStorage', 'location'].filter((name) => name in globalThis);
process.stdout.write(`${JSON.stringify({ failed, leaked })}\n`);
export {};
