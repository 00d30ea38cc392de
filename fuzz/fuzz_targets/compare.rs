//! Two texts (split at 0xFF) compared as two drafts: the comparison's contract
//! holds, and parsing the second as an edit of the first gives what a whole
//! parse gives.
#![no_main]

use cotejo::document::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (old, new) = cotejo_fuzz::split_pair(data);
    let od = Document::parse(old);
    let nd = Document::parse(new.clone());
    let edited = od.edited(new);
    assert_eq!(
        edited.sections(),
        nd.sections(),
        "Document::edited differs from parse"
    );
    let cmp = cotejo_fuzz::compare_docs(&od, &nd);
    cotejo_fuzz::check_comparison(&od, &nd, &cmp);
});
