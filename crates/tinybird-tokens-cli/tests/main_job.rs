//! The README's first command, `bash scripts/main-job.sh`, passes and shows each step.

mod common;

use std::process::Command;

#[test]
fn main_job_passes() {
    let script = common::repo().join("scripts/main-job.sh");
    assert!(
        script.is_file(),
        "scripts/main-job.sh is part of the repository"
    );
    let out = Command::new("bash")
        .arg(&script)
        .env_remove("TB_TOKEN")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "main-job.sh failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for heading in [
        "tbtoken token lint",
        "tbtoken token ls",
        "refused by the project check",
        "tbtoken token create jwt",
        "tbtoken token inspect",
        "tbtoken token verify",
        "Main job passed",
    ] {
        assert!(stdout.contains(heading), "missing {heading:?} in\n{stdout}");
    }
    assert!(
        stdout.contains("can read pipe top_pages with org_id fixed to acme"),
        "{stdout}"
    );
    // The mistyped fixed param was refused, naming the pipe's real parameter.
    assert!(
        stdout.contains("error[project_check_failed]")
            && stdout.contains("error[unknown_fixed_param]")
            && stdout.contains("(did you mean org_id?)")
            && stdout.contains("refused as expected, exit 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Valid       signature matches key 0"),
        "{stdout}"
    );
}
