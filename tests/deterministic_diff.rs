//! The word diff's work is bounded by the input, not by a clock (issue 12):
//! a section rewritten whole, megabytes long, gives the same bytes on every
//! run, and the diff still says exactly the two texts.

mod support;

use support::cotejo_in;

/// `bytes` of one-line prose from a small vocabulary (every word repeats,
/// the worst case for the diff), seeded.
fn prose(bytes: usize, mut seed: u64) -> String {
    const WORDS: [&str; 12] = [
        "datos",
        "abiertos",
        "política",
        "pública",
        "gobierno",
        "portal",
        "calidad",
        "acceso",
        "sujetos",
        "obligados",
        "meta",
        "plazo",
    ];
    let mut out = String::with_capacity(bytes + 16);
    let mut words = 0;
    while out.len() < bytes {
        // xorshift: the same text on every machine.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.push_str(WORDS[(seed % WORDS.len() as u64) as usize]);
        words += 1;
        out.push_str(if words % 12 == 0 { ". " } else { " " });
    }
    out
}

/// The section's text on one side of the JSON diff: its equal tokens and
/// those of `op`.
fn side(json: &serde_json::Value, op: &str) -> String {
    let section = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["change"] == "modified")
        .expect("the section is modified");
    section["diff"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["op"] == "equal" || t["op"] == op)
        .map(|t| t["text"].as_str().unwrap())
        .collect()
}

#[test]
fn a_rewritten_section_of_megabytes_gives_the_same_bytes_every_run() {
    let dir = tempfile::tempdir().unwrap();
    let (old_body, new_body) = (prose(1_500_000, 1) + "\n", prose(1_500_000, 2) + "\n");
    let old = format!("# Sección\n\n{old_body}");
    let new = format!("# Sección\n\n{new_body}");
    std::fs::write(dir.path().join("old.md"), &old).unwrap();
    std::fs::write(dir.path().join("new.md"), &new).unwrap();
    let args = ["diff", "old.md", "new.md", "--format", "json"];
    let first = cotejo_in(dir.path(), &args).ok().to_owned();
    let second = cotejo_in(dir.path(), &args).ok().to_owned();
    assert!(first == second, "two runs gave two diffs");
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    // The body starts after the heading's line; compared without printing
    // megabytes on failure.
    assert!(
        side(&json, "delete").trim_start() == old_body,
        "not the old text"
    );
    assert!(
        side(&json, "insert").trim_start() == new_body,
        "not the new text"
    );
}
