#!/usr/bin/env python3
"""Writes a git repository with a long history of one policy document, for benchmarks.

    python3 bench/gen_history_repo.py OUT_DIR [--commits 1000] [--seed 1] [--size 200000]
                                              [--draft-spacing K]

OUT_DIR must not exist or be empty. The result:

- `policy/pnda/politica.md`: one Spanish-looking policy document of about SIZE bytes
  (`# Title`, a preamble, chapters `## 3. Título`, articles `### 3.2 Título`, a few
  sub-articles `#### 3.2.1 Título`; 300-500 sections for the default size), made of
  paragraphs, lists and the odd table. Its words come from a fixed vocabulary written
  for this script (policy words of the kind the sample in policy/pnda/ uses); no
  paragraph of the sample is copied.
- COMMITS commits that each edit that file a little: most change a few words in one or
  two sections; some add or delete a paragraph, add or delete a section, rename a
  heading, move an article to another chapter, swap two articles, or insert a whole
  chapter (every later number changes). Numbers are always recomputed, so inserting,
  deleting and moving renumber the later siblings, as editors do.
- One last commit that adds `policy/pnda.yaml`, a cotejo manifest whose four drafts
  (borrador-1 to borrador-4) are the commits at 1/4, 2/4, 3/4 and 4/4 of the history,
  by full commit id; with `--draft-spacing K`, the commits N - 3K, N - 2K, N - K and N
  instead (the drafts the same distance apart whatever N, so that a longer history does
  not also mean drafts further apart). So the repository has COMMITS + 1 commits, COMMITS of which touch
  the document; the working tree is checked out.
- `.git/cotejo-bench.json`: what was generated (parameters, the draft commits, the
  section the benchmark follows, counts of each kind of edit).

One section, "Conjuntos de datos prioritarios" (article 9 of chapter 3 at first), is
never renamed, moved or deleted, and it is edited every 25 commits besides its share
of the random edits, so `cotejo history "Conjuntos de datos prioritarios"` has a long
history to follow (its number changes when sections are inserted before it).

Deterministic: the same arguments give the same commit ids, with any git and any
Python 3 (fixed authors and dates, a seeded splitmix64 generator of its own, and the
history written with `git fast-import`, which takes a few seconds for 1,000 commits).
"""

import argparse
import json
import os
import re
import subprocess
import sys

GENERATOR_VERSION = 1
DOC_PATH = "policy/pnda/politica.md"
MANIFEST_PATH = "policy/pnda.yaml"
TRACKED_TITLE = "Conjuntos de datos prioritarios"
DOC_TITLE = "Política Nacional de Datos Abiertos (repositorio de prueba)"
START_EPOCH = 1641225600  # 2022-01-03 16:00:00 UTC, 10:00 in Mexico City
TZ = "-0600"
AUTHORS = [
    ("Grupo Técnico PNDA", "grupo-tecnico@pnda.example"),
    ("Secretaría Ejecutiva SNT", "secretaria-ejecutiva@pnda.example"),
    ("Coordinación de Datos Abiertos", "coordinacion-datos@pnda.example"),
]
MASK = (1 << 64) - 1


class Rng:
    """splitmix64: the same numbers on every Python, unlike `random` across versions."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def between(self, lo, hi):
        """An integer in [lo, hi]."""
        return lo + self.below(hi - lo + 1)

    def chance(self, p):
        return (self.next() >> 11) / float(1 << 53) < p

    def pick(self, seq):
        return seq[self.below(len(seq))]


# --- Vocabulary -----------------------------------------------------------------

NOUNS = [
    "la información", "los datos", "los conjuntos de datos", "las dependencias",
    "las entidades federativas", "los organismos garantes", "los sujetos obligados",
    "las unidades de transparencia", "el catálogo nacional", "la plataforma nacional",
    "el registro", "los metadatos", "los formatos abiertos", "las licencias de uso",
    "la ciudadanía", "la sociedad civil", "los órganos autónomos", "los gobiernos locales",
    "los municipios", "las personas responsables de datos", "los lineamientos",
    "los estándares mínimos", "los indicadores", "el plan de apertura",
    "el inventario institucional", "la publicación", "la calidad de los datos",
    "la interoperabilidad", "la protección de datos personales", "la rendición de cuentas",
    "la política", "el programa local", "la evaluación", "la consulta pública",
    "el Grupo Técnico", "la Secretaría Ejecutiva", "la infraestructura tecnológica",
    "los servicios digitales", "el presupuesto", "las capacidades institucionales",
    "los archivos", "los padrones de beneficiarios", "las contrataciones públicas",
    "las estadísticas", "las reglas de operación", "las solicitudes de información",
    "el diccionario de datos", "la periodicidad de actualización", "las personas usuarias",
    "el Consejo Nacional", "los poderes Legislativo y Judicial", "la academia",
    "el sector privado", "las alcaldías", "la alfabetización de datos",
    "los mecanismos de participación", "la línea base", "las metas anuales",
    "el informe de avance", "la documentación técnica", "los reportes de errores",
    "la versión histórica", "el calendario de publicación", "las mesas de trabajo",
]

VERBS = [
    "deberán publicar", "promoverán", "garantizarán", "establecerán", "actualizarán",
    "coordinarán", "podrán solicitar", "integrarán", "documentarán", "revisarán",
    "difundirán", "asegurarán", "emitirán", "someterán a consulta", "pondrán a disposición",
    "incorporarán", "verificarán", "informarán sobre", "priorizarán", "acompañarán",
    "darán seguimiento a", "conservarán", "atenderán", "evaluarán", "fortalecerán",
    "impulsarán", "definirán", "registrarán",
]

INFINITIVES = [
    "publicar", "actualizar", "documentar", "verificar", "priorizar", "difundir",
    "evaluar", "coordinar", "integrar", "proteger", "mejorar", "medir", "abrir",
    "reutilizar", "conservar",
]

ADJECTIVES = [
    "abiertos", "públicos", "oportunos", "completos", "accesibles", "verificables",
    "interoperables", "nacionales", "estratégicos", "prioritarios", "institucionales",
    "anuales", "vigentes", "integrales", "estructurados", "reutilizables", "comparables",
    "desagregados", "georreferenciados", "legibles por máquina",
]

CONNECTORS = [
    "de conformidad con", "en términos de", "a través de", "con base en",
    "en coordinación con", "sin perjuicio de", "para efectos de", "en el marco de",
    "respecto de", "mediante", "junto con", "a partir de", "con el apoyo de",
]

ADVERBIALS = [
    "en un plazo no mayor a noventa días naturales", "de manera periódica",
    "al menos una vez al año", "conforme a la normativa aplicable",
    "en formatos legibles por máquina", "de forma gratuita", "sin restricciones de uso",
    "con la debida anticipación", "en el ámbito de sus competencias",
    "según lo disponga el reglamento", "durante la primera etapa",
    "antes de la primera evaluación", "con perspectiva de género",
    "de manera progresiva", "en los términos que fije el Consejo Nacional",
]

OPENERS = [
    "Para {inf} {n},", "En el caso de {n},", "Con el fin de {inf} {n},",
    "Durante la implementación,", "Cuando así proceda,", "Asimismo,", "Por ello,",
    "En consecuencia,", "Sin excepción,", "De manera gradual,",
]

TITLE_HEADS = [
    "Publicación", "Calidad", "Actualización", "Evaluación", "Coordinación", "Registro",
    "Gobernanza", "Apertura", "Protección", "Uso", "Difusión", "Seguimiento", "Alcance",
    "Criterios", "Responsables", "Plazos", "Lineamientos", "Mecanismos", "Capacidades",
    "Inventario", "Catálogo", "Participación", "Interoperabilidad", "Documentación",
    "Licenciamiento", "Presupuesto", "Indicadores", "Metas", "Riesgos", "Excepciones",
    "Verificación", "Conservación", "Priorización", "Acompañamiento",
]

CHAPTERS = [
    "Introducción", "Diagnóstico", "Alternativas de solución", "Planeación y diseño",
    "Ejes transversales", "Implementación", "Seguimiento y evaluación", "Gobernanza",
    "Estándares de publicación", "Calidad de los datos", "Catálogos y registros",
    "Participación ciudadana", "Protección de datos personales", "Capacidades institucionales",
    "Infraestructura tecnológica", "Financiamiento", "Coordinación entre órdenes de gobierno",
    "Comunicación y difusión", "Gestión de riesgos", "Transparencia proactiva",
    "Disposiciones transitorias", "Glosario", "Anexos técnicos", "Mecanismos de revisión",
    "Cooperación internacional", "Innovación pública", "Archivos y memoria institucional",
    "Evaluación de impacto", "Rendición de cuentas",
]

TABLE_HEADER = "| Actividad | Responsable | Plazo |\n|---|---|---|"


def capitalize(s):
    return s[:1].upper() + s[1:]


def fix_contractions(s):
    return s.replace(" de el ", " del ").replace(" a el ", " al ")


def sentence(rng):
    """One sentence of about 8-35 words, capitalized, with its final period."""
    parts = []
    if rng.chance(0.25):
        parts.append(rng.pick(OPENERS).format(inf=rng.pick(INFINITIVES), n=rng.pick(NOUNS)))
    parts += [rng.pick(NOUNS), rng.pick(VERBS), rng.pick(NOUNS)]
    if rng.chance(0.5):
        parts.append(rng.pick(ADJECTIVES))
    for _ in range(rng.below(3)):
        if rng.chance(0.3):
            parts[-1] += ","
        parts += [rng.pick(CONNECTORS), rng.pick(NOUNS)]
    if rng.chance(0.35):
        parts[-1] += ","
        parts.append(rng.pick(ADVERBIALS))
    if rng.chance(0.1):
        parts.append("(artículo %d de la Ley General)" % rng.between(1, 120))
    return capitalize(fix_contractions(" " + " ".join(parts) + " ").strip()) + "."


def paragraph(rng, lo=15, hi=50):
    target = rng.between(lo, hi)
    out, words = [], 0
    while words < target:
        s = sentence(rng)
        words += s.count(" ") + 1
        out.append(s)
    return " ".join(out)


def list_block(rng):
    numbered = rng.chance(0.3)
    items = []
    for i in range(rng.between(3, 6)):
        marker = "%d." % (i + 1) if numbered else "-"
        items.append("%s %s;" % (marker, sentence(rng)[:-1]))
    return "\n".join(items)


def table_block(rng):
    rows = [TABLE_HEADER]
    for _ in range(rng.between(3, 6)):
        verb = rng.pick(INFINITIVES)
        owner = rng.pick(NOUNS).split(" ", 1)[1]
        rows.append("| %s %s | %s | %d meses |"
                    % (capitalize(verb), rng.pick(NOUNS), capitalize(owner), rng.between(1, 24)))
    return "\n".join(rows)


class Block:
    """A paragraph (text on one line, or wrapped at 100 columns), a list or a table."""

    __slots__ = ("kind", "text", "wrap")

    def __init__(self, kind, text, wrap=False):
        self.kind, self.text, self.wrap = kind, text, wrap

    def render(self):
        if self.kind != "p" or not self.wrap:
            return self.text
        return wrap(self.text, 100)


def wrap(text, width):
    """Greedy wrap that never starts a line with a word that Markdown could read as
    a list item, heading, quote or table (a digit or one of -+*#>|): such words stay on
    the line before."""
    lines, line = [], ""
    for word in text.split(" "):
        if not line:
            line = word
        elif len(line) + 1 + len(word) > width and word[0] not in "0123456789-+*#>|":
            lines.append(line)
            line = word
        else:
            line += " " + word
    lines.append(line)
    return "\n".join(lines)


def new_paragraph(rng):
    return Block("p", paragraph(rng), wrap=rng.chance(0.25))


def new_body(rng, paragraphs):
    blocks = []
    for k in range(paragraphs):
        blocks.append(new_paragraph(rng))
        if k == 0 and rng.chance(0.18):
            blocks.append(Block("list", list_block(rng)))
        if k == 0 and rng.chance(0.03):
            blocks.append(Block("table", table_block(rng)))
    return blocks


class Section:
    __slots__ = ("key", "title", "blocks", "children", "tracked")

    def __init__(self, key, title, blocks, tracked=False):
        self.key, self.title, self.blocks = key, title, blocks
        self.children = []
        self.tracked = tracked


class Doc:
    def __init__(self, rng):
        self.rng = rng
        self.next_key = 0
        self.titles = set()
        self.preamble = [Block("p", paragraph(rng, 50, 80))]
        self.chapters = []

    def key(self):
        self.next_key += 1
        return self.next_key

    def new_title(self):
        rng = self.rng
        for attempt in range(50):
            t = "%s de %s" % (rng.pick(TITLE_HEADS), rng.pick(NOUNS))
            if attempt > 0 or rng.chance(0.3):
                t += " " + rng.pick(ADJECTIVES)
            t = fix_contractions(t)
            if t.lower() not in self.titles:
                self.titles.add(t.lower())
                return t
        t = "%s %d" % (rng.pick(TITLE_HEADS), self.next_key)
        self.titles.add(t.lower())
        return t

    def new_chapter_title(self):
        for name in CHAPTERS:
            if name.lower() not in self.titles:
                self.titles.add(name.lower())
                return name
        return self.new_title()

    def new_article(self, paragraphs=None):
        rng = self.rng
        if paragraphs is None:
            paragraphs = 1 if rng.chance(0.7) else (2 if rng.chance(0.8) else 3)
        return Section(self.key(), self.new_title(), new_body(rng, paragraphs))

    def new_chapter(self, articles):
        rng = self.rng
        ch = Section(self.key(), self.new_chapter_title(), [new_paragraph(rng)])
        for _ in range(articles):
            art = self.new_article()
            if rng.chance(0.08):
                for _ in range(rng.between(2, 3)):
                    art.children.append(Section(self.key(), self.new_title(),
                                                new_body(rng, 1)))
            ch.children.append(art)
        return ch

    # --- Views ------------------------------------------------------------------

    def sections(self):
        """Every section with its depth (2, 3 or 4), its parent list and number."""
        out = []
        for c, ch in enumerate(self.chapters, 1):
            out.append((ch, 2, self.chapters, "%d." % c))
            for a, art in enumerate(ch.children, 1):
                out.append((art, 3, ch.children, "%d.%d" % (c, a)))
                for s, sub in enumerate(art.children, 1):
                    out.append((sub, 4, art.children, "%d.%d.%d" % (c, a, s)))
        return out

    def number_of(self, section):
        for sec, _, _, num in self.sections():
            if sec is section:
                return num
        raise KeyError(section.title)

    def render(self):
        parts = ["# " + DOC_TITLE, ""]
        parts += [b.render() + "\n" for b in self.preamble]
        for sec, depth, _, num in self.sections():
            parts.append("%s %s %s\n" % ("#" * depth, num, sec.title))
            parts += [b.render() + "\n" for b in sec.blocks]
        return "\n".join(parts)


def build(rng, size):
    doc = Doc(rng)
    while len(doc.render().encode()) < size * 0.98:
        doc.chapters.append(doc.new_chapter(rng.between(12, 22)))
        if len(doc.chapters) == 3:
            tracked = Section(doc.key(), TRACKED_TITLE, new_body(rng, 2), tracked=True)
            doc.titles.add(TRACKED_TITLE.lower())
            doc.chapters[2].children.insert(8, tracked)
    return doc


# --- Edits ----------------------------------------------------------------------

def _alternatives(words):
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


NOUN_RE = re.compile(r"\b(?:%s)\b" % _alternatives(NOUNS), re.IGNORECASE)
VERB_RE = re.compile(r"\b(?:%s)\b" % _alternatives(VERBS))
ADJ_RE = re.compile(r" (?:%s)\b" % _alternatives(ADJECTIVES))
CUT_RE = re.compile(r",? (?:%s) (?:%s)\b|, (?:%s)\b" % (
    _alternatives(CONNECTORS), _alternatives(NOUNS), _alternatives(ADVERBIALS)))


def edit_words(rng, block):
    """An editor's small change to one line of a block: a noun phrase or verb
    replaced, a qualifier or complement added, or one taken out."""
    lines = block.text.split("\n")
    if block.kind == "table":
        i = rng.between(2, len(lines) - 1)
        lines[i] = "| %s %s | %s | %d meses |" % (
            capitalize(rng.pick(INFINITIVES)), rng.pick(NOUNS),
            capitalize(rng.pick(NOUNS).split(" ", 1)[1]), rng.between(1, 24))
        block.text = "\n".join(lines)
        return
    i = rng.below(len(lines))
    line = lines[i]
    for _ in range(5):
        kind = rng.below(10)
        regex = [NOUN_RE] * 4 + [VERB_RE] * 2 + [NOUN_RE, NOUN_RE, CUT_RE, ADJ_RE]
        found = list(regex[kind].finditer(line))
        if not found:
            continue
        m = rng.pick(found)
        a, b = m.span()
        if kind < 4:  # another noun phrase
            new = rng.pick(NOUNS)
            new = capitalize(new) if m.group(0)[0].isupper() else new
        elif kind < 6:  # another verb
            new = rng.pick(VERBS)
        elif kind == 6:  # a complement after a noun phrase
            new = "%s %s %s" % (m.group(0), rng.pick(CONNECTORS), rng.pick(NOUNS))
        elif kind == 7:  # a qualifier after a noun phrase
            new = "%s %s" % (m.group(0), rng.pick(ADJECTIVES))
        elif kind == 8:  # a complement or an adverbial taken out
            new = ""
        else:  # another qualifier
            new = " " + rng.pick(ADJECTIVES)
        line = line[:a] + new + line[b:]
        break
    else:
        line = line[:-1] + " " + rng.pick(ADVERBIALS) + line[-1:]
    lines[i] = fix_contractions(" " + line + " ").strip()
    block.text = "\n".join(lines)


def pick_section(rng, doc, movable=False, depths=(3, 4)):
    candidates = [s for s in doc.sections()
                  if s[1] in depths and not (movable and s[0].tracked)]
    return rng.pick(candidates)


def op_edit(rng, doc, section=None):
    if section is None:
        section = pick_section(rng, doc, depths=(2, 3, 4))[0]
    edit_words(rng, rng.pick(section.blocks))
    return "Redacción de %s %s" % (doc.number_of(section), section.title)


def op_add_paragraph(rng, doc):
    sec = pick_section(rng, doc)[0]
    sec.blocks.insert(rng.between(0, len(sec.blocks)), new_paragraph(rng))
    return "Nuevo párrafo en %s %s" % (doc.number_of(sec), sec.title)


def op_delete_paragraph(rng, doc):
    for _ in range(20):
        sec = pick_section(rng, doc)[0]
        if len(sec.blocks) > 1:
            del sec.blocks[rng.below(len(sec.blocks))]
            return "Se elimina un párrafo de %s %s" % (doc.number_of(sec), sec.title)
    return op_edit(rng, doc)


def op_add_section(rng, doc):
    if rng.chance(0.2):
        parent = pick_section(rng, doc, depths=(3,))[0]
        sec = Section(doc.key(), doc.new_title(), new_body(rng, 1))
    else:
        parent = rng.pick(doc.chapters)
        sec = doc.new_article()
    parent.children.insert(rng.between(0, len(parent.children)), sec)
    return "Nueva sección %s %s" % (doc.number_of(sec), sec.title)


def op_delete_section(rng, doc):
    for _ in range(20):
        sec, depth, siblings, num = pick_section(rng, doc, movable=True)
        if any(c.tracked for c in sec.children) or (depth == 3 and len(siblings) <= 4):
            continue
        siblings.remove(sec)
        return "Se elimina la sección %s %s" % (num, sec.title)
    return op_edit(rng, doc)


def op_rename(rng, doc):
    if rng.chance(0.1):
        sec, num = rng.pick(doc.chapters), None
    else:
        sec, _, _, num = pick_section(rng, doc, movable=True)
    old = sec.title
    if sec.tracked:
        return op_edit(rng, doc)
    if rng.chance(0.5) and " de " in old:
        head, tail = old.split(" de ", 1)
        new = "%s de %s" % (rng.pick(TITLE_HEADS) if rng.chance(0.5) else head,
                            tail if rng.chance(0.3) else rng.pick(NOUNS))
    else:
        new = old + " " + rng.pick(ADJECTIVES)
    new = fix_contractions(" " + new + " ").strip()
    if new.lower() in doc.titles:
        return op_edit(rng, doc)
    doc.titles.discard(old.lower())
    doc.titles.add(new.lower())
    sec.title = new
    return "Cambia el título de %s: «%s» → «%s»" % (num or doc.number_of(sec), old, new)


def op_move(rng, doc):
    for _ in range(20):
        sec, depth, siblings, num = pick_section(rng, doc, movable=True)
        if depth == 3:
            targets = [c for c in doc.chapters if c is not None]
        else:
            targets = [s[0] for s in doc.sections() if s[1] == 3 and s[0] is not sec]
        if (depth == 3 and len(siblings) <= 4) or not targets:
            continue
        siblings.remove(sec)
        dest = rng.pick(targets)
        dest.children.insert(rng.between(0, len(dest.children)), sec)
        return "Se traslada %s %s (ahora %s)" % (num, sec.title, doc.number_of(sec))
    return op_edit(rng, doc)


def op_swap(rng, doc):
    for _ in range(20):
        ch = rng.pick(doc.chapters)
        i = rng.below(len(ch.children) - 1)
        a, b = ch.children[i], ch.children[i + 1]
        if a.tracked or b.tracked:
            continue
        ch.children[i], ch.children[i + 1] = b, a
        return "Se invierte el orden de %s y %s" % (b.title, a.title)
    return op_edit(rng, doc)


def op_new_chapter(rng, doc):
    ch = doc.new_chapter(rng.between(3, 5))
    doc.chapters.insert(rng.between(1, len(doc.chapters)), ch)
    return "Nuevo capítulo %s %s; se renumeran los siguientes" % (doc.number_of(ch), ch.title)


# (cumulative weight out of 1000, operation). "paragraph" and "section" add or
# delete one, whichever brings the document back towards its target size.
OPS = [
    (560, "edit"), (700, "edit2"), (810, "paragraph"), (907, "section"), (947, "rename"),
    (977, "move"), (997, "swap"), (1000, "new_chapter"),
]
OP_FUNCS = {
    "add_paragraph": op_add_paragraph, "delete_paragraph": op_delete_paragraph,
    "add_section": op_add_section, "delete_section": op_delete_section, "rename": op_rename,
    "move": op_move, "swap": op_swap, "new_chapter": op_new_chapter,
}


def one_commit(rng, doc, i, tracked, counts, size, target):
    roll = rng.below(1000)
    name = next(op for limit, op in OPS if roll < limit)
    if name in ("paragraph", "section", "new_chapter"):
        # Adds as often as deletes on the whole, more of one while the document is
        # off its target size by more than a few per cent.
        drift = max(-0.4, min(0.4, (target - size) / target * 10))
        if name == "new_chapter":
            name = "new_chapter" if drift >= 0 else "delete_section"
        else:
            name = ("add_" if rng.chance(0.5 + drift) else "delete_") + name
    counts[name] = counts.get(name, 0) + 1
    if name == "edit":
        msgs = [op_edit(rng, doc)]
    elif name == "edit2":
        msgs = [op_edit(rng, doc), op_edit(rng, doc)]
    else:
        msgs = [OP_FUNCS[name](rng, doc)]
    if i % 25 == 0:
        msgs.append(op_edit(rng, doc, tracked))
        counts["tracked_edit"] = counts.get("tracked_edit", 0) + 1
    return msgs


# --- git --------------------------------------------------------------------------

def data(payload):
    return b"data %d\n%s\n" % (len(payload), payload)


def commit_header(mark, author, when, message):
    name, email = author
    ident = ("%s <%s> %d %s" % (name, email, when, TZ)).encode()
    return (b"commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\n" % (mark, ident, ident)
            + data(message.encode()))


def git(out, *args, **kw):
    env = dict(os.environ)
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    return subprocess.run(["git", "-C", out] + list(args), check=True, env=env, **kw)


def manifest(drafts):
    lines = [
        "# Generated by bench/gen_history_repo.py: one document, a long history.",
        "# Each draft's ref is the full id of its commit.",
        "title: " + DOC_TITLE,
        "language: es",
        "files:",
        "  - pnda/politica.md",
        "drafts:",
    ]
    names = ["Primer", "Segundo", "Tercer", "Cuarto"]
    for k, (commit, sha, date) in enumerate(drafts):
        lines += [
            "  - id: borrador-%d" % (k + 1),
            "    title: %s borrador" % names[k],
            "    date: %s" % date,
            '    stage: "Revisión %d (commit %d de la historia)"' % (k + 1, commit),
            "    ref: %s" % sha,
        ]
    return "\n".join(lines) + "\n"


def iso_date(epoch):
    days = (epoch - 6 * 3600) // 86400  # local date at -0600
    # civil_from_days (Howard Hinnant), to avoid time zone databases.
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return "%04d-%02d-%02d" % (y + (m <= 2), m, d)


def draft_places(commits, spacing):
    """The commits (1-based) the four drafts are: at 1/4, 2/4, 3/4 and the end of the
    history, or `spacing` commits apart ending at the last one."""
    if spacing is None:
        return sorted({max(1, round(commits * k / 4)) for k in range(1, 5)})
    return [commits - k * spacing for k in (3, 2, 1, 0)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="folder to create the repository in (absent or empty)")
    ap.add_argument("--commits", type=int, default=1000,
                    help="commits that edit the document (default 1000, at least 4)")
    ap.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    ap.add_argument("--size", type=int, default=200_000,
                    help="approximate size of the document in bytes (default 200000)")
    ap.add_argument("--draft-spacing", type=int, metavar="K",
                    help="put the four drafts K commits apart at the end of the history "
                         "(commits N-3K, N-2K, N-K, N) rather than at 1/4, 2/4, 3/4 and N")
    ap.add_argument("--no-repack", action="store_true",
                    help="leave git fast-import's pack as it is (no `git repack -adq`)")
    args = ap.parse_args()
    if args.commits < 4:
        ap.error("--commits must be at least 4 (one per draft)")
    if args.draft_spacing is not None and not 1 <= 3 * args.draft_spacing < args.commits:
        ap.error("--draft-spacing must be at least 1 and leave the first draft after "
                 "commit 0 (3 × K < --commits)")
    out = os.path.abspath(args.out)
    if os.path.exists(out) and os.listdir(out):
        ap.error("%s exists and is not empty" % out)
    os.makedirs(out, exist_ok=True)

    rng = Rng(args.seed)
    doc = build(rng, args.size)
    tracked = next(s for s, _, _, _ in doc.sections() if s.tracked)
    draft_commits = draft_places(args.commits, args.draft_spacing)

    git(out, "init", "-q", "-b", "main")
    git(out, "config", "core.autocrlf", "false")
    marks = os.path.join(out, ".git", "cotejo-bench.marks")
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--done",
                           "--export-marks=" + marks], stdin=subprocess.PIPE)
    when = START_EPOCH
    counts = {}
    dates = {}
    sizes = []
    tracked_numbers = set()
    tracked_state, tracked_changes = None, 0
    text = b""
    for i in range(1, args.commits + 1):
        if i == 1:
            msgs = ["Primera versión del documento"]
            sections_first = len(doc.sections()) + 1
        else:
            msgs = one_commit(rng, doc, i, tracked, counts, len(text), args.size)
        before, text = text, doc.render().encode()
        while text == before:  # an edit that changed nothing: every commit must change it
            msgs.append(op_edit(rng, doc))
            text = doc.render().encode()
        sizes.append(len(text))
        number = doc.number_of(tracked)
        tracked_numbers.add(number)
        state = (number, [b.render() for b in tracked.blocks])
        tracked_changes += state != tracked_state
        tracked_state = state
        author = AUTHORS[0] if rng.chance(0.6) else rng.pick(AUTHORS[1:])
        message = msgs[0] + "".join("\n\n- " + m for m in msgs[1:]) + "\n"
        fi.stdin.write(commit_header(i, author, when, message))
        fi.stdin.write(b"M 100644 inline " + DOC_PATH.encode() + b"\n" + data(text))
        dates[i] = when
        when += 3600 * rng.between(1, 30)
    fi.stdin.write(b"done\n")
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("gen_history_repo: git fast-import failed")

    shas = {}
    with open(marks) as f:
        for line in f:
            mark, sha = line.split()
            shas[int(mark[1:])] = sha
    drafts = [(c, shas[c], iso_date(dates[c])) for c in draft_commits]
    mf = manifest(drafts).encode()
    stream = (commit_header(args.commits + 1, AUTHORS[0], when, "Manifiesto de cotejo\n")
              + b"from " + shas[args.commits].encode() + b"\n"
              + b"M 100644 inline " + MANIFEST_PATH.encode() + b"\n" + data(mf) + b"done\n")
    git(out, "fast-import", "--quiet", "--done", input=stream)
    os.remove(marks)
    if not args.no_repack:
        git(out, "repack", "-adq")
    git(out, "reset", "-q", "--hard")
    head = git(out, "rev-parse", "HEAD", capture_output=True, text=True).stdout.strip()

    sections = doc.sections()
    info = {
        "generator": "bench/gen_history_repo.py",
        "generator_version": GENERATOR_VERSION,
        "seed": args.seed,
        "commits": args.commits,
        "size_target": args.size,
        "repacked": not args.no_repack,
        "draft_spacing": args.draft_spacing,
        "file": DOC_PATH,
        "manifest": MANIFEST_PATH,
        "head": head,
        "section": TRACKED_TITLE,
        "section_number_at_head": doc.number_of(tracked),
        "section_numbers": sorted(tracked_numbers),
        "section_versions": tracked_changes,  # commits that changed its number or body, + 1
        "drafts": [{"id": "borrador-%d" % (k + 1), "commit": c, "ref": sha, "date": d}
                   for k, (c, sha, d) in enumerate(drafts)],
        "bytes_first": sizes[0],
        "bytes_last": sizes[-1],
        "bytes_min": min(sizes),
        "bytes_max": max(sizes),
        "sections_first": sections_first,
        "sections_at_head": len(sections) + 1,  # + the title
        "edits": dict(sorted(counts.items())),
    }
    with open(os.path.join(out, ".git", "cotejo-bench.json"), "w") as f:
        json.dump(info, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(json.dumps(info, ensure_ascii=False))


if __name__ == "__main__":
    main()
