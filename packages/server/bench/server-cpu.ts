// CPU seconds of a Postgres server's backends that have ended (the postmaster's reaped children: cutime and
// cstime, fields 16 and 17 of proc(5)), read from /proc — a server this machine runs. 0 without a postmaster.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticks: number | undefined;

/** The ended backends' CPU seconds of the postmaster `pid` (0 when undefined). */
export function endedBackendsCpu(pid: number | undefined): number {
  if (!pid) return 0;
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString());
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Counted from the state (field 3), after the command name in parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticks;
}
