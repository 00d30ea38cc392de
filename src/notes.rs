//! The editors' notes (`notas/<draft>.yaml`) and the public consultation's
//! comments (`consulta/comentarios.yaml`): their schema, and the checks that
//! tie them to real sections of real drafts.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::Result;

/// Notes on the transition into one draft.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotesFile {
    /// The draft these notes lead into.
    pub draft: Spanned<String>,
    /// The draft before it.
    pub previous: Spanned<String>,
    pub notes: Vec<Note>,
}

/// Why one section changed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Id of the section in `draft`; with `removed`, its id in `previous`.
    pub section: Spanned<String>,
    #[serde(default)]
    pub removed: bool,
    /// What changed.
    pub change: String,
    /// Why it changed.
    pub why: String,
    pub source: NoteSource,
}

/// Where a change came from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteSource {
    pub kind: SourceKind,
    /// The table, forum or body, as people call it.
    pub name: String,
    #[serde(default)]
    pub date: Option<String>,
    /// Consultation folios this change answers (only with `consulta-publica`).
    #[serde(default)]
    pub folios: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    GrupoTecnico,
    MesaExpertos,
    MesaSemanaNacional,
    ForoRegional,
    ConsultaPublica,
    RevisionEditorial,
}

/// The public consultation and the comments it received.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultationFile {
    pub consultation: Consultation,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    pub title: String,
    /// The draft put to consultation.
    pub draft: Spanned<String>,
    /// The draft that answers it.
    pub result: Spanned<String>,
    pub opened: String,
    pub closed: String,
    /// The legal basis of the consultation and of its answers, as the review
    /// dossier's *Respuesta a los comentarios recibidos* states it (optional:
    /// without it the dossier says only that the answers are published).
    #[serde(default)]
    pub legal_basis: Option<String>,
    /// The session that approved the answers ("Sesión del Grupo Técnico,
    /// 20 de julio de 2023"), as the dossier's response states it (optional).
    #[serde(default)]
    pub answers_approved: Option<String>,
}

/// One public comment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub folio: Spanned<String>,
    pub date: Spanned<String>,
    pub participant: Participant,
    /// The organisation's name, for a participant that is not a person
    /// (optional). A person is never named: with `participant: persona` it is
    /// never shown.
    #[serde(default)]
    pub organization: Option<String>,
    /// Id of the commented section in the consulted draft.
    pub section: Spanned<String>,
    pub text: String,
    pub outcome: Outcome,
    pub response: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Participant {
    Persona,
    OrganizacionSociedadCivil,
    Academia,
    SujetoObligado,
    Empresa,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Procedente,
    ParcialmenteProcedente,
    NoProcedente,
}

impl Outcome {
    /// Whether the comment was (at least partly) taken up, so a change must answer it.
    pub fn accepted(self) -> bool {
        !matches!(self, Outcome::NoProcedente)
    }

    /// The outcome as the consultation file writes it (`parcialmente-procedente`).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Procedente => "procedente",
            Outcome::ParcialmenteProcedente => "parcialmente-procedente",
            Outcome::NoProcedente => "no-procedente",
        }
    }
}

/// Reads a YAML file of type `T`, with errors that name the file, line and column.
pub fn read_yaml<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    crate::yaml::read(path)
}

/// A problem found by a check, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}
