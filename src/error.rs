//! Errors of the library. Each says what went wrong, where (file, draft,
//! revision, line) and what the user can do about it.

use std::path::PathBuf;

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "cannot verify {path}: {why}.\n\
         `cotejo verify` checks the files `cotejo report`, `changelog`, `diff --format json` and \
         `site` write, from the folder they were made in."
    )]
    Unverifiable { path: PathBuf, why: String },

    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{why}.\n{output}\n\
         Run cotejo again; if it happens again, point TMPDIR at another folder (a history of \
         every commit keeps its steps in an unlinked temporary file there)."
    )]
    HistoryReadBack {
        why: String,
        /// What became of the output, in the reader's words.
        output: &'static str,
    },

    #[error("cannot adopt this repository: {why}")]
    Init { why: String },

    #[error("cannot import the drafts: {why}")]
    Import { why: String },

    #[error("cannot run in {path} (-C): {source}. Name a folder that exists, as for `git -C`.")]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "{path} is {kind}, not a regular file: cotejo reads only regular files (a pipe or a \
         device could keep it waiting forever), so it did not open it.\n\
         Name the Markdown or YAML file itself."
    )]
    NotAFile { path: PathBuf, kind: &'static str },

    #[error(
        "{what} is a symbolic link to `{target}`, which is outside the repository: cotejo reads \
         only the repository's own files.\n\
         Put the file itself in the repository (or link to a file inside it), then run cotejo again."
    )]
    LinkLeavesRepository { what: String, target: String },

    #[error(
        "{what} is a chain of symbolic links that does not end (more than {hops} links, or a loop).\n\
         Make the manifest's file a regular file, or a link to one."
    )]
    LinkLoop { what: String, hops: usize },

    #[error(
        "{what} is a Git LFS pointer, not the document's text: the file itself was never \
         downloaded.\n\
         Fetch it with `git lfs pull` (if Git LFS is not set up yet: `git lfs install && git lfs \
         checkout`), then run cotejo again."
    )]
    LfsPointer { what: String },

    #[error(
        "{what} is a Git LFS pointer, not the document's text: git keeps the file in LFS storage, \
         and cotejo reads drafts from git's own objects.\n\
         Keep the document's Markdown in git itself: `git lfs untrack '*.md'`, then \
         `git add --renormalize .` and commit (commits made before keep only pointers; `git lfs \
         migrate export --include='*.md'` rewrites them)."
    )]
    LfsPointerInGit { what: String },

    #[error(
        "{what} is UTF-16 ({encoding}), not UTF-8: cotejo reads UTF-8 Markdown and YAML.\n\
         Convert it: `iconv -f {encoding} -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE`."
    )]
    Utf16 {
        what: String,
        encoding: &'static str,
    },

    #[error(
        "{manifest}:{line}: the consultation file {path} does not exist.\n\
         Add the file (see the README, section \"The public consultation\"), correct the path, or \
         remove `consultation:` from the manifest."
    )]
    ConsultationMissing {
        path: PathBuf,
        manifest: PathBuf,
        line: u64,
    },

    #[error(
        "`{spec}` is not a file in {cwd} (no such file), and {cwd} is not inside a git \
         repository, so it cannot be a revision either.\n\
         Check the path; to compare drafts, run cotejo inside the repository that holds the \
         document; to compare two plain files: `cotejo diff OLD.md NEW.md`."
    )]
    NoSuchFile { spec: String, cwd: PathBuf },

    #[error(
        "`{spec}` names a git {kind}, not a commit: a version is the document at a commit.\n\
         Name a commit, a tag or a branch (`git log --oneline` lists commits), or one file at a \
         commit as `REV:path/to/file.md`."
    )]
    NotACommit { spec: String, kind: &'static str },

    #[error(
        "draft `{draft}` ({manifest}, line {line}) names `{reference}`, which is a git {kind}, not \
         a commit.\n\
         Give the draft's commit id as `ref` (`git log --oneline` lists them)."
    )]
    DraftNotACommit {
        draft: String,
        reference: String,
        kind: &'static str,
        manifest: PathBuf,
        line: u64,
    },

    #[error(
        "{path} is not inside a git repository, so `{spec}` cannot be read from git.\n\
         Run cotejo inside the repository that holds the document, or compare two plain files: \
         `cotejo diff OLD.md NEW.md`."
    )]
    NotARepository { path: PathBuf, spec: String },

    #[error(
        "`{spec}` is not a draft of the manifest, a git revision, `WORKTREE` or an existing file.\n\
         {drafts}List the drafts with `cotejo drafts`, the tags with `git tag --list`, the \
         branches with `git branch --all`."
    )]
    UnknownVersion { spec: String, drafts: String },

    #[error(
        "draft `{draft}` ({manifest}, line {line}) names commit `{reference}`, which is not in \
         this repository. The clone may be shallow or missing that history: fetch it with \
         `git fetch --unshallow` (or `git fetch origin {reference}`), then run cotejo again."
    )]
    MissingCommit {
        draft: String,
        reference: String,
        manifest: PathBuf,
        line: u64,
    },

    #[error(
        "`{path}` does not exist at {revision} (commit {commit}).\n\
         Check the path or the manifest's `files`; `git ls-tree -r --name-only {commit}` lists \
         the files of that commit."
    )]
    MissingFile {
        revision: String,
        commit: String,
        path: String,
    },

    #[error(
        "{what} is not valid UTF-8: invalid byte at offset {offset} (line {line}).\n\
         cotejo reads UTF-8 Markdown; convert the file, e.g. `iconv -f LATIN1 -t UTF-8`."
    )]
    NotUtf8 {
        what: String,
        offset: usize,
        line: usize,
    },

    #[error(
        "{path}:{line}:{column}: the manifest does not parse: {message}\n\
         See the README, section \"The manifest\", for its keys."
    )]
    ManifestSyntax {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },

    #[error("{path}:{line}:{column}: {message}")]
    YamlSyntax {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },

    #[error(
        "{count} problem(s) in the notes and comments:\n{list}\n\
         Fix each line named above (the ids of a draft are listed by \
         `cotejo diff DRAFT DRAFT --format json`, field `id`)."
    )]
    Check { count: usize, list: String },

    #[error("{path}:{line}: {message}")]
    ManifestInvalid {
        path: PathBuf,
        line: u64,
        message: String,
    },

    #[error(
        "`{spec}` needs the manifest (policy/pnda.yaml), which was not found from {cwd}.\n\
         Pass `--manifest PATH`, or name a file: `{spec}:path/to/file.md` or a file path."
    )]
    NeedsManifest { spec: String, cwd: PathBuf },

    #[error(
        "`cotejo {command}` needs the manifest (policy/pnda.yaml), which was not found in {cwd} \
         or any folder above it.\n\
         Run it inside the project (the folder that holds policy/pnda.yaml, or below it), or pass \
         `--manifest PATH`."
    )]
    CommandNeedsManifest { command: String, cwd: PathBuf },

    #[error("{name}:{line}: {message}")]
    Template {
        name: String,
        line: usize,
        message: String,
    },

    #[error("git could not read `{spec}`: {message}")]
    Git { spec: String, message: String },

    #[error(
        "no headless Chromium was found to print {html} to PDF: {looked}.\n\
         Install one (`apt-get install chromium` on Debian or Ubuntu) or pass `--chromium PATH`. \
         The HTML is at {html}: it can also be opened in a browser and printed from there."
    )]
    NoChromium { looked: String, html: PathBuf },

    #[error(
        "Chromium ({chromium}) could not print {html} to PDF: {message}\n\
         The HTML is at {html}; choose another browser with `--chromium PATH`, or open the HTML \
         in a browser and print it from there."
    )]
    Chromium {
        chromium: PathBuf,
        html: PathBuf,
        message: String,
    },

    #[error(
        "the changelog needs a manifest that declares at least two drafts; {manifest} declares \
         {count}. Add the drafts (see the README, section \"The manifest\"), or compare two \
         versions with `cotejo report OLD NEW -o FILE.html`."
    )]
    NoHistory { manifest: PathBuf, count: usize },

    #[error(
        "`{version}` is not a draft of {manifest}; the dossier reviews one of its drafts \
         ({drafts}).\n\
         Name one of them, or leave VERSION out for the last (`cotejo drafts` lists them)."
    )]
    NotADraft {
        version: String,
        manifest: PathBuf,
        drafts: String,
    },

    #[error(
        "draft `{draft}` ({manifest}, line {line}) is commit {commit}, which HEAD does not \
         reach: --all-commits follows HEAD's history (its merges included).\n\
         Check out a branch that contains it (`git branch --contains {commit}`), or leave out \
         --all-commits to follow the drafts alone."
    )]
    DraftOffLine {
        draft: String,
        commit: String,
        manifest: PathBuf,
        line: u64,
    },

    #[error(
        "no commit of HEAD's history contains the manifest's files ({files}).\n\
         Commit the document first, or check `files` in {manifest}."
    )]
    NoDocumentCommits { files: String, manifest: PathBuf },

    #[error(
        "no section `{query}` in any version of the history.{suggestions}\n\
         Name a section by its id, its heading or its number: \
         `cotejo diff OLD NEW --format json` lists them (fields `id`, `heading`, `number`)."
    )]
    SectionNotFound { query: String, suggestions: String },

    #[error(
        "`{query}` names more than one section:\n{candidates}\n\
         Name one by its id (the first column)."
    )]
    SectionAmbiguous { query: String, candidates: String },

    #[error(
        "{path} is not a folder `{command}` wrote (it has no {marker} file) and is not empty, \
         so it is left untouched. Name another folder with `-o DIR`, or move this one away."
    )]
    ForeignFolder {
        path: PathBuf,
        marker: &'static str,
        command: &'static str,
    },

    #[error(
        "{path} is a symbolic link to {target}: `{command}` replaces its folder whole, so it \
         would replace the link, not the folder it points to, and leaves it untouched.\n\
         Name the folder itself: `-o {target}`."
    )]
    SymlinkedFolder {
        path: PathBuf,
        target: PathBuf,
        command: &'static str,
    },

    #[error(
        "cannot replace {path}: {why}.\n\
         Name a folder of its own for the output, such as a new subfolder: `-o DIR`."
    )]
    UnreplaceableFolder { path: PathBuf, why: &'static str },

    #[error(
        "`{command}` writes a folder of files, which cannot go to standard output (`-o -`).\n\
         Name a folder with `-o DIR`."
    )]
    FolderToStdout { command: &'static str },

    #[error(
        "cannot write to {path}: it is {what}. cotejo writes to a file (replaced whole), a pipe or \
         a character device such as /dev/null.\nName a file with `-o FILE`."
    )]
    NotAnOutputFile { path: PathBuf, what: &'static str },

    #[error(
        "`-o {output}` would overwrite {input}, a file this command reads.\n\
         Name another file with `-o FILE`."
    )]
    OutputIsInput { output: PathBuf, input: PathBuf },

    #[error(
        "--pdf prints the HTML file to a PDF beside it, but `-o {output}` is not a file of its \
         own (standard output, a device or a pipe).\nName a file with `-o FILE.html`, or leave \
         out --pdf."
    )]
    PdfNeedsFile { output: PathBuf },

    #[error(
        "{option} does not apply to a Word document (`-o {output}`): the .docx is made from the \
         comparison itself, not from HTML.\nLeave out {option}, or write HTML with `-o FILE.html`."
    )]
    NotForDocx {
        option: &'static str,
        output: PathBuf,
    },

    #[error(
        "a {what} is binary and `-o -` would write it to the terminal.\nRedirect standard \
         output to a file (`-o - > x.{extension}`), or name the file with `-o x.{extension}`."
    )]
    BinaryToTerminal {
        what: &'static str,
        extension: &'static str,
    },

    #[error(
        "no headless Chromium was found to print `-o {output}`: {looked}.\n\
         Install one (`apt-get install chromium` on Debian or Ubuntu) or pass `--chromium PATH`; \
         or write the HTML with `-o {html}` and print it from a browser."
    )]
    NoChromiumForPdf {
        looked: String,
        output: PathBuf,
        html: PathBuf,
    },

    #[error(
        "`cotejo site --pdf` prints each draft and comparison with a headless Chromium, and none \
         was found: {looked}.\n\
         Install one (`apt-get install chromium` on Debian or Ubuntu) or pass `--chromium PATH`; \
         or build the site without --pdf (its pages then offer no PDF)."
    )]
    SiteNoChromium { looked: String },

    #[error(
        "`-o {output}` names a PDF, but {command} writes a folder of HTML pages.\n\
         Name a folder with `-o DIR`; for paper, print the changelog with \
         `cotejo changelog -o historial.pdf`."
    )]
    FolderNamedPdf {
        output: PathBuf,
        command: &'static str,
    },

    #[error(
        "`-o {output}` names an HTML file, but `cotejo pdf` writes a PDF.\n\
         Name the PDF `-o {pdf}`."
    )]
    PdfNamedHtml { output: PathBuf, pdf: PathBuf },

    /// A command asked a renderer for what it does not make: a bug of
    /// cotejo's, never of the input.
    #[error("internal error: the {renderer} renderer {message}; please report this")]
    Renderer {
        renderer: &'static str,
        message: String,
    },
}

impl Error {
    pub(crate) fn git(spec: &str, e: git2::Error) -> Error {
        Error::Git {
            spec: spec.to_owned(),
            message: e.message().to_owned(),
        }
    }
}
