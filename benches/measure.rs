//! Memory and time measurements the benchmark harnesses share: this process's peak resident
//! memory, and a child command's time and peak, sampled from /proc (Linux; 0 elsewhere).
#![allow(dead_code, reason = "each harness uses the part it needs")]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The `VmHWM` (peak resident memory, KiB) of a `/proc/PID/status` text.
fn peak_of(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// The peak resident memory of this process so far, in KiB.
pub fn own_peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| peak_of(&s))
        .unwrap_or(0)
}

/// Runs a command to completion with its output discarded, sampling its peak resident memory
/// every millisecond: elapsed time, peak KiB, and whether it succeeded.
pub fn run_measured(cmd: &mut Command) -> (Duration, u64, bool) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    loop {
        if let Some(kib) = std::fs::read_to_string(&status_path)
            .ok()
            .and_then(|s| peak_of(&s))
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            return (start.elapsed(), peak_kib, status.success());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
