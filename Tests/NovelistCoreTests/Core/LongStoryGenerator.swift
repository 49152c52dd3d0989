import Foundation

/// A deterministic (seeded) synthetic long story with planted facts, for measuring long-novel memory (issue 15):
/// characters with bible entries under `bible/characters/`, some with an alias and a progression `## 第N章起`;
/// a summary in every chapter's front matter; each outline entry naming 1–3 characters by name or alias; a few
/// regulars and many who come back after a long absence. Every planted fact carries a marker (〔摘要N〕 in chapter
/// N's summary, 〔档案i〕 in character i's base text, 〔变化i-N〕 in its progression from chapter N), so what a
/// request carries can be checked against what the chapter needs, which the generator knows.
struct LongStory {
    struct Character {
        var name: String
        var alias: String?
        /// The chapter a progression starts from, if any.
        var progression: Int?
        var marker: String
    }

    /// What the request for one chapter needs, as markers.
    struct Needs {
        var chapter: Int
        /// Each named entry's base text, its progression in force, its last appearance's summary, the previous summary.
        var pieces: [(what: String, marker: String)]
        /// Markers that must not be sent: summaries of chapter N or later, progressions that start after N.
        var spoilers: [String]
    }

    let chapters: Int
    private(set) var characters: [Character] = []
    /// The characters (indexes) of each chapter, by chapter number (1-based; index 0 unused).
    private(set) var cast: [[Int]] = [[]]
    /// Whether chapter N's outline entry names character i by its alias.
    private(set) var byAlias: [Set<Int>] = [[]]

    static let surnames = Array("赵钱孙李周吴郑王冯陈褚卫")
    static let given = Array("璇琮玦珩瑾琰璋瑜琛璨珏瑶琪琳瑛珂琚璞瑕瓒玙琬瑗璆琨璐珮瑄琇璟瑁瑭璠瑀璘珣琦琤瑨璩玑玠珧珲瑷璜琅琊瑊瑢瑧璁璀璈瓘璿瑆瑔瑝珀琥玳瑙珊瑚琏琐珞珥珈瑞璧玮玟珉珐琉璃珑琭琡瑒瑱璎璒璮瓀瓅瓈").uniqued()
    /// Filler words: none of them shares a character with a given name, so no name appears by accident.
    static let places = ["渡口", "山门", "书院", "旧宅", "集市", "江边", "城楼", "药铺", "客栈", "竹林"]
    static let deeds = ["相遇", "争执", "告别", "密谈", "结盟", "对峙", "重逢", "同行"]

    init(chapters: Int = 300, characterCount: Int = 60, seed: UInt64 = 15) {
        self.chapters = chapters
        var rng = SplitMix(seed)
        for i in 0..<characterCount {
            let g = Self.given[i]
            let name = String(Self.surnames[i % Self.surnames.count]) + String(g)
            let alias = i % 3 == 0 ? "阿" + String(g) : nil
            let progression = i % 4 == 1 ? 20 + Int(rng.next() % UInt64(chapters - 40)) : nil
            characters.append(Character(name: name, alias: alias, progression: progression, marker: "〔档案\(i)〕"))
        }
        // Ten regulars appear often; the others come back now and then, after long absences.
        let regulars = Array(0..<10)
        var nextVisit = (10..<characterCount).map { _ in 1 + Int(rng.next() % 60) }
        for n in 1...chapters {
            var c = [regulars[Int(rng.next() % 10)]]
            for (k, due) in nextVisit.enumerated() where due <= n && c.count < 3 {
                c.append(10 + k)
                nextVisit[k] = n + 40 + Int(rng.next() % 90)
            }
            if c.count < 3, rng.next() % 3 == 0 {
                let other = regulars[Int(rng.next() % 10)]
                if !c.contains(other) { c.append(other) }
            }
            cast.append(c)
            byAlias.append(Set(c.filter { characters[$0].alias != nil && rng.next() % 2 == 0 }))
        }
    }

    func mention(_ i: Int, in n: Int) -> String { byAlias[n].contains(i) ? characters[i].alias! : characters[i].name }
    func summary(_ n: Int) -> String {
        "〔摘要\(n)〕" + cast[n].map { mention($0, in: n) }.joined(separator: "、")
            + "在\(Self.places[n % Self.places.count])\(Self.deeds[n % Self.deeds.count])，此事日后还有回响。"
    }

    /// The story's files, relative to the story folder.
    func files(chapterLength: Int = 2000) -> [String: String] {
        var files = ["story.yaml": "title: 长篇测试\nlanguage: zh\nchapter_length: \(chapterLength)\n"]
        for (i, c) in characters.enumerated() {
            var text = "---\nname: \(c.name)\nkind: character\n" + (c.alias.map { "aliases: [\($0)]\n" } ?? "") + "---\n\n"
            text += "\(c.marker)\(c.name)出身\(Self.places[i % Self.places.count])，性情沉静，擅长暗器，与人为善。\n"
            if let p = c.progression { text += "\n## 第\(p)章起\n〔变化\(i)-\(p)〕自此以后\(c.name)双目失明，改用听声辨位。\n" }
            files["bible/characters/\(c.name).md"] = text
        }
        var outline = "# 长篇测试\n"
        for n in 1...chapters {
            let names = cast[n].map { mention($0, in: n) }.joined(separator: "、")
            outline +=
                "\n## 第\(n)章 第\(n)回\n- \(names)在\(Self.places[(n + 3) % Self.places.count])\(Self.deeds[(n + 1) % Self.deeds.count])。\n- 局势推进，风波又起。\n"
            let prose = String(
                repeating: cast[n].map { mention($0, in: n) }.joined(separator: "与")
                    + "走过\(Self.places[n % Self.places.count])，天色渐暗，风声渐紧。\n\n", count: 12)
            files[String(format: "chapters/%03d-第%d回.md", n, n)] = "---\ntitle: 第\(n)回\nsummary: \(summary(n))\n---\n\n\(prose)"
        }
        files["outline.md"] = outline
        return files
    }

    /// What the request for chapter `n` needs, known from how the story was made.
    func needs(_ n: Int) -> Needs {
        var pieces: [(String, String)] = []
        for i in cast[n] {
            let c = characters[i]
            pieces.append(("bible \(c.name)", c.marker))
            if let p = c.progression, p <= n { pieces.append(("progression \(c.name) from \(p)", "〔变化\(i)-\(p)〕")) }
            if let last = (1..<n).last(where: { cast[$0].contains(i) }) { pieces.append(("\(c.name) last seen in \(last)", "〔摘要\(last)〕")) }
        }
        if n > 1 { pieces.append(("previous summary", "〔摘要\(n - 1)〕")) }
        var spoilers = (n...chapters).map { "〔摘要\($0)〕" }
        for (i, c) in characters.enumerated() { if let p = c.progression, p > n { spoilers.append("〔变化\(i)-\(p)〕") } }
        return Needs(chapter: n, pieces: pieces, spoilers: spoilers)
    }
}

/// A small seeded generator (SplitMix64): the same story on every run and every machine.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
