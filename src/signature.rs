//! Whether a draft's commit is signed, and whether the signature holds, as
//! the machine's own tools say: `gpg` for OpenPGP signatures, `ssh-keygen`
//! for SSH ones. Said by `cotejo verify`, not written into outputs: what a
//! signature check says depends on the keys of the machine that runs it,
//! and an output must be the same bytes wherever it is made again.

use std::io::Write;
use std::process::{Command, Stdio};

use git2::{Oid, Repository};

/// What can be said of a commit's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// The commit carries no signature.
    Unsigned,
    /// The signature holds for the commit, made with `key`.
    Good { kind: &'static str, key: String },
    /// The signature does not hold: the commit was changed, or signed by
    /// another key than it says.
    Bad { kind: &'static str, why: String },
    /// Signed, but this machine cannot check it (no tool, no public key).
    Unchecked { kind: &'static str, why: String },
}

impl Signature {
    /// In a reader's terms.
    pub fn describe(&self) -> String {
        match self {
            Signature::Unsigned => "not signed".to_owned(),
            Signature::Good { kind, key } => format!("signed ({kind}), signature good, key {key}"),
            Signature::Bad { kind, why } => format!("signed ({kind}), signature BAD: {why}"),
            Signature::Unchecked { kind, why } => {
                format!("signed ({kind}), signature not checked: {why}")
            }
        }
    }
}

/// The signature of `commit` in `repo`.
pub fn of_commit(repo: &Repository, commit: &str) -> Signature {
    let Ok(oid) = Oid::from_str(commit) else {
        return Signature::Unsigned;
    };
    let Ok((signature, data)) = repo.extract_signature(&oid, None) else {
        return Signature::Unsigned;
    };
    let (signature, data) = (signature.to_vec(), data.to_vec());
    if signature.starts_with(b"-----BEGIN SSH SIGNATURE-----") {
        ssh(&signature, &data)
    } else {
        openpgp(&signature, &data)
    }
}

/// Runs `program` with `args`, `stdin` on its input; its output and status.
fn run(program: &str, args: &[&str], stdin: &[u8]) -> std::io::Result<(bool, String)> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut input) = child.stdin.take() {
        // A tool that exits early closes its input: what it says is enough.
        let _ = input.write_all(stdin);
    }
    let out = child.wait_with_output()?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok((out.status.success(), text))
}

/// The signature written to a temporary file, for tools that read it there.
fn signature_file(signature: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut file = tempfile::NamedTempFile::new()?;
    file.write_all(signature)?;
    Ok(file)
}

/// An SSH signature, checked by `ssh-keygen -Y check-novalidate`: that the
/// commit is what the key signed. Whose key it is depends on the project's
/// list of allowed signers, which cotejo does not have; the key is said so
/// that a reader can compare it.
fn ssh(signature: &[u8], data: &[u8]) -> Signature {
    let kind = "SSH";
    let checked = signature_file(signature).and_then(|file| {
        let path = file.path().to_string_lossy().into_owned();
        run(
            "ssh-keygen",
            &["-Y", "check-novalidate", "-n", "git", "-s", &path],
            data,
        )
    });
    match checked {
        Err(e) => Signature::Unchecked {
            kind,
            why: format!("ssh-keygen could not run ({e})"),
        },
        Ok((true, said)) => Signature::Good {
            kind,
            key: said
                .split_whitespace()
                .find(|w| w.starts_with("SHA256:"))
                .unwrap_or("(unnamed)")
                .to_owned(),
        },
        Ok((false, said)) => Signature::Bad {
            kind,
            why: said.trim().to_owned(),
        },
    }
}

/// An OpenPGP signature, checked by `gpg --verify` with the machine's keys.
fn openpgp(signature: &[u8], data: &[u8]) -> Signature {
    let kind = "OpenPGP";
    let checked = signature_file(signature).and_then(|file| {
        let path = file.path().to_string_lossy().into_owned();
        run(
            "gpg",
            &["--batch", "--status-fd", "1", "--verify", &path, "-"],
            data,
        )
    });
    let said = match checked {
        Err(e) => {
            return Signature::Unchecked {
                kind,
                why: format!("gpg could not run ({e})"),
            };
        }
        Ok((_, said)) => said,
    };
    let status = |tag: &str| {
        said.lines()
            .find_map(|l| l.strip_prefix(&format!("[GNUPG:] {tag} ")))
            .map(str::to_owned)
    };
    if let Some(fields) = status("VALIDSIG") {
        let fingerprint = fields.split_whitespace().next().unwrap_or_default();
        return Signature::Good {
            kind,
            key: fingerprint.to_owned(),
        };
    }
    if let Some(who) = status("BADSIG") {
        return Signature::Bad {
            kind,
            why: format!("made by {who}, but the commit is not what was signed"),
        };
    }
    if let Some(key) = status("NO_PUBKEY") {
        return Signature::Unchecked {
            kind,
            why: format!(
                "the public key {key} is not in this machine's keyring (gpg --recv-keys {key})"
            ),
        };
    }
    Signature::Unchecked {
        kind,
        why: said
            .lines()
            .find(|l| !l.starts_with("[GNUPG:]") && !l.trim().is_empty())
            .unwrap_or("gpg said nothing")
            .trim()
            .to_owned(),
    }
}
