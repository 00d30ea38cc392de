use super::*;

#[test]
fn cuts_fall_before_lines_that_open_like_atx_headings() {
    let text = "intro\n# A\n#B\n####### C\n## D\n#\n#\tE\n  # F\n";
    assert_eq!(candidate_cuts(text), Some(vec![0, 6, 23, 28, 30]));
    assert_eq!(candidate_cuts("a\r# B\n"), None, "a lone carriage return");
    assert_eq!(candidate_cuts("a\r\n# B\r\n"), Some(vec![0, 3]));
}

#[test]
fn no_cut_inside_front_matter() {
    let text = "---\ntitle: x\n\n# a yaml comment\n---\n# A\n";
    assert_eq!(candidate_cuts(text), Some(vec![0, 35]));
}

#[test]
fn short_stretches_are_parsed_with_their_neighbours() {
    let long_body = "texto ".repeat(60);
    let mut text = String::new();
    for k in 0..400 {
        text.push_str(&format!("## Artículo {k}\n\nbreve\n\n"));
    }
    text.push_str(&format!(
        "# Largo\n\n{long_body}\n\n# Otro\n\n{long_body}\n"
    ));
    let cuts = |t: &str| cuts_between_short_stretches(t, SHORT_STRETCH).unwrap();
    let (all, kept) = (candidate_cuts(&text).unwrap(), cuts(&text));
    assert_eq!(all.len(), 402);
    // One short stretch in about eight starts a parse; the long ones each do.
    assert!((20..=110).contains(&kept.len()), "{} cuts", kept.len());
    assert!(
        kept.ends_with(&all[400..]),
        "around long stretches every cut holds"
    );
    // Cutting depends on the stretches beside a line alone: the same text
    // after an edit earlier on is cut in the same places.
    let edited = format!("# Nuevo\n\n{text}");
    let shift = "# Nuevo\n\n".len();
    let kept_after: Vec<usize> = cuts(&edited)
        .iter()
        .map(|c| c.saturating_sub(shift))
        .collect();
    assert!(kept_after.ends_with(&kept[1..]));
}

#[test]
fn which_lines_open_an_atx_heading() {
    for line in ["# A", "###### F", "#", "#\n", "## \tx", "#\r\n"] {
        assert!(opens_atx_heading(line.as_bytes()), "{line:?}");
    }
    for line in ["####### G", "#hashtag", "#5", "", "x"] {
        assert!(!opens_atx_heading(line.as_bytes()), "{line:?}");
    }
}

#[test]
fn a_fence_full_of_comments_is_parsed_on_until_a_cut_holds() {
    let text = "# A\n\n```sh\n# uno\n# dos\n# tres\n```\n\n# B\n\nfin\n";
    let cuts = cuts(text).unwrap();
    assert_eq!(cuts.len(), 5);
    let (scan, next) = scan_until_a_cut_holds(text, &cuts, 0);
    assert!(scan.holds);
    assert_eq!(cuts[next], text.find("# B").unwrap());
    assert_eq!(scan.headings.len(), 1);
    let (old, new) = split_pair(text, &text.replace("fin", "final"));
    assert_eq!(old, split_sections(text));
    assert_eq!(new.len(), 2);
}

#[test]
fn brackets_a_definition_could_fill_send_the_version_to_a_whole_parse() {
    let filled = "# [a] Título\n\ntexto\n\n# B\n\n[A]: /url\n";
    let cuts_of = |t: &str| cuts(t).unwrap();
    let stretches_of = |t: &'static str| {
        let mut s = Stretches::default();
        let ids = s.add(&Plan::of(t).unwrap());
        let scans: Vec<StretchScan> = s.list.iter().map(Stretch::scan).collect();
        assemble(t, &cuts_of(t), &ids, &scans)
    };
    assert!(stretches_of(filled).is_none(), "[a] may be [A]'s");
    assert!(stretches_of("# [b] Título\n\n# B\n\n[a]: /url\n").is_some());
    assert!(stretches_of("# Art. 1[^1]\n\n# B\n\n[^1]: nota\n").is_none());
    assert!(stretches_of("# Art. 1 `[x]`\n\n# B\n\n[y]: /u\n").is_none());
    assert!(stretches_of("# [\u{212A}elvin]\n\n# B\n\n[kelvin]: /u\n").is_none());
    assert!(stretches_of("# Sin corchetes\n\n# B\n\n[a]: /u\n").is_some());
    let (old, _) = split_pair(filled, filled);
    assert_eq!(old[0].heading, "a Título");
}

#[test]
fn bracket_keys_take_the_innermost_unescaped_brackets() {
    let keys = |s: &str| {
        let mut k = Vec::new();
        bracket_keys(s, &mut k);
        k
    };
    assert_eq!(
        keys("# [A b] y [[c]]"),
        [Some("ab".into()), Some("c".into())]
    );
    assert_eq!(keys("# \\[no] [s\\]i]"), [Some("si".into())]);
    assert_eq!(keys("# [^Nota-1]"), [Some("nota1".into())]);
    assert_eq!(keys("# [x] <b>"), [None]);
    assert_eq!(label_key("Año"), None);
}

/// Pieces of Markdown that leave something open, or look like headings where
/// they are not, or define what a heading's brackets refer to.
const PIECES: &[&str] = &[
    "# Uno\n",
    "## 2. Dos\n",
    "### Tres {#tres}\n",
    "#### [a] Cuatro\n",
    "# Art. 5[^1]\n",
    "Texto corrido.\n",
    "\n",
    "```\n",
    "~~~rust\n",
    "    # sangrado\n",
    "<!--\n",
    "-->\n",
    "<div>\n",
    "<pre>\n",
    "</pre>\n",
    "- # en lista\n",
    "- elemento\n",
    "  # dentro\n",
    "> # en cita\n",
    "> cita\n",
    "Setext\n",
    "======\n",
    "---\n",
    "| a | b |\n",
    "|---|---|\n",
    "[a]: /url\n",
    "[^1]: nota\n",
    "    nota sangrada\n",
    "#sin espacio\n",
    "####### siete\n",
    "# Cierre \\\n",
    "\r\n",
    "# Con CRLF\r\n",
];

fn document() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsing_together_gives_the_sections_of_each_alone(
        old in document(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), proptest::sample::select(PIECES)), 0..4),
        prefix in document(),
    ) {
        // The new version: pieces put in at places of the old one's lines.
        let mut lines: Vec<&str> = old.split_inclusive('\n').collect();
        for (at, piece) in &edits {
            lines.insert(at.index(lines.len() + 1), piece);
        }
        let new = format!("{prefix}{}", lines.concat());
        let (o, n) = split_pair(&old, &new);
        prop_assert_eq!(o, split_sections(&old));
        prop_assert_eq!(n, split_sections(&new));
    }
}
