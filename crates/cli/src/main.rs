//! The `okrpad` command-line tool: wires the process (arguments, locale, clock,
//! standard streams, exit code) to [`okrpad_cli::run`], where everything else lives
//! so that tests can drive it directly.

#[cfg(target_arch = "wasm32")]
fn main() {
    // The CLI is native only; on wasm32 this binary exists only so that
    // `cargo clippy --target wasm32-unknown-unknown --bins` can check the app's.
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::io::{ErrorKind, Write};
    use std::process::ExitCode;
    use std::time::SystemTime;

    use okrpad_cli::{Environment, exit, lang_from_locale, run, today_local};

    let mut stdin = std::io::stdin().lock();
    let environment = Environment {
        lang: lang_from_locale(|name| std::env::var(name).ok()),
        today: today_local(SystemTime::now()),
        stdin: &mut stdin,
    };
    let output = run(std::env::args_os(), environment);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(output.stderr.as_bytes());
    match std::io::stdout().lock().write_all(output.stdout.as_bytes()) {
        // A reader that stopped early (`okrpad score x | head -1`) got what it wanted.
        Err(error) if error.kind() != ErrorKind::BrokenPipe => {
            let _ = writeln!(stderr, "okrpad: {error}");
            ExitCode::from(exit::UNUSABLE)
        }
        _ => ExitCode::from(output.code),
    }
}
