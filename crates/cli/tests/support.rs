//! Running the `okrpad` tool from tests: in-process (fast, for properties) or as the
//! built binary (what a user runs), and the paths of the shared fixtures.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::path::PathBuf;

use okrpad_core::calendar::Date;

/// The repository's root, where `tests/fixtures/` and `docs/` live (shared with the
/// browser tests).
pub fn repo_root() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "..", ".."].iter().collect()
}

/// The path of `tests/fixtures/NAME`, as the CLI is given it.
pub fn fixture(name: &str) -> String {
    repo_root().join("tests/fixtures").join(name).to_string_lossy().into_owned()
}

/// The text of `tests/fixtures/NAME`.
pub fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("fixtures are readable")
}

/// Runs the CLI in-process on `stdin` with `args` (as of 2026-02-15, in English) and
/// returns its exit code: for the robustness properties, without a process per case.
pub fn run_cli(stdin: &[u8], args: &[&str]) -> u8 {
    use okrpad_cli::{Environment, run};
    use okrpad_core::i18n::Lang;
    let mut stdin: &[u8] = stdin;
    let today = Date::new(2026, 2, 15).unwrap_or(Date::MIN);
    let environment = Environment { lang: Lang::En, today, stdin: &mut stdin };
    let mut argv = vec!["okrpad"];
    argv.extend_from_slice(args);
    run(argv, environment).code
}

/// What the `okrpad` binary printed and how it exited.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs the built binary with `args`, the locale variables `env` (all others
/// cleared, so the machine's locale cannot change the output) and `stdin`.
pub fn run_binary(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut command = Command::new(env!("CARGO_BIN_EXE_okrpad"));
    command.args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    // The binary reads stdin only for `-`; otherwise it may exit first and close the pipe.
    let _ = input.write_all(stdin);
    drop(input);
    let output = child.wait_with_output().expect("the binary finishes");
    Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        code: output.status.code().expect("the binary exits rather than being killed"),
    }
}
