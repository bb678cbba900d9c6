//! The version bump a change needs, by Cargo's semver rules, and whether the crate has it.
//!
//! Cargo treats the left-most non-zero component as the major one, so for a `0.y.z` crate a
//! breaking change needs `0.(y+1).0` and an additive one `0.y.(z+1)`, as cargo-semver-checks has it.

use serde::Serialize;

use super::classify::Class;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

impl Version {
    /// `1.2.3`; a pre-release or build suffix is ignored.
    pub fn parse(s: &str) -> Option<Self> {
        let core = s.trim().split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let v = Version(parts.next()??, parts.next()??, parts.next()??);
        parts.next().is_none().then_some(v)
    }

    /// The smallest version after `self` that carries a change of class `class`.
    pub fn next(self, class: Class) -> Version {
        let Version(major, minor, patch) = self;
        match (class, major, minor) {
            (Class::Breaking, 0, 0) => Version(0, 0, patch + 1),
            (Class::Breaking, 0, _) => Version(0, minor + 1, 0),
            (Class::Breaking, _, _) => Version(major + 1, 0, 0),
            (Class::Additive, 0, _) => Version(0, minor, patch + 1),
            (Class::Additive, _, _) => Version(major, minor + 1, 0),
            (Class::DocsOnly | Class::Behaviour, _, _) => Version(major, minor, patch + 1),
        }
    }
}

/// `version = "…"` of the `[package]` table.
pub fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if in_package
            && let Some(rest) = line.strip_prefix("version")
            && let Some(value) = rest.trim_start().strip_prefix('=')
        {
            return Some(value.trim().trim_matches('"').to_string());
        }
    }
    None
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VersionCheck {
    /// The largest class among the crate's changes; `None` when nothing changed.
    pub needed: Option<Class>,
    /// `major`, `minor` or `patch` in Cargo's sense for this crate's version.
    pub bump: Option<&'static str>,
    pub base_version: Option<String>,
    pub version: Option<String>,
    /// The smallest version that carries the change.
    pub required: Option<String>,
    pub ok: bool,
    pub message: String,
}

pub fn check(crate_name: &str, needed: Option<Class>, base: Option<&str>, now: Option<&str>) -> VersionCheck {
    let mut out = VersionCheck {
        needed,
        bump: None,
        base_version: base.map(str::to_string),
        version: now.map(str::to_string),
        required: None,
        ok: true,
        message: String::new(),
    };
    let Some(class) = needed else {
        out.message = "no change; no bump needed".into();
        return out;
    };
    let (Some(base_v), Some(now_v)) = (base.and_then(Version::parse), now.and_then(Version::parse)) else {
        out.ok = base.is_none();
        out.message = match base {
            None => "new crate; no base version to compare".into(),
            Some(_) => format!("cannot read the version of {crate_name} at both revisions"),
        };
        return out;
    };
    let required = base_v.next(class);
    out.bump = Some(match (required.0 != base_v.0, required.1 != base_v.1) {
        (true, _) => "major",
        (false, true) if base_v.0 > 0 => "minor",
        (false, true) => "major, which for 0.x is the minor number",
        (false, false) if class == Class::Breaking => "major, which for 0.0.x is the patch number",
        (false, false) if class == Class::Additive && base_v.0 == 0 => "minor, which for 0.x is the patch number",
        (false, false) => "patch",
    });
    out.required = Some(required.to_string());
    out.ok = now_v >= required;
    out.message = if out.ok {
        format!("{} change: {base_v} → {now_v} carries it (needs ≥ {required})", class.label())
    } else {
        format!(
            "{} change: version is {now_v}, needs ≥ {required}; set `version = \"{required}\"` in crates/{crate_name}/Cargo.toml",
            class.label()
        )
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_cargo_semver() {
        let v = |s| Version::parse(s).unwrap();
        assert_eq!(v("1.2.3").next(Class::Breaking), v("2.0.0"));
        assert_eq!(v("1.2.3").next(Class::Additive), v("1.3.0"));
        assert_eq!(v("1.2.3").next(Class::DocsOnly), v("1.2.4"));
        assert_eq!(v("0.1.0").next(Class::Breaking), v("0.2.0"));
        assert_eq!(v("0.1.0").next(Class::Additive), v("0.1.1"));
        assert_eq!(v("0.0.3").next(Class::Breaking), v("0.0.4"));
        assert_eq!(Version::parse("1.2"), None);
        assert_eq!(Version::parse("1.2.3-rc.1"), Some(v("1.2.3")));
        assert!(!check("x", Some(Class::Breaking), Some("0.1.0"), Some("0.1.1")).ok);
        assert!(check("x", Some(Class::Breaking), Some("0.1.0"), Some("0.2.0")).ok);
        assert!(check("x", None, Some("0.1.0"), Some("0.1.0")).ok);
        assert_eq!(
            package_version("[package]\nname = \"a\"\nversion = \"0.3.1\"\n[dependencies]\nversion = \"9\"\n")
                .as_deref(),
            Some("0.3.1")
        );
    }
}
