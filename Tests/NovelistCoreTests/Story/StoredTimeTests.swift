import Foundation
import Testing

@testable import NovelistStory

/// The stored times are made from `gmtime_r`/`localtime_r` fields; they must be what ICU's formatters gave (the
/// files written before hold those) for every moment, and read back what the formatter reads.
@Suite("Stored times (history, transcripts, drafts)")
struct StoredTimeTests {
    /// Moments across leap days, year ends, month ends and fractions of a second.
    static let moments: [Double] = {
        var out: [Double] = [0, 951_782_400, 951_868_799.999, 1_735_689_599.5, 1_735_689_600, 1_709_164_800, 4_102_444_799]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.append(Double(seed >> 33) / 1_000 * Double(seed % 997 + 1) / 1_000)
        }
        return out
    }()

    @Test("UTC text as ISO8601DateFormatter writes it, whole seconds")
    func utcAsTheFormatter() {
        let formatter = ISO8601DateFormatter()
        for t in Self.moments {
            let date = Date(timeIntervalSince1970: t)
            #expect(StoredTime.string(date) == formatter.string(from: date), "\(t)")
        }
    }

    @Test("read back to the same second; other forms as the formatter reads them; non-times are nil")
    func readBack() {
        let formatter = ISO8601DateFormatter()
        for t in Self.moments {
            let text = formatter.string(from: Date(timeIntervalSince1970: t))
            #expect(StoredTime.date(text) == formatter.date(from: text), "\(text)")
        }
        for text in [
            "2026-02-30T00:00:00Z", "2026-12-03T12:02:06+08:00", "2026-13-01T00:00:00Z", "2026-12-03T24:00:00Z",
            "2026-12-03 12:02:06", "２０２６-12-03T12:02:06Z", "", "not a time", "2026-12-03T12:02:06.5Z"
        ] {
            #expect(StoredTime.date(text) == formatter.date(from: text), "\(text)")
        }
        #expect(StoredTime.date("2024-02-29T23:59:59Z") == Date(timeIntervalSince1970: 1_709_251_199))
    }

    @Test("local time and day as DateFormatter gives them in this process's time zone")
    func localAsDateFormatter() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone.current
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for t in Self.moments {
            let date = Date(timeIntervalSince1970: t)
            let stored = StoredTime.string(date)
            #expect(StoredTime.local(stored) == f.string(from: date), "\(stored)")
            #expect(StoredTime.local(stored, dayOnly: true) == String(f.string(from: date).prefix(10)), "\(stored)")
        }
        #expect(StoredTime.local("yesterday") == nil)
        #expect(StoryStore.localTime("yesterday") == "yesterday")
    }
}
