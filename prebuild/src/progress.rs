//! Progress for long operations: an indicatif bar when stderr is a
//! terminal, cargo-style status lines (`   Building x for linux-x64-gnu`,
//! `   Finished linux-x64-gnu in 1.2s (13 KB)`) when it is not (CI logs,
//! pipes). Compiler output goes through here too, so it is shown as it
//! comes without tearing the bar.

use std::io::IsTerminal;

pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    pub fn new(steps: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(steps as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} [{elapsed:>3}] {bar:25} {pos}/{len} {msg}",
                )
                .expect("valid template"),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    fn status(&self, word: &str, text: &str) {
        match &self.bar {
            Some(b) => b.println(format!("{word:>12} {text}")),
            None => eprintln!("{word:>12} {text}"),
        }
    }

    pub fn start(&self, what: &str) {
        match &self.bar {
            Some(b) => b.set_message(format!("building {what}")),
            None => self.status("Building", what),
        }
    }

    /// One line of a compiler's output.
    pub fn line(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&self, what: &str) {
        self.status("Finished", what);
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    pub fn fail(&self, what: &str) {
        self.status("Failed", what);
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    pub fn done(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// `13.1 KB`, `4.9 MB`.
pub fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} KB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}
