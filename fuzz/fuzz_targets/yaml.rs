//! Any bytes as an editors' notes file, a consultation file, or YAML of any
//! shape: a value or an error naming the file, never a panic.
#![no_main]

use std::path::Path;

use cotejo::notes::{ConsultationFile, NotesFile};
use libfuzzer_sys::fuzz_target;

fn read<T: for<'de> serde::Deserialize<'de>>(path: &str, data: &[u8]) {
    if let Err(e) = cotejo::yaml::from_bytes::<T>(Path::new(path), data.to_vec()) {
        let message = e.to_string();
        assert!(
            message.contains(path),
            "an error that names no file: {message}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    read::<NotesFile>("notas/borrador-2.yaml", data);
    read::<ConsultationFile>("consulta/comentarios.yaml", data);
    read::<serde_json::Value>("any.yaml", data);
});
