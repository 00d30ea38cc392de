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
        None,
    );
    assert_eq!(show(&d), "Vigente desde [-January-]{+March+} 2023.\n");
}

#[test]
fn absorbs_lone_spaces_between_changes() {
    let d = diff_text(
        "los datos abiertos son útiles\n",
        "las cifras cerradas son útiles\n",
        None,
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
    let d = diff_text(old, new, None);
    assert_eq!(show(&d), "uno\ndos [-tres-]{+3+}\ncuatro\n{+cinco\n+}");
    assert_eq!(rebuilt(&d, Op::Delete), old);
    assert_eq!(rebuilt(&d, Op::Insert), new);
}

#[test]
fn identical_and_empty() {
    assert!(diff_text("", "", None).is_empty());
    assert_eq!(show(&diff_text("a", "a", None)), "a");
    assert_eq!(show(&diff_text("", "a b", None)), "{+a b+}");
    assert_eq!(show(&diff_text("a b", "", None)), "[-a b-]");
}

#[test]
fn past_the_deadline_a_hunk_is_shown_whole() {
    let past = Instant::now() - std::time::Duration::from_millis(1);
    let d = diff_text("a b c\n", "a x c\n", Some(past));
    assert_eq!(rebuilt(&d, Op::Delete), "a b c\n");
    assert_eq!(rebuilt(&d, Op::Insert), "a x c\n");
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
