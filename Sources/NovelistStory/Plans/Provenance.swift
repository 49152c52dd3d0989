import Foundation
import NovelistText

/// Which paragraphs came from a model (and which model), which the writer wrote, and which were model
/// text the writer later edited. Kept in `.novelist/provenance.json`: each paragraph a model proposed,
/// by its hash, with its text (to recognise it after the writer's edits).
package struct ProvenanceLog: Codable, Equatable, Sendable {
    package struct Record: Codable, Equatable, Sendable {
        package var model: String
        package var text: String
    }
    package var paragraphs: [String: Record] = [:]
    package init() {}

    /// Records the paragraphs `proposal` adds to `old` as written by `model`.
    package mutating func record(old: String?, proposal: String, model: String) {
        let before = Set(Provenance.paragraphs(MarkdownDocument.bodyOf(old ?? "")))
        for p in Provenance.paragraphs(MarkdownDocument.bodyOf(proposal)) where !before.contains(p) {
            paragraphs[SHA256.hex(p)] = Record(model: model, text: p)
        }
    }
}

package enum ParagraphSource: Equatable, Sendable {
    case model(String)
    /// Model text the writer changed since.
    case edited(String)
    case writer
}

package struct ProvenanceReport: Equatable, Sendable {
    package var paragraphs: [(text: String, source: ParagraphSource)]
    package var modelLength = 0
    package var editedLength = 0
    package var writerLength = 0
    package var models: [String] = []

    package init(paragraphs: [(text: String, source: ParagraphSource)]) {
        self.paragraphs = paragraphs
    }

    package var total: Int { modelLength + editedLength + writerLength }

    package func share(_ part: Int) -> Int { total == 0 ? 0 : Int((Double(part) * 100 / Double(total)).rounded()) }

    /// The model's, the edited and the writer's shares in whole percent, adding up to exactly 100
    /// (largest remainders get the points rounding lost).
    package var shares: (model: Int, edited: Int, writer: Int) {
        guard total > 0 else { return (0, 0, 0) }
        let parts = [modelLength, editedLength, writerLength].map { Double($0) * 100 / Double(total) }
        var whole = parts.map { Int($0.rounded(.down)) }
        let order = parts.indices.sorted { parts[$0] - Double(whole[$0]) > parts[$1] - Double(whole[$1]) }
        for i in order.prefix(100 - whole.reduce(0, +)) { whole[i] += 1 }
        return (whole[0], whole[1], whole[2])
    }

    package static func == (a: ProvenanceReport, b: ProvenanceReport) -> Bool {
        a.modelLength == b.modelLength && a.editedLength == b.editedLength && a.writerLength == b.writerLength && a.models == b.models
    }

    package mutating func add(_ other: ProvenanceReport) {
        paragraphs += other.paragraphs
        modelLength += other.modelLength
        editedLength += other.editedLength
        writerLength += other.writerLength
        for m in other.models where !models.contains(m) { models.append(m) }
    }
}

package enum Provenance {
    package static func paragraphs(_ prose: String) -> [String] {
        Paragraphs.split(prose).paragraphs.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Classifies each paragraph of `prose`: exactly a model's → model; close to one (half its characters
    /// in common, by character pairs) → edited; otherwise the writer's.
    package static func classify(_ prose: String, log: ProvenanceLog) -> ProvenanceReport {
        var report = ProvenanceReport(paragraphs: [])
        let candidates = log.paragraphs.values.map { ($0, bigrams($0.text)) }
        for p in paragraphs(prose) {
            let length = TextLength.count(p).total
            var source = ParagraphSource.writer
            if let r = log.paragraphs[SHA256.hex(p)] {
                source = .model(r.model)
            } else {
                let mine = bigrams(p)
                var best = 0.0
                var bestModel: String?
                for (record, theirs) in candidates where !mine.isEmpty && !theirs.isEmpty {
                    let ratio = Double(theirs.count) / Double(mine.count)
                    guard ratio > 0.4 && ratio < 2.5 else { continue }
                    let common = Double(mine.intersection(theirs).count)
                    let score = 2 * common / Double(mine.count + theirs.count)
                    if score > best {
                        best = score
                        bestModel = record.model
                    }
                }
                if best >= 0.5, let bestModel { source = .edited(bestModel) }
            }
            switch source {
            case .model(let m):
                report.modelLength += length
                if !report.models.contains(m) { report.models.append(m) }
            case .edited(let m):
                report.editedLength += length
                if !report.models.contains(m) { report.models.append(m) }
            case .writer:
                report.writerLength += length
            }
            report.paragraphs.append((p, source))
        }
        return report
    }

    static func bigrams(_ text: String) -> Set<String> {
        let chars = Array(text.filter { !$0.isWhitespace && !$0.isPunctuation })
        guard chars.count > 1 else { return Set(chars.map(String.init)) }
        var out = Set<String>()
        for i in 0..<(chars.count - 1) { out.insert(String(chars[i]) + String(chars[i + 1])) }
        return out
    }
}
