//! A copy of this workspace in a temporary git repository, and commands run in it with a time
//! limit: what the end-to-end tests (`drift_e2e`, `new_venue_e2e`) do as a user would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `dir`, emptied, holding a copy of the workspace.
pub fn fresh(dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("temp repo");
    copy_workspace(dir);
    dir.to_path_buf()
}

/// The workspace's tracked files, as they are on disk, in a fresh repository.
fn copy_workspace(to: &Path) {
    let from = workspace();
    let out = Command::new("git").arg("-C").arg(&from).args(["ls-files", "-z"]).output().expect("git ls-files");
    for path in String::from_utf8_lossy(&out.stdout).split('\0').filter(|p| !p.is_empty()) {
        let (src, dst) = (from.join(path), to.join(path));
        if !src.is_file() {
            continue;
        }
        std::fs::create_dir_all(dst.parent().expect("a file has a folder")).expect("mkdir");
        std::fs::copy(&src, &dst).expect("copy");
    }
    git(to, &["init", "--quiet", "--initial-branch=main"]);
    git(to, &["config", "user.email", "e2e@example.invalid"]);
    git(to, &["config", "user.name", "e2e"]);
}

pub fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "-m", message]);
}

pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `program` in `dir` with its own target directory, killed after `limit` so a hang fails
/// the test instead of CI.
pub fn run(dir: &Path, program: &str, args: &[&str], target: &Path, limit: Duration) -> Run {
    let stem = args.first().map_or("run", |a| a.trim_start_matches('-'));
    let out_path = dir.join(format!(".e2e-{stem}.out"));
    let err_path = dir.join(format!(".e2e-{stem}.err"));
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("the program starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{program} {args:?} ran over {limit:?}: {}", std::fs::read_to_string(&err_path).unwrap_or_default());
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let run = Run {
        code: status.code(),
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    };
    let _ = std::fs::remove_file(out_path);
    let _ = std::fs::remove_file(err_path);
    run
}
