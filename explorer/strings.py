"""Every string the explorer shows, in Chinese and English: one dictionary.

A page asks for a string by key with :func:`t`; the language comes from the
sidebar toggle (``st.session_state["lang_en"]``). Keys are grouped by page
(``cascade.tree``) or shared (``col.title``). A missing key is a bug, so
:func:`t` raises ``KeyError`` rather than showing the key.

Examples
--------
>>> t("nav.cascade", "zh"), t("nav.cascade", "en")
('级联追踪', 'Cascade')
>>> t("common.showing", "en", shown=10, total=25)
'Showing 10 of 25'
>>> level_name("county", "zh")
'县级'
"""

from __future__ import annotations

from typing import Optional

__all__ = ["STRINGS", "LANGS", "t", "ERRORS_ZH", "error_text", "current_lang", "level_name", "relation_name", "node_type_name", "role_name"]

LANGS = ("zh", "en")

#: key -> (Chinese, English). Placeholders are ``str.format`` fields.
STRINGS: dict[str, tuple[str, str]] = {
    # -- app and navigation
    "app.title": ("政策知识图谱", "policykg explorer"),
    "app.english": ("English", "English"),
    "app.store": ("数据目录：{path}", "Store: {path}"),
    "app.counts": ("{documents} 份文件 · {tasks} 项任务 · {agencies} 个机构", "{documents} documents · {tasks} tasks · {agencies} agencies"),
    "app.empty": (
        "数据目录中还没有文件。请在“导入”页上传通知，或运行 `policykg ingest examples/notices`。",
        "The store holds no documents yet. Upload notices on the Ingest page, or run `policykg ingest examples/notices`.",
    ),
    "app.load_failed": ("无法读取图谱：{error}", "Cannot read the graph: {error}"),
    "app.loading": ("正在加载图谱……", "Loading the graph…"),
    "nav.explore": ("浏览", "Explore"),
    "nav.audit": ("审计", "Audit"),
    "nav.data": ("数据", "Data"),
    "nav.overview": ("概览", "Overview"),
    "nav.document": ("文件详情", "Document"),
    "nav.cascade": ("级联追踪", "Cascade"),
    "nav.coverage": ("覆盖审计", "Coverage audit"),
    "nav.agencies": ("机构职责", "Agencies"),
    "nav.search": ("全文检索", "Search"),
    "nav.browser": ("图谱浏览", "Graph browser"),
    "nav.ingest": ("导入", "Ingest"),
    # -- shared
    "common.show_more": ("显示更多", "Show more"),
    "common.showing": ("显示 {shown} / {total}", "Showing {shown} of {total}"),
    "common.none": ("（无）", "(none)"),
    "common.choose": ("请选择", "Choose options"),
    "common.open_document": ("打开文件详情", "Open in Document"),
    "common.open_cascade": ("查看级联", "Open in Cascade"),
    "common.explicit": ("明确", "explicit"),
    "common.inferred": ("推断", "inferred"),
    "common.stub": ("仅被引用", "cited only"),
    "common.download_csv": ("下载 CSV", "Download CSV"),
    "common.no_match": ("没有匹配“{q}”的文件。", "No document matches “{q}”."),
    "common.ambiguous": ("“{q}”匹配多份文件，请从下面选择。", "“{q}” matches several documents; choose one below."),
    "picker.query": ("文号或标题", "Doc number or title"),
    "picker.placeholder": ("例如 国办发〔2019〕54号 或 政务公开工作要点", "e.g. 国办发〔2019〕54号 or 政务公开工作要点"),
    "picker.choose": ("选择文件", "Choose a document"),
    "col.id": ("编号", "Id"),
    "col.title": ("标题", "Title"),
    "col.doc_number": ("文号", "Doc number"),
    "col.kind": ("类型", "Kind"),
    "col.level": ("层级", "Level"),
    "col.region": ("地区", "Region"),
    "col.province": ("省份", "Province"),
    "col.year": ("年份", "Year"),
    "col.years": ("年份", "Years"),
    "col.tasks": ("任务数", "Tasks"),
    "col.stub": ("仅被引用", "Cited only"),
    "col.issuer": ("发文机关", "Issuer"),
    "col.count": ("数量", "Count"),
    "col.document": ("文件", "Document"),
    "col.relation": ("关系", "Relation"),
    "col.link": ("依据", "Basis"),
    "col.confidence": ("置信度", "Confidence"),
    "col.evidence": ("证据", "Evidence"),
    "col.task": ("任务", "Task"),
    "col.position": ("序号", "No."),
    "col.printed": ("原文编号", "Printed"),
    "col.heading": ("任务标题", "Heading"),
    "col.section": ("部分", "Section"),
    "col.lead": ("牵头", "Lead"),
    "col.responsible": ("负责", "Responsible"),
    "col.shared": ("分工负责", "Shared"),
    "col.assisting": ("配合", "Assisting"),
    "col.deadlines": ("时限", "Deadlines"),
    "col.deadline": ("时限", "Deadline"),
    "col.date": ("日期", "Date"),
    "col.targets": ("指标", "Targets"),
    "col.span": ("原文位置", "Source span"),
    "col.span_text": ("原文", "Source text"),
    "col.fact": ("事实", "Fact"),
    "col.value": ("内容", "Value"),
    "col.role": ("角色", "Role"),
    "col.via": ("经由", "Via"),
    "col.mention": ("原文写法", "As written"),
    "col.score": ("得分", "Score"),
    "col.coverage": ("覆盖率", "Coverage"),
    "col.type": ("类型", "Type"),
    "col.snippet": ("摘录", "Snippet"),
    "col.node": ("节点", "Node"),
    "col.neighbour": ("相邻节点", "Neighbour"),
    "col.direction": ("方向", "Direction"),
    "col.file": ("文件", "File"),
    "col.status": ("结果", "Result"),
    "col.documents": ("文件数", "Documents"),
    "col.reason": ("原因", "Reason"),
    "col.code": ("代码", "Code"),
    "col.agency": ("机构", "Agency"),
    "col.signed": ("成文日期", "Signed"),
    "col.published": ("发布日期", "Published"),
    "col.effective": ("生效日期", "Effective"),
    "col.expiry": ("失效日期", "Expires"),
    "col.resolved": ("对应文件", "Resolved to"),
    # -- overview
    "overview.title": ("概览", "Overview"),
    "overview.documents": ("文件", "Documents"),
    "overview.stubs": ("仅被引用的文件", "Cited-only documents"),
    "overview.tasks": ("任务", "Tasks"),
    "overview.agencies": ("机构", "Agencies"),
    "overview.by_level": ("按层级", "By level"),
    "overview.by_region": ("按省份", "By province"),
    "overview.by_year": ("按年份", "By year"),
    "overview.by_level_year": ("各层级每年的文件数", "Documents per level and year"),
    "overview.lag": ("贯彻落实用时：从上级文件到下级文件的天数", "Diffusion lag: days from a directive to the documents implementing it"),
    "overview.lag_days": ("天数", "Days"),
    "overview.lag_links": ("关系数", "Links"),
    "overview.lag_median": ("中位数（天）", "Median (days)"),
    "overview.lag_min": ("最短（天）", "Shortest (days)"),
    "overview.lag_max": ("最长（天）", "Longest (days)"),
    "overview.lag_note": (
        "每个层级：下级文件与其贯彻落实的上级文件成文日期之差——细线为最短到最长，色块为中间一半，竖线为中位数。{undated} 条关系因一端没有日期（如只被引用的文件）未计入。",
        "Per level: days between an implementing document's signing date and that of what it implements; the line runs from shortest to longest, the band holds the middle half, the tick is the median. {undated} links are left out because one end has no date (such as a document that is only cited).",
    ),
    "overview.lag_none": ("没有两端都有日期的贯彻落实关系。", "No implements link has a date at both ends."),
    "overview.table": ("文件列表", "Documents"),
    "overview.filter_text": ("筛选标题或文号", "Filter by title or number"),
    "overview.filter_level": ("层级", "Level"),
    "overview.filter_region": ("省份", "Province"),
    "overview.filter_year": ("年份", "Year"),
    "overview.include_stubs": ("包括仅被引用的文件", "Include cited-only documents"),
    "overview.select_hint": ("选中一行即可打开该文件。", "Select a row to open the document."),
    # -- document
    "document.title": ("文件详情", "Document"),
    "document.metadata": ("基本信息", "Metadata"),
    "document.text": ("正文（已清洗）", "Text (cleaned)"),
    "document.no_text": ("数据目录中没有这份文件的原文（它只被其他文件引用）。", "The store has no text for this document (other documents only cite it)."),
    "document.legend": ("标注：", "Highlights:"),
    "document.plain": ("纯文本", "Plain text"),
    "document.facts": ("抽取的事实及其原文位置", "Extracted facts and their source spans"),
    "document.tasks": ("任务", "Tasks"),
    "document.agencies": ("机构", "Agencies"),
    "document.citations": ("引用", "Citations"),
    "document.deadlines": ("时限", "Deadlines"),
    "document.upstream": ("上游：本文件贯彻落实的文件", "Upstream: what this document implements"),
    "document.downstream": ("下游：贯彻落实本文件的文件", "Downstream: who implements this document"),
    "document.promulgated_by": ("印发通知", "Promulgated by"),
    "document.plans": ("印发的方案", "Plans it promulgates"),
    "document.sources": ("来源文件", "Source files"),
    "document.stub_note": ("这份文件只被其他文件引用，尚未导入。", "This document is only cited by others; it has not been ingested."),
    "hl.task": ("任务", "task"),
    "hl.agency": ("机构", "agency"),
    "hl.deadline": ("时限", "deadline"),
    "hl.citation": ("引用", "citation"),
    "hl.target": ("指标", "target"),
    # -- cascade
    "cascade.title": ("级联追踪", "Cascade"),
    "cascade.graph": ("点击图中的文件可打开它。", "Click a document in the picture to open it."),
    "cascade.tree": ("按层级展开", "By level"),
    "cascade.summary": ("{n} 份文件贯彻落实了 {root}。", "{n} documents implement {root}."),
    "cascade.nothing": ("没有文件贯彻落实这份文件。", "No document implements this one."),
    "cascade.implements": ("贯彻落实", "implements"),
    "cascade.in_notice": ("由 {notice} 印发", "promulgated by {notice}"),
    "cascade.drill": ("任务下钻", "Task drill-down"),
    "cascade.drill_document": ("文件", "Document"),
    "cascade.drill_task": ("任务", "Task"),
    "cascade.drill_none": ("这份文件没有任务。", "This document has no tasks."),
    "cascade.restated_by": ("下级文件中重述这项任务的任务", "Lower-level tasks that restate this task"),
    "cascade.not_restated": ("没有下级任务重述这项任务。", "No lower-level task restates this task."),
    "cascade.clicked": ("已选节点：{node}", "Selected node: {node}"),
    "cascade.link_explicit": ("贯彻落实（文件明确写明）", "implements (said by the document)"),
    "cascade.link_inferred": ("贯彻落实（由任务对齐推断）", "implements (inferred from aligned tasks)"),
    "cascade.link_promulgates": ("印发", "promulgates"),
    "cascade.legend_links": ("关系", "Link"),
    "cascade.cluster_count": ("{n} 份文件", "{n} documents"),
    "cascade.level_count": ("{level}（{n}）", "{level} ({n})"),
    "cascade.link_basis": ("（{basis}{confidence}）", " ({basis}{confidence})"),
    "common.colon": ("：", ": "),
    "common.list_sep": ("、", ", "),
    "cascade.cited_only": ("仅被引用，尚未导入", "only cited, not ingested"),
    "cascade.legend_levels": ("层级", "Level"),
    "cascade.largest": ("级联最大的文件（按贯彻落实它的文件数）", "Documents with the largest cascades (by the documents implementing them)"),
    "cascade.largest_option": ("{label}（{n} 份文件贯彻落实）", "{label} ({n} implementing documents)"),
    "cascade.opened_on": ("默认打开级联最大的文件；可在上面另选文件。", "Opened on the document with the largest cascade; choose another above."),
    "cascade.counts": (
        "级联中除本文件外共 {below} 份文件：{implementing} 份直接或逐级贯彻落实本文件，{notices} 份是印发这些方案的通知。",
        "{below} documents in the cascade besides this one: {implementing} implement it, directly or down the line, and {notices} are notices that promulgate those plans.",
    ),
    "cascade.clustered": (
        "级联共 {n} 份文件，图中按层级和省份合并显示（方框中的数字为文件数）；下面按层级列出每一份。",
        "The cascade holds {n} documents: the picture groups them by level and province (the number in a box is how many); the list below names every one.",
    ),
    "cascade.download_graphml": ("下载级联图（GraphML）", "Download the cascade (GraphML)"),
    "cascade.download_svg": ("下载图片（SVG）", "Download the picture (SVG)"),
    "cascade.download_png": ("下载图片（PNG）", "Download the picture (PNG)"),
    # -- coverage
    "coverage.title": ("覆盖审计", "Coverage audit"),
    "coverage.parent": ("上级方案", "Parent plan"),
    "coverage.no_tasks": ("这份文件没有任务，无法审计覆盖。", "This document has no tasks to audit."),
    "coverage.no_children": ("没有下级文件贯彻落实这份文件。", "No lower-level document implements this one."),
    "coverage.per_child": ("各下级文件的覆盖率", "Coverage per implementing document"),
    "coverage.matrix": ("任务 × 下级文件", "Tasks × implementing documents"),
    "coverage.legend": (
        "● 已覆盖（对齐得分 ≥ {covered}，与命令行相同的规则）　◐ 仅有弱对齐（得分 < {covered}，不计入覆盖）　○ 未覆盖",
        "● covered (alignment score ≥ {covered}, the same rule as the CLI)   ◐ only a weak alignment (score < {covered}, not counted)   ○ not covered",
    ),
    "coverage.uncovered": ("未被落实的任务", "Tasks not carried over"),
    "coverage.uncovered_by": ("{child} 未落实的任务（{n} 项）", "Tasks {child} did not carry over ({n})"),
    "coverage.uncovered_all": ("没有任何下级文件落实的任务（{n} 项）", "Tasks no implementing document carries over ({n})"),
    "coverage.child": ("下级文件", "Implementing document"),
    "coverage.summary": ("{child}：覆盖 {covered} / {total} 项任务（{share}）", "{child}: covers {covered} of {total} tasks ({share})"),
    "coverage.all_covered": ("全部任务均已落实。", "Every task is carried over."),
    "coverage.cited_only": (
        "这份文件只被引用、尚未导入，没有自己的任务；{n} 份文件贯彻落实它，可在“级联追踪”页查看。",
        "This document is only cited (not ingested), so it has no tasks of its own; {n} documents implement it: see the Cascade page.",
    ),
    "coverage.csv_status": ("{child} 状态", "{child} status"),
    "coverage.csv_score": ("{child} 得分", "{child} score"),
    "coverage.csv_tasks": ("{child} 对应任务", "{child} tasks"),
    "status.covered": ("已覆盖", "covered"),
    "status.weak": ("弱对齐", "weak"),
    "status.not": ("未覆盖", "not"),
    # -- agencies
    "agencies.title": ("机构职责", "Agencies"),
    "agencies.query": ("机构名称", "Agency name"),
    "agencies.placeholder": ("例如 平江县市场监督管理局 或 县政务局", "e.g. 平江县市场监督管理局 or 县政务局"),
    "agencies.choose": ("选择机构", "Choose an agency"),
    "agencies.none": ("没有匹配的机构。", "No agency matches."),
    "agencies.direct": ("直接承担的任务", "Obligations named directly"),
    "agencies.via": ("通过集合名称承担的任务（如“县直相关单位”）", "Obligations through collectives (groups such as all county departments concerned)"),
    "agencies.lead_vs": ("牵头 {lead} 项 · 负责 {responsible} 项 · 其他 {other} 项", "lead {lead} · responsible {responsible} · other {other}"),
    "agencies.timeline": ("时限时间线", "Deadlines on a timeline"),
    "agencies.no_deadlines": ("这些任务没有写明日期的时限。", "None of these tasks has a dated deadline."),
    "agencies.mentions": ("原文写法：{mentions}", "Written as: {mentions}"),
    "agencies.named_directly": ("直接点名", "named directly"),
    "agencies.metric.total": ("职责合计", "Obligations"),
    "agencies.metric.lead": ("牵头", "Lead"),
    "agencies.metric.responsible": ("负责", "Responsible"),
    "agencies.metric.shared": ("分工负责", "Shared"),
    "agencies.metric.assisting": ("配合", "Assisting"),
    "agencies.metric.via": ("经由集合名称", "Through a collective"),
    "agencies.metrics_add_up": (
        "职责合计 = 牵头 + 负责 + 分工负责 + 配合（直接点名）+ 经由集合名称（如“县直相关单位”）。",
        "Obligations = lead + responsible + shared + assisting (named directly) + through a collective (a group such as all county departments concerned).",
    ),
    "agencies.download": ("下载职责清单（CSV）", "Download the obligations (CSV)"),
    # -- search
    "search.title": ("全文检索", "Search"),
    "search.query": ("检索词", "Search for"),
    "search.placeholder": ("例如 政务公开 或 12345热线", "e.g. 政务公开 or 12345热线"),
    "search.none": ("没有结果。", "No results."),
    "search.results": ("{n} 条结果", "{n} results"),
    "search.document": ("文件", "document"),
    "search.task": ("任务", "task"),
    # -- graph browser
    "browser.title": ("图谱浏览", "Graph browser"),
    "browser.start": ("起始节点（文号、标题、机构或地区）", "Start node (doc number, title, agency or region)"),
    "browser.choose": ("选择节点", "Choose a node"),
    "browser.node_types": ("节点类型", "Node types"),
    "browser.edge_types": ("关系类型", "Edge types"),
    "browser.expand": ("展开节点", "Expand a node"),
    "browser.expand_button": ("展开", "Expand"),
    "browser.reset": ("重新开始", "Start over"),
    "browser.shown": ("已显示 {nodes} 个节点、{edges} 条边", "{nodes} nodes and {edges} edges shown"),
    "browser.hidden": ("{n} 个相邻节点未显示", "{n} neighbours not shown"),
    "browser.edges": ("边", "Edges"),
    "browser.clicked": ("点击的节点：{node}", "Clicked: {node}"),
    "browser.attributes": ("节点属性", "Node attributes"),
    "dir.out": ("→", "→"),
    "dir.in": ("←", "←"),
    # -- ingest
    "ingest.title": ("导入通知", "Ingest notices"),
    "ingest.help": (
        "上传通知文件（{suffixes}）。每个文件按其内容单独保存在数据目录中（同名文件不会互相覆盖），解析后加入图谱，无需重启即可在各页面看到。",
        "Upload notices ({suffixes}). Each file is kept in the store under its own content (files with the same name never replace each other), read, and added to the graph; every page shows them without a restart.",
    ),
    "ingest.files": ("通知文件", "Notice files"),
    "ingest.run": ("导入", "Ingest"),
    "ingest.progress": ("正在读取 {name}（{i}/{n}）", "Reading {name} ({i}/{n})"),
    "ingest.graph": ("正在更新图谱……", "Updating the graph…"),
    "ingest.done": (
        "完成：{files} 个上传文件中，新增 {added}，替换 {replaced}，未变 {unchanged}，失败 {failed}；读出 {documents} 份文件（通知及其印发的方案）。",
        "Done: of {files} uploaded files, {added} added, {replaced} replaced, {unchanged} unchanged, {failed} failed; {documents} documents read (notices and the plans they promulgate).",
    ),
    "ingest.failed": ("未能导入的文件", "Files that failed"),
    "ingest.outcomes": ("导入结果", "Results"),
    "ingest.nothing": ("请先选择文件。", "Choose files first."),
    "ingest.error": ("{file}：{message}", "{file}: {message}"),
    "status.added": ("新增", "added"),
    "status.replaced": ("替换", "replaced"),
    "status.unchanged": ("未变", "unchanged"),
    "status.failed": ("失败", "failed"),
    "error.other": ("无法导入：{message}", "{message}"),
    # -- vocabularies
    "level.national": ("国家级", "national"),
    "level.provincial": ("省级", "provincial"),
    "level.municipal": ("市级", "municipal"),
    "level.county": ("县级", "county"),
    "level.township": ("乡镇级", "township"),
    "level.unknown": ("未知层级", "unknown level"),
    "kind.notice": ("通知", "notice"),
    "kind.plan": ("方案/要点", "plan"),
    "kind.opinion": ("意见", "opinion"),
    "kind.task": ("任务", "task"),
    "rel.promulgates": ("印发", "promulgates"),
    "rel.contains": ("包含", "contains"),
    "rel.cites": ("引用", "cites"),
    "rel.explains": ("解读", "explains"),
    "rel.implements": ("贯彻落实", "implements"),
    "rel.lead": ("牵头", "lead"),
    "rel.responsible": ("负责", "responsible"),
    "rel.shared": ("分工负责", "shared"),
    "rel.assisting": ("配合", "assisting"),
    "rel.issued_by": ("发文机关", "issued by"),
    "rel.jurisdiction": ("适用地区", "jurisdiction"),
    "rel.within": ("隶属地区", "within"),
    "rel.subordinate_to": ("隶属于", "subordinate to"),
    "type.Document": ("文件", "Document"),
    "type.Task": ("任务", "Task"),
    "type.Agency": ("机构", "Agency"),
    "type.Collective": ("集合主体", "Collective"),
    "type.Region": ("地区", "Region"),
}

#: The error catalogue's messages in Chinese, by code (English is the catalogue's own text).
#: Placeholders are the error's fields; the file it names is put before the message.
ERRORS_ZH: dict[str, str] = {
    "E001": "无法读取：{reason}（请确认文件存在且可读）",
    "E002": "文件是空的（请重新下载这份通知；其中没有导入任何内容）",
    "E003": "看起来是二进制数据，不是通知（{reason}）（可导入 .txt、.html/.htm 和 .docx 文件）",
    "E004": "无法解码文本（{reason}）（请将文件另存为 UTF-8、GB18030 或 Big5 编码后重新导入）",
    "E005": "文件不完整（{reason}）（请重新下载完整的文件）",
    "E006": "不支持的格式 {suffix}（请转换为 .txt、.html 或 .docx）",
    "E007": "没有政策正文（{reason}）（文件只有网页框架或无可读内容，请确认保存的是正确的页面）",
    "E008": "读取时意外出错（{reason}）（这是 policykg 的缺陷，请附上文件报告）",
    "E013": "第 {row} 行的“{column}”列没有正文（{reason}）（该行已跳过；如需要，请按该行的网址重新抓取）",
    "E014": "找不到正文列（现有列：{columns}）（请用 --columns content=列名 指定）",
    "E017": "文件有 {size_mb:.1f} MB，超过 {limit_mb:g} MB 的上限（请拆分文件，或用 POLICYKG_MAX_FILE_MB 提高上限）",
    "E018": "这个 .docx 压缩包解压后会超出安全上限（{reason}），没有解压任何内容（请用 Word 打开后重新保存）",
    "E030": "文件名不可用（{reason}）（请重命名文件，例如 notice.txt，再上传；其他文件已读取）",
    "E100": "数据目录 {store}：{reason}（请用 --store 指定一个可写的文件夹）",
    "E101": "没有文件匹配“{ref}”（请用文号、标题或其中唯一的一部分）",
    "E130": "数据目录 {store} 的图以旧的存储格式保存，现在无法转换：{reason}（请让数据目录可写后运行一次 `policykg rebuild --store {store}`，它会转换图的数据表）",
    "E145": "无法把 {path} 写成 GraphML：{reason}（请对数据目录运行 `policykg rebuild` 后重新导出；如果仍然出错，请改用 csv 导出并报告这个问题）",
    "E120": "数据目录 {store} 没有查询索引，现在也无法添加：{reason}（请让数据目录可写后重试，或运行一次 `policykg ingest PATH --store {store}`）",
}


def error_text(err: Exception, lang: Optional[str] = None, *, path: Optional[str] = None) -> str:
    """A typed error (:class:`~policykg.errors.PolicykgError`) as one line in ``lang``, with its code.

    ``path`` replaces the file the error names (an upload is shown by the name
    it was uploaded under). English is the catalogue's own message; Chinese
    comes from :data:`ERRORS_ZH`, or says the error in English when
    the code has none yet.

    >>> from policykg.errors import EmptyFile
    >>> error_text(EmptyFile(path="/s/uploads/ab/a.txt"), "zh", path="a.txt")
    '[E002] a.txt：文件是空的（请重新下载这份通知；其中没有导入任何内容）'
    >>> error_text(EmptyFile(path="a.txt"), "en")
    '[E002] a.txt: the file is empty (re-download the notice; nothing was ingested from it)'
    """
    lang = lang or current_lang()
    code = getattr(err, "code", "")
    fields = dict(getattr(err, "fields", {}) or {})
    if path is not None and "path" in fields:
        fields["path"] = path
    named = fields.get("path")
    if lang == "zh" and code in ERRORS_ZH:
        message = ERRORS_ZH[code].format(**fields)
        return f"[{code}] " + (f"{named}：{message}" if named else message)
    if hasattr(err, "template"):
        message = err.template.format(**fields)
        if getattr(err, "hint", ""):
            message = f"{message} ({err.hint.format(**fields)})"
        message = f"[{code}] {message}"
    else:
        message = str(err)
    return t("error.other", lang, message=message)


def current_lang() -> str:
    """The language the sidebar toggle chose (``"zh"`` unless English is on)."""
    import streamlit as st

    return "en" if st.session_state.get("lang_en") else "zh"


def t(key: str, lang: Optional[str] = None, **fields) -> str:
    """The UI string ``key`` in ``lang`` (default: :func:`current_lang`), formatted with ``fields``."""
    zh, en = STRINGS[key]
    text = en if (lang or current_lang()) == "en" else zh
    return text.format(**fields) if fields else text


def level_name(level: Optional[str], lang: Optional[str] = None) -> str:
    """The name of an administrative level (``None`` → unknown)."""
    key = f"level.{level}"
    return t(key if key in STRINGS else "level.unknown", lang)


def relation_name(relation: str, lang: Optional[str] = None) -> str:
    """The name of an edge relation (the relation itself if unknown)."""
    key = f"rel.{relation}"
    return t(key, lang) if key in STRINGS else relation


def node_type_name(node_type: Optional[str], lang: Optional[str] = None) -> str:
    """The name of a node type (the type itself if unknown)."""
    key = f"type.{node_type}"
    return t(key, lang) if key in STRINGS else str(node_type)


def role_name(role: str, lang: Optional[str] = None) -> str:
    """The name of a responsibility role (lead, responsible, shared, assisting)."""
    return relation_name(role, lang)
