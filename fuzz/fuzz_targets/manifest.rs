//! Any bytes as `policy/pnda.yaml`: a manifest or an error naming the file,
//! never a panic. An accepted manifest keeps its paths inside its folder.
#![no_main]

use std::path::{Component, Path};

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("policy/pnda.yaml");
    match cotejo::manifest::from_bytes(path, data.to_vec()) {
        Ok(loaded) => {
            let m = &loaded.manifest;
            assert!(!m.files.is_empty() && !m.drafts.is_empty());
            for d in &m.drafts {
                for f in d.files(m) {
                    let p = Path::new(f);
                    assert!(
                        p.components()
                            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir)),
                        "accepted a path that leaves the folder: {f:?}"
                    );
                }
                assert!(loaded.draft(&d.id.value).is_some());
            }
            let _ = loaded.draft_list();
        }
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.contains("pnda.yaml"),
                "an error that names no file: {message}"
            );
        }
    }
});
