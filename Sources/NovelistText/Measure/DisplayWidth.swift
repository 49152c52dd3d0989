/// Terminal display width: East Asian wide and fullwidth characters take two columns, combining marks none.
/// Tables and padding use this so that Chinese titles line up with Latin ones.
package enum DisplayWidth {
    package static func of(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    package static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 || v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0xFE00...0xFE0F).contains(v) { return 0 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// `text` padded with spaces to `columns` display columns (never cut).
    package static func pad(_ text: String, to columns: Int) -> String {
        let w = of(text)
        return w >= columns ? text : text + String(repeating: " ", count: columns - w)
    }
}
