//! The `.docx` package: the parts around the document (styles, numbering,
//! settings, the running head, properties, relationships) and the zip that
//! holds them.
//!
//! The zip is the `zip` crate's, with every entry dated 1980-01-01 00:00
//! (the zip format's first instant) and written in a fixed order, so the
//! same comparison gives the same bytes on any day.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::ooxml::{R, W, attr, text};
use crate::error::{Error, Result};

/// What the package holds besides the document and the comments.
pub(crate) struct Parts<'a> {
    pub(crate) document: &'a str,
    pub(crate) comments: &'a str,
    /// The running head's line.
    pub(crate) header: &'a str,
    pub(crate) title: &'a str,
    pub(crate) subject: &'a str,
    /// The document's language (`es`), for spelling.
    pub(crate) language: &'a str,
    /// The ordered lists' numberings, each with its start (ids from 2).
    pub(crate) ordered: &'a [(u32, u64)],
}

/// The package as bytes.
pub(crate) fn zip(parts: &Parts<'_>) -> Result<Vec<u8>> {
    let files: [(&str, String); 10] = [
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", ROOT_RELS.into()),
        ("docProps/core.xml", core(parts)),
        ("word/document.xml", parts.document.into()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.into()),
        ("word/styles.xml", styles(parts.language)),
        ("word/numbering.xml", numbering(parts.ordered)),
        ("word/settings.xml", settings()),
        ("word/comments.xml", parts.comments.into()),
        ("word/header1.xml", header(parts.header)),
    ];
    let fail = |e: &dyn std::fmt::Display| Error::Renderer {
        renderer: "docx",
        message: format!("could not pack the document: {e}"),
    };
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in files {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(content.as_bytes()).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>\
<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
</Types>\n";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
</Relationships>\n";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rIdNumbering\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rIdComments\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/>\
<Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
</Relationships>\n";

fn core(parts: &Parts<'_>) -> String {
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><dc:language>{}</dc:language>\
         </cp:coreProperties>\n",
        text(parts.title),
        text(parts.subject),
        text(&crate::render::view::tool()),
        text(parts.language),
    )
}

/// Turns on change tracking, so a reviewer's own edits are tracked too.
fn settings() -> String {
    format!(
        "{XML_DECL}<w:settings xmlns:w=\"{W}\"><w:trackRevisions/><w:defaultTabStop w:val=\"1440\"/></w:settings>\n"
    )
}

fn header(line: &str) -> String {
    format!(
        "{XML_DECL}<w:hdr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:hdr>\n",
        text(line)
    )
}

/// A paragraph style: id, Word's name, its paragraph and run properties.
fn style(id: &str, name: &str, ppr: &str, rpr: &str) -> String {
    format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>\
         <w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )
}

fn styles(language: &str) -> String {
    let mut s = format!(
        "{XML_DECL}<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Liberation Serif\" w:hAnsi=\"Liberation Serif\" w:cs=\"Liberation Serif\"/>\
         <w:sz w:val=\"22\"/><w:lang w:val=\"{}\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>",
        attr(language)
    );
    let sizes = [32, 28, 26, 24, 22, 22];
    for (k, size) in sizes.iter().enumerate() {
        let level = k + 1;
        s.push_str(&style(
            &format!("Heading{level}"),
            &format!("heading {level}"),
            &format!(
                "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"{k}\"/>"
            ),
            &format!(
                "<w:rFonts w:ascii=\"Liberation Sans\" w:hAnsi=\"Liberation Sans\" w:cs=\"Liberation Sans\"/><w:b/><w:sz w:val=\"{size}\"/>"
            ),
        ));
    }
    s.push_str(&style("BodyText", "Body Text", "", ""));
    s.push_str(&style(
        "Quote",
        "Quote",
        "<w:ind w:left=\"720\" w:right=\"720\"/>",
        "<w:i/>",
    ));
    s.push_str(&style(
        "Code",
        "Code",
        "<w:spacing w:after=\"0\"/>",
        "<w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation Mono\"/><w:sz w:val=\"20\"/>",
    ));
    s.push_str(&style(
        "FootnoteText",
        "footnote text",
        "",
        "<w:sz w:val=\"20\"/>",
    ));
    s.push_str(&style(
        "TableHeader",
        "Table Heading",
        "<w:keepNext/><w:tabs><w:tab w:val=\"left\" w:pos=\"2880\"/><w:tab w:val=\"left\" w:pos=\"5760\"/></w:tabs>",
        "<w:b/><w:sz w:val=\"20\"/>",
    ));
    s.push_str(&style(
        "TableRow",
        "Table Contents",
        // Word reads the properties in the schema's order: tabs before spacing.
        "<w:tabs><w:tab w:val=\"left\" w:pos=\"2880\"/><w:tab w:val=\"left\" w:pos=\"5760\"/></w:tabs><w:spacing w:after=\"60\"/>",
        "<w:sz w:val=\"20\"/>",
    ));
    s.push_str(&style(
        "ListParagraph",
        "List Paragraph",
        "<w:spacing w:after=\"60\"/>",
        "",
    ));
    s.push_str(&style(
        "CommentText",
        "annotation text",
        "",
        "<w:sz w:val=\"20\"/>",
    ));
    s.push_str(&style("Header", "header", "", "<w:sz w:val=\"18\"/>"));
    s.push_str(
        "<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"CodeChar\"><w:name w:val=\"Source Text\"/><w:rPr><w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation Mono\"/></w:rPr></w:style>\
         </w:styles>\n",
    );
    s
}

/// Bullets (numbering 1) and one decimal numbering per ordered list, each
/// from its own start.
fn numbering(ordered: &[(u32, u64)]) -> String {
    let levels = |format: &str, text: &dyn Fn(usize) -> String| -> String {
        (0..9)
            .map(|k| {
                let indent = 720 * (k + 1);
                format!(
                    "<w:lvl w:ilvl=\"{k}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{}\"/>\
                     <w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{indent}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                    text(k)
                )
            })
            .collect()
    };
    let bullets = ["•", "◦", "▪"];
    let mut s = format!(
        "{XML_DECL}<w:numbering xmlns:w=\"{W}\">\
         <w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"hybridMultilevel\"/>{}</w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>{}</w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>",
        levels("bullet", &|k| bullets[k % 3].to_owned()),
        levels("decimal", &|k| format!("%{}.", k + 1)),
    );
    for (num, start) in ordered {
        s.push_str(&format!(
            "<w:num w:numId=\"{num}\"><w:abstractNumId w:val=\"1\"/>"
        ));
        for k in 0..9 {
            s.push_str(&format!(
                "<w:lvlOverride w:ilvl=\"{k}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride>"
            ));
        }
        s.push_str("</w:num>");
    }
    s.push_str("</w:numbering>\n");
    s
}
