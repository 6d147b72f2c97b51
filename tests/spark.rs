//! The Apache Spark stage (`integrations/spark/`), tested through PySpark in
//! local mode from `cargo test`: a Python virtual environment under
//! `target/spark-venv` gets a pinned `pyspark` (installed once), then the
//! integration's own test script runs against the binary cargo just built.
//!
//! Needs `python3` (with its `venv` module), the Python package index and
//! Java 17 on the path. A machine without them fails this test with a
//! message saying what is missing; `STANCEKIT_SKIP_SPARK=1` skips it, loudly.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_stancekit");
/// The PySpark the test installs; the integration supports 3.4 and later.
const PYSPARK_VERSION: &str = "3.5.6";
const SKIP_VAR: &str = "STANCEKIT_SKIP_SPARK";
/// The Python tests take about a minute; past this they are stuck.
const TIMEOUT: Duration = Duration::from_secs(600);

/// Writes to the real stderr, past the test harness's capture, so the line
/// shows even when the test passes.
fn loud(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/` (the parent of cargo's scratch folder for integration tests).
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().expect("target/tmp has a parent").to_path_buf()
}

fn missing(what: &str, how: &str) -> ! {
    panic!(
        "the Spark integration test needs {what}: {how}\n\
         On a machine without it, set {SKIP_VAR}=1 to skip this test (loudly)."
    )
}

fn output_text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn require_java() {
    match Command::new("java").arg("-version").output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => missing("a working `java`", &output_text(&o)),
        Err(e) => missing(
            "Java 17 as `java` on the path",
            &format!("{e} (Debian: apt-get install openjdk-17-jre-headless)"),
        ),
    }
}

/// True when `python` runs and imports the pinned pyspark.
fn has_pyspark(python: &Path) -> bool {
    let check =
        format!("import sys, pyspark; sys.exit(pyspark.__version__ != {PYSPARK_VERSION:?})");
    Command::new(python)
        .args(["-c", &check])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run_step(command: &mut Command, what: &str, how: &str) {
    match command.output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => missing(what, &format!("{how} failed:\n{}", output_text(&o))),
        Err(e) => missing(what, &format!("{how} could not start: {e}")),
    }
}

/// The virtual environment's python, with pyspark installed (once; a lock
/// file keeps two test runs from installing at the same time).
fn venv_python() -> PathBuf {
    let target = target_dir();
    std::fs::create_dir_all(&target).unwrap();
    let lock = File::create(target.join("spark-venv.lock")).unwrap();
    lock.lock().unwrap();
    let venv = target.join("spark-venv");
    let python = venv.join("bin").join("python");
    if has_pyspark(&python) {
        return python;
    }
    let started = Instant::now();
    if !python.exists()
        || !Command::new(&python)
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    {
        let _ = std::fs::remove_dir_all(&venv);
        run_step(
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
            "python3 with its venv module",
            "python3 -m venv (Debian: apt-get install python3-venv)",
        );
    }
    run_step(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            &format!("pyspark=={PYSPARK_VERSION}"),
        ]),
        &format!("pyspark {PYSPARK_VERSION} from the Python package index"),
        "pip install",
    );
    assert!(
        has_pyspark(&python),
        "pyspark {PYSPARK_VERSION} still not importable from {}",
        python.display()
    );
    loud(&format!(
        "spark: installed pyspark {PYSPARK_VERSION} into {} in {:.0?}",
        venv.display(),
        started.elapsed()
    ));
    python
}

/// Runs the Python test script, output to a log file, killed after TIMEOUT.
fn run_python_tests(python: &Path) -> (bool, String) {
    let log_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spark-test.log");
    let log = File::create(&log_path).unwrap();
    let mut child = Command::new(python)
        .arg(repo().join("integrations/spark/test_stancekit_spark.py"))
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .env("STANCEKIT_BIN", BIN)
        .env("PYSPARK_PYTHON", python)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("the venv's python starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    match status {
        Some(s) => (s.success(), text),
        None => (false, format!("timed out after {TIMEOUT:?}\n{text}")),
    }
}

#[test]
fn spark_stage_labels_like_the_cli_and_fails_the_job_when_a_process_fails() {
    if std::env::var(SKIP_VAR).as_deref() == Ok("1") {
        loud(&format!(
            "\n!!!!!!!! {SKIP_VAR}=1: the Spark integration test \
             (integrations/spark/) is SKIPPED, nothing of it was checked !!!!!!!!\n"
        ));
        return;
    }
    let started = Instant::now();
    require_java();
    let python = venv_python();
    let (passed, log) = run_python_tests(&python);
    assert!(
        passed,
        "integrations/spark/test_stancekit_spark.py failed:\n{log}"
    );
    let summary = log
        .lines()
        .filter(|l| l.starts_with("Ran ") || l.starts_with("OK"))
        .collect::<Vec<_>>()
        .join(", ");
    loud(&format!(
        "spark: {summary} (pyspark {PYSPARK_VERSION}, local[2]); {:.0?} in all",
        started.elapsed()
    ));
}
