import Foundation

/// The times the story's files keep (history, transcripts, drafts): UTC as `2026-12-03T12:02:06Z`, the form
/// `ISO8601DateFormatter` writes by default, and shown in the writer's local time. Made from the calendar fields
/// of `gmtime_r` and `localtime_r`: the formatter and `DateFormatter` go through ICU's calendar, 1.6 M
/// instructions a call, paid by every reply's transcript line. A stored time of another form is read by the
/// formatter, as before.
package enum StoredTime {
    /// `date` in UTC, whole seconds (the fraction dropped, as the formatter does).
    package static func string(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil, let text = fields(parts, utc: true) else {
            return ISO8601DateFormatter().string(from: date)
        }
        return text
    }

    /// The moment a stored time stands for, or nil when it is not a time.
    package static func date(_ stored: String) -> Date? {
        if let date = strictDate(stored) { return date }
        return ISO8601DateFormatter().date(from: stored)
    }

    /// A stored time in the writer's local time: `2026-12-03 20:02:06`, or only the day (`2026-12-03`); nil when
    /// it is not a time.
    package static func local(_ stored: String, dayOnly: Bool = false) -> String? {
        date(stored).map { local($0, dayOnly: dayOnly) }
    }

    /// A moment in the writer's local time, as `local(_:dayOnly:)` shows a stored one.
    package static func local(_ date: Date, dayOnly: Bool = false) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil, let text = fields(parts, utc: false) else {
            return String(string(date).prefix(dayOnly ? 10 : 19))
        }
        return dayOnly ? String(text.prefix(10)) : text
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` (UTC) or `yyyy-MM-dd HH:mm:ss` (local) from calendar fields; nil outside years
    /// 0–9999, which the four digits cannot hold.
    private static func fields(_ t: tm, utc: Bool) -> String? {
        let year = Int(t.tm_year) + 1900
        guard (0...9999).contains(year) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        func put(_ value: Int, _ digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(0x30 + (value / divisor) % 10))
                divisor /= 10
            }
        }
        put(year, 4)
        out.append(0x2D)
        put(Int(t.tm_mon) + 1, 2)
        out.append(0x2D)
        put(Int(t.tm_mday), 2)
        out.append(utc ? 0x54 : 0x20)
        put(Int(t.tm_hour), 2)
        out.append(0x3A)
        put(Int(t.tm_min), 2)
        out.append(0x3A)
        put(Int(t.tm_sec), 2)
        if utc { out.append(0x5A) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The form `string` writes, read back; nil for anything else (including a day that does not exist, which
    /// `timegm` would move to the next month: the time written again from the result must be the same text).
    private static func strictDate(_ stored: String) -> Date? {
        let b = Array(stored.utf8)
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int32? {
            var value: Int32 = 0
            for i in from..<(from + count) {
                guard (0x30...0x39).contains(b[i]) else { return nil }
                value = value * 10 + Int32(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        return string(date) == stored ? date : nil
    }
}
