//! The few git questions drift asks: a file at a revision, a folder's files, a checkout.

use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output> {
    Command::new("git").arg("-C").arg(root).args(args).output().map_err(|e| Error::Git {
        args: args.join(" "),
        message: format!("could not run git ({e}); drift needs git on PATH"),
    })
}

/// The commit `rev` names, or an error that says the revision is unknown.
pub fn commit(root: &Path, rev: &str) -> Result<String> {
    let spec = format!("{rev}^{{commit}}");
    let out = git(root, &["rev-parse", "--verify", "--quiet", &spec])?;
    if !out.status.success() {
        return Err(Error::Git {
            args: format!("rev-parse {rev}"),
            message: format!("`{rev}` is not a commit in {}; pass --base <rev>", root.display()),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The file's text at `commit`, or `None` when it does not exist there.
pub fn show(root: &Path, commit: &str, path: &str) -> Result<Option<String>> {
    let out = git(root, &["cat-file", "-e", &format!("{commit}:{path}")])?;
    if !out.status.success() {
        return Ok(None);
    }
    let out = git(root, &["show", &format!("{commit}:{path}")])?;
    if !out.status.success() {
        return Err(Error::Git {
            args: format!("show {commit}:{path}"),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    String::from_utf8(out.stdout)
        .map(Some)
        .map_err(|_| Error::Git { args: format!("show {commit}:{path}"), message: "the file is not UTF-8".into() })
}

/// Paths of the files under `dir` at `commit`.
pub fn files(root: &Path, commit: &str, dir: &str) -> Result<Vec<String>> {
    let out = git(root, &["ls-tree", "-r", "--name-only", commit, "--", dir])?;
    if !out.status.success() {
        return Err(Error::Git {
            args: format!("ls-tree {commit} {dir}"),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect())
}

/// A detached checkout of `commit` at `dir`, removed again on drop.
pub struct Worktree<'a> {
    root: &'a Path,
    pub dir: std::path::PathBuf,
}

impl<'a> Worktree<'a> {
    pub fn add(root: &'a Path, commit: &str, dir: std::path::PathBuf) -> Result<Self> {
        let _ = std::fs::remove_dir_all(&dir);
        let _ = git(root, &["worktree", "prune"]);
        let d = dir.to_string_lossy().into_owned();
        let out = git(root, &["worktree", "add", "--detach", "--quiet", &d, commit])?;
        if !out.status.success() {
            return Err(Error::Git {
                args: format!("worktree add {d} {commit}"),
                message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        Ok(Worktree { root, dir })
    }
}

impl Drop for Worktree<'_> {
    fn drop(&mut self) {
        let d = self.dir.to_string_lossy().into_owned();
        let _ = git(self.root, &["worktree", "remove", "--force", &d]);
    }
}
