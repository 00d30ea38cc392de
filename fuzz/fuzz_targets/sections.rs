//! Markdown → sections: any text is a document whose sections partition it.
#![no_main]

use cotejo::document::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = Document::parse(text.as_ref());
    assert_eq!(doc.text(), text);
    cotejo_fuzz::check_sections(&doc);
});
