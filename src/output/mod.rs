//! Writing output files and folders: whole or not at all, and never over
//! what is not cotejo's to replace (an input, a device, someone's folder).

mod file;
mod folder;
mod inputs;
mod swap;
mod temporaries;

use std::io::Write;
use std::path::Path;

pub use file::{Written, write_file, writes_through};
pub use folder::{Marker, Staged, check_ours, refuse_pdf_folder, replace_folder};
pub use inputs::refuse_input;

use crate::error::{Error, Result};
use crate::project::Project;
use crate::render::{Form, Out, Renderer, Subject};

/// Where a renderer's output goes.
pub enum Destination<'a> {
    /// A stream (standard output), written as the renderer goes.
    Stream(&'a mut dyn Write),
    /// One file ([`write_file`]): replaced whole, or written through to a
    /// device or a pipe.
    File(&'a Path),
    /// One folder, replaced whole ([`replace_folder`]): only a folder with
    /// this marker, or an empty one.
    Folder(&'a Path, &'a Marker),
}

/// Renders `subject` of `project` with `renderer` and writes it to
/// `destination`, whole or not at all: a stream renderer goes to a stream or
/// a file, a pages renderer to a folder.
pub fn emit(
    renderer: &dyn Renderer,
    project: &Project,
    subject: Subject<'_>,
    destination: Destination<'_>,
) -> Result<Written> {
    let mismatch = |to: &str| Error::Renderer {
        renderer: renderer.name(),
        message: format!("was asked to write {to}"),
    };
    match (renderer.form(), destination) {
        (Form::Stream, Destination::Stream(out)) => {
            renderer.render(project, subject, Out::Stream(out))?;
            Ok(Written::Through)
        }
        (Form::Stream, Destination::File(path)) => {
            let mut bytes = Vec::new();
            renderer.render(project, subject, Out::Buffer(&mut bytes))?;
            write_file(path, &bytes)
        }
        (Form::Pages, Destination::Folder(dir, marker)) => {
            // A folder that is not ours is refused before any work, not after.
            check_ours(dir, marker)?;
            // Each page goes into the new folder as it is made; the folder
            // takes `dir`'s place once the renderer is done.
            let mut staged = Staged::open(dir, marker)?;
            renderer.render(project, subject, Out::Pages(&mut staged))?;
            let (files, bytes) = staged.written();
            staged.finish()?;
            crate::verbosity::detail(|| {
                format!("wrote {}: {files} files, {bytes} bytes", dir.display())
            });
            Ok(Written::Whole)
        }
        (Form::Stream, Destination::Folder(..)) => Err(mismatch("a folder")),
        (Form::Pages, Destination::Stream(_)) => Err(mismatch("a stream")),
        (Form::Pages, Destination::File(_)) => Err(mismatch("one file")),
    }
}
