use super::*;

fn show(tokens: &[DiffToken]) -> String {
    tokens
        .iter()
        .map(|t| match t.op {
            Op::Equal => t.text.clone(),
            Op::Delete => format!("[-{}-]", t.text),
            Op::Insert => format!("{{+{}+}}", t.text),
        })
        .collect()
}

fn rebuilt(tokens: &[DiffToken], side: Op) -> String {
    tokens
        .iter()
        .filter(|t| t.op == Op::Equal || t.op == side)
        .map(|t| t.text.as_str())
        .collect()
}

#[test]
fn replaces_whole_words() {
    let d = diff_text(
        "Vigente desde January 2023.\n",
        "Vigente desde March 2023.\n",
    );
    assert_eq!(show(&d), "Vigente desde [-January-]{+March+} 2023.\n");
}

#[test]
fn absorbs_lone_spaces_between_changes() {
    let d = diff_text(
        "los datos abiertos son útiles\n",
        "las cifras cerradas son útiles\n",
    );
    assert_eq!(
        show(&d),
        "[-los datos abiertos-]{+las cifras cerradas+} son útiles\n"
    );
}

#[test]
fn keeps_unchanged_lines_whole() {
    let old = "uno\ndos tres\ncuatro\n";
    let new = "uno\ndos 3\ncuatro\ncinco\n";
    let d = diff_text(old, new);
    assert_eq!(show(&d), "uno\ndos [-tres-]{+3+}\ncuatro\n{+cinco\n+}");
    assert_eq!(rebuilt(&d, Op::Delete), old);
    assert_eq!(rebuilt(&d, Op::Insert), new);
}

#[test]
fn identical_and_empty() {
    assert!(diff_text("", "").is_empty());
    assert_eq!(show(&diff_text("a", "a")), "a");
    assert_eq!(show(&diff_text("", "a b")), "{+a b+}");
    assert_eq!(show(&diff_text("a b", "")), "[-a b-]");
}

/// One line of `sentences` sentences of ten distinct words each, the
/// `changed`-th with its words replaced.
fn one_line(sentences: usize, changed: Option<usize>) -> String {
    (0..sentences)
        .map(|i| {
            let tag = if Some(i) == changed { "nuevo" } else { "dato" };
            (0..10)
                .map(|w| format!("{tag}{}", (i * 10 + w) * 7919 % 100_003))
                .collect::<Vec<_>>()
                .join(" ")
                + ". "
        })
        .collect()
}

#[test]
fn a_hunk_past_the_budget_is_diffed_by_sentences_then_words() {
    // 6,000 sentences of 20 tokens: past HUNK_TOKENS on both sides.
    let old = one_line(6_000, None);
    let new = one_line(6_000, Some(3_000));
    assert!(tokenize(&old).len() > HUNK_TOKENS);
    let d = diff_text(&old, &new);
    assert_eq!(rebuilt(&d, Op::Delete), old);
    assert_eq!(rebuilt(&d, Op::Insert), new);
    // The one changed sentence is changed, word by word, and nothing else:
    // the equal sentences around it stay equal.
    let changed: Vec<_> = d.iter().filter(|t| t.op != Op::Equal).collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed[0].text.starts_with("dato") && changed[1].text.starts_with("nuevo"));
    assert!(changed[0].text.len() < 200);
}

#[test]
fn a_hunk_past_the_budget_in_sentences_too_is_shown_whole() {
    // Sentences of one word: more sentences than HUNK_TOKENS.
    let side = |w: &str| format!("{w}. ").repeat(HUNK_TOKENS);
    let (old, new) = (side("a"), side("b"));
    let d = diff_text(&old, &new);
    assert_eq!(show(&d), format!("[-{old}-]{{+{new}+}}"));
}

#[test]
fn sentences_end_after_stops_and_line_breaks() {
    assert_eq!(
        sentences("Uno dos. Tres: cuatro\ncinco; seis 2.1 siete"),
        [
            "Uno dos. ",
            "Tres: ",
            "cuatro\n",
            "cinco; ",
            "seis 2.1 siete"
        ]
    );
    assert!(sentences("").is_empty());
}

#[test]
fn formatting_only() {
    assert!(is_formatting_only(
        "los datos\nabiertos",
        "los *datos* abiertos"
    ));
    assert!(is_formatting_only("a\r\nb\r\n", "a\nb\n"));
    assert!(!is_formatting_only("los datos", "los dato"));
    assert!(!is_formatting_only("igual", "igual"));
}

/// The line diff's shortcut (`one_line_changed`) gives what the line diff
/// gives: texts made of a few lines that repeat (blank ones, lines equal
/// to their neighbours, a last line without its break), word by word.
#[test]
fn one_changed_line_is_the_line_diffs_answer() {
    const LINES: [&str; 7] = ["\n", "\n", "a b.\n", "a c.\n", "b\n", "\r\n", "a b."];
    let mut rng = crate::synth::Rng::new(3);
    let text = |rng: &mut crate::synth::Rng| -> String {
        (0..rng.below(6))
            .map(|_| LINES[rng.below(LINES.len())])
            .collect()
    };
    let mut shortcut = 0;
    for _ in 0..20_000 {
        let old = text(&mut rng);
        // Often the same text with one line replaced.
        let new = if rng.below(2) == 0 {
            text(&mut rng)
        } else {
            let mut lines = split_lines(&old);
            if !lines.is_empty() {
                let k = rng.below(lines.len());
                lines[k] = LINES[rng.below(LINES.len())];
            }
            lines.concat()
        };
        if old == new {
            continue;
        }
        let (old_lines, new_lines) = (split_lines(&old), split_lines(&new));
        if one_line_changed(&old_lines, &new_lines).is_some() {
            shortcut += 1;
        }
        let expected = by_lines(&old, &new, &old_lines, &new_lines, RawScript::default());
        assert_eq!(diff_counted(&old, &new), expected, "{old:?} {new:?}");
    }
    assert!(shortcut > 2_000, "{shortcut}");
}
