//! Prints where cotejo's pairing differs from a generated case's truth:
//! `cargo run --release --example pairing_errors -- DOC DONOR SEED`.

use cotejo::compare::{self, Side};
use cotejo::document::Document;
use cotejo::model::VersionInfo;
use cotejo::synth::{self, Mix, Outline, Rng};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (doc, donor, seed, limit) = match args.as_slice() {
        [doc, donor, seed] => (doc, donor, seed, usize::MAX),
        [doc, donor, seed, limit] => (doc, donor, seed, limit.parse().unwrap()),
        _ => {
            eprintln!("usage: pairing_errors DOC[.gz] DONOR SEED [MAX_SECTIONS]");
            std::process::exit(2);
        }
    };
    let read = |p: &str| {
        if p.ends_with(".gz") {
            let out = std::process::Command::new("gunzip")
                .arg("-c")
                .arg(p)
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        } else {
            std::fs::read_to_string(p).unwrap()
        }
    };
    let load = |p: &str| Outline::from_document(&Document::parse(read(p)), "Doc");
    let mut outline = load(doc);
    outline.nodes.truncate(limit);
    let mut rng = Rng::new(seed.parse().unwrap());
    let case = synth::mutate(&outline, &load(donor), Mix::default(), &mut rng);
    let (old, new) = (
        Document::parse(case.old.as_str()),
        Document::parse(case.new.as_str()),
    );
    let info = |l: &str, n| VersionInfo {
        label: l.into(),
        commit: None,
        sha256: "0".repeat(64),
        sections: n,
    };
    let cmp = compare::compare(
        Side {
            info: info("old", old.sections().len()),
            document: &old,
        },
        Side {
            info: info("new", new.sections().len()),
            document: &new,
        },
        &compare::Options::default(),
    );
    let mut engine = vec![None; old.sections().len()];
    for e in &cmp.sections {
        if let (Some(o), Some(n)) = (&e.old, &e.new) {
            engine[o.index] = Some(n.index);
        }
    }
    let show = |d: &Document, i: usize| {
        let s = &d.sections()[i];
        format!(
            "{} [{}] «{}»",
            s.heading,
            s.id,
            d.body(i)
                .chars()
                .take(60)
                .collect::<String>()
                .replace('\n', " ")
        )
    };
    for (o, truth) in case.old_to_new.iter().enumerate() {
        if engine[o] != *truth {
            println!("old {o}: {}", show(&old, o));
            println!(
                "   truth → {}",
                truth.map_or("(removed)".into(), |n| show(&new, n))
            );
            println!(
                "   cotejo → {}",
                engine[o].map_or("(removed)".into(), |n| show(&new, n))
            );
        }
    }
    for e in &cmp.sections {
        if let Some(n) = &e.new
            && e.has(cotejo::model::Flag::Moved) != case.moved.contains(&n.index)
        {
            println!(
                "moved flag differs: new {} {} (cotejo {})",
                n.index,
                n.heading,
                e.has(cotejo::model::Flag::Moved)
            );
        }
    }
}
