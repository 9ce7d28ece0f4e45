#!/usr/bin/perl
# Runs a command and writes the CPU seconds (user + system) of its whole process tree to fd 3.
# It makes itself the tree's "child subreaper" (prctl), so processes whose parent left without
# waiting for them — Chromium's renderers, for one — are handed to it and counted too, which a
# plain `time` misses. Perl because `npm test` runs it before any dependency is installed.
use strict;
use warnings;
use POSIX ':sys_wait_h';
use Time::HiRes 'sleep';

my %prctl = ('x86_64' => 157, 'aarch64' => 167);
my ($arch) = `uname -m` =~ /(\S+)/;
syscall($prctl{$arch}, 36, 1, 0, 0, 0) if $prctl{$arch};    # PR_SET_CHILD_SUBREAPER

my $pid = fork // die "fork: $!";
if ($pid == 0) { exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!" }
my $status;
while ((my $done = waitpid(-1, 0)) > 0) {
  if ($done == $pid) { $status = $?; last }
}
# Orphans still exiting (a browser's children) get a few seconds to be reaped and counted.
for (my $waited = 0; $waited < 5;) {
  my $done = waitpid(-1, WNOHANG);
  last if $done < 0;
  if ($done == 0) { sleep 0.1; $waited += 0.1 }
}
my (undef, undef, $cuser, $csystem) = times;
if (open my $out, '>&=', 3) { printf $out "%.2f\n", $cuser + $csystem }
exit($status & 127 ? 128 + ($status & 127) : $status >> 8);
