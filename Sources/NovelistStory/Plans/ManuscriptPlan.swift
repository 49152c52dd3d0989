import Foundation
import NovelistText

// MARK: Choosing the chapters

/// One chapter as it goes into the manuscript.
package struct ManuscriptChapter: Equatable, Sendable {
    package var number: Int
    package var title: String
    package var status: String
    /// The prose; "" in a plan made from the chapters' digests, where it is read when the chapter is written.
    package var prose: String
    /// The volume (`第二卷 …`) the outline puts the chapter in.
    package var volume: String? = nil
    /// The chapter's file, relative to the story folder ("" when the plan was made from text).
    package var path: String = ""
}

/// Which chapters go into the manuscript, and everything the writer should hear about before trusting it:
/// gaps in the numbering, chapters without prose, chapters on disk but not in the outline (and the reverse),
/// two files for one chapter, and what a selection left out. Pure.
package struct ManuscriptPlan: Equatable, Sendable {
    package var chapters: [ManuscriptChapter]
    package var warnings: [String]
    /// Why nothing was selected, when `chapters` is empty.
    package var emptyReason: String?

    /// What the plan needs of a chapter file: from its parsed text, or from its digest (no text held).
    struct Source {
        var number: Int
        var path: String
        var title: String
        var status: String
        var hasProse: Bool
        var prose: String
    }

    package static func make(
        chapters files: [ChapterFile], outline: [OutlineEntry],
        selection: ChapterSelection? = nil, statuses: [String]? = nil
    ) -> ManuscriptPlan {
        let sources = files.map { f in
            Source(
                number: f.number, path: f.path, title: f.title, status: f.status, hasProse: f.document.hasProse, prose: f.prose)
        }
        return make(sources, outline: outline, selection: selection, statuses: statuses)
    }

    /// The same plan from the chapters' digests: the chapters' prose is "", read a few chapters at a time when
    /// the manuscript is written (`ManuscriptExport`'s `prose`), so an export never holds the whole book (issue 19).
    package static func make(
        digests: [ChapterDigest], outline: [OutlineEntry],
        selection: ChapterSelection? = nil, statuses: [String]? = nil
    ) -> ManuscriptPlan {
        let sources = digests.map { d in
            Source(number: d.number, path: d.path, title: d.title, status: d.status, hasProse: d.hasProse, prose: "")
        }
        return make(sources, outline: outline, selection: selection, statuses: statuses)
    }

    static func make(
        _ files: [Source], outline: [OutlineEntry], selection: ChapterSelection?, statuses: [String]?
    ) -> ManuscriptPlan {
        let files = files.sorted { $0.number != $1.number ? $0.number < $1.number : $0.path.precedesByBytes($1.path) }
        var warnings: [String] = []
        let outlineTitles = Dictionary(outline.map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        let onDisk = Set(files.map(\.number))
        let known = onDisk.union(outlineTitles.keys)
        let selected = files.filter { selection?.contains($0.number) ?? true }

        let empty = selected.filter { !$0.hasProse }.map(\.number)
        if !empty.isEmpty { warnings.append(L("left out, no prose yet: chapter %@", NovelistError.ranges(empty))) }
        if let last = known.max() {
            let missing = Set(1...last).subtracting(known).sorted()
            if !missing.isEmpty { warnings.append(L("gap in numbering: chapter %@ is missing", NovelistError.ranges(missing))) }
        }
        if !outline.isEmpty {
            let notInOutline = onDisk.filter { outlineTitles[$0] == nil }
            if !notInOutline.isEmpty {
                warnings.append(L("on disk but not in the outline: chapter %@", NovelistError.ranges(Array(notInOutline))))
            }
            let noFile = outlineTitles.keys.filter { !onDisk.contains($0) && (selection?.contains($0) ?? true) }
            if !noFile.isEmpty {
                warnings.append(L("in the outline but no chapter file yet: chapter %@", NovelistError.ranges(Array(noFile))))
            }
        }
        let duplicates = Dictionary(grouping: files, by: \.number).filter { $0.value.count > 1 }.keys.sorted()
        if !duplicates.isEmpty { warnings.append(L("more than one file for chapter %@", NovelistError.ranges(duplicates))) }

        if let selection {
            let asked = selection.ranges.flatMap { r in r.count > 100_000 ? [] : Array(r) }
            let absent = asked.filter { !known.contains($0) }
            if !absent.isEmpty && absent.count < asked.count {
                warnings.append(L("--chapters %@: there is no chapter %@", selection.description, NovelistError.ranges(absent)))
            }
        }
        var written = selected.filter(\.hasProse)
        if let statuses {
            let wanted = Set(statuses)
            let dropped = written.filter { !wanted.contains(Self.status(of: $0)) }
            if !dropped.isEmpty {
                let byStatus = Dictionary(grouping: dropped, by: { Self.status(of: $0) }).sorted { $0.key < $1.key }
                let detail = byStatus.map { "\($0.key): \(NovelistError.ranges($0.value.map(\.number)))" }.joined(separator: "; ")
                warnings.append(
                    L(
                        "left out by --status %@: chapter %@ (%@)", statuses.joined(separator: ","),
                        NovelistError.ranges(dropped.map(\.number)), detail))
            }
            written = written.filter { wanted.contains(Self.status(of: $0)) }
        }
        var emptyReason: String?
        if written.isEmpty {
            if let selection, selected.isEmpty {
                emptyReason =
                    known.isEmpty
                    ? L("--chapters %@ matches no chapter file; the chapters are none yet.", selection.description)
                    : L(
                        "--chapters %@ matches no chapter file; the chapters are %@.", selection.description,
                        NovelistError.ranges(Array(known)))
            } else if let statuses, selected.contains(where: \.hasProse) {
                let present = Set(selected.map { Self.status(of: $0) }).sorted().joined(separator: ", ")
                emptyReason = L(
                    "no written chapter has the status %@; the statuses in use are %@.", statuses.joined(separator: L(" or ")), present)
            }
        }
        let volumes = Dictionary(outline.map { ($0.number, $0.volume) }, uniquingKeysWith: { a, _ in a })
        let chapters = written.map { f in
            ManuscriptChapter(
                number: f.number, title: f.title.isEmpty ? (outlineTitles[f.number] ?? "") : f.title,
                status: Self.status(of: f), prose: f.prose, volume: volumes[f.number] ?? nil, path: f.path)
        }
        return ManuscriptPlan(chapters: chapters, warnings: warnings, emptyReason: emptyReason)
    }

    /// A chapter file's status; a file that does not say is a draft.
    package static func status(of file: ChapterFile) -> String { status(file.status) }

    static func status(of source: Source) -> String { status(source.status) }

    static func status(_ written: String) -> String {
        let s = written.trimmingWhitespace().lowercased()
        return s.isEmpty ? "draft" : s
    }

    package var hasVolumes: Bool { chapters.contains { $0.volume != nil } }

    /// (White space at the ends counts for nothing: the prose is counted as it is, without a trimmed copy.)
    package var length: Int { chapters.reduce(0) { $0 + TextLength.count($1.prose).total } }
}
