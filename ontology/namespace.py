"""Generated from ontology/policykg.ttl — do not edit.

The terms of the policykg ontology as a closed rdflib namespace: using a term
that the ontology does not define raises ``AttributeError``. To change a term,
edit ``ontology/policykg.ttl`` and run
``python -m policykg.ontology.generate_namespace``.

Examples
--------
>>> PKG.implements
rdflib.term.URIRef('https://w3id.org/policykg/ontology#implements')
>>> PKG.implement
Traceback (most recent call last):
...
AttributeError: term 'implement' not in namespace 'https://w3id.org/policykg/ontology#'
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["PKG"]


class PKG(DefinedNamespace):
    """The policykg ontology, ``pkg:`` (https://w3id.org/policykg/ontology#)."""

    _NS = Namespace("https://w3id.org/policykg/ontology#")
    _fail = True

    # Classes
    AdministrativeLevel: URIRef  # 行政层级 — A level of the administrative hierarchy down which policy flows: national, provincial, municipal, county, township.
    Agency: URIRef  # 机关单位 — One real government body under its full canonical name (平江县市场监督管理局), whatever abbreviation a document used (县市场监管局).
    Collective: URIRef  # 集合单位 — A collective addressee that stands for a set of agencies without naming them (县直相关单位, 各乡镇人民政府, 各级人民政府); how obligations pass down a level. Its canonical name is prefixed by its jurisdiction (平江县县直相关单位).
    Document: URIRef  # 公文 — An official document of a Chinese government body: a notice, a plan it promulgates or an opinion. A document only known from the citations of others is a stub (pkg:stub true).
    Government: URIRef  # 人民政府 — The people's government (人民政府) of an administrative region, to which the region's working departments are subordinate.
    Implementation: URIRef  # 贯彻落实关系 — Qualifies one implements link, from the lower-level document or task (the subject of pkg:qualifiedImplementation) to the higher-level one it implements (pkg:implementationOf): whether it was read or inferred (pkg:inferred), with what confidence, by which rule, on what evidence and, for an inferred document link, from which task alignments (prov:wasDerivedFrom).
    Notice: URIRef  # 通知 — A notice (通知), typically one that promulgates (印发) one or more plans: <issuer>关于印发《<plan>》的通知.
    Opinion: URIRef  # 意见 — An opinion (意见, 指导意见, 实施意见) that sets out tasks directly, without a separate plan.
    Plan: URIRef  # 工作方案 — A plan (工作要点, 实施方案) promulgated by a notice and printed with it; a document of its own, made of numbered tasks.
    Region: URIRef  # 行政区划 — An administrative division of China in the GB/T 2260 code list (province, prefecture-level city, county), or the whole country; skos:notation holds its code.
    Task: URIRef  # 任务 — One numbered task of a document (（三）纵深推进简政放权。…), read both as a subdivision of the document's text (eli:LegalResourceSubdivision) and as the activity it mandates (prov:Activity), to which the parties of its responsibility clause are associated with a role.
    TaskRole: URIRef  # 责任角色 — The part a party plays in a task, as its responsibility clause says: lead (牵头), responsible (负责), shared by division of labour (分工负责) or assisting (配合).

    # Datatypes
    GBT2260Code: URIRef  # GB/T 2260 行政区划代码 — A six-digit GB/T 2260 administrative division code (430626 平江县), or 000000 for the whole country, which GB/T 2260 leaves uncoded. The datatype of a region's skos:notation.

    # Object properties
    assignedTo: URIRef  # 承担单位 — A party the task's responsibility clause names, in any role. Use the role's own property (pkg:lead …) or, for the role with its provenance, prov:qualifiedAssociation [ prov:agent …; prov:hadRole pkg:LeadRole ].
    assisting: URIRef  # 配合 — This party assists with the task (…配合). Shortcut of a qualified association with prov:hadRole pkg:AssistingRole.
    cites: URIRef  # 引用 — A document names another by its number or title (《…》 (国办发〔2019〕54号)), whether or not it says it implements it.
    contains: URIRef  # 包含任务 — A document contains a numbered task. Every task is contained in exactly one document.
    deadline: URIRef  # 完成时限 — A deadline the task sets, as a time:Instant with the date read (time:inXSDDate, 2020年底前 → 2020-12-31) and the phrase as written (rdfs:label).
    explains: URIRef  # 解读 — A 解读 (policy interpretation) explains the document it interprets: its background and main contents. It implements nothing itself; what it says the explained document implements is an implements link of that document, with the 解读 as its origin.
    implementationOf: URIRef  # 落实对象 — The higher-level document or task that a pkg:Implementation says is implemented.
    implements: URIRef  # 贯彻落实 — A lower-level document implements (贯彻落实) a higher-level one, as its own text says (为贯彻落实…, 根据…要求); or a lower-level task restates a higher-level task. Only links that were read, never inferred ones: those are pkg:inferredImplements. Joins two documents or two tasks. (eli:implements is deprecated in favour of eli:ensures_implementation_of.)
    inRegion: URIRef  # 所在行政区 — The administrative region an agency or a collective belongs to and acts for (平江县市场监督管理局 → 平江县).
    inferredImplements: URIRef  # 推断的贯彻落实 — An implements link that policykg inferred rather than read: a county plan that mirrors a provincial plan item by item without citing it, or a task aligned by text similarity. Deliberately not a sub-property of pkg:implements or eli:ensures_implementation_of, which carry a legal meaning; its pkg:Implementation gives the confidence and the evidence.
    issuedBy: URIRef  # 发文机关 — The agency that issued the document (发文机关); for a stub, the one its number's prefix names (国办发 → 国务院办公厅).
    jurisdiction: URIRef  # 适用行政区 — The administrative region the document applies to: its issuer's region.
    lead: URIRef  # 牵头 — The task is led by this party (…牵头). Shortcut of a qualified association with prov:hadRole pkg:LeadRole.
    level: URIRef  # 行政层级 — The administrative level of a region, or of a document's issuer.
    promulgates: URIRef  # 印发 — A notice promulgates (印发) a plan printed with it as its attachment; the plan is a document of its own.
    qualifiedImplementation: URIRef  # 贯彻落实限定 — Links the implementing document or task to the pkg:Implementation that qualifies one of its implements links, read or inferred.
    responsible: URIRef  # 负责 — This party is responsible for carrying the task out (…负责, …负责落实). Shortcut of a qualified association with prov:hadRole pkg:ResponsibleRole.
    shared: URIRef  # 分工负责 — This party is responsible for its share of the task (…按职责分工负责). Shortcut of a qualified association with prov:hadRole pkg:SharedRole.
    sourceSpan: URIRef  # 原文位置 — Where a task, or the fact a qualification node describes, was read: an oa:TextPositionSelector whose oa:start and oa:end are character offsets into the source text of the file the document was read from, with the cleaned reading of that stretch in pkg:cleanedText.
    subordinateTo: URIRef  # 隶属于 — An agency is subordinate to the people's government of its region (平江县市场监督管理局 → 平江县人民政府), and a people's government to the government of the region above it (平江县人民政府 → 岳阳市人民政府).
    within: URIRef  # 上级行政区 — A region lies directly within another (平江县 → 岳阳市 → 湖南省 → 全国). Follow it with a property path (pkg:within+) for everything under a province.

    # Datatype properties
    cleanedText: URIRef  # 清洗后文本 — The cleaned reading of the selected stretch of source text (simplified characters, page noise removed). Not oa:exact: the source characters themselves may be traditional or carry pinyin annotations.
    confidence: URIRef  # 置信度 — How sure policykg is of an inferred or loosely resolved link, from 0 to 1.
    docNumber: URIRef  # 发文字号 — The 发文字号 (GB/T 9704) in canonical form, with the year in 〔〕 whatever brackets the source used (湘政办发〔2020〕9号), or a decree's number (国务院令第722号).
    effectiveDate: URIRef  # 生效日期 — The date the document takes effect (生效日期), where the page gives it.
    evidence: URIRef  # 证据 — Why the link holds: the phrase read (为贯彻落实) as a string, or, for an inferred link, the scores and aligned task pairs as an rdf:JSON literal.
    expiryDate: URIRef  # 失效日期 — The date the document ceases to have effect (失效日期), where the page gives it.
    heading: URIRef  # 任务标题 — The task's short heading, the text before its first 。 without the number (纵深推进简政放权).
    inferred: URIRef  # 推断 — True when the qualified link was inferred by policykg rather than read from a document; an inferred link must never be presented as an explicit one.
    mention: URIRef  # 原文称谓 — The party's name as the responsibility clause wrote it (县市场监管局), before it was resolved to its canonical agency.
    position: URIRef  # 顺序号 — The task's place in reading order within its document, from 1. This is the truth; the printed number can be wrong.
    printedNumber: URIRef  # 印刷序号 — The task number as printed ((十)), which can disagree with pkg:position.
    publishedDate: URIRef  # 发布日期 — The publication date the website shows (发布日期).
    rule: URIRef  # 规则 — The name of the rule that made the link (citation_doc_number, align_tfidf, record_clause …).
    section: URIRef  # 所属部分 — The heading of the section (一、…) the task belongs to, without its numeral.
    signedDate: URIRef  # 成文日期 — The date under the signature (成文日期); a plan takes its notice's.
    stub: URIRef  # 存根 — True when the document is only known from the citations of others (its number, title and the issuer read off the number's prefix); it becomes a full document when ingested.
    target: URIRef  # 量化目标 — A quantitative target the task sets, as written (网上可办率达到90%以上).
    text: URIRef  # 任务正文 — The full cleaned text of the task, number included.
    title: URIRef  # 标题 — The document's title as written, whitespace normalised, in simplified characters. (eli:title belongs to an eli:LegalExpression, which policykg does not model separately.)
    year: URIRef  # 年度 — A year the document's period covers (2020年政务公开工作要点 → 2020); what a lower-level plan's period must match for it to be linked to a higher-level one by inference.

    # Annotation properties
    roleProperty: URIRef  # 角色属性 — The shortcut property that states a role directly (pkg:LeadRole → pkg:lead), as org:roleProperty does for ORG roles: task prov:qualifiedAssociation [ prov:agent ?a; prov:hadRole ?r ] and ?r pkg:roleProperty ?p imply task ?p ?a.

    # Individuals (concept schemes, levels, roles)
    AdministrativeLevels: URIRef  # 行政层级 — The five levels of the administrative hierarchy.
    AssistingRole: URIRef  # 配合 — Assists the lead party (配合).
    CountyLevel: URIRef  # 县级 — Counties, districts and county-level cities (县/区/县级市).
    GBT2260: URIRef  # GB/T 2260 中华人民共和国行政区划 — The administrative divisions of the People's Republic of China with their codes (GB/T 2260), as shipped by a maintained data package.
    LeadRole: URIRef  # 牵头 — Leads the task and answers for it (牵头).
    MunicipalLevel: URIRef  # 市级 — Prefecture-level cities and autonomous prefectures (地级市/州).
    NationalLevel: URIRef  # 中央 — The State Council, its General Office and the ministries (中央/国务院).
    ProvincialLevel: URIRef  # 省级 — Provinces, autonomous regions and municipalities directly under the central government (省/自治区/直辖市).
    ResponsibleRole: URIRef  # 负责 — Is responsible for carrying the task out (负责, 负责落实).
    SharedRole: URIRef  # 分工负责 — Is responsible for its share of the task by division of labour (按职责分工负责).
    TaskRoles: URIRef  # 责任角色 — The roles of a responsibility clause.
    TownshipLevel: URIRef  # 乡级 — Townships, towns and subdistricts (乡镇/街道).
