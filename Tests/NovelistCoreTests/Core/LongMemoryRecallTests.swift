import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// Issue 15, point 8: on a synthetic 300-chapter story with planted facts, the request `/expand chapter N` (and
/// `/context chapter N`, the same builder) sends at an 8,000-token window carries what the chapter needs.
@Suite("Long-novel memory, measured")
struct LongMemoryRecallTests {
    static let chapters = Array(stride(from: 20, through: 300, by: 10))

    func session(_ story: LongStory, contextTokens: Int = 8000) throws -> (Session, ScriptedConsole) {
        var files: [String: String] = [:]
        for (path, text) in story.files() { files["/stories/long/" + path] = text }
        let fs = InMemoryFileSystem(files: files)
        let settings = try SettingsResolver.resolve(
            flags: [:],
            environment: [
                "OPENAI_BASE_URL": "http://scripted.invalid/v1", "OPENAI_API_KEY": "sk-test-0000", "NOVELIST_MODEL": "m",
                "NOVELIST_STORIES_DIR": "/stories", "HOME": "/home/writer", "NOVELIST_CONTEXT_TOKENS": String(contextTokens)
            ],
            dotenv: [:])
        let console = ScriptedConsole(answers: [])
        let session = Session(
            settings: settings, fs: fs, transport: ScriptedTransport([]), prompts: PromptLibrary(fs: fs, directories: []),
            console: console, cancel: CancelToken(), now: { Date(timeIntervalSince1970: 1_750_000_000) })
        #expect(session.handle("/open long") == .ok, "\(console.transcript)")
        return (session, console)
    }

    @Test func theGeneratorIsDeterministicAndPlantsWhatItSays() {
        let a = LongStory()
        let b = LongStory()
        #expect(a.files() == b.files(), "seeded: the same story every run")
        #expect(a.characters.count == 60 && Set(a.characters.map(\.name)).count == 60)
        #expect(a.characters.contains { $0.alias != nil } && a.characters.contains { $0.progression != nil })
        let filler = Set((LongStory.places + LongStory.deeds).joined() + "局势推进风波又起走过天色渐暗风声渐紧此事日后还有回响在与出身性情沉静擅长暗器与人为善自此以后双目失明改用听声辨位")
        #expect(filler.isDisjoint(with: LongStory.given), "no name appears by accident")
        #expect((1...300).allSatisfy { (1...3).contains(a.cast[$0].count) })
        // Characters who come back after a long absence (a gap of 40 chapters or more).
        let returns = (1...300).filter { n in
            a.cast[n].contains { i in (1..<n).last { a.cast[$0].contains(i) }.map { n - $0 >= 40 } ?? false }
        }
        #expect(returns.count >= 50, "\(returns.count)")
    }

    @Test func atAnEightThousandTokenWindowTheRequestCarriesWhatEachChapterNeedsAndNothingLater() throws {
        let story = LongStory()
        let (session, console) = try session(story)
        var needed = 0
        var found = 0
        var missing: [String] = []
        let open = try #require(session.openStory)
        for n in Self.chapters {
            let plan = try session.expandPlan(n, guidance: "", in: open).plan
            #expect(plan.total <= plan.budget, "chapter \(n): \(plan.total) > \(plan.budget)")
            let sent = plan.messages.map(\.content).joined(separator: "\n")
            let needs = story.needs(n)
            for piece in needs.pieces {
                needed += 1
                if sent.contains(piece.marker) { found += 1 } else { missing.append("chapter \(n): \(piece.what)") }
            }
            let leaked = needs.spoilers.filter { sent.contains($0) }
            #expect(leaked.isEmpty, "chapter \(n) is sent \(leaked)")
        }
        let recall = Double(found) / Double(needed)
        #expect(needed > 150)
        #expect(recall >= 0.95, "recall \(recall) (\(found) of \(needed)); missing: \(missing)\n\(console.transcript.suffix(2000))")
        session.close()
    }
}
