"""Data and code availability: the identifiers a text names, and whether the publication's own
data (or code) are openly available in a repository.

Sentence by sentence (a statement is usually two or three sentences):

- **identifiers** of shared outputs: accession numbers of the field's archives (GEO, SRA/ENA/DDBJ runs,
  experiments, studies, BioProjects and BioSamples, ArrayExpress/BioStudies, PRIDE/ProteomeXchange,
  MetaboLights, EGA, dbGaP, GWAS Catalog, PDB, GenBank), DOIs and URLs of data repositories (Zenodo,
  figshare, Dryad, PANGAEA, Dataverse, OSF, Mendeley Data, Open Science Framework) and of code hosts
  (GitHub, GitLab, Bitbucket, Software Heritage), normalised to a DOI (``10.…``, lower case), a CURIE
  (``geo:GSE12345``) or a URL;
- **category**: ``repository`` (own data deposited with an identifier), ``supplement``, ``on_request``,
  ``restricted``, ``third_party``, ``reuse`` or ``none``, each sentence kept as the evidence.

The curators' rule for "open data": the publication's own data, openly available in a repository
with an identifier; not when access is restricted or on request, not when only reused data are
deposited elsewhere, not for supplements alone. ``open_code`` is the same for code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

CATEGORIES = ("repository", "supplement", "on_request", "restricted", "third_party", "reuse", "none")

# (CURIE prefix, pattern); case-insensitive, on word boundaries
_ACCESSIONS: tuple[tuple[str, str], ...] = (
    ("geo", r"\bG(?:SE|SM|DS)\d{3,8}\b"),
    ("sra", r"\b[SED]R[RXSPA]\d{6,9}\b"),
    ("bioproject", r"\bPRJ(?:NA|EB|DB)\d{3,8}\b"),
    ("biosample", r"\bSAM(?:N|EA|D)\d{6,10}\b"),
    ("arrayexpress", r"\bE-[A-Z]{4}-\d{1,6}\b"),
    ("biostudies", r"\bS-[A-Z]{4}\d{1,8}\b"),
    ("pride", r"\bPXD\d{6}\b"),
    ("metabolights", r"\bMTBLS\d{1,6}\b"),
    ("ega.study", r"\bEGA[SDC]\d{11}\b"),
    ("dbgap", r"\bphs\d{6}(?:\.v\d+(?:\.p\d+)?)?\b"),
    ("gwas", r"\bGCST\d{6,9}\b"),
    ("massive", r"\bMSV\d{9}\b"),
    ("flowrepository", r"\bFR-FCM-[A-Z0-9]{4}\b"),
    ("ena.embl", r"\bERZ\d{6,9}\b"),
)
_CONTEXT_ACCESSIONS: tuple[tuple[str, str, str], ...] = (
    # only with the archive named nearby: the bare forms are too common in other text
    ("pdb", r"\b(?:pdb|protein data bank)\b", r"(?<![\w.>])[1-9](?=[a-z0-9]{0,2}[a-z])[a-z0-9]{3}\b"),
    ("genbank", r"\bgenbank\b", r"\b(?:[A-Z]{1,2}\d{5,6}|[A-Z]{3}\d{5})(?:\.\d+)?\b"),
    ("uniprot", r"\buniprot\b", r"\b[OPQ]\d[A-Z0-9]{3}\d\b"),
)
_DATA_DOI = re.compile(
    r"\b(10\.(?:5281/zenodo|6084/m9\.figshare|5061/dryad|1594/pangaea|7910/dvn|17632|17605/osf\.io|15468|25345|"
    r"18150|7937|5256|4121|11588|17026|34973|7272|14454|12751|6075|24433|18112|26180|48550/arxiv|5441)[^\s,;)\]]*)",
    re.IGNORECASE,
)
_DATA_HOSTS = (
    "zenodo.org",
    "figshare.com",
    "datadryad.org",
    "pangaea.de",
    "dataverse",
    "osf.io",
    "data.mendeley.com",
    "ebi.ac.uk",
    "ncbi.nlm.nih.gov/geo",
    "ncbi.nlm.nih.gov/sra",
    "ncbi.nlm.nih.gov/bioproject",
    "openneuro.org",
    "physionet.org",
    "synapse.org",
    "proteomexchange.org",
    "metabolomicsworkbench.org",
    "massive.ucsd.edu",
    "flowrepository.org",
    "immport.org",
    "gin.g-node.org",
    "neurovault.org",
    "purl.stanford.edu",  # the Stanford Digital Repository
    "aoncadis.org",
    "arcticdata.io",
)
_CODE_HOSTS = ("github.com", "gitlab.com", "gitlab.", "bitbucket.org", "softwareheritage.org", "codeocean.com")
_URL = re.compile(
    r"https?://\s?[^\s,;)\]>]+|\b(?:github|gitlab|bitbucket)\.(?:com|org)/[^\s,;)\]>]+|\bosf\.io/\s?\w+", re.IGNORECASE
)
_SWH = re.compile(r"\bswh:1:(?:cnt|dir|rev|rel|snp):[0-9a-f]{40}\b", re.IGNORECASE)

_RESTRICTED = re.compile(
    r"\b(?:(?:up)?on (?:reasonable |justified |a reasonable |written )?request|by request|request(?:ed)? (?:from|to) the"
    r"|restricted|controlled[- ]access|data access committee|(?:are|is) not (?:publicly|openly|freely) available"
    r"|cannot be (?:made )?(?:publicly |openly )?(?:shared|available|deposited|released)|privacy|confidential"
    r"|data protection|ethic\w* (?:approval|committee|restrictions)|informed consent does not|subject to (?:approval|a data)"
    r"|after (?:approval|signing)|data (?:use|transfer|sharing) agreement|upon approval|access is granted|apply for access"
    r"|(?:may|can|should) be contacted|contact (?:the )?(?:corresponding )?authors?)",
    re.IGNORECASE,
)
_REUSE = re.compile(
    r"\b(?:(?:were|was|are|is) (?:obtained|downloaded|retrieved|extracted|acquired|accessed|derived|taken) from"
    r"|(?:were|was|had been|we) (?:\w+ ){0,3}(?:obtained|downloaded|retrieved|acquired|accessed) (?:from|via|through)"
    r"|we (?:used|utili[sz]ed|analy[sz]ed|re-?analy[sz]ed) (?:publicly|data|the)|\bdata (?:were |was )?provided by\b"
    r"|publicly available (?:[\w-]+ ){0,3}(?:data ?sets?|data|databases?|resources?|cohorts?)|previously (?:published|described|reported|deposited|generated|released|determined|solved)"
    r"|molecular replacement|search models?|and co-?workers"
    r"|\bdata (?:from|of) the (?:[\w-]+ ){0,3}(?:cohort|consortium|biobank)\b"
    r"|(?:were|was) previously published|(?:were|was) published (?:by|elsewhere|before|earlier)|re-?use[d]?|secondary analysis|existing (?:data|datasets)"
    r"|tcga|the cancer genome atlas|gtex|uk biobank|1000 genomes|gnomad|human protein atlas|cbioportal|gdc data portal"
    # cohorts and clinical databases others run, open or by application: data taken from them are reuse
    r"|(?:adni|alzheimer'?s disease neuroimaging initiative|mimic(?:-iii|-iv|-cxr)?|abcd study|human connectome project)\b"
    r"|(?:originally |previously )?downloaded (?:data|datasets?)"
    r"|(?:available|provided) (?:by|through) (?:the )?(?:consortium|third part)|third[- ]party|distributed by)",
    re.IGNORECASE,
)
_OWN = re.compile(
    r"\b(?:(?:have|has|were|was|are|is|been) (?:been )?(?:deposited|submitted|uploaded|archived|made (?:publicly |openly |freely )?available|published|stored|released)"
    r"|(?:generated|produced|collected|created|acquired|reported|obtained|analy[sz]ed) (?:in|during|for|by) (?:this|the (?:present|current)) (?:study|work|paper|article|project)"
    r"|(?:this|our|the present|the current) (?:study|paper|article|work)'?s? (?:data|dataset|datasets)|we (?:deposited|submitted|uploaded|provide|have deposited|make)"
    r"|(?:data|datasets?|code|scripts?|software|sequences?|reads?|raw data|source data)(?: [\w/-]+){0,8} (?:are|is|can be) (?:freely |openly |publicly )?(?:available|accessible|found|accessed|downloaded|obtained)"
    r"|accession (?:number|code|id)s?|under (?:the )?accession|(?:available|accessible) (?:at|in|on|from|via|through|under))",
    re.IGNORECASE,
)
_SUPPLEMENT = re.compile(
    r"\b(?:supplementa(?:ry|l)|supporting information|additional files?|within the (?:paper|article|manuscript)"
    r"|(?:included|contained|provided|shared|presented|reported) (?:in|with|within) (?:this|the) (?:published )?(?:article|paper|manuscript)"
    r"|source data (?:are|is) provided)",
    re.IGNORECASE,
)
_CODE = re.compile(
    r"\b(?<!accession )(?:codes?|scripts?|software|pipelines?|notebooks?|packages?|programs?|algorithms?|tool|classifiers?"
    r"|trained (?:\w+ )?models?|model (?:parameters|weights))\b",
    re.IGNORECASE,
)
# not after the abbreviations of data sentences ("accession no. GSE…", "Fig. 2b", "et al. (2023)")
_SENTENCE = re.compile(
    r"(?<=[.;!?])(?<!\bno\.)(?<!\bnos\.)(?<!\bfig\.)(?<!\bfigs\.)(?<!\bal\.)(?<!\bref\.)(?<!\be\.g\.)(?<!\bi\.e\.)"
    r"(?<!\bvs\.)(?<!\bcat\.)\s+(?=[a-z0-9(\[])|<section>|\n+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a statement, what it names and how it reads."""

    text: str
    category: str
    identifiers: tuple[str, ...] = ()
    code: bool = False  # about code rather than data


@dataclass
class Availability:
    """What a publication's statements say: open data, open code, every classified sentence."""

    open_data: bool = False
    open_code: bool = False
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        """The distinct categories of the sentences, in :data:`CATEGORIES` order (``none`` when empty)."""
        found = {s.category for s in self.sentences if s.category != "none"}
        return [c for c in CATEGORIES if c in found] or ["none"]

    @property
    def identifiers(self) -> list[str]:
        """Every output identifier named, once, in text order."""
        return list(dict.fromkeys(i for s in self.sentences for i in s.identifiers))


_ANY_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s,;)\]]+)", re.IGNORECASE)
_NAMED_ARCHIVE = re.compile(
    r"\b(?:(?:data )?repository|archive|data ?bank|database)\b.*\bdoi\b|\bdoi\b.*\b(?:repository|archive)\b",
    re.IGNORECASE,
)


def identifiers_in(text: str, context: str | None = None) -> list[str]:
    """The output identifiers a sentence names, normalised (DOI lower case, CURIE, URL). A DOI of a
    repository fairmeta does not know counts when the sentence names a repository or archive and
    the DOI (an article's DOI in a data sentence is a citation, not an output)."""
    found: list[str] = []
    for match in _DATA_DOI.finditer(text):
        found.append(match.group(1).rstrip(".").lower())
    if _NAMED_ARCHIVE.search(text):
        found.extend(m.group(1).rstrip(".").lower() for m in _ANY_DOI.finditer(text))
    for prefix, pattern in _ACCESSIONS:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            found.append(f"{prefix}:{match.group(0).upper() if prefix != 'dbgap' else match.group(0).lower()}")
    for prefix, archive, pattern in _CONTEXT_ACCESSIONS:
        # the archive named in the sentence or its statement ("Accession numbers: GenBank … ROM-1 (AAA91218)");
        # texts come lower-cased too (ODDPub's sentences)
        if re.search(archive, text if context is None else context, re.IGNORECASE):
            found.extend(f"{prefix}:{m.group(0).upper()}" for m in re.finditer(pattern, text, re.IGNORECASE))
    for match in _SWH.finditer(text):
        found.append(match.group(0).lower())
    for match in _URL.finditer(text):
        url = re.sub(r"\s+", "", match.group(0)).rstrip(".")
        low = url.lower()
        if "doi.org/" in low or not (
            any(host in low for host in (*_DATA_HOSTS, *_CODE_HOSTS)) or re.search(r"/records?/\d+", low)
        ):
            continue
        path = re.sub(r"^(?:https?://)?[^/]*", "", low).strip("/?")
        if not path or (re.search(r"\b(?:ebi\.ac\.uk|ncbi\.nlm\.nih\.gov)\b", low) and not re.search(r"\d", path)):
            continue  # a repository's home page or search form ("https://www.ncbi.nlm.nih.gov/geo/"), not an output
        zenodo = re.search(r"zenodo\.org/records?/(\d+)", low)
        if zenodo:  # a Zenodo record is its DOI
            found.append(f"10.5281/zenodo.{zenodo.group(1)}")
            continue
        if any(_core(identifier) in low for identifier in found):
            continue  # the URL of an accession or DOI already found (GEO's acc.cgi?acc=GSE…)
        found.append(url if low.startswith("http") else "https://" + url)
    return list(dict.fromkeys(found))


def _core(identifier: str) -> str:
    """The part of an identifier its URLs repeat (the accession of a CURIE, a DOI), lower case."""
    return (
        identifier.split(":", 1)[1].lower()
        if ":" in identifier and not identifier.startswith("10.")
        else identifier.lower()
    )


# archives whose data are under controlled access: a deposit there is not open data
CONTROLLED = ("ega.study:", "dbgap:")
_REPOSITORY_NAMES = re.compile(
    r"\b(?:geo|gene expression omnibus|sra|sequence read archive|ena|european nucleotide archive|ddbj|arrayexpress"
    r"|biostudies|pride|proteomexchange|metabolights|zenodo|figshare|dryad|pangaea|dataverse|open science framework|osf"
    r"|mendeley(?: data)?|openneuro|physionet|github|gitlab|bitbucket|software heritage|code ocean|genbank|bioproject"
    r"|flowrepository|neurovault|jcb dataviewer|empiar|emdb|electron microscopy data bank|biomodels|clinvar|dbsnp|dbvar)\b",
    re.IGNORECASE,
)
_CODE_HOST_NAMES = re.compile(r"\b(?:github|gitlab|bitbucket|software heritage|code ocean)\b", re.IGNORECASE)
_PUBLIC = re.compile(r"\b(?:publicly|openly|freely) (?:available|accessible)\b", re.IGNORECASE)
# "available in the X repository", "can be found at X": with a repository named, where the data are
_AVAILABLE_IN = re.compile(
    r"\b(?:available|accessible|found|accessed) (?:at|in|on|via|through|from|under)\b", re.IGNORECASE
)
# an archive fairmeta does not know by name: "deposited in the BMRB database", "… at the Protein
# Circular Dichroism Data Bank", "… in the university's institutional repository"
_GENERIC_ARCHIVE = re.compile(
    r"\b(?:deposited|submitted|uploaded|archived) (?:in|at|to|into|with|on) (?:the )?[\w\-' ]{0,50}?"
    r"(?:database|data ?bank|archive|repository)\b",
    re.IGNORECASE,
)
# "… at Zenodo (DOI); all other data are available on request": the request is for the rest
_OTHER_DATA = re.compile(
    r"\b(?:other|additional|remaining|further) (?:\w+ ){0,2}(?:data|datasets?|information|materials?)\b", re.IGNORECASE
)
# the strongest own-data cues: a deposit, or data made by this study
_DEPOSITED = re.compile(
    # a finite verb: "structures deposited in the PDB" are anybody's, "data were deposited" the study's
    r"\b(?:have|has|had|are|is|were|was|been|we) (?:\w+ ){0,2}(?:deposited|submitted|uploaded|archived)\b"
    r"|\b(?:generated|produced|collected)(?: (?:and/or|and|or) analy[sz]ed)? (?:in|during|for|by|within) "
    r"(?:this|the (?:present|current)|our) (?:study|work|project|paper)",
    re.IGNORECASE,
)
# archives of controlled access, named without an accession
_CONTROLLED_NAMES = re.compile(
    r"\b(?:european genome-?phenome archive|ega|dbgap|japanese genotype-phenotype archive|jga)\b", re.IGNORECASE
)
# others' work cited: a sentence opening on a reference ("[25] are accessible from GEO …"); not an access
# date ("(accessed on 15 March 2023)"), which MDPI writes after the authors' own deposits too
_CITED = re.compile(
    r"^\s*(?:\[\d+(?:[–,-]\s?\d+)*\]|\(\d+(?:[–,-]\s?\d+)*\))\s",
    re.IGNORECASE,
)
_ANALYSED_ONLY = re.compile(
    r"\b(?:data|datasets?) (?:analy[sz]ed|used) (?:here|in this (?:study|work|paper)) (?:are|is|were|was|can be) (?:publicly |freely )?(?:available|accessed|obtained|downloaded) from"
    r"|\b(?:publicly|freely|openly) available (?:from|in|at|through|via|on) (?:the )?[\w\- ]{0,40}?(?:database|dataset|data ?base|project|consortium|biobank|cohort|registry|atlas|portal|initiative)\b"
    r"|\bre-?analy[sz](?:ed|ing|is)\b|\bexternal (?:data|datasets?)\b"
    # Springer's "datasets analysed during the current study are available in …" (no "generated"): others'
    r"|\b(?:data|datasets?)(?: (?!generated)[\w-]+){0,4} analy[sz]ed (?:during|in) (?:the|this) (?:current |present )?study",
    re.IGNORECASE,
)
_DATA_WORD = re.compile(r"\b(?:data|datasets?|reads|sequences|images|recordings|measurements)\b", re.IGNORECASE)


def prepared(text: str) -> str:
    """Text with what breaks identifiers undone: zero-width characters, spaces inside URLs and DOIs
    (PDF extraction writes ``https://doi.org/10.5281/ zenodo.8005116`` and ``https:// osf.io``)."""
    text = unicodedata.normalize("NFKC", text or "")  # ligatures of PDF extraction: "ﬁgshare" -> "figshare"
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = re.sub(r"(https?://)\s+", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"(\b10\.)\s+(?=\d{4,9}/)", r"\1", text)  # "doi:10. 5061/dryad…"
    text = re.sub(r"(\b10\.\d{4,9}/)\s+(?=\w)", r"\1", text)
    text = re.sub(r"(\b10\.\d{4,9}/\S*\.)\s+(?=[a-z]+\.?\d)", r"\1", text)  # "10.6084/m9. figshare.22263016"
    text = re.sub(r"(?<![/.\w])figshare\.(\d{6,9})\b", r"10.6084/m9.figshare.\1", text)  # a bare figshare number
    return re.sub(r"(https?://[^\s]*[./])\s+(?=[a-z0-9])(?=[^\s]*[./])", r"\1", text, flags=re.IGNORECASE)


# an identifier alone (a reference list's "doi: 10.6084/…") says nothing about availability
_AVAILABILITY = re.compile(
    r"\b(?:available|deposited|accession|found|accessible|provided|stored|uploaded|archived|shared|submitted|hosted"
    r"|released|published|downloaded?|obtain(?:ed)?|access(?:ed)?|provided?|provides|open[- ]source"
    r"|(?:is|are|can be) (?:at|on|in|via|from|under|through))\b",
    re.IGNORECASE,
)
# what makes data the study's own even beside a reuse cue
_OWN_DATA = re.compile(
    r"\b(?:generated|produced|collected|newly|created) (?:\w+ ){0,3}(?:in|during|by|for|within)\b|\bwe (?:have )?deposited\b"
    r"|\b(?:have|has) been deposited\b|\bour (?:own )?(?:data|dataset)|\bin-house\b",
    re.IGNORECASE,
)
# promises and possibilities are not sharing: "will be made available on OSF", "could be deposited"
_FUTURE = re.compile(
    r"\b(?:will|would|could|should|may|might|shall) be (?:made |fully )?(?:publicly |openly |freely )?(?:available|deposited|shared|released|uploaded)",
    re.IGNORECASE,
)
# ... but "upon publication" in a published paper means now
_ON_PUBLICATION = re.compile(r"\b(?:upon|after|on|at (?:the time of)?) (?:acceptance|publication)\b", re.IGNORECASE)
_MATERIALS = re.compile(
    r"\b(?:survey|questionnaire|stimul[ui]s?|(?:study )?materials?|protocol|codebook|preregistration)s? (?:\w+ ){0,6}(?:is|are|was|were|has been|have been) (?:\w+ ){0,2}(?:available|accessible)",
    re.IGNORECASE,
)
_NOT_DATA = re.compile(
    r"\bpre-?regist(?:ered|ration)\b|\bregistered (?:report|trial)\b|\bstudy protocol\b", re.IGNORECASE
)


def _category(text: str, identifiers: list[str], statement: str = "", before: str = "") -> str:
    # a short statement ("Accession numbers: … ROM-1 (AAA91218), …") lends its words to its pieces, and
    # so do the sentences just before in the same section (a data citation's "… figshare. 2023. doi:…",
    # an accession cut off from its sentence): then those sentences say whose data they are, too
    if _AVAILABILITY.search(text):
        said = context = text
    elif before and _AVAILABILITY.search(before):
        said = context = f"{before} {text}"
    else:
        said, context = (text if len(statement) > 600 else statement), text
    if identifiers and (_NOT_DATA.search(text) or not _AVAILABILITY.search(said)):
        return "none"
    present = re.search(
        r"\b(?:are|is|have been|has been|were|was) (?:\w+ )?(?:available|deposited|accessible)", text, re.IGNORECASE
    )
    # an accession or DOI is assigned at deposit: "will be made available at GEO (GSE238207)" names a deposit
    deposit_named = any(not i.startswith("http") for i in identifiers)
    if _FUTURE.search(text) and not present and not _ON_PUBLICATION.search(text) and not deposit_named:
        return "none"  # a promise, not shared data ("upon publication" in a published paper is now)
    if _MATERIALS.search(text) and _DATA_WORD.search(text) is None:
        return "none"  # materials (a survey, stimuli, a protocol), not data
    # a controlled-access deposit restricts the sentence only when it names nothing open beside it
    restricted = (_RESTRICTED.search(context) is not None and not (identifiers and _OTHER_DATA.search(context))) or (
        bool(identifiers) and all(i.startswith(CONTROLLED) for i in identifiers)
    )
    reuse = any(p.search(context) is not None for p in (_REUSE, _ANALYSED_ONLY, _CITED))
    own = _OWN.search(text) is not None
    if identifiers:
        if reuse and not _OWN_DATA.search(context):
            return "reuse"
        if restricted and not _PUBLIC.search(text):
            return "restricted"
        return "repository" if own or not reuse else "reuse"
    if restricted:
        return "on_request" if re.search(r"request|contact", text, re.IGNORECASE) else "restricted"
    if _CONTROLLED_NAMES.search(text) and not _PUBLIC.search(text):
        return "restricted"  # "deposited at the European Genome-phenome Archive", the accession cut off
    named = _REPOSITORY_NAMES.search(text) is not None or _GENERIC_ARCHIVE.search(text) is not None
    # a deposit said in so many words, or the data (as the subject) available at a named repository
    deposited = _DEPOSITED.search(text) is not None or (
        own and _DATA_WORD.search(text) is not None and (_PUBLIC.search(text) or _AVAILABLE_IN.search(text))
    )
    if named and not reuse and deposited:
        return "repository"  # "deposited at GEO", the accession listed elsewhere (or cut off)
    if reuse:
        return (
            "third_party"
            if re.search(
                r"third[- ]party|provided by|distributed by|consortium|access (?:to|from)", text, re.IGNORECASE
            )
            else "reuse"
        )
    if _SUPPLEMENT.search(text):
        return "supplement"
    return "none"


def _about_code(sentence: str, code_ids: list[str]) -> bool:
    """Whether a sentence is about code: it names a code host, or code is its subject (named before
    any data word: "all code used to analyse the data is at …")."""
    if code_ids:
        return True
    code = _CODE.search(sentence)
    if code is None:
        return False
    # "the data curation pipeline", "data analysis scripts": a data word naming the code's purpose
    data = [m.start() for m in _DATA_WORD.finditer(sentence) if not _DATA_MODIFIER.match(sentence, m.start())]
    return not data or code.start() < data[0]


_DATA_MODIFIER = re.compile(
    r"(?:data|datasets?)(?: (?!and\b|or\b|as\b|are\b|is\b|were\b|was\b|from\b|of\b)[\w-]+){0,2} "
    r"(?:codes?|scripts?|pipelines?|software|tools?)\b",
    re.IGNORECASE,
)


def is_code_host(identifier: str) -> bool:
    """Whether an identifier names code (a code host's URL, a Software Heritage identifier)."""
    return identifier.startswith("swh:") or any(host in identifier.lower() for host in _CODE_HOSTS)


def output_kind(sentence: Sentence, identifier: str) -> str:
    """``"code"`` or ``"data"``: what an identifier of a sentence stands for (as :func:`classify` decides)."""
    if is_code_host(identifier):
        return "code"
    return "code" if sentence.code and _DATA_WORD.search(sentence.text) is None else "data"


def classify(text: str) -> Availability:
    """Classify availability text (a statement, or sentences about data and code from anywhere)."""
    result = Availability()
    previous = "none"
    whole = prepared(text)
    for section in whole.split("<section>"):
        before: list[str] = []  # the sentences before in the same section
        for raw in _SENTENCE.split(section):
            sentence = " ".join(raw.split())
            if len(sentence) >= 8:
                result.sentences.append(_sentence(sentence, whole, " ".join(before[-3:]), previous))
                previous = result.sentences[-1].category
                before.append(sentence)
    result.open_data, result.open_code = verdict(result.sentences)
    return result


def _sentence(sentence: str, whole: str, before: str, previous: str) -> Sentence:
    """One sentence classified, ``previous`` the category of the sentence before it."""
    identifiers = identifiers_in(sentence, context=whole)
    category = _category(sentence, identifiers, whole, before)
    if (
        category == "repository"
        and previous in ("reuse", "third_party")
        and identifiers
        and not (_OWN.search(sentence) or _RESTRICTED.search(sentence))
    ):
        category = previous  # the identifiers of the sentence before, cut off by a broken URL
    code_ids = [i for i in identifiers if is_code_host(i)]
    return Sentence(sentence, category, tuple(identifiers), _about_code(sentence, code_ids))


# a private review link ("view_only=…", figshare's "/s/…" share links): the deposit is not public yet
_PRIVATE_LINK = re.compile(
    r"view[_ ]only|figshare\.com/s/|datadryad\.org/stash/share|private (?:\w+ )?(?:link|url)|reviewer (?:link|token|access)",
    re.IGNORECASE,
)
# both data and code are the subject: "all data and analysis code are available at …"
_CODE_AND_DATA = re.compile(
    r"\b(?:codes?|scripts?|software)\b(?:,| and| as well as| &)(?: [\w-]+){0,3} (?:data|datasets?)\b"
    r"|\b(?:data|datasets?)\b(?: [\w-]+){0,3}(?:,| and| as well as| &) (?:[\w-]+ ){0,3}(?:codes?|scripts?|software)\b",
    re.IGNORECASE,
)


def verdict(sentences: list[Sentence]) -> tuple[bool, bool]:
    """``(open_data, open_code)`` from classified sentences (of one text, or of all a publication's
    statements): an identifier another sentence says was reused is not the publication's own deposit,
    and a deposit shown only through a private review link is not open."""
    owned = {
        i
        for s in sentences
        if s.category == "repository" and (_OWN_DATA.search(s.text) or _DEPOSITED.search(s.text))
        for i in s.identifiers
    }
    reused = {i for s in sentences if s.category in ("reuse", "third_party") for i in s.identifiers} - owned
    private = any(_PRIVATE_LINK.search(s.text) for s in sentences)
    open_data = open_code = False
    for sentence in sentences:
        if sentence.category != "repository":
            continue
        code_ids = [i for i in sentence.identifiers if is_code_host(i)]
        others = [i for i in sentence.identifiers if i not in code_ids and i not in reused]
        if private:
            others = [i for i in others if not _PRIVATE_LINK.search(i)]
        open_code = open_code or bool(code_ids)
        text = sentence.text
        if others:  # a repository's identifier: data, unless the sentence is about code alone
            # beside a code host's URL, another identifier is the data's ("code at GitHub, data in
            # Zenodo"); alone in a sentence about code ("the R code … is stored in Edmond"), the code's
            code_only = (
                _DATA_WORD.search(text) is None
                if code_ids
                else _about_code(text, []) and not _CODE_AND_DATA.search(text)
            )
            if code_only:
                open_code = True
            else:
                open_data = True
                open_code = open_code or (sentence.code and _CODE_AND_DATA.search(text) is not None)
        elif not sentence.identifiers and not private:
            # a named repository and "publicly available", the accession elsewhere; a code host keeps
            # code (and data put there have no persistent identifier: not open data)
            at_code_host = _CODE_HOST_NAMES.search(text) is not None and not _REPOSITORY_NAMES.search(
                _CODE_HOST_NAMES.sub(" ", text)
            )
            if sentence.code or at_code_host:
                open_code = open_code or _REPOSITORY_NAMES.search(text) is not None
            else:
                open_data = True
    return open_data, open_code
